"""What the rules read: stored reports (cells, sections, label deviations) and the
agencies with what the registry says of them, loaded for the part of the store a check
looks at (disclosure/checks/scopes.py): a batch's reports, an agency's years, a peer
group's metrics, a government with its subordinates.

Rules read this, never the database: one pass of queries per part is far faster than a
query per rule, and a part is small whatever the size of the store.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator, NamedTuple

import numpy as np

from .. import kinds as K
from .. import queries
from .. import template as T
from ..metrics import Metric

_OTHER_KIND = K.kind("other").key

CellKey = tuple[str, str, str]  # (table, row, column)


@dataclass
class Agency:
    agency_id: int
    name: str
    level: str | None = None
    kind: str | None = None
    parent: str | None = None
    registered: bool = False
    expected: set[int] = field(default_factory=set)  # stored years in which the registry expects its report

    @property
    def placed(self) -> bool:
        """Kind and level known: the agency has peers to be compared with."""
        return bool(self.kind and self.level and self.kind != _OTHER_KIND)


@dataclass
class Section:
    ordinal: int
    heading: str | None
    key: str | None
    text: str


@dataclass
class Deviation:
    table: str
    row: str | None
    kind: str
    printed: str
    expected: str


@dataclass
class StoredReport:
    report_id: int
    agency: str
    agency_id: int
    year: int
    template: str
    published: str | None
    info: Agency
    cells: dict[CellKey, float | None] = field(default_factory=dict)
    # cells printed otherwise than as the plain digits of their value (a blank's / or 无, 1,234,
    # 1e40, 007): the rest were printed as the value reads, and `raw` gives them from it
    printed: dict[CellKey, str] = field(default_factory=dict)
    _rows: set[tuple[str, str]] | None = field(default=None, repr=False)
    _negative: set[str] | None = field(default=None, repr=False)
    _metrics: dict[str, float | None] = field(default_factory=dict, repr=False)
    _sorted: dict[str, list[CellKey]] = field(default_factory=dict, repr=False)
    sections: list[Section] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)

    def value(self, table: str, row: str, column: str) -> float | None:
        return self.cells.get((table, row, column))

    @property
    def raw(self) -> "PrintedCells":
        """Each cell as printed."""
        return PrintedCells(self.cells, self.printed)

    def negative_in(self, table: str) -> bool:
        """Whether any cell of `table` holds a negative number (worked out once per report)."""
        if self._negative is None:
            self._negative = {t for (t, _r, _c), v in self.cells.items() if v is not None and v < 0}
        return table in self._negative

    @property
    def rows(self) -> set[tuple[str, str]]:
        """(table, row) the report prints (built when asked)."""
        if self._rows is None:
            self._rows = {(t, r) for t, r, _c in self.cells}
        return self._rows


    def has(self, table: str, row: str, column: str | None = None) -> bool:
        if column is None:
            return (table, row) in self.rows
        return (table, row, column) in self.cells

    def table(self, table: str) -> dict[str, dict[str, float | None]]:
        out: dict[str, dict[str, float | None]] = {}
        for (t, r, c), v in self.cells.items():
            if t == table:
                out.setdefault(r, {})[c] = v
        return out

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def metric(self, m: Metric) -> float | None:
        if m.key not in self._metrics:
            self._metrics[m.key] = m.value(self.template, self.value)
        return self._metrics[m.key]

    @property
    def version(self) -> str:
        """The template layout to name cells by (2021 for a legacy report)."""
        return self.template if self.template in T.TEMPLATES else T.TEMPLATE_2021

    def sorted_cells(self, table: str) -> list[CellKey]:
        """This table's cells in the template's printed order."""
        if table not in self._sorted:
            self._sorted[table] = sorted((k for k in self.cells if k[0] == table), key=T.printed_order)
        return self._sorted[table]

    @property
    def legacy(self) -> bool:
        """Before the 2019 template: free-form statistics the template rules cannot read."""
        return self.template not in T.TEMPLATES


class PrintedCells:
    """A report's cells as printed: kept where that says more than the value, else the
    value's own digits."""

    def __init__(self, cells: dict, printed: dict):
        self._cells, self._printed = cells, printed

    def get(self, key: CellKey, default=None):
        if key in self._printed:
            return self._printed[key]
        value = self._cells.get(key)
        return str(value) if type(value) is int else default

    def __getitem__(self, key: CellKey):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found


class Presence(NamedTuple):
    """That an agency has a report for a year, and nothing more (what MISSING.REPORT counts)."""
    agency: str
    agency_id: int
    year: int


class Corpus:
    """Reports to check (`reports`) and, for rules that compare, the reports they are
    compared with (`context`: last year's report, a government's subordinates)."""

    def __init__(self, reports: list[StoredReport], agencies: list[Agency], context: list[StoredReport] = (),
                 years: set[int] | None = None, candidates: dict[int, list[int]] | None = None):
        self.reports = sorted(reports, key=lambda r: (r.agency, r.year))
        self.agencies = agencies
        self.years = years  # the years this part of the store covers (None: every year)
        # report id -> the other reports its text signature meets (the copies scope)
        self.candidates = candidates or {}
        self.by_agency_year = {(r.agency_id, r.year): r for r in (*context, *self.reports)}
        self._by_agency: dict[int, list[StoredReport]] = defaultdict(list)
        for r in sorted(self.by_agency_year.values(), key=lambda r: r.year):
            self._by_agency[r.agency_id].append(r)

    def history(self, agency_id: int) -> list[StoredReport]:
        """The agency's reports, by year."""
        return self._by_agency.get(agency_id, [])

    def previous(self, report: StoredReport) -> StoredReport | None:
        return self.by_agency_year.get((report.agency_id, report.year - 1))

    def peer_groups(self) -> dict[tuple[str, str, int], list[StoredReport]]:
        """Reports of the same kind of agency, at the same level, for the same year."""
        groups: dict[tuple[str, str, int], list[StoredReport]] = defaultdict(list)
        for r in self.reports:
            if r.info.placed:
                groups[(r.info.kind, r.info.level, r.year)].append(r)
        return groups


# --- loading ---------------------------------------------------------------------------------

def load_agencies(con, agency_ids: list[int] | None = None, years: list[int] | None = None) -> dict[int, Agency]:
    """Agencies (all, or these), each with the stored years (all, or these) in which the
    registry expects its report: "expected" is defined once, in SQL (macro `expected_in`)."""
    where = "" if agency_ids is None else "WHERE agency_id IN (SELECT unnest($ids))"
    params = {} if agency_ids is None else {"ids": list(agency_ids)}
    agencies = {
        row[0]: Agency(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
        for row in con.execute(
            f"SELECT agency_id, name, level, kind, parent, coalesce(registered, false) FROM agencies {where}",
            params or None).fetchall()
    }
    expected = queries.run(con, "agency_expected_years", ids=None if agency_ids is None else list(agency_ids),
                           years=None if years is None else list(years))
    for aid, year in zip(expected["agency_id"].tolist(), expected["year"].tolist()):
        if aid in agencies:
            agencies[aid].expected.add(year)
    return agencies


_KEYS: dict[str, CellKey] = {}  # address -> its key tuple, shared by every report (a few hundred)


def _key(address: str) -> CellKey:
    found = _KEYS.get(address)
    if found is None:
        found = _KEYS[address] = tuple(address.split("\x1f"))
    return found


@dataclass
class Payload:
    """Some reports' rows as fetched, as Arrow tables (cheap to hand to a check worker, which
    turns them into StoredReports: `build`): their reports, cells (address codes into
    `addresses`; the text of cells printed otherwise than their value), sections and
    label deviations. A table is None where the part has no rows of it."""

    addresses: list[str]  # code -> 'table\x1frow\x1fcolumn'
    reports: object
    cells: object
    sections: object
    deviations: object


# a cell printed otherwise than as its value's plain digits keeps its text (see StoredReport.printed)
_PRINTED = "CASE WHEN c.value IS NULL OR NOT regexp_full_match(coalesce(c.raw, ''), '0|[1-9][0-9]{0,8}') " \
           "THEN c.raw END"
_QUERIES = {
    "reports": "SELECT p.part, r.report_id, r.agency_id, r.year, r.template, r.published "
               "FROM reports r JOIN _parts p USING (report_id) ORDER BY p.part, r.report_id",
    "cells": f"SELECT p.part, c.report_id, a.code, c.value, {_PRINTED} AS printed "
             "FROM cells c JOIN _parts p USING (report_id) "
             "JOIN _addresses a ON a.table_key = c.table_key AND a.row_key = c.row_key AND a.column_key = c.column_key "
             "ORDER BY p.part, c.report_id",
    "sections": "SELECT p.part, s.report_id, s.ordinal, s.heading, s.section_key, s.text "
                "FROM sections s JOIN _parts p USING (report_id) ORDER BY p.part, s.report_id, s.ordinal",
    "deviations": "SELECT p.part, d.report_id, d.table_key, d.row_key, d.kind, d.printed, d.expected "
                  "FROM label_deviations d JOIN _parts p USING (report_id) ORDER BY p.part, d.report_id",
}
BATCH_ROWS = 262_144  # rows of a table handed out at a time


class _Groups:
    """An Arrow stream ordered by `part`, handed out one part at a time."""

    def __init__(self, reader):
        self._reader = iter(reader)
        self._buffer: list = []  # record batches not handed out yet, the first part's first
        self._done = False

    def _fill(self) -> bool:
        try:
            self._buffer.append(next(self._reader))
            return True
        except StopIteration:
            self._done = True
            return False

    def take(self, part: int):
        """The rows of `part` (parts asked for in increasing order)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        taken = []
        while True:
            while not self._buffer and not self._done:
                self._fill()
            if not self._buffer:
                break
            batch = self._buffer[0]
            if batch.num_rows == 0:
                self._buffer.pop(0)
                continue
            parts = batch.column("part")
            first = parts[0].as_py()
            if first > part:
                break
            last = parts[batch.num_rows - 1].as_py()
            if last <= part:
                taken.append(batch if first == part else batch.slice(0, 0))
                self._buffer.pop(0)
                continue
            cut = pc.index(parts, pa.scalar(part + 1, parts.type)).as_py() if first <= part else 0
            cut = cut if cut >= 0 else batch.num_rows
            taken.append(batch.slice(0, cut))
            self._buffer[0] = batch.slice(cut)
            break
        return pa.Table.from_batches(taken) if taken else None


GROUP_REPORTS = 10_000  # reports read from the database at a time (a few parts)


def stream(con, parts: list[list[int]], group: int = GROUP_REPORTS) -> Iterator[Payload]:
    """Payloads of these parts of the store (lists of report ids; a report may be in two),
    in order. Parts are read some at a time, up to `group` reports: one join of each table
    with those parts (a scan, whatever their number) instead of a scan of the cells for
    each part, and memory bounded by the group, not the store. Reads on `con` itself, so a
    write's own uncommitted rows are seen."""
    start = 0
    while start < len(parts):
        end, size = start, 0
        while end < len(parts) and (end == start or size + len(parts[end]) <= group):
            size += len(parts[end])
            end += 1
        yield from _read_group(con, parts[start:end])
        start = end


def _read_group(con, parts: list[list[int]]) -> Iterator[Payload]:
    import pandas as pd

    mapping = pd.DataFrame({"report_id": [rid for ids in parts for rid in ids],
                            "part": [i for i, ids in enumerate(parts) for _ in ids]}, dtype="int64")
    con.register("_parts", mapping)
    try:
        found = con.execute("SELECT DISTINCT c.table_key, c.row_key, c.column_key FROM cells c "
                            "JOIN _parts USING (report_id) ORDER BY ALL").fetchall()
        con.register("_addresses", pd.DataFrame([(t, r, c, i) for i, (t, r, c) in enumerate(found)],
                                                columns=["table_key", "row_key", "column_key", "code"]))
        tables = {name: _Groups(con.sql(sql).to_arrow_table().to_batches(BATCH_ROWS))
                  for name, sql in _QUERIES.items()}
    finally:
        for name in ("_parts", "_addresses"):
            try:
                con.unregister(name)
            except Exception:
                pass
    addresses = ["\x1f".join(a) for a in found]
    for i in range(len(parts)):
        yield Payload(addresses, *(tables[name].take(i) for name in _QUERIES))


def fetch(con, report_ids: list[int]) -> Payload:
    """These reports' rows, as `con` sees them (its own transaction's included)."""
    return next(stream(con, [list(report_ids)]))


_EXACT = 2.0 ** 53  # a double counts whole numbers exactly below this


def _python_values(v: np.ndarray) -> list:
    """Whole numbers as ints (so that sums of counts stay integer arithmetic), others as
    floats, blanks as None; a number too large to count exactly (≥ 2^53) stays a float."""
    whole = (v == np.trunc(v)) & (np.abs(v) < _EXACT)
    ints = np.where(whole, v, 0).astype(np.int64).tolist()
    floats = v.tolist()
    blank = np.isnan(v).tolist()
    return [None if b else (i if w else f) for i, f, w, b in zip(ints, floats, whole.tolist(), blank)]


def _rows(table, names: list[str]) -> list[tuple]:
    if table is None:
        return []
    return list(zip(*(table.column(n).to_pylist() for n in names)))


def build(payload: Payload, agencies: dict[int, Agency]) -> list[StoredReport]:
    """StoredReports from a Payload (in whichever process holds it)."""
    reports: dict[int, StoredReport] = {}
    for rid, aid, year, template, published in _rows(payload.reports, ["report_id", "agency_id", "year", "template",
                                                                       "published"]):
        info = agencies[aid]
        reports[rid] = StoredReport(rid, info.name, aid, year, template, published, info)
    cells = payload.cells
    if cells is not None:
        keys_of = [_KEYS.get(a) or _key(a) for a in payload.addresses]
        owners = cells.column("report_id").to_numpy().astype(np.int64)
        bounds = [0, *(np.flatnonzero(owners[1:] != owners[:-1]) + 1).tolist(), len(owners)]
        keys = [keys_of[c] for c in cells.column("code").to_numpy().tolist()]
        values = _python_values(cells.column("value").to_numpy(zero_copy_only=False).astype(np.float64))
        owner_list = owners.tolist()
        for start, end in zip(bounds, bounds[1:]):
            rep = reports.get(owner_list[start]) if end > start else None
            if rep is not None:
                rep.cells = dict(zip(keys[start:end], values[start:end]))
        texts = cells.column("printed")
        kept = np.flatnonzero(texts.is_valid().to_numpy(zero_copy_only=False))
        for i, text in zip(kept.tolist(), texts.take(kept).to_pylist()):
            rep = reports.get(owner_list[i])
            if rep is not None:
                rep.printed[keys[i]] = text
    for rid, ordinal, heading, key, text in _rows(payload.sections, ["report_id", "ordinal", "heading",
                                                                     "section_key", "text"]):
        reports[rid].sections.append(Section(ordinal, heading, key, text))
    for rid, t, r, kind, printed, expected in _rows(payload.deviations, ["report_id", "table_key", "row_key", "kind",
                                                                        "printed", "expected"]):
        reports[rid].deviations.append(Deviation(t, r, kind, printed, expected))
    return list(reports.values())


def load_reports(con, report_ids: list[int], agencies: dict[int, Agency]) -> list[StoredReport]:
    """These reports whole: cells, sections and label deviations (their agencies in `agencies`)."""
    if not report_ids:
        return []
    return build(fetch(con, report_ids), agencies)


def load(con) -> Corpus:
    """The whole store at once (small stores, tests and benches; check runs load by part)."""
    agencies = load_agencies(con)
    ids = [r[0] for r in con.execute("SELECT report_id FROM reports").fetchall()]
    return Corpus(load_reports(con, ids, agencies), list(agencies.values()))

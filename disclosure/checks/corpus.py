"""The stored corpus, loaded once per check run: reports, their cells, sections and
label deviations, and the agencies with what the registry says of them.

Rules read this, never the database: a whole corpus (about 1,800 reports of 250 cells)
fits in memory easily and one pass of queries is far faster than a query per rule.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

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
    raw: dict[CellKey, str | None] = field(default_factory=dict)
    rows: set[tuple[str, str]] = field(default_factory=set)  # (table, row) the report prints
    _metrics: dict[str, float | None] = field(default_factory=dict, repr=False)
    _sorted: dict[str, list[CellKey]] = field(default_factory=dict, repr=False)
    sections: list[Section] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)

    def value(self, table: str, row: str, column: str) -> float | None:
        return self.cells.get((table, row, column))

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
            self._sorted[table] = sorted((k for k in self.cells if k[0] == table), key=_printed_order)
        return self._sorted[table]

    @property
    def legacy(self) -> bool:
        """Before the 2019 template: free-form statistics the template rules cannot read."""
        return self.template not in T.TEMPLATES


_ROW_ORDER = {(t.key, r.key): i for tpl in T.TEMPLATES.values() for t in tpl.tables for i, r in enumerate(t.rows)}
_ROW_ORDER.update({(T.TABLE_REQUESTS, r.key): i for i, r in enumerate(T.REQUEST_ROWS_ANY)})
_COLUMN_ORDER = {c.key: i for i, c in enumerate(T.REQUEST_COLUMNS + T.REVIEW_COLUMNS)}


def _printed_order(key: CellKey) -> tuple[int, int, str]:
    t, r, c = key
    return _ROW_ORDER.get((t, r), 999), _COLUMN_ORDER.get(c, 99), c


class Corpus:
    def __init__(self, reports: list[StoredReport], agencies: list[Agency]):
        self.reports = sorted(reports, key=lambda r: (r.agency, r.year))
        self.agencies = agencies
        self.by_agency_year = {(r.agency_id, r.year): r for r in self.reports}
        self._by_agency: dict[int, list[StoredReport]] = defaultdict(list)
        for r in self.reports:
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


# Whole numbers arrive as BIGINT only while a double holds them exactly (|v| < 2⁵³); any
# other value (a fraction, 1e40 printed in a cell) as the double it is: one absurd cell
# must never make the cast, and with it every check run, fail (VAL.RANGE names it).
_CELLS_SQL = """
    SELECT report_id, table_key, row_key, column_key, raw,
           CASE WHEN value = trunc(value) AND abs(value) < 9007199254740992 THEN TRY_CAST(value AS BIGINT) END AS whole,
           CASE WHEN NOT (value = trunc(value) AND abs(value) < 9007199254740992) THEN value END AS fraction
    FROM cells ORDER BY report_id
"""


def load(con) -> Corpus:
    agencies = {
        row[0]: Agency(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
        for row in con.execute(
            "SELECT agency_id, name, level, kind, parent, coalesce(registered, false) FROM agencies"
        ).fetchall()
    }
    # "expected in a year" is the registry's, defined once in SQL (queries/expected_reports.sql)
    expected = queries.run(con, "expected_reports", years=[], regions=[], levels=[], kinds=[])
    for aid, year in zip(expected["agency_id"].tolist(), expected["year"].tolist()):
        agencies[aid].expected.add(year)
    reports: dict[int, StoredReport] = {}
    for rid, aid, year, template, published in con.execute(
        "SELECT report_id, agency_id, year, template, published FROM reports"
    ).fetchall():
        info = agencies[aid]
        reports[rid] = StoredReport(rid, info.name, aid, year, template, published, info)
    # columns fetched whole (numpy, then lists) and cut per report: a Python loop per cell
    # costs seconds on a demo corpus. Whole numbers arrive as ints, so that sums of counts
    # stay integer arithmetic.
    arrays = con.execute(_CELLS_SQL).fetchnumpy()
    ids = arrays["report_id"]
    bounds = [0, *(np.flatnonzero(ids[1:] != ids[:-1]) + 1).tolist(), len(ids)]
    cols = {k: v.tolist() for k, v in arrays.items()}
    values = [f if i is None else i for i, f in zip(cols["whole"], cols["fraction"])]
    for start, end in zip(bounds, bounds[1:]):
        rep = reports.get(cols["report_id"][start])
        if rep is not None:
            tables, rows = cols["table_key"][start:end], cols["row_key"][start:end]
            keys = list(zip(tables, rows, cols["column_key"][start:end]))
            rep.cells = dict(zip(keys, values[start:end]))
            rep.raw = dict(zip(keys, cols["raw"][start:end]))
            rep.rows = set(zip(tables, rows))
    for rid, ordinal, heading, key, text in con.execute(
        "SELECT report_id, ordinal, heading, section_key, text FROM sections ORDER BY report_id, ordinal"
    ).fetchall():
        if rid in reports:
            reports[rid].sections.append(Section(ordinal, heading, key, text))
    for rid, t, r, kind, printed, expected in con.execute(
        "SELECT report_id, table_key, row_key, kind, printed, expected FROM label_deviations"
    ).fetchall():
        if rid in reports:
            reports[rid].deviations.append(Deviation(t, r, kind, printed, expected))
    return Corpus(list(reports.values()), list(agencies.values()))

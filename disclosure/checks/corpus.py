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
    rows: set[tuple[str, str]] = field(default_factory=set)  # (table, row) the report prints
    _raw: list[str | None] = field(default_factory=list, repr=False)  # as printed, in the order of `cells`
    _metrics: dict[str, float | None] = field(default_factory=dict, repr=False)
    _sorted: dict[str, list[CellKey]] = field(default_factory=dict, repr=False)
    sections: list[Section] = field(default_factory=list)
    deviations: list[Deviation] = field(default_factory=list)

    def value(self, table: str, row: str, column: str) -> float | None:
        return self.cells.get((table, row, column))

    @property
    def raw(self) -> dict[CellKey, str | None]:
        """Each cell as printed (built when asked: one rule needs it)."""
        return dict(zip(self.cells, self._raw))

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
    """Reports to check (`reports`) and, for rules that compare, the reports they are
    compared with (`context`: last year's report, a government's subordinates)."""

    def __init__(self, reports: list[StoredReport], agencies: list[Agency], context: list[StoredReport] = ()):
        self.reports = sorted(reports, key=lambda r: (r.agency, r.year))
        self.agencies = agencies
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


# Whole numbers arrive as ints, so that sums of counts stay integer arithmetic; a number
# too large for a double to count exactly (≥ 2^53) stays a float, and never breaks a cast.
_CELLS_SQL = """
    SELECT c.report_id, c.table_key, c.row_key, c.column_key, c.raw,
           CASE WHEN c.value = trunc(c.value) AND abs(c.value) < 9007199254740992
                THEN CAST(c.value AS BIGINT) END AS whole,
           CASE WHEN NOT (c.value = trunc(c.value) AND abs(c.value) < 9007199254740992)
                THEN c.value END AS other
    FROM cells c
    WHERE c.report_id IN (SELECT unnest($ids))
    ORDER BY c.report_id
"""


def load_reports(con, report_ids: list[int], agencies: dict[int, Agency]) -> list[StoredReport]:
    """These reports whole: cells, sections and label deviations (their agencies in `agencies`)."""
    if not report_ids:
        return []
    ids = {"ids": list(report_ids)}
    reports: dict[int, StoredReport] = {}
    for rid, aid, year, template, published in con.execute(
        "SELECT report_id, agency_id, year, template, published FROM reports WHERE report_id IN (SELECT unnest($ids))",
        ids,
    ).fetchall():
        info = agencies[aid]
        reports[rid] = StoredReport(rid, info.name, aid, year, template, published, info)
    # columns fetched whole (numpy, then lists) and cut per report: a Python loop per cell
    # costs seconds on a demo corpus
    arrays = con.execute(_CELLS_SQL, ids).fetchnumpy()
    report_col = arrays["report_id"]
    bounds = [0, *(np.flatnonzero(report_col[1:] != report_col[:-1]) + 1).tolist(), len(report_col)]
    cols = {k: v.tolist() for k, v in arrays.items()}
    values = [o if w is None else w for w, o in zip(cols["whole"], cols["other"])]
    tables, rows_, columns, raws = cols["table_key"], cols["row_key"], cols["column_key"], cols["raw"]
    for start, end in zip(bounds, bounds[1:]):
        rep = reports.get(cols["report_id"][start]) if end > start else None
        if rep is not None:
            keys = list(zip(tables[start:end], rows_[start:end], columns[start:end]))
            rep.cells = dict(zip(keys, values[start:end]))
            rep._raw = raws[start:end]
            rep.rows = set(zip(tables[start:end], rows_[start:end]))
    for rid, ordinal, heading, key, text in con.execute(
        "SELECT report_id, ordinal, heading, section_key, text FROM sections "
        "WHERE report_id IN (SELECT unnest($ids)) ORDER BY report_id, ordinal", ids,
    ).fetchall():
        reports[rid].sections.append(Section(ordinal, heading, key, text))
    for rid, t, r, kind, printed, expected in con.execute(
        "SELECT report_id, table_key, row_key, kind, printed, expected FROM label_deviations "
        "WHERE report_id IN (SELECT unnest($ids))", ids,
    ).fetchall():
        reports[rid].deviations.append(Deviation(t, r, kind, printed, expected))
    return list(reports.values())


def load(con) -> Corpus:
    """The whole store at once (small stores, tests and benches; check runs load by part)."""
    agencies = load_agencies(con)
    ids = [r[0] for r in con.execute("SELECT report_id FROM reports").fetchall()]
    return Corpus(load_reports(con, ids, agencies), list(agencies.values()))

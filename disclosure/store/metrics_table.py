"""`report_metrics`: every metric of disclosure/metrics.py for every stored report, one row each.

The dashboard's pages aggregate this table in SQL for their scope, and the peer rules read
their groups' values from it, instead of pivoting long-form cells per request. It is
derived data: written when a report is stored (for the batch's reports only), and
rebuilt whole from the cells when the metric definitions change (their digest is kept
in `settings.metrics_version`). Columns are named by metric key (`applicant.natural_person`
is quoted); a rate has its numerator and denominator beside it (`disclosure_rate:num`,
`disclosure_rate:den`), so that a group's rate is a ratio of sums.
"""
from __future__ import annotations

import hashlib
import json

import pandas as pd

from .. import metrics as M

TABLE = "report_metrics"
VERSION_KEY = "metrics_version"


def columns() -> list[str]:
    """The metric columns, in a stable order."""
    out = []
    for m in sorted(M.METRICS_BY_KEY.values(), key=lambda m: m.key):
        out.append(m.key)
        if m.is_rate:
            out += [m.key + M.NUM, m.key + M.DEN]
    return out


def version() -> str:
    spec = [(m.key, m.kind, m.cells, m.denominator, m.templates, m.fallback)
            for m in sorted(M.METRICS_BY_KEY.values(), key=lambda m: m.key)]
    return hashlib.sha256(json.dumps(spec).encode()).hexdigest()[:16]


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def ensure(con) -> None:
    """The table as the current definitions want it: rebuilt from the cells when they changed."""
    from .db import get_setting, set_setting

    exists = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [TABLE]).fetchone()[0]
    if exists and get_setting(con, VERSION_KEY) == version():
        return
    con.execute(f"DROP TABLE IF EXISTS {TABLE}")
    cols = ", ".join(f"{quoted(c)} DOUBLE" for c in columns())
    con.execute(f"CREATE TABLE {TABLE} (report_id INTEGER PRIMARY KEY, {cols})")
    ids = [r[0] for r in con.execute("SELECT report_id FROM reports ORDER BY report_id").fetchall()]
    for start in range(0, len(ids), 20000):  # a slice of the store at a time: bounded memory
        update(con, ids[start:start + 20000])
    set_setting(con, VERSION_KEY, version())


def update(con, report_ids: list[int]) -> None:
    """(Re)compute the rows of these reports from their stored cells."""
    if not report_ids:
        return
    ids = {"ids": list(report_ids)}
    con.execute(f"DELETE FROM {TABLE} WHERE report_id IN (SELECT unnest($ids))", ids)
    templates = con.execute(
        "SELECT report_id, template FROM reports WHERE report_id IN (SELECT unnest($ids)) ORDER BY report_id", ids
    ).df().set_index("report_id")["template"]
    if templates.empty:
        return
    cells = con.execute(
        "SELECT report_id, table_key || '.' || row_key || '.' || column_key AS address, value FROM cells "
        "WHERE report_id IN (SELECT unnest($ids)) AND table_key || '.' || row_key || '.' || column_key "
        "IN (SELECT unnest($addresses))", {**ids, "addresses": M.addresses()},
    ).df()
    frame = M.table(cells, templates).reindex(columns=columns())
    frame.insert(0, "report_id", frame.index.astype("int64"))
    con.register("_metric_rows", frame.reset_index(drop=True))
    try:
        names = ", ".join(["report_id", *map(quoted, columns())])
        con.execute(f"INSERT INTO {TABLE} ({names}) SELECT {names} FROM _metric_rows")
    finally:
        con.unregister("_metric_rows")


def drop(con, report_ids: list[int]) -> None:
    if report_ids:
        con.execute(f"DELETE FROM {TABLE} WHERE report_id IN (SELECT unnest($ids))", {"ids": list(report_ids)})


def frame_of(con, report_ids: list[int] | None = None) -> pd.DataFrame:
    """Rows of the table (all, or these reports), indexed by report_id."""
    where = "" if report_ids is None else "WHERE report_id IN (SELECT unnest($ids))"
    return con.execute(f"SELECT * FROM {TABLE} {where}",
                       None if report_ids is None else {"ids": list(report_ids)}).df().set_index("report_id")

"""The dashboard's access to the database: one read-only connection, queries from queries/.

The connection is cached per database file and its modification time, so when an upload
or a review swaps in a new database file every page sees the new one, whole. The file is
ATTACHed read-only to a private in-memory database rather than opened directly: DuckDB
keeps one instance per path in a process, and a direct open would hand back the old file's
instance after the swap.
"""
from __future__ import annotations

import os

import duckdb
import pandas as pd
import streamlit as st

from disclosure import metrics, queries

DEFAULT_DB = os.path.join("data", "disclosure.duckdb")


def db_path() -> str:
    return os.environ.get("DISCLOSURE_DB", DEFAULT_DB)


def _stamp(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_ino)  # a swapped-in file is a new inode even within one tick


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, stamp: tuple) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS store (READ_ONLY)", [path])
    return con


def connection() -> duckdb.DuckDBPyConnection | None:
    path = db_path()
    if not os.path.exists(path):
        return None
    return _connection(path, _stamp(path))


def _cursor(path: str, stamp: tuple) -> duckdb.DuckDBPyConnection:
    # a cursor per query: DuckDB connections are not safe to share across threads
    cur = _connection(path, stamp).cursor()
    cur.execute("USE store")
    return cur


@st.cache_data(max_entries=512, show_spinner=False)
def _query(path: str, stamp: tuple, name: str, params: tuple):
    return queries.run(_cursor(path, stamp), name, **{k: list(v) if isinstance(v, tuple) else v for k, v in params})


def query(name: str, **params) -> pd.DataFrame:
    """The result of queries/<name>.sql as a DataFrame (cached until the database changes).

    List parameters (the scope's years, regions…) are bound as DuckDB lists.
    """
    path = db_path()
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _query(path, _stamp(path), name, frozen)


def has_table(name: str) -> bool:
    """Whether the open database has `name` (a schema the rule catalog adds, for instance)."""
    return bool(len(query("table_exists", table=name)))


@st.cache_data(max_entries=64, show_spinner=False)
def _figures(path: str, stamp: tuple, scope: tuple) -> pd.DataFrame:
    reports = queries.run(_cursor(path, stamp), "scope_reports", **dict(scope))
    cells = queries.run(_cursor(path, stamp), "scope_cells", report_ids=reports["report_id"].tolist(),
                        addresses=metrics.addresses())
    values = metrics.table(cells, reports.set_index("report_id")["template"])
    return reports.join(values, on="report_id")


def figures(scope) -> pd.DataFrame:
    """One row per report in `scope`: who, where, when, and every metric of disclosure.metrics."""
    path = db_path()
    return _figures(path, _stamp(path), tuple(sorted(scope.params().items())))

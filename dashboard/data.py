"""The dashboard's access to the database: one read-only connection, queries from queries/.

The connection is cached per database file and its modification time, so when an upload
swaps in a new database file every page sees the new one, whole.
"""
from __future__ import annotations

import os

import duckdb
import streamlit as st

from disclosure import queries

DEFAULT_DB = os.path.join("data", "disclosure.duckdb")


def db_path() -> str:
    return os.environ.get("DISCLOSURE_DB", DEFAULT_DB)


def _stamp(path: str) -> float:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


@st.cache_resource(max_entries=2, show_spinner=False)
def _connection(path: str, stamp: float) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(path, read_only=True)


def connection() -> duckdb.DuckDBPyConnection | None:
    path = db_path()
    if not os.path.exists(path):
        return None
    return _connection(path, _stamp(path))


@st.cache_data(max_entries=256, show_spinner=False)
def _query(path: str, stamp: float, name: str, params: tuple):
    con = _connection(path, stamp)
    # a cursor per query: DuckDB connections are not safe to share across threads
    return queries.run(con.cursor(), name, **dict(params))


def query(name: str, **params):
    """The result of queries/<name>.sql as a DataFrame (cached until the database changes)."""
    path = db_path()
    return _query(path, _stamp(path), name, tuple(sorted(params.items())))

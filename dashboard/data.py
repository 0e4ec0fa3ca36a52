"""The dashboard's access to the database: this process serves it, queries come from queries/.

The dashboard holds the database's only read-write connection (disclosure/store/server.py):
its own writes (uploads, reviews) and other processes' (a CLI ingest while it is open)
run there, one at a time. Each page run reads in one snapshot (`snapshot()`, a read
transaction), so a page never shows half of a batch, and results are cached by the
versions of the data they read (a review leaves the figures' caches alone; an ingest
leaves the reviews').
"""
from __future__ import annotations

import contextvars
import os
from contextlib import contextmanager
from typing import Iterator

import pandas as pd
import streamlit as st

from disclosure import queries
from disclosure.model import DisclosureError
from disclosure.store import metrics_table, server
from disclosure.store.replica import Replica

DEFAULT_DB = os.path.join("data", "disclosure.duckdb")
MEMORY_LIMIT = os.environ.get("DISCLOSURE_MEMORY_LIMIT", "600MB")  # DuckDB's share of the dashboard's memory

_SNAPSHOT: contextvars.ContextVar = contextvars.ContextVar("disclosure_snapshot", default=None)


def db_path() -> str:
    return os.path.abspath(os.environ.get("DISCLOSURE_DB", DEFAULT_DB))


def replica_path() -> str | None:
    """The Parquet export this dashboard serves read-only (`disclosure serve --replica`), if any."""
    found = os.environ.get("DISCLOSURE_REPLICA")
    return os.path.abspath(found) if found else None


def read_only() -> bool:
    return replica_path() is not None


@st.cache_resource(show_spinner="正在打开数据库……")
def _server(path: str) -> server.Server:
    return server.serve(path, what="仪表盘", memory_limit=MEMORY_LIMIT)


@st.cache_resource(show_spinner="正在打开只读副本……")
def _replica(path: str, stamp: int) -> Replica:
    return Replica(path)


def _manifest_stamp(path: str) -> int:
    try:
        return os.stat(os.path.join(path, "manifest.json")).st_mtime_ns
    except OSError:
        return 0


def store() -> server.Server | Replica | None:
    """What this process reads: its server of the database, or a replica (a Parquet
    export, reopened when a new export replaces it); None while there is no database yet."""
    folder = replica_path()
    if folder is not None:
        return _replica(folder, _manifest_stamp(folder))
    path = db_path()
    if not os.path.exists(path):
        return None
    found = server.owned(path)
    if found is None or found.closed:
        _server.clear()
        found = _server(path)
    return found


class Snapshot:
    """One read transaction and the data versions it sees."""

    def __init__(self, srv: server.Server | Replica):
        self.path = srv.path
        self.cursor = srv.cursor()
        self.cursor.execute("BEGIN TRANSACTION")
        self.versions = dict(self.cursor.execute("SELECT domain, version FROM data_versions").fetchall())

    def key(self, name: str) -> tuple:
        return tuple((d, self.versions.get(d, 0)) for d in queries.domains(name))

    def close(self) -> None:
        try:
            self.cursor.execute("COMMIT")
        finally:
            self.cursor.close()


@contextmanager
def snapshot() -> Iterator[Snapshot | None]:
    """The page run's snapshot (app.py opens one around the page)."""
    srv = store()
    snap = Snapshot(srv) if srv is not None else None
    token = _SNAPSHOT.set(snap)
    try:
        yield snap
    finally:
        _SNAPSHOT.reset(token)
        if snap is not None:
            snap.close()


def _current() -> Snapshot:
    snap = _SNAPSHOT.get()
    if snap is None:  # outside a page run (a helper called on its own): a snapshot of its own
        srv = store()
        if srv is None:
            raise RuntimeError("no database")
        snap = Snapshot(srv)
    return snap


@st.cache_data(max_entries=1024, show_spinner=False)
def _query(path: str, key: tuple, name: str, params: tuple, _cursor) -> pd.DataFrame:
    return queries.run(_cursor, name, **{k: list(v) if isinstance(v, tuple) else v for k, v in params})


def query(name: str, **params) -> pd.DataFrame:
    """The result of queries/<name>.sql as a DataFrame (cached until the data it reads changes).

    List parameters (the scope's years, regions…) are bound as DuckDB lists.
    """
    snap = _current()
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _query(snap.path, snap.key(name), name, frozen, snap.cursor)


def has_table(name: str) -> bool:
    """Whether the open database has `name`."""
    return bool(len(query("table_exists", table=name)))


def figures(scope) -> pd.DataFrame:
    """One row per report in `scope`: who, where, when, and every metric of disclosure.metrics
    (from report_metrics, computed when each report was stored)."""
    return query("scope_figures", **scope.params())


def write(name: str, **args):
    """Run a write operation (disclosure/store/ops.py) on the served database, as the
    dashboard's user."""
    from disclosure.store.writes import write as do_write

    if read_only():
        raise DisclosureError("这是只读副本（Parquet 导出），不能在此写入；请在数据库所在的仪表盘上操作")
    return do_write(db_path(), name, what="仪表盘", **args)


METRIC_COLUMNS = metrics_table.columns()

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
import threading
from collections import OrderedDict
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


class _Results:
    """Results shared by every session of this dashboard, least recently used dropped first
    once they hold more than `limit` bytes. Frames are handed out as they are, not copied
    (st.cache_data would pickle a 60 MB frame of a national scope on every read): callers
    never change one in place."""

    def __init__(self, limit: int):
        self.limit = limit
        self._items: OrderedDict = OrderedDict()
        self._sizes: dict = {}
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key, build):
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        size = _size(value)
        with self._lock:
            if key not in self._items:
                self._items[key], self._sizes[key] = value, size
                self._bytes += size
                while self._bytes > self.limit and len(self._items) > 1:
                    old, _ = self._items.popitem(last=False)
                    self._bytes -= self._sizes.pop(old)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._sizes.clear()
            self._bytes = 0


def _size(value) -> int:
    if isinstance(value, pd.DataFrame):
        objects = sum(len(value) for dtype in value.dtypes if dtype == object)
        return int(value.memory_usage(index=True, deep=False).sum()) + 48 * objects
    return 1024


RESULTS = _Results(int(float(os.environ.get("DISCLOSURE_CACHE_MB", "300")) * 2**20))


def query(name: str, **params) -> pd.DataFrame:
    """The result of queries/<name>.sql as a DataFrame, cached until the data it reads
    changes; shared, so never changed in place (copy it first).

    List parameters (the scope's years, regions…) are bound as DuckDB lists.
    """
    snap = _current()
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return RESULTS.get(("query", snap.path, snap.key(name), name, frozen),
                       lambda: queries.run(snap.cursor, name, **{k: list(v) if isinstance(v, tuple) else v
                                                                 for k, v in frozen}))


def derived(name: str, reads: tuple[str, ...], key: tuple, build):
    """What `build()` makes from queries `reads` (their names), cached like a query's result
    under `key` until the data those queries read changes."""
    snap = _current()
    versions = tuple(sorted({pair for q in reads for pair in snap.key(q)}))
    return RESULTS.get(("derived", snap.path, name, versions, key), build)


def has_table(name: str) -> bool:
    """Whether the open database has `name`."""
    return bool(len(query("table_exists", table=name)))


def figures(scope, agency_id: int | None = None) -> pd.DataFrame:
    """One row per report in `scope` (of one agency, when given): who, where, when, and every
    metric of disclosure.metrics (from report_metrics, computed when each report was stored)."""
    return query("scope_figures", agency_id=agency_id, **scope.params())


def write(name: str, **args):
    """Run a write operation (disclosure/store/ops.py) on the served database, as the
    dashboard's user."""
    from disclosure.store.writes import write as do_write

    if read_only():
        raise DisclosureError("这是只读副本（Parquet 导出），不能在此写入；请在数据库所在的仪表盘上操作")
    return do_write(db_path(), name, what="仪表盘", **args)


METRIC_COLUMNS = metrics_table.columns()

"""Reading a database that another process serves: queries sent through its socket.

`RemoteConnection.execute(sql, params)` behaves like a DuckDB connection's for what the
CLI and queries/ need (`.df()`, `.fetchall()`, `.fetchone()`, `.description`); the rows
come back as Arrow, with their types. Only reading statements are accepted by the server.
"""
from __future__ import annotations

import socket

import pandas as pd

from ..model import DisclosureError
from . import protocol


class RemoteResult:
    def __init__(self, table):
        self._table = table
        self._rows: list[tuple] | None = None
        self._next = 0

    @property
    def description(self) -> list[tuple]:
        return [(name, None, None, None, None, None, None) for name in self._table.column_names]

    def df(self) -> pd.DataFrame:
        return self._table.to_pandas()

    def _all(self) -> list[tuple]:
        if self._rows is None:
            columns = [self._table.column(i).to_pylist() for i in range(self._table.num_columns)]
            self._rows = list(zip(*columns)) if columns else []
        return self._rows

    def fetchall(self) -> list[tuple]:
        rows = self._all()[self._next:]
        self._next = len(self._all())
        return rows

    def fetchone(self) -> tuple | None:
        rows = self._all()
        if self._next >= len(rows):
            return None
        self._next += 1
        return rows[self._next - 1]

    def fetchnumpy(self) -> dict:
        return {name: self._table.column(name).to_numpy(zero_copy_only=False) for name in self._table.column_names}


class RemoteConnection:
    def __init__(self, path: str):
        self.path = path
        probe = self._open()  # fail now, not at the first query, when nobody answers
        probe.close()

    def _open(self) -> socket.socket:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(self.path)
        except OSError:
            sock.close()
            raise ConnectionError(self.path) from None
        return sock

    def execute(self, sql: str, params=None) -> RemoteResult:
        with self._open() as sock:
            protocol.send(sock, {"op": "query", "sql": sql, "params": params})
            reply, payload = protocol.receive(sock)
        if not reply.get("ok"):
            raise DisclosureError(reply.get("error") or "查询失败")
        return RemoteResult(protocol.bytes_table(payload))

    def close(self) -> None:
        pass

"""The process that serves a database: it holds the only read-write connection.

The dashboard starts one for its database (`serve(path)`): it takes the database's lock
for as long as it runs (disclosure/store/owner.py), reads through cursors of its one
connection — each page run in one snapshot — and runs every write operation itself, its
own (uploads, reviews) and those other processes send through its socket (a CLI ingest,
check or review while the dashboard is open), one at a time. A reader in another process
sends its queries the same way; only reading statements are accepted from it.
"""
from __future__ import annotations

import atexit
import os
import socket
import threading
import time
import warnings
from typing import Any, Callable

import duckdb

from ..model import DisclosureError
from . import owner, protocol, writes

_OWNED: dict[str, "Server"] = {}
_GUARD = threading.Lock()
READING = {duckdb.StatementType.SELECT}


def owned(db_path: str) -> "Server | None":
    """The server of `db_path` in this process, if this process serves it."""
    found = _OWNED.get(os.path.abspath(db_path))
    return found if found is not None and found.pid == os.getpid() and not found.closed else None


class Server:
    def __init__(self, db_path: str, what: str, on_wait: Callable[[str], None] | None = None,
                 memory_limit: str | None = None):
        from . import db

        self.path = os.path.abspath(db_path)
        self.what = what
        self.pid = os.getpid()  # a forked child (a parse worker) inherits the object, not the file
        self.closed = False
        self.lock = owner.Lock(self.path)
        waiter = writes.Waiter(on_wait)
        while not self.lock.try_take(exclusive=True):
            held = owner.holder(self.path)
            waiter(held.describe() if held else None)
            time.sleep(writes.WAIT_STEP)
        try:
            self.con = db.connect(self.path)
            if memory_limit:
                self.con.execute(f"SET memory_limit = '{memory_limit}'")
        except BaseException:
            self.lock.release()
            raise
        self.socket_path = owner.socket_path(self.path)
        self._writing = threading.Lock()
        self.busy_with: str | None = None
        self._listener = self._listen()
        self.lock.announce(owner.me(what, self.socket_path))

    # --- in this process ---

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A connection of its own for one thread (DuckDB's are not shared across threads)."""
        return self.con.cursor()

    def execute(self, name: str, args: dict, user: str, what: str, waiter: Callable[[str | None], None]) -> Any:
        """Run a write operation here, after the one under way (if any) has finished."""
        if not self._writing.acquire(blocking=False):
            waiter(self.busy_with)
            self._writing.acquire()
        cur = self.cursor()
        try:
            self.busy_with = f"{what}（用户 {user}）"
            return writes.run(cur, name, args, user, self.path)
        finally:
            self.busy_with = None
            cur.close()
            self._writing.release()

    # --- other processes, through the socket ---

    def _listen(self) -> threading.Thread:
        if os.path.exists(self.socket_path):
            os.remove(self.socket_path)  # left by a server that died: its lock was free
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._sock.bind(self.socket_path)
        os.chmod(self.socket_path, 0o600)
        self._sock.listen(16)
        thread = threading.Thread(target=self._accept, name=f"disclosure-store:{os.path.basename(self.path)}",
                                  daemon=True)
        thread.start()
        return thread

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return  # closed
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                request, _ = protocol.receive(conn)
            except (protocol.Closed, ValueError, OSError):
                return
            try:
                if request.get("op") == "query":
                    protocol.send(conn, {"ok": True}, self._query(request.get("sql") or "", request.get("params")))
                    return
                result = self.execute(request["op"], request.get("args") or {}, request.get("user") or "?",
                                      request.get("what") or "?",
                                      lambda who: protocol.send(conn, {"waiting": who or self.what}))
                protocol.send(conn, {"ok": True, "result": result})
            except DisclosureError as exc:
                self._reply_error(conn, exc.reason if exc.path is None else str(exc))
            except Exception as exc:  # the client prints it as one line; the server goes on
                self._reply_error(conn, f"{type(exc).__name__}: {exc}")

    @staticmethod
    def _reply_error(conn: socket.socket, message: str) -> None:
        try:
            protocol.send(conn, {"ok": False, "error": message})
        except OSError:
            pass

    def _query(self, sql: str, params) -> bytes:
        statements = duckdb.extract_statements(sql)
        if len(statements) != 1 or statements[0].type not in READING:
            raise DisclosureError("只接受一条查询语句（SELECT）")
        cur = self.cursor()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # "Arrow output … makes an extra copy": small results
                table = cur.execute(sql, params).to_arrow_table()
        finally:
            cur.close()
        return protocol.table_bytes(table)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        with _GUARD:
            _OWNED.pop(self.path, None)
        try:
            self._sock.close()
        finally:
            if os.path.exists(self.socket_path):
                os.remove(self.socket_path)
            with self._writing:
                self.con.close()
            self.lock.release()


def serve(db_path: str, what: str = "仪表盘", on_wait: Callable[[str], None] | None = None,
          memory_limit: str | None = None) -> Server:
    """This process's server of `db_path`, started when it has none (waits, saying so, while
    a writer has the file)."""
    path = os.path.abspath(db_path)
    with _GUARD:
        found = _OWNED.get(path)
        if found is not None:
            return found
    server = Server(path, what, on_wait, memory_limit)
    with _GUARD:
        _OWNED[path] = server
    return server


@atexit.register
def _close_all() -> None:
    for server in list(_OWNED.values()):
        if server.pid != os.getpid():
            continue  # a forked child's copy: the parent's socket and lock are not its to close
        try:
            server.close()
        except Exception:
            pass

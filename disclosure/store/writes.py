"""The one write path: every change to a database is an operation run by its owner.

An operation is a function registered here with `@operation` (ingesting a batch,
reviewing a finding, a check run, a registry sync, a correction…). `write(db, name, …)`
runs it wherever the database is:

- in this process, when this process serves the database (the dashboard's own uploads
  and reviews);
- in the serving process, through its socket, when another process serves it (a CLI
  ingest while the dashboard is open): the dashboard's pages see the batch whole once it
  is committed, never half of it, and nobody's copy of the file replaces anybody's rows;
- here, when nobody serves it: the file is opened for one transaction under an exclusive
  lock, so two CLI writers take turns.

A writer that has to wait says so once, in one line (数据库正在被……写入，等待中), and then
waits; no lock ever reaches a user as a traceback.

Each operation's changes commit in one transaction (or, for operations that say so,
several: a batch stored report by report after it failed whole), and each commit bumps
the version of the data domains it touched (`data_versions`) and logs who did what
(`write_log`): the dashboard keeps its cached results until a domain they read changes.
"""
from __future__ import annotations

import json
import os
import re
import socket
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from ..model import DisclosureError
from . import owner, protocol

# data domains: what a write changes, what a cached query reads (disclosure/queries.py)
REPORTS, FINDINGS, REVIEWS, REGISTRY, SETTINGS, ERRORS = "reports", "findings", "reviews", "registry", "settings", "errors"
COLLECT, RECTIFICATION = "collect", "rectification"  # collection runs; rectifications (整改) sent and settled
DOMAINS = (REPORTS, FINDINGS, REVIEWS, REGISTRY, SETTINGS, ERRORS, COLLECT, RECTIFICATION)

WAIT_STEP = 0.2  # seconds between two tries of a busy lock


@dataclass(frozen=True)
class Operation:
    name: str
    fn: Callable[..., Any]
    domains: tuple[str, ...]
    what: str  # 中文: what the holder is doing, for the waiting line
    transactions: bool = False  # the operation opens its own transactions (Context.transaction)


OPERATIONS: dict[str, Operation] = {}


def operation(name: str, domains: tuple[str, ...], what: str, transactions: bool = False):
    """Register `fn(ctx, **args)` as the write operation `name`; its arguments and result
    must be JSON (they may cross a socket)."""
    unknown = set(domains) - set(DOMAINS)
    if unknown:
        raise ValueError(f"{name}: unknown domains {unknown}")

    def register(fn):
        if name in OPERATIONS:
            raise ValueError(f"write operation {name} registered twice")
        OPERATIONS[name] = Operation(name, fn, tuple(domains), what, transactions)
        return fn

    return register


def _load_operations() -> None:
    """Every module that registers operations, imported once."""
    from . import ops  # noqa: F401


class Context:
    """What an operation works with: the connection, the user, the database's path."""

    def __init__(self, con, op: Operation, user: str, db_path: str, args: dict):
        self.con, self.op, self.user, self.db_path, self._args = con, op, user, db_path, args
        self._open = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One commit: bumps the operation's domains and logs the write with it."""
        if self._open:  # an operation's helpers may ask again inside its transaction
            yield
            return
        self.con.execute("BEGIN TRANSACTION")
        self._open = True
        try:
            yield
            self._commit_marks()
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self._open = False

    def _commit_marks(self) -> None:
        if self.op.domains:
            self.con.execute("UPDATE data_versions SET version = version + 1 WHERE list_contains(?, domain)",
                             [list(self.op.domains)])
        self.con.execute("INSERT INTO write_log (user_name, operation, detail) VALUES (?, ?, ?)",
                         [self.user, self.op.name, _summary(self._args)])


def _summary(args: dict) -> str:
    """What the log keeps of an operation's arguments: small values whole, long lists counted."""
    out = {}
    for k, v in args.items():
        if isinstance(v, (list, tuple)) and len(v) > 5:
            out[k] = f"{len(v)} 项"
        elif isinstance(v, str) and len(v) > 200:
            out[k] = v[:200] + "…"
        else:
            out[k] = v
    return json.dumps(out, ensure_ascii=False, default=str)


def run(con, name: str, args: dict, user: str, db_path: str) -> Any:
    """Run operation `name` on `con` (the owner's read-write connection)."""
    _load_operations()
    try:
        op = OPERATIONS[name]
    except KeyError:
        raise DisclosureError(f"未知的写入操作：{name}") from None
    ctx = Context(con, op, user, db_path, args)
    try:
        if op.transactions:
            return op.fn(ctx, **args)
        with ctx.transaction():
            return op.fn(ctx, **args)
    except DisclosureError:
        raise
    except Exception as exc:  # one line for the user, whichever process ran it; nothing was committed
        raise DisclosureError(f"{op.what}失败：{type(exc).__name__}: {exc}") from exc


# --- where the database is -------------------------------------------------------------------

def _announce_wait(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def waiting_line(who: str | None) -> str:
    return f"数据库正在被{who or '另一个程序'}写入，等待中……"


class Waiter:
    """Says once that we wait, and for whom."""

    def __init__(self, on_wait: Callable[[str], None] | None):
        self.on_wait = on_wait or _announce_wait
        self.said = False

    def __call__(self, who: str | None) -> None:
        if not self.said:
            self.said = True
            self.on_wait(waiting_line(who))


def write(db_path: str, name: str, *, user: str | None = None, what: str | None = None,
          on_wait: Callable[[str], None] | None = None, **args) -> Any:
    """Run write operation `name` with `args` on the database at `db_path`, wherever its
    owner is; returns the operation's result. Waits (saying so once) while another writer
    has the file."""
    from . import server

    user = user or owner.current_user()
    what = what or _process_name()
    waiter = Waiter(on_wait)
    while True:
        own = server.owned(db_path)
        if own is not None:
            return own.execute(name, args, user, what, waiter)
        remote = _server_socket(db_path)
        if remote is not None:
            try:
                return _remote_write(remote, name, args, user, what, waiter)
            except (ConnectionError, FileNotFoundError, protocol.Closed):
                pass  # the server went away: its lock is free, or about to be
        lock = owner.Lock(db_path)
        if lock.try_take(exclusive=True):
            try:
                lock.announce(owner.me(what))
                return _local_write(db_path, name, args, user)
            except ForeignLock as busy:
                waiter(busy.who)
            finally:
                lock.release()
        else:
            held = owner.holder(db_path)
            waiter(held.describe() if held else None)
        time.sleep(WAIT_STEP)


class ForeignLock(Exception):
    """The file is held by a program that does not take our lock (the DuckDB shell, say)."""

    def __init__(self, who: str):
        super().__init__(who)
        self.who = who


def _open(db_path: str, read_only: bool = False):
    """db.connect, with DuckDB's own lock (held by a program outside the product) as
    ForeignLock: the caller waits, as for one of ours."""
    import duckdb

    from . import db

    try:
        return db.connect(db_path, read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        pid = re.search(r"PID (\d+)", str(exc))
        raise ForeignLock(f"另一个程序{f'（进程 {pid.group(1)}）' if pid else ''}") from None


def _local_write(db_path: str, name: str, args: dict, user: str) -> Any:
    con = _open(db_path)
    try:
        return run(con, name, args, user, db_path)
    finally:
        con.close()


def _process_name() -> str:
    argv = [os.path.basename(sys.argv[0] or "python")] + sys.argv[1:2]
    name = " ".join(argv)
    return "disclosure " + " ".join(sys.argv[1:2]) if "disclosure" in name else name


def _server_socket(db_path: str) -> str | None:
    held = owner.holder(db_path)
    if held and held.socket and os.path.exists(held.socket):
        return held.socket
    return None


def _connect(path: str) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        raise ConnectionError(path) from None
    return sock


def _remote_write(path: str, name: str, args: dict, user: str, what: str, waiter: Waiter) -> Any:
    sock = _connect(path)
    with sock:
        protocol.send(sock, {"op": name, "args": args, "user": user, "what": what})
        while True:
            reply, _ = protocol.receive(sock)
            if "waiting" in reply:
                waiter(reply["waiting"])
                continue
            return _result(reply)


def _result(reply: dict) -> Any:
    if reply.get("ok"):
        return reply.get("result")
    raise DisclosureError(reply.get("error") or "写入失败")


# --- reading ----------------------------------------------------------------------------------

@contextmanager
def reading(db_path: str, on_wait: Callable[[str], None] | None = None) -> Iterator[Any]:
    """A connection to read the database at `db_path` from, wherever its owner is: the
    serving process's (through its socket), or the file opened read-only, shared with
    other readers. Anything with `execute(sql, params)` returning rows, `.df()`,
    `.fetchall()`, `.fetchone()`."""
    from . import db, server
    from .remote import RemoteConnection

    if not os.path.exists(db_path):
        raise DisclosureError("数据库不存在（先运行 disclosure ingest）", db_path)
    waiter = Waiter(on_wait)
    while True:
        own = server.owned(db_path)
        if own is not None:
            cur = own.cursor()
            try:
                yield cur
            finally:
                cur.close()
            return
        remote = _server_socket(db_path)
        if remote is not None:
            try:
                con = RemoteConnection(remote)
            except ConnectionError:
                con = None
            if con is not None:
                yield con
                return
        lock = owner.Lock(db_path)
        if lock.try_take(exclusive=False):
            try:
                try:
                    con = _open(db_path, read_only=True)
                except ForeignLock as busy:
                    waiter(busy.who)
                    lock.release()
                    time.sleep(WAIT_STEP)
                    continue
                if db.outdated(con):
                    con.close()
                    lock.release()
                    write(db_path, "migrate", on_wait=on_wait)  # an older file: brought up to date first
                    continue
                try:
                    yield con
                finally:
                    con.close()
                return
            finally:
                lock.release()
        held = owner.holder(db_path)
        waiter(held.describe() if held else None)
        time.sleep(WAIT_STEP)

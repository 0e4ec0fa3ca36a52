"""Who has the database file: the lock beside it, and what its holder says of itself.

DuckDB lets one process at a time open a file for writing, and no other process may
then open it at all. So the file has one owner at a time, decided by `flock` on
`<db>.lock`:

- a *server* (the dashboard) takes the lock exclusively for as long as it runs, serves
  every read and write of its own pages, and takes the other processes' writes and reads
  through a Unix socket (disclosure/store/server.py);
- with no server, a *writer* (a CLI ingest, check, review) takes the lock exclusively for
  one transaction at a time, and a *reader* (disclosure reports) shares it with other
  readers.

Whoever holds the lock exclusively writes a line of JSON into the lock file: its process,
what it is doing in words a user reads, and the socket when it serves one. Another
process reads it to find the server, or to say whom it is waiting for.
"""
from __future__ import annotations

import errno
import fcntl
import getpass
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime


@dataclass
class Holder:
    pid: int
    what: str  # 中文: "仪表盘" / "disclosure ingest"
    user: str
    since: str
    socket: str | None = None  # set by a server

    def describe(self) -> str:
        return f"{self.what}（进程 {self.pid}，用户 {self.user}）"


def lock_path(db_path: str) -> str:
    return os.path.abspath(db_path) + ".lock"


def socket_path(db_path: str) -> str:
    """A short path (a Unix socket's is limited to 107 bytes) in a folder only this user
    may enter, named after the database's absolute path."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = os.path.join(base, f"disclosure-{os.getuid()}")
    os.makedirs(folder, mode=0o700, exist_ok=True)
    key = hashlib.sha1(os.path.abspath(db_path).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(folder, f"{key}.sock")


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (a container): the uid says enough
        return str(os.getuid())


class Lock:
    """`flock` on the database's lock file; `try_take` never waits."""

    def __init__(self, db_path: str):
        self.path = lock_path(db_path)
        self._fh = None
        self.exclusive = False

    def try_take(self, exclusive: bool) -> bool:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")
        try:
            fcntl.flock(fh, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except OSError as exc:
            fh.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise
        self._fh, self.exclusive = fh, exclusive
        return True

    def announce(self, holder: Holder) -> None:
        """Say who holds the lock (exclusive holders only)."""
        assert self._fh is not None and self.exclusive
        self._fh.seek(0)
        self._fh.truncate()
        self._fh.write(json.dumps(asdict(holder), ensure_ascii=False))
        self._fh.flush()

    def release(self) -> None:
        if self._fh is None:
            return
        if self.exclusive:
            self._fh.seek(0)
            self._fh.truncate()
        fcntl.flock(self._fh, fcntl.LOCK_UN)
        self._fh.close()
        self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None


def holder(db_path: str) -> Holder | None:
    """What the lock file says of its holder (may be stale when nobody holds the lock)."""
    try:
        with open(lock_path(db_path), encoding="utf-8") as fh:
            data = json.loads(fh.read() or "null")
        return Holder(**data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError):
        return None


def me(what: str, socket: str | None = None) -> Holder:
    return Holder(os.getpid(), what, current_user(), datetime.now().isoformat(timespec="seconds"), socket)

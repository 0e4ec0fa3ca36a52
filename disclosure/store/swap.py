"""Writing to a database that readers have open: on a copy, swapped in whole.

The dashboard keeps the database open read-only. A writer (an upload, a review) copies
the file, writes to the copy, and renames the copy over the original in one step
(`os.replace` is atomic on one filesystem), so a reader sees either the old database or
the new one, never half a batch. Writers queue on a lock file so two batches never
swap over each other's work. A failed write leaves the original untouched.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def _locked(path: str) -> Iterator[None]:
    with open(f"{path}.lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def writable_copy(path: str) -> Iterator[str]:
    """Yield the path of a private copy of the database at `path` (a new file if there is
    none yet); when the block ends without an exception, the copy replaces the original.

    Whatever writes to the copy must close its connection inside the block, so the copy
    is checkpointed (no write-ahead log left beside it) before it is swapped in.
    """
    path = os.path.abspath(path)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    with _locked(path):
        fd, tmp = tempfile.mkstemp(prefix=os.path.basename(path) + ".", suffix=".tmp", dir=folder)
        os.close(fd)
        try:
            if os.path.exists(path):
                shutil.copyfile(path, tmp)
            else:
                os.remove(tmp)  # DuckDB creates the file itself; an empty file is not a database
            yield tmp
            if os.path.exists(f"{tmp}.wal"):
                raise RuntimeError(f"{tmp}: connection still open (write-ahead log present)")
            os.replace(tmp, path)
        finally:
            for leftover in (tmp, f"{tmp}.wal"):
                if os.path.exists(leftover):
                    os.remove(leftover)

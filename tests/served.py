"""The dashboard started as a user starts it (`disclosure serve`), for tests that need it running."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from typing import Iterator

from .conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(db: str, port: int | None = None) -> Iterator[tuple[str, str]]:
    """(its URL on loopback, the line it printed) while `disclosure serve --db db` runs."""
    port = port or free_port()
    proc = subprocess.Popen([sys.executable, "-m", "disclosure", "serve", "--db", db, "--port", str(port)],
                            cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, start_new_session=True, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        printed = proc.stdout.readline()
        deadline = time.time() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.time() > deadline or proc.poll() is not None:
                    raise RuntimeError("dashboard server did not start")
                time.sleep(0.5)
        yield url, printed
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)

"""Worker processes for parsing and checking, safe to start from any process.

They are spawned, not forked: a fork copies the threads' locks of whatever the parent is
running (onnxruntime's OCR threads, DuckDB's, a dashboard's), and children of a process
that ran OCR were seen to hang. A spawned child imports the parent's main module, which
under Streamlit is the dashboard's page script and under a script without a main guard
its whole body: so the workers are started while `__main__` is a module of no file.
"""
from __future__ import annotations

import multiprocessing
import sys
import types
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator

_LOCK = __import__("threading").Lock()


def _ready() -> None:
    """The first task of each worker: done once it has started."""


@contextmanager
def hidden_main() -> Iterator[None]:
    """While processes are spawned: a `__main__` of no file, which they do not import."""
    with _LOCK:
        real = sys.modules.get("__main__")
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            if real is not None:
                sys.modules["__main__"] = real


@contextmanager
def pool(workers: int, initializer: Callable | None = None, initargs: tuple = ()) -> Iterator[ProcessPoolExecutor]:
    """A pool of `workers` spawned processes, all started before it is handed out."""
    context = multiprocessing.get_context("spawn")
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer,
                                   initargs=initargs)
    try:
        with hidden_main():
            executor.submit(_ready).result()  # a pool that spawns starts all its workers at its first task
        yield executor
    finally:
        executor.shutdown(cancel_futures=True)

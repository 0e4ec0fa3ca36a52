"""Ingest a batch of files: parse each (in parallel when asked), store them in file order.

One bad file never stops a batch: its error is recorded (with the file and the reason)
and the batch goes on. Parsed reports are stored up to STORE_BATCH in one transaction
(a commit per report cost more than its rows), or fewer once they have waited a second
while the next parse is not ready, so progress goes on. When such a transaction fails,
its reports are stored again one per transaction, so only the one at fault fails and
nothing stored before is lost.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .. import names
from ..extract import read_file, sha256_of
from ..model import DisclosureError, Report
from ..parse import parse_file
from ..registry import Registry, load_registry
from . import db

FAILED = "failed"
STORE_BATCH = 50  # reports per transaction
STORE_AFTER = 1.0  # seconds a parsed file may wait to be stored while the next parse is not ready
SKIP_SUFFIXES = (".json", ".md", ".duckdb", ".wal", ".tmp", ".crdownload", ".part")  # not reports: metadata, notes, partial downloads


@dataclass
class Outcome:
    path: str
    status: str  # stored / replaced / unchanged / failed
    agency: str | None = None
    year: int | None = None
    reason: str | None = None
    report_id: int | None = None


def collect(paths: Iterable[str]) -> list[str]:
    """Files named, and the files inside folders named (recursively), in a stable order.

    Names are as `names.shown` writes them (valid text whatever their bytes). Anything in
    a folder that is not a regular file (a FIFO, a device, a socket, a symlink that loops)
    and a folder that cannot be read stay in the list, so that reading each gives its own
    line saying why it was skipped, instead of a read that blocks or a silent gap.
    """
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            unreadable: list[str] = []
            for root, dirs, files in os.walk(p, onerror=lambda exc: unreadable.append(exc.filename)):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and not f.lower().endswith(SKIP_SUFFIXES):
                        out.append(names.shown(os.path.join(root, f)))
            out += [names.shown(d) for d in unreadable if d]
        else:
            out.append(names.shown(p))
    return out


def _parse_one(path: str) -> tuple[str, Report | None, bytes | None, str | None, str | None]:
    """(path, report, bytes, error, sha256) — runs in a worker process."""
    sha = None
    try:
        data = read_file(path)
        sha = sha256_of(data)
        report = parse_file(path, data)
        return path, report, data, None, sha
    except DisclosureError as exc:
        return path, None, None, exc.reason, sha
    except Exception as exc:  # never let one file end the batch
        return path, None, None, f"意外错误：{type(exc).__name__}: {exc}", sha


def _parsed(paths: list[str], jobs: int) -> Iterator[Future]:
    """Each file's parse, in file order, as a future: done already when parsed in this
    process; with workers, all are queued at once so the workers never wait for the store."""
    if jobs <= 1 or len(paths) < 4:
        for p in paths:
            done: Future = Future()
            done.set_result(_parse_one(p))
            yield done
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start, initargs=(jobs,))
    try:
        yield from [pool.submit(_parse_one, p) for p in paths]
    finally:
        pool.shutdown(cancel_futures=True)  # a batch ended early leaves nothing queued


CRASHED = "解析进程意外退出（可能是此文件使解析库崩溃），未能读取；请单独导入此文件查看"


def _result(path: str, future: Future) -> tuple:
    """The parse of `path`; a worker that died (a library crashing on some file) fails the
    files it had in hand, and those queued behind it, instead of ending the batch."""
    try:
        return future.result()
    except Exception:
        return path, None, None, CRASHED, None


def _worker_start(jobs: int) -> None:
    """A parse worker shares the cores with the others: its OCR takes only its share."""
    from ..extract import ocr

    ocr.set_threads(max(1, (os.cpu_count() or 1) // jobs))


class _Store:
    """Parsed files waiting to be stored, and storing them: a batch per transaction, one
    transaction per report when the batch's fails; outcomes reported in file order."""

    def __init__(self, con, registry: Registry, total: int, progress, outcomes: list[Outcome]):
        self.con, self.registry, self.total, self.progress = con, registry, total, progress
        self.outcomes = outcomes
        self.pending: list[tuple] = []  # (path, report, data, error, sha) in file order
        self.since = 0.0  # when the oldest pending file was parsed

    def add(self, parsed: tuple) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(parsed)
        if sum(p[1] is not None for p in self.pending) >= STORE_BATCH:
            self.flush()

    def idle(self) -> None:
        """The next parse is not ready: store what waited long enough, so progress goes on."""
        if self.pending and time.monotonic() - self.since >= STORE_AFTER:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        stored: dict[int, Outcome] = {}
        reports = [(i, p) for i, p in enumerate(pending) if p[1] is not None]
        try:
            staged = [(i, p, self.registry.resolve(p[1].agency)) for i, p in reports]
            saved = db.save_reports(self.con, [(p[1], p[2], agency) for _, p, agency in staged])
            for (i, p, agency), s in zip(staged, saved):
                stored[i] = Outcome(p[0], s.status, agency.name, p[1].year, report_id=s.report_id)
        except Exception:
            stored = {i: self._store_one(p) for i, p in reports}
        for i, (path, report, data, error, sha) in enumerate(pending):
            outcome = stored.get(i) or self._failed(path, error, sha)
            self.outcomes.append(outcome)
            if self.progress:
                self.progress(len(self.outcomes), self.total, outcome)

    def _store_one(self, parsed: tuple) -> Outcome:
        path, report, data, _, sha = parsed
        try:
            agency = self.registry.resolve(report.agency)
            saved = db.save_report(self.con, report, data, agency=agency)
            return Outcome(path, saved.status, agency.name, report.year, report_id=saved.report_id)
        except Exception as exc:
            reason = f"写入数据库失败：{type(exc).__name__}: {exc}"
            db.record_error(self.con, path, reason, sha)
            return Outcome(path, FAILED, report.agency, report.year, reason)

    def _failed(self, path: str, error: str | None, sha: str | None) -> Outcome:
        if not os.path.lexists(names.real(path)):
            error = "文件不存在"
        db.record_error(self.con, path, error, sha)
        return Outcome(path, FAILED, reason=error)


def _check(con) -> None:
    """Re-run the rules; a broken rule is logged as an ingest error, never fails the batch."""
    from ..checks import run_checks

    try:
        run = run_checks(con)
    except Exception as exc:
        db.record_error(con, "disclosure check", f"检查失败：{type(exc).__name__}: {exc}")
        return
    for error in run.errors:
        db.record_error(con, "disclosure check", error)


def ingest(
    paths: Iterable[str],
    db_path: str,
    jobs: int = 1,
    progress: Callable[[int, int, Outcome], None] | None = None,
    registry: Registry | None = None,
    check: bool = True,
) -> list[Outcome]:
    """Parse and store every file under `paths`; returns one Outcome per file.

    Each printed agency name is resolved through `registry` (by default the one the
    database was last synced with, else data/agencies.csv) to one canonical agency;
    agencies it does not list are placed from their names and marked inferred. With `check`, the rule catalog re-checks the whole store
    at the end of the batch (peer and cross-year rules depend on every report).
    """
    files = collect(paths)
    outcomes: list[Outcome] = []
    con = db.connect(db_path)
    try:
        if registry is None:
            registry = load_registry(db.registry_path(con))
        db.sync_registry(con, registry)
        store = _Store(con, registry, len(files), progress, outcomes)
        for path, future in zip(files, _parsed(files, jobs)):
            if not future.done():
                store.idle()
            store.add(_result(path, future))
        store.flush()
        if check:
            _check(con)
    finally:
        con.close()
    return outcomes

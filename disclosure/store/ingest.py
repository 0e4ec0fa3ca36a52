"""Ingest a batch of files: parse each (in parallel when asked), store each in turn.

One bad file never stops a batch: its error is recorded (with the file and the reason)
and the batch goes on. Each report is written in its own transaction, so nothing stored
before is lost when a file fails.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from ..extract import read_file, sha256_of
from ..model import DisclosureError, Report
from ..parse import parse_file
from ..registry import Registry, load_registry
from . import db

FAILED = "failed"
SKIP_SUFFIXES = (".json", ".duckdb", ".wal", ".tmp", ".crdownload", ".part")


@dataclass
class Outcome:
    path: str
    status: str  # stored / replaced / unchanged / failed
    agency: str | None = None
    year: int | None = None
    reason: str | None = None
    report_id: int | None = None


def collect(paths: Iterable[str]) -> list[str]:
    """Files named, and the files inside folders named (recursively), in a stable order."""
    out: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for f in sorted(files):
                    if not f.startswith(".") and not f.lower().endswith(SKIP_SUFFIXES):
                        out.append(os.path.join(root, f))
        else:
            out.append(p)
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


def _parsed(paths: list[str], jobs: int) -> Iterator[tuple]:
    if jobs <= 1 or len(paths) < 4:
        for p in paths:
            yield _parse_one(p)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_parse_one, paths, chunksize=4)


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
    database was last synced with, else data/agencies.csv) to one canonical agency; agencies it does not list are placed from their
    names and marked inferred. With `check`, the rule catalog re-checks the whole store
    at the end of the batch (peer and cross-year rules depend on every report).
    """
    files = collect(paths)
    outcomes: list[Outcome] = []
    con = db.connect(db_path)
    try:
        if registry is None:
            registry = load_registry(db.registry_path(con))
        db.sync_registry(con, registry)
        for i, (path, report, data, error, sha) in enumerate(_parsed(files, jobs), start=1):
            if report is None:
                if not os.path.exists(path):
                    error = "文件不存在"
                db.record_error(con, path, error, sha)
                outcome = Outcome(path, FAILED, reason=error)
            else:
                try:
                    agency = registry.resolve(report.agency)
                    saved = db.save_report(con, report, data, agency=agency)
                    outcome = Outcome(path, saved.status, agency.name, report.year, report_id=saved.report_id)
                except Exception as exc:
                    reason = f"写入数据库失败：{type(exc).__name__}: {exc}"
                    db.record_error(con, path, reason, sha)
                    outcome = Outcome(path, FAILED, report.agency, report.year, reason)
            outcomes.append(outcome)
            if progress:
                progress(i, len(files), outcome)
        if check:
            _check(con)
    finally:
        con.close()
    return outcomes

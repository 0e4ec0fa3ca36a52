"""Ingest a batch of files: parse each (in parallel when asked, or on a Dask cluster), store
them through the one write path, checking what each stored batch changed.

One bad file never stops a batch: its error is recorded (with the file and the reason)
and the batch goes on. Files are reported as they finish, not in file order, so a slow
file holds nobody's progress up. Parsed reports are stored up to STORE_BATCH in one
write (a commit per report cost more than its rows), or fewer once they have waited a
second while the next parse is not ready. When such a write fails, its reports are
stored again one per transaction, so only the one at fault fails and nothing stored
before is lost (disclosure/store/ops.py `store_reports`).

The source documents go to the database's documents folder here, in the process that
read them (disclosure/store/files.py); the write carries the parsed reports only.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from .. import limits, names, workers
from ..extract import read_file, sha256_of
from ..model import DisclosureError, Report
from ..parse import parse_file
from ..registry import Registry
from . import db, ops, writes

FAILED = ops.FAILED
STORE_BATCH = 50  # reports per write
STORE_AFTER = 1.0  # seconds a parsed file may wait to be stored while the next parse is not ready
SKIP_SUFFIXES = (".json", ".md", ".duckdb", ".wal", ".tmp", ".crdownload", ".part", ".lock")  # not reports


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
    A database's own documents folder (`<db>.files`) is not a folder of reports.

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
                dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.endswith(".files"))
                for f in sorted(files):
                    if not f.startswith(".") and not f.lower().endswith(SKIP_SUFFIXES):
                        out.append(names.shown(os.path.join(root, f)))
            out += [names.shown(d) for d in unreadable if d]
        else:
            out.append(names.shown(p))
    return out


Parsed = tuple  # (index, path, report or None, bytes or None, error or None, sha256 or None)


def parse_one(path: str, data: bytes | None = None,
              limit_settings: dict | None = None) -> tuple[Report | None, bytes | None, str | None, str | None]:
    """(report, bytes, error, sha256) of one file; never raises: runs in a worker process
    or on a cluster, where an exception would end more than this file. A report nothing
    names is returned as any other: the store keeps it pending (待确认)."""
    if limit_settings is not None:  # on a cluster's worker: the batch's limits, not the worker's
        limits.apply(limit_settings)
    sha = None
    try:
        if data is None:
            data = read_file(path)
        sha = sha256_of(data)
        return parse_file(path, data), data, None, sha
    except DisclosureError as exc:
        return None, None, exc.reason, sha
    except Exception as exc:  # never let one file end the batch
        return None, None, f"意外错误：{type(exc).__name__}: {exc}", sha


def _parse_indexed(i: int, path: str, source: str | None = None) -> Parsed:
    """File `i` parsed; `source`: where its bytes are when that is not `path` (a stored
    document, parsed again under the name it came with)."""
    if source is None:
        return (i, path, *parse_one(path))
    try:
        data = read_file(source)
    except DisclosureError as exc:
        return (i, path, None, None, exc.reason, None)
    return (i, path, *parse_one(path, data))


NOT_IN_FOLDER = "原始文件不在数据库的文档目录中，无法重新解析"
CRASHED = "解析进程意外退出（可能是此文件使解析库崩溃），未能读取；请单独导入此文件查看"


def _worker_start(jobs: int, limit_settings: dict) -> None:
    """A parse worker takes the batch's limits and shares the cores with the others: its OCR
    takes only its share."""
    from ..extract import ocr

    limits.apply(limit_settings)
    ocr.set_threads(max(1, (os.cpu_count() or 1) // jobs))


class _Local:
    """Parses in this process (one job) or in worker processes, yielding as files finish."""

    def __init__(self, jobs: int):
        self.jobs = jobs

    def run(self, files: list["Job"]) -> Iterator[Parsed | None]:
        """Each file's parse as it finishes; None while none is ready (time to store)."""
        if self.jobs <= 1 or len(files) < 4:
            for i, job in enumerate(files):
                yield _parse_indexed(i, job.path, job.source)
            return
        with workers.pool(self.jobs, _worker_start, (self.jobs, limits.current())) as pool:
            pending = {pool.submit(_parse_indexed, i, job.path, job.source): (i, job.path)
                       for i, job in enumerate(files)}
            yield from _as_finished(pending)  # a batch ended early leaves nothing queued


def _as_finished(pending: dict) -> Iterator[Parsed | None]:
    """Futures' results as they finish; a future that failed (a worker that died, a
    library crashing on its file) fails its file instead of the batch."""
    while pending:
        done, _ = wait(pending, timeout=STORE_AFTER, return_when=FIRST_COMPLETED)
        if not done:
            yield None
            continue
        for future in sorted(done, key=lambda f: pending[f][0]):
            i, path = pending.pop(future)
            yield _outcome_of(future, i, path)


def _outcome_of(future: Future, i: int, path: str) -> Parsed:
    try:
        result = future.result()
    except Exception:
        return (i, path, None, None, CRASHED, None)
    return result if len(result) == 6 else (i, path, *result)


class _Cluster:
    """Parses on a Dask distributed cluster: each file's bytes go to a worker, the parsed
    report comes back; the store stays here, with its one writer."""

    def __init__(self, address: str):
        self.address = address

    def run(self, files: list["Job"]) -> Iterator[Parsed | None]:
        try:
            from distributed import Client, as_completed
        except ImportError:  # pragma: no cover - a dependency of the package
            raise DisclosureError("未安装 dask[distributed]，无法使用 --cluster") from None
        try:
            client = Client(self.address, timeout="10s")
        except Exception as exc:
            raise DisclosureError(f"无法连接 Dask 调度器 {self.address}：{type(exc).__name__}: {exc}") from None
        try:
            futures = {}
            for i, job in enumerate(files):
                path = job.path
                try:
                    data = read_file(job.source or path)
                except DisclosureError as exc:
                    yield (i, path, None, None, exc.reason, None)
                    continue
                futures[client.submit(parse_one, path, data, limits.current(), pure=False)] = (i, path)
            for future in as_completed(list(futures)):
                i, path = futures[future]
                try:
                    result = future.result()
                except Exception:
                    result = (None, None, CRASHED, None)
                yield (i, path, *result)
        finally:
            client.close()


@dataclass(frozen=True)
class Job:
    """A file to parse: its name as shown (and parsed), where its bytes are when elsewhere
    (a stored document), and the stored version it is a new parse of."""

    path: str
    source: str | None = None
    version: int | None = None


class _Store:
    """Parsed files waiting to be stored, and storing them through the write path."""

    def __init__(self, db_path: str, jobs: list[Job], progress, outcomes: dict[int, Outcome], check: bool,
                 on_wait, user, batch: str):
        self.db_path, self.jobs, self.progress, self.outcomes = db_path, jobs, progress, outcomes
        self.check, self.on_wait, self.user, self.batch = check, on_wait, user, batch
        self.pending: list[Parsed] = []
        self.since = 0.0  # when the oldest pending file was parsed
        self.rule_errors: list[str] = []
        self.seconds = {"parse": 0.0, "store": 0.0, "check": 0.0}

    def add(self, parsed: Parsed) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(parsed)
        if sum(p[2] is not None for p in self.pending) >= STORE_BATCH:
            self.flush()

    def idle(self) -> None:
        """The next parse is not ready: store what waited long enough, so progress goes on."""
        if self.pending and time.monotonic() - self.since >= STORE_AFTER:
            self.flush()

    def _wire(self, i: int, report: Report) -> dict:
        out = ops.wire(report)
        if self.jobs[i].version is not None:
            out["version"] = self.jobs[i].version
        return out

    def flush(self) -> None:
        if not self.pending:
            return
        pending = sorted(self.pending, key=lambda p: p[0])  # within a write, the later file of an agency wins
        self.pending = []
        reports, errors = [], []
        for i, path, report, data, error, sha in pending:
            if report is not None:
                db.store_document(self.db_path, report, data)
                reports.append((i, report))
            else:
                job = self.jobs[i]
                if not os.path.lexists(job.source or names.real(path)):
                    error = NOT_IN_FOLDER if job.source else "文件不存在"
                errors.append({"path": path, "reason": error, "sha256": sha})
        result = writes.write(self.db_path, "store_reports", user=self.user, on_wait=self.on_wait,
                              reports=[self._wire(i, r) for i, r in reports], errors=errors, check=self.check,
                              batch=self.batch)
        self.rule_errors += result["errors"]
        for k, v in (result.get("seconds") or {}).items():
            self.seconds[k] += v
        finished = {i: Outcome(report.path, o["status"], o.get("agency"), o.get("year"), o.get("reason"),
                               o.get("report_id"))
                    for (i, report), o in zip(reports, result["outcomes"])}
        for (i, path, *_), e in zip((p for p in pending if p[2] is None), errors):
            finished[i] = Outcome(path, FAILED, reason=e["reason"])
        for i in sorted(finished):
            self.outcomes[i] = finished[i]
            if self.progress:
                self.progress(len(self.outcomes), len(self.jobs), finished[i])


@dataclass
class Result:
    outcomes: list[Outcome]
    rule_errors: list[str]  # rules that crashed in the checks of this ingest (Chinese)
    seconds: dict  # where the time went: parse (in this process), store, check (by the owner)
    batch: str = ""  # the name its versions carry (report_versions.batch)


def new_batch() -> str:
    """A name for one ingest (an upload): when it started, and something unique."""
    import uuid
    from datetime import datetime

    return f"{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}"


def ingest(
    paths: Iterable[str],
    db_path: str,
    jobs: int = 1,
    progress: Callable[[int, int, Outcome], None] | None = None,
    registry: Registry | None = None,
    check: bool = True,
    cluster: str | None = None,
    on_wait: Callable[[str], None] | None = None,
    user: str | None = None,
) -> list[Outcome]:
    """Parse and store every file under `paths`; returns one Outcome per file, in file order."""
    return ingest_batch(paths, db_path, jobs, progress, registry, check, cluster, on_wait, user).outcomes


def ingest_batch(paths, db_path, jobs=1, progress=None, registry=None, check=True, cluster=None,
                 on_wait=None, user=None, metadata: dict[str, dict] | None = None) -> Result:
    """ingest(), with the errors of rules that crashed while checking.

    `metadata` maps a file's path to what is known of it besides its bytes (see
    `with_metadata`): the URL it was downloaded from and the date of the page it was on.

    Each printed agency name is resolved through the database's registry, which becomes
    `registry` first when one is given (a database never given one takes
    data/agencies.csv). A registry that says anything new is followed by a full check at
    the end (every agency's peers and expectations may have moved); otherwise each write
    checks what it changed.
    """
    if registry is None:
        given = {}
    elif registry.path:
        given = {"path": str(registry.path)}
    else:
        given = {"agencies": ops.registry_rows(registry)}
    return _run([Job(p) for p in collect(paths)], db_path, jobs, progress, given, check, cluster, on_wait, user,
                metadata)


def reparse(db_path: str, jobs: int = 1, progress=None, check: bool = True, cluster: str | None = None,
            on_wait=None, user=None) -> Result:
    """Every stored document version parsed again by this parser, from the documents folder
    and under the name it came with (after a parser upgrade): each version's rows are
    replaced in place, the corrections made on it applied again, its place kept."""
    from . import files as F

    if not os.path.exists(db_path):
        raise DisclosureError("数据库不存在（先运行 disclosure ingest）", db_path)
    with writes.reading(db_path, on_wait=on_wait) as con:
        stored = con.execute(
            """SELECT v.report_id, v.source_path, v.sha256, d.ending FROM report_versions v
               LEFT JOIN documents d USING (sha256) ORDER BY v.report_id""").fetchall()
    folder_jobs = [Job(path, F.path(db_path, sha, ending or ""), rid) for rid, path, sha, ending in stored]
    return _run(folder_jobs, db_path, jobs, progress, {}, check, cluster, on_wait, user)


def _run(jobs_list: list[Job], db_path, jobs, progress, given: dict, check, cluster, on_wait, user,
         metadata: dict[str, dict] | None = None) -> Result:
    synced = writes.write(db_path, "sync_registry", user=user, on_wait=on_wait, **given)
    outcomes: dict[int, Outcome] = {}
    batch = new_batch()
    store = _Store(db_path, jobs_list, progress, outcomes, check and not synced["changed"], on_wait, user, batch)
    source = _Cluster(cluster) if cluster else _Local(jobs)
    started = time.perf_counter()
    known = {names.shown(p): m for p, m in (metadata or {}).items()}
    for parsed in source.run(jobs_list):
        if parsed is None:
            store.idle()
        else:
            if parsed[2] is not None and parsed[1] in known:
                with_metadata(parsed[2], known[parsed[1]])
            store.add(parsed)
    store.flush()
    seconds = dict(store.seconds)
    seconds["parse"] = max(0.0, time.perf_counter() - started - seconds["store"] - seconds["check"])
    rule_errors = store.rule_errors
    if check and (synced["changed"] or _stale(db_path)):
        t = time.perf_counter()
        try:
            rule_errors = writes.write(db_path, "check", user=user, on_wait=on_wait)["errors"]
        except DisclosureError as exc:  # the reports are stored; their findings are marked out of date
            rule_errors = [exc.reason]
        seconds["check"] += time.perf_counter() - t
    return Result([outcomes[i] for i in sorted(outcomes)], rule_errors, seconds, batch)


def with_metadata(report: Report, meta: dict) -> Report:
    """The report with what its file's metadata adds: `source_url` (its provenance) and
    `published`, the date of the page it was published on, taken only when the document
    prints none (identity["published"] = "page" says so)."""
    if meta.get("source_url"):
        report.source_url = meta["source_url"]
    if not report.published and meta.get("published"):
        report.published = meta["published"]
        report.identity["published"] = "page"
    return report


def _stale(db_path: str) -> bool:
    from ..checks.run import STALE_KEY

    with writes.reading(db_path) as con:
        return con.execute("SELECT count(*) FROM settings WHERE key = ?", [STALE_KEY]).fetchone()[0] > 0

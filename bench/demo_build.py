"""How long the default demo database takes to build (`make db`): the budget is 3 minutes on 2 cores.

    PYTHONPATH=$PWD python bench/demo_build.py [--jobs 2] [--agencies N] [--save bench/results/demo_build.txt]

Runs what `make db` runs, in one process so that the parts can be timed: `disclosure demo`
(the whole city by default) into a temporary folder, then `disclosure ingest` of its docs
and data/samples with the demo registry, the rules included, into a fresh database. Prints
wall time and CPU time of each step and of the ingest's parts:

- parse: CPU seconds of the parse workers (extract + parse, OCR of the scans included);
- store: wall seconds the main process spent writing reports, and how many transactions;
- wait: wall seconds the main process waited for the next file's parse;
- checks: wall seconds of the rule catalog at the end.

The machine's load (1-minute average) is printed before and after each step: other work
on the machine slows every step, so figures taken under load are not comparable. CPU time
of LibreOffice is included in generation when its processes are reaped by ours.
Prints figures; it is not a test.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from output import emit  # noqa: E402  (bench/output.py)
from disclosure.demo.corpus import build  # noqa: E402
from disclosure.registry import load_registry  # noqa: E402
from disclosure.store import db  # noqa: E402
from disclosure.store import ingest as ingest_module  # noqa: E402

BUDGET = 180.0  # seconds, issue 5


def cpu() -> tuple[float, float]:
    """(this process's CPU seconds, its reaped children's)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def load() -> float:
    return os.getloadavg()[0]


class Timer:
    """Wall seconds spent inside a function of a module, and how many calls."""

    def __init__(self, module, name: str):
        self.module, self.name, self.real = module, name, getattr(module, name)
        self.seconds, self.calls = 0.0, 0

    def __enter__(self):
        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return self.real(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start
                self.calls += 1

        setattr(self.module, self.name, timed)
        return self

    def __exit__(self, *exc):
        setattr(self.module, self.name, self.real)


class Waited:
    """A parse's future whose result() counts the seconds the main process waits for it."""

    seconds = 0.0

    def __init__(self, future):
        self.future = future

    def done(self) -> bool:
        return self.future.done()

    def result(self):
        start = time.perf_counter()
        try:
            return self.future.result()
        finally:
            Waited.seconds += time.perf_counter() - start


def progress(i: int, n: int, outcome) -> None:
    if i % 100 == 0 or i == n:
        print(f"[入库] {i}/{n}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1), help="as make db (2 on 2 cores)")
    ap.add_argument("--agencies", type=int, default=None, help="about this many agencies (default: the whole city)")
    ap.add_argument("--save", default=str(ROOT / "bench" / "results" / "demo_build.txt"))
    args = ap.parse_args(argv)

    lines = [f"# bench/demo_build.py — {time.strftime('%Y-%m-%d %H:%M')} — Python {platform.python_version()}, "
             f"{os.cpu_count()} cores, --jobs {args.jobs}, load before {load():.1f}"]
    with tempfile.TemporaryDirectory(prefix="disclosure-demo-build-") as tmp:
        out_dir, db_path = os.path.join(tmp, "demo"), os.path.join(tmp, "demo.duckdb")

        l0, (own0, kids0), t0 = load(), cpu(), time.perf_counter()
        summary = build(out_dir, agencies=args.agencies, jobs=args.jobs,
                        progress=lambda m: print(m, file=sys.stderr, flush=True))
        t1, (own1, kids1), l1 = time.perf_counter(), cpu(), load()
        gen_wall, gen_cpu = t1 - t0, (own1 - own0) + (kids1 - kids0)

        registry = load_registry(os.path.join(out_dir, "agencies.csv"))
        parsed = ingest_module._parsed
        ingest_module._parsed = lambda paths, jobs: (Waited(f) for f in parsed(paths, jobs))
        try:
            with Timer(db, "save_reports") as batches, Timer(db, "save_report") as singles, \
                    Timer(ingest_module, "_check") as checks:
                outcomes = ingest_module.ingest([os.path.join(out_dir, "docs"), str(ROOT / "data" / "samples")],
                                                db_path, jobs=args.jobs, progress=progress, registry=registry)
        finally:
            ingest_module._parsed = parsed
        t2, (own2, kids2), l2 = time.perf_counter(), cpu(), load()

    failed = sum(o.status == ingest_module.FAILED for o in outcomes)
    ingest_wall = t2 - t1
    total = t2 - t0
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(summary.formats.items(), key=lambda x: -x[1]))
    lines += [
        f"corpus: {summary.agencies} agencies, {summary.documents} reports ({kinds}) + data/samples; "
        f"{len(outcomes)} files ingested, {failed} failed",
        "",
        f"{'step':<12}{'wall s':>8}{'CPU s':>8}   load before → after",
        f"{'generation':<12}{gen_wall:>8.1f}{gen_cpu:>8.1f}   {l0:.1f} → {l1:.1f}",
        f"{'ingest':<12}{ingest_wall:>8.1f}{(own2 - own1) + (kids2 - kids1):>8.1f}   {l1:.1f} → {l2:.1f}",
        f"{'  parse':<12}{'':>8}{kids2 - kids1:>8.1f}   CPU of the {args.jobs} parse workers",
        f"{'  main':<12}{'':>8}{own2 - own1:>8.1f}   CPU of the main process (store, checks, collecting results)",
        f"{'  store':<12}{batches.seconds + singles.seconds:>8.1f}{'':>8}   "
        f"{batches.calls} batch transactions, {singles.calls} single (after a failed batch)",
        f"{'  wait':<12}{Waited.seconds:>8.1f}{'':>8}   main process waiting for the next parse",
        f"{'  checks':<12}{checks.seconds:>8.1f}",
        f"{'total':<12}{total:>8.1f}{gen_cpu + (own2 - own1) + (kids2 - kids1):>8.1f}   "
        f"budget {BUDGET:.0f} s: {'within' if total <= BUDGET else 'OVER'} ({total / BUDGET:.0%})",
    ]
    emit("\n".join(lines) + "\n", args.save)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The bad-input suite: 200+ bad files of every kind (tests/bad_corpus.py) ingested in one
batch, through the library's ingest, into a database holding the real reports. No
traceback, no hang, one clear line per refused file, the real reports' cells unchanged,
and the check run over everything still works."""
from __future__ import annotations

import multiprocessing
import os
import re
import time

import duckdb
import pytest

from disclosure.workers import hidden_main

from disclosure.store.ingest import ingest

from . import bad_corpus
from .conftest import SAMPLES

BOUND = 240  # seconds for the whole batch: a file that blocks or spins would pass it
CJK = re.compile(r"[\u4e00-\u9fff]")
NOT_CLEAR = ("Traceback", "意外错误", "解析失败：", "写入数据库失败", "解析进程意外退出", "Error:", "Exception")


def _batch(paths: list[str], db: str, jobs: int, queue) -> None:
    start = time.perf_counter()
    outcomes = ingest(paths, db, jobs=jobs)
    queue.put(([(o.path, o.status, o.reason) for o in outcomes], time.perf_counter() - start))


def ingest_bounded(paths: list[str], db: str, jobs: int = 2) -> tuple[list[tuple], float]:
    """ingest() in a fresh process (no threads inherited), stopped if it outlives BOUND."""
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_batch, args=(paths, db, jobs, queue))
    with hidden_main():  # the dashboard tests leave their page script as __main__
        proc.start()
    try:
        result = queue.get(timeout=BOUND)
    except Exception:
        proc.kill()
        pytest.fail(f"the batch did not finish within {BOUND} s (a hang)")
    proc.join(30)
    assert proc.exitcode == 0, "the ingest process died"
    return result


def real_cells(db: str) -> list[tuple]:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute("""SELECT r.source_name, c.table_key, c.row_key, c.column_key, c.value, c.raw
                              FROM cells c JOIN reports r USING (report_id)
                              WHERE r.source_name IN (SELECT name FROM documents) AND r.source_path LIKE ?
                              ORDER BY ALL""", [f"{SAMPLES}%"]).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    db = str(root / "store.duckdb")
    real = sorted(str(p) for p in SAMPLES.iterdir() if not p.name.endswith((".json", ".md")))
    first, _ = ingest_bounded(real, db, jobs=1)
    assert [s for _, s, _ in first] == ["stored"] * 4
    before = real_cells(db)
    expects = bad_corpus.write(root / "files")
    outcomes, seconds = ingest_bounded([str(root / "files")], db)
    print(f"{len(outcomes)} bad files ingested in {seconds:.1f} s")
    return db, expects, {os.path.relpath(p, root / "files"): (s, r) for p, s, r in outcomes}, before


def test_the_corpus_has_every_kind_and_over_200_files(batch):
    _, expects, outcomes, _ = batch
    assert len(expects) >= 200
    assert set(outcomes) == set(expects)  # every file came out, once


def test_every_file_gives_what_it_should(batch):
    _, expects, outcomes, _ = batch
    wrong = []
    for name, expect in sorted(expects.items()):
        status, reason = outcomes[name]
        if expect.status == bad_corpus.EITHER:
            ok = status != "failed" or reason
        else:
            ok = (status in ("stored", "replaced") if expect.status == "stored" else status == "failed")
            ok = ok and (expect.words is None or expect.words in (reason or ""))
        if not ok:
            wrong.append(f"{name}: expected {expect.status} {expect.words or ''}, got {status} {reason}")
    assert not wrong, "\n".join(wrong)


def test_each_refused_file_has_one_clear_line(batch):
    _, _, outcomes, _ = batch
    for name, (status, reason) in outcomes.items():
        if status != "failed":
            continue
        assert reason and "\n" not in reason and "\r" not in reason, name
        assert CJK.search(reason), (name, reason)  # said in Chinese
        assert not any(w in reason for w in NOT_CLEAR), (name, reason)  # a cause, not a crash
        assert len(reason) < 300, (name, reason)


def test_the_errors_are_recorded_and_the_check_ran(batch):
    db, _, outcomes, _ = batch
    con = duckdb.connect(db, read_only=True)
    try:
        errors = con.execute("SELECT path, reason FROM ingest_errors").fetchall()
        ranges = con.execute("SELECT count(*) FROM findings WHERE rule = 'VAL.RANGE'").fetchone()[0]
    finally:
        con.close()
    assert not [e for e in errors if e[0] == "disclosure check"]  # every rule ran over it all
    assert len(errors) == sum(s == "failed" for s, _ in outcomes.values())
    assert all(p.encode("utf-8") for p, _ in errors)
    assert ranges >= 2  # 10⁴⁰ and a 400-digit count, found


def test_the_real_reports_are_unchanged(batch):
    db, _, _, before = batch
    after = real_cells(db)
    assert len(before) > 700 and after == before

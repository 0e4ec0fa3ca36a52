"""Writers at the same time all land: the one write path (disclosure/store/writes.py).

The dashboard serves a database (here: Streamlit's AppTest in this process, which holds
the file as `disclosure serve` does) while two CLI ingests of disjoint files and a CLI
review run at once; with no dashboard, two CLI ingests take turns on the file. Every
report and the review are there at the end, no writer printed a traceback, and a writer
that had to wait said so in one line.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from disclosure.store import writes
from disclosure.store.ingest import ingest

from .conftest import REAL, ROOT, rows

SEED = REAL / "shenchi-education-2023.txt"
APP = str(ROOT / "dashboard" / "app.py")
CLI = [sys.executable, "-m", "disclosure"]


def _reports(folder, prefix: str, n: int) -> str:
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(n):
        (folder / f"{prefix}{i}.txt").write_text(text.replace("神池县教育科技局", f"神池县{prefix}第{i}局"),
                                               encoding="utf-8")
    return str(folder)


def _start(*args) -> subprocess.Popen:
    return subprocess.Popen([*CLI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=str(ROOT), env={**os.environ, "PYTHONPATH": str(ROOT)})


def _finish(proc: subprocess.Popen, timeout: int = 240) -> tuple[int, str]:
    out, err = proc.communicate(timeout=timeout)
    assert "Traceback" not in err and "Traceback" not in out, err[-2000:]
    return proc.returncode, out + err


@pytest.fixture
def seeded(tmp_path):
    db = str(tmp_path / "served.duckdb")
    ingest([str(SEED)], db)
    [(fingerprint,)] = rows(db, "SELECT fingerprint FROM findings WHERE rule = 'T3.DETAIL_SUM' LIMIT 1")
    return db, fingerprint


def test_cli_writers_land_while_the_dashboard_serves_the_database(seeded, tmp_path, monkeypatch):
    db, fingerprint = seeded
    monkeypatch.setenv("DISCLOSURE_DB", db)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception
    assert next(m.value for m in at.metric if m.label == "报告数") == "1"
    a = _reports(tmp_path / "a", "甲", 12)
    b = _reports(tmp_path / "b", "乙", 12)
    procs = [_start("ingest", a, "--db", db, "--jobs", "1"), _start("ingest", b, "--db", db, "--jobs", "1"),
             _start("review", fingerprint, "--confirm", "--note", "核实无误", "--db", db)]
    results = [_finish(p) for p in procs]
    assert [code for code, _ in results] == [0, 0, 0], [text[-800:] for _, text in results]
    assert "已存储 12" in results[0][1] and "已存储 12" in results[1][1]
    assert rows(db, "SELECT count(*) FROM reports") == [(25,)]
    assert rows(db, "SELECT state, note FROM reviews WHERE fingerprint = ?", [fingerprint]) == [("confirmed", "核实无误")]
    at.run()  # the dashboard shows the new batches
    assert next(m.value for m in at.metric if m.label == "报告数") == "25"
    # and a CLI reader reads through the dashboard too
    listed = subprocess.run([*CLI, "reports", "--db", db], capture_output=True, text=True, cwd=str(ROOT))
    assert listed.returncode == 0 and "共 25 份报告" in listed.stdout, listed.stderr


def test_two_cli_ingests_take_turns_on_the_file(seeded, tmp_path):
    db, _ = seeded
    a = _reports(tmp_path / "a", "丙", 15)
    b = _reports(tmp_path / "b", "丁", 15)
    procs = [_start("ingest", a, "--db", db, "--jobs", "1"), _start("ingest", b, "--db", db, "--jobs", "1")]
    results = [_finish(p) for p in procs]
    assert [code for code, _ in results] == [0, 0], [text[-800:] for _, text in results]
    assert rows(db, "SELECT count(*) FROM reports") == [(31,)]
    assert rows(db, "SELECT count(*) FROM agencies WHERE name LIKE '神池县丙%' OR name LIKE '神池县丁%'") == [(30,)]


def test_a_writer_that_waits_says_so_once(tmp_path):
    from disclosure.store import owner

    db = str(tmp_path / "held.duckdb")
    ingest([str(SEED)], db)
    held = owner.Lock(db)
    assert held.try_take(exclusive=True)
    held.announce(owner.me("disclosure check"))
    said: list[str] = []
    import threading

    threading.Timer(1.0, held.release).start()
    writes.write(db, "migrate", on_wait=said.append)
    assert len(said) == 1 and said[0].startswith("数据库正在被disclosure check（进程") and "等待中" in said[0]


def test_a_page_reads_one_state_of_the_database(seeded, tmp_path, monkeypatch):
    # a snapshot taken before a write does not see it; the next one does
    from dashboard import data

    db, fingerprint = seeded
    monkeypatch.setenv("DISCLOSURE_DB", db)
    with data.snapshot() as snap:
        before = snap.cursor.execute("SELECT count(*) FROM reviews").fetchone()[0]
        data.write("review", fingerprint=fingerprint, state="dismissed", note="同一页内不应看到")
        assert snap.cursor.execute("SELECT count(*) FROM reviews").fetchone()[0] == before
    with data.snapshot() as snap:
        assert snap.cursor.execute("SELECT count(*) FROM reviews").fetchone()[0] == before + 1


def test_a_database_another_program_holds_is_waited_for_not_a_traceback(tmp_path):
    # the DuckDB shell (any program that does not take our lock) holding the file
    db = str(tmp_path / "foreign.duckdb")
    ingest([str(SEED)], db)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({db!r}); "
                               "print('held', flush=True); time.sleep(3)"], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    review = _start("review", "0000", "--confirm", "--db", db)
    code, text = _finish(review)
    holder.wait()
    assert "等待中" in text and "另一个程序（进程" in text  # said once, then it went on
    assert code == 1 and "没有编号为 0000 的发现" in text  # and reached the database in the end

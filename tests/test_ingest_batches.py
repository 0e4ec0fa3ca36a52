"""Ingest stores reports in batches (one transaction for many) with the guarantees of one
transaction per report: a report that cannot be stored fails alone and is recorded, what
was stored before survives, the later file of an agency and year wins, and progress is
reported once per file, as files finish."""
from __future__ import annotations

import duckdb
import pytest

from disclosure.store import db
from disclosure.store.ingest import FAILED, ingest

from .conftest import REAL

SEED = REAL / "shenchi-education-2023.txt"
AGENCY = "神池县教育科技局"


def _write(folder, name: str, agency: str, penalty: int = 0):
    text = SEED.read_text(encoding="utf-8").replace(AGENCY, agency).replace("行政处罚\t0", f"行政处罚\t{penalty}")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(db_path, sql, params=()):
    con = duckdb.connect(db_path, read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _penalties(db_path) -> dict[str, float]:
    return dict(_rows(db_path, """SELECT a.name, c.value FROM cells c JOIN reports r USING (report_id)
                                  JOIN agencies a USING (agency_id) WHERE c.row_key = 'penalty'"""))


@pytest.fixture
def refuse(monkeypatch):
    """Make storing any report of the agency named fail, as a broken row would."""
    def refuse_agency(name: str):
        real = db.upsert_agency

        def upsert(con, agency, registered=False):
            if agency.name == name and not registered:
                raise RuntimeError("磁盘已满")
            return real(con, agency, registered)

        monkeypatch.setattr(db, "upsert_agency", upsert)
    return refuse_agency


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_report_that_cannot_be_stored_fails_alone_and_is_recorded(tmp_db, tmp_path, refuse, jobs):
    for i in range(6):
        _write(tmp_path, f"r{i}.txt", f"神池县第{i}局", penalty=i)
    refuse("神池县第3局")
    seen = []
    outcomes = ingest([str(tmp_path)], tmp_db, jobs=jobs, check=False,
                      progress=lambda i, n, o: seen.append((i, n, o.path)))
    assert [o.status for o in outcomes] == ["stored"] * 3 + [FAILED] + ["stored"] * 2
    assert "写入数据库失败" in outcomes[3].reason and "磁盘已满" in outcomes[3].reason
    assert _penalties(tmp_db) == {f"神池县第{i}局": i for i in (0, 1, 2, 4, 5)}
    [(path, reason)] = _rows(tmp_db, "SELECT path, reason FROM ingest_errors")
    assert path.endswith("r3.txt") and "磁盘已满" in reason
    # progress once per file, numbered in file order
    assert seen == [(i + 1, 6, str(tmp_path / f"r{i}.txt")) for i in range(6)]


def test_a_failed_replacement_keeps_the_report_stored_before(tmp_db, tmp_path, refuse):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    for i in range(3):
        _write(first, f"r{i}.txt", f"神池县第{i}局", penalty=1)
        _write(second, f"r{i}.txt", f"神池县第{i}局", penalty=2)
    ingest([str(first)], tmp_db, check=False)
    refuse("神池县第1局")
    outcomes = ingest([str(second)], tmp_db, check=False)
    assert [o.status for o in outcomes] == ["replaced", FAILED, "replaced"]
    assert _penalties(tmp_db) == {"神池县第0局": 2, "神池县第1局": 1, "神池县第2局": 2}
    assert _rows(tmp_db, "SELECT count(*) FROM cells JOIN reports USING (report_id)")[0][0] == 3 * 200
    # the two replaced documents are kept as versions; the refused one left nothing
    assert _rows(tmp_db, "SELECT status, count(*) FROM report_versions GROUP BY ALL ORDER BY 1") == [
        ("current", 3), ("superseded", 2)]


def test_the_later_file_of_an_agency_and_year_in_one_batch_wins(tmp_db, tmp_path):
    _write(tmp_path, "a-first.txt", "神池县第0局", penalty=5)
    _write(tmp_path, "b-other.txt", "神池县第1局", penalty=1)
    _write(tmp_path, "c-second.txt", "神池县第0局", penalty=7)
    outcomes = ingest([str(tmp_path)], tmp_db, check=False)
    assert [o.status for o in outcomes] == ["stored", "stored", "replaced"]
    assert _penalties(tmp_db) == {"神池县第0局": 7, "神池县第1局": 1}
    assert _rows(tmp_db, "SELECT count(*) FROM reports")[0][0] == 2
    assert _rows(tmp_db, "SELECT count(*) FROM cells JOIN reports USING (report_id)")[0][0] == 2 * 200
    assert _rows(tmp_db, "SELECT status FROM report_versions WHERE report_id = ?", [outcomes[0].report_id]) == [
        ("superseded",)]
    assert _rows(tmp_db, "SELECT source_name FROM reports r JOIN agencies a USING (agency_id) "
                         "WHERE a.name = '神池县第0局'") == [("c-second.txt",)]


def test_reingesting_a_batch_leaves_every_report_unchanged(tmp_db, tmp_path):
    for i in range(4):
        _write(tmp_path, f"r{i}.txt", f"神池县第{i}局", penalty=i)
    first = ingest([str(tmp_path)], tmp_db, jobs=2, check=False)
    again = ingest([str(tmp_path)], tmp_db, jobs=2, check=False)
    assert [o.status for o in again] == ["unchanged"] * 4
    assert [o.report_id for o in again] == [o.report_id for o in first]
    assert _rows(tmp_db, "SELECT count(*) FROM cells")[0][0] == 4 * 200


def test_a_crashing_parser_fails_its_files_without_ending_the_batch(tmp_db, tmp_path, monkeypatch):
    # a parse library that kills its process on some file (as a segfault would): the
    # worker pool breaks; the batch still ends with an outcome per file and keeps what it had
    from disclosure.store import ingest as ingest_module

    _write(tmp_path, "a0.txt", "神池县第0局")
    ingest([str(tmp_path)], tmp_db, check=False)
    for i in range(1, 6):
        _write(tmp_path, f"a{i}.txt", f"神池县第{i}局", penalty=i)
    (tmp_path / "a3.txt").write_text("崩溃", encoding="utf-8")
    from .crashing_parser import parse_or_die

    monkeypatch.setattr(ingest_module, "_parse_indexed", parse_or_die)  # sent to the workers by name
    outcomes = ingest([str(tmp_path)], tmp_db, jobs=2, check=False)
    assert len(outcomes) == 6
    crashed = next(o for o in outcomes if o.path.endswith("a3.txt"))
    assert crashed.status == FAILED and "解析进程意外退出" in crashed.reason
    assert "神池县第0局" in _penalties(tmp_db)  # stored before: still there

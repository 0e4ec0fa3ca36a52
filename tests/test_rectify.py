"""整改: a confirmed finding sent to its agency with a deadline turns 已整改 when the corrected
report is ingested and the finding is gone; past its deadline it reads 逾期未整改."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from disclosure import rectify
from disclosure.cli import main
from disclosure.model import DisclosureError
from disclosure.render.text import render_text
from disclosure.store.ingest import ingest
from disclosure.store.writes import write

from . import dashboard_corpus as D
from .conftest import rows

AGENCY = "淮安市教育局"


def _file(folder, name: str, short: int = 0):
    r = D.report(AGENCY, 2023, 80, {}, 30)
    r["requests"]["total"]["total"] -= short  # 总计 short of what the rows add up to
    path = folder / name
    path.write_text(render_text(r, "tabs"), encoding="utf-8")
    return str(path)


def _finding(db: str) -> str:
    found = rows(db, "SELECT fingerprint FROM findings WHERE rule = 'T3.COLUMN_SUM' AND agency = ?", [AGENCY])
    assert len(found) == 1, rows(db, "SELECT rule, message FROM findings")
    return found[0][0]


def _state(db: str, fp: str):
    return rows(db, "SELECT state, fixed_document, fixed_at IS NOT NULL, deadline FROM rectifications "
                    "WHERE fingerprint = ?", [fp])[0]


@pytest.fixture
def sent(tmp_path):
    db = str(tmp_path / "r.duckdb")
    ingest([_file(tmp_path, "教育局2023年报.txt", short=5)], db)
    fp = _finding(db)
    write(db, "review", fingerprint=fp, state="confirmed", note="总计少 5 件")
    write(db, "rectify_send", fingerprints=[fp], deadline=(date.today() + timedelta(days=30)).isoformat(),
          note="请于期限内更正并重新发布")
    return db, fp, tmp_path


def test_a_corrected_report_ingested_settles_the_rectification(sent):
    db, fp, folder = sent
    assert _state(db, fp)[0] == rectify.PENDING
    # the agency republishes, still wrong: nothing is settled
    ingest([_file(folder, "教育局2023年报（重新发布）.txt", short=3)], db)
    assert _state(db, fp)[0] == rectify.PENDING
    # … then corrected: the finding is gone, and the rectification names the document and the date
    ingest([_file(folder, "教育局2023年报（更正）.txt")], db)
    state, document, dated, _deadline = _state(db, fp)
    assert (state, document, dated) == (rectify.FIXED, "教育局2023年报（更正）.txt", True)
    assert rows(db, "SELECT count(*) FROM findings WHERE fingerprint = ?", [fp]) == [(0,)]


def test_past_its_deadline_it_is_overdue(sent):
    db, fp, _folder = sent
    deadline = _state(db, fp)[3]
    assert rectify.status(rectify.PENDING, deadline) == rectify.PENDING
    assert rectify.status(rectify.PENDING, deadline, today=deadline + timedelta(days=1)) == rectify.OVERDUE
    write(db, "rectify_send", fingerprints=[fp], deadline=(date.today() - timedelta(days=1)).isoformat())
    assert rectify.status(*_state(db, fp)[::3]) == rectify.OVERDUE


def test_only_a_confirmed_finding_is_sent(tmp_path):
    db = str(tmp_path / "r.duckdb")
    ingest([_file(tmp_path, "教育局2023年报.txt", short=5)], db)
    fp = _finding(db)
    with pytest.raises(DisclosureError, match="只有已确认的问题才能下发整改"):
        write(db, "rectify_send", fingerprints=[fp], deadline="2030-01-31")
    write(db, "review", fingerprint=fp, state="confirmed")
    with pytest.raises(DisclosureError, match="整改期限应写作 YYYY-MM-DD"):
        write(db, "rectify_send", fingerprints=[fp], deadline="下个月")
    assert rows(db, "SELECT count(*) FROM rectifications") == [(0,)]


def test_the_command_line_sends_and_lists(sent, capsys):
    db, fp, folder = sent
    assert main(["rectify", "--list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert AGENCY in out and "待整改 1" in out
    ingest([_file(folder, "教育局2023年报（更正）.txt")], db)
    assert main(["rectify", "--list", "--db", db]) == 0
    assert "已整改 1" in capsys.readouterr().out

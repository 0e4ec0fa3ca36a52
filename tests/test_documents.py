"""Source documents live beside the database, in its content-addressed documents folder.

The database keeps each document's hash, name, format and size; downloads read the
folder; a document gone from it is a clear message, not a crash; a database made before
the folder existed moves its documents out on open, its reviews kept.
"""
from __future__ import annotations

import os

import duckdb
from streamlit.testing.v1 import AppTest

from disclosure.store import db as store_db
from disclosure.store import files
from disclosure.store.ingest import ingest

from .conftest import REAL, ROOT, rows

SEED = REAL / "shenchi-education-2023.txt"
PDF = REAL / "huaian-city-2024.pdf"
APP = str(ROOT / "dashboard" / "app.py")


def test_documents_are_kept_once_under_their_hash(tmp_db):
    outcomes = ingest([str(SEED), str(PDF)], tmp_db)
    stored = rows(tmp_db, "SELECT sha256, name, format, size, ending FROM documents ORDER BY name")
    assert [(n, f, s) for _, n, f, s, _ in stored] == [("huaian-city-2024.pdf", "pdf", PDF.stat().st_size),
                                                       ("shenchi-education-2023.txt", "txt", SEED.stat().st_size)]
    for sha, _name, _fmt, _size, ending in stored:
        path = files.path(tmp_db, sha, ending)
        assert path.startswith(tmp_db + ".files" + os.sep + sha[:2] + os.sep)
    assert files.read(tmp_db, stored[0][0], stored[0][4]) == PDF.read_bytes()
    # the database file holds no document bytes
    assert "bytes" not in {r[0] for r in rows(tmp_db, "SELECT column_name FROM information_schema.columns "
                                                      "WHERE table_name = 'documents'")}
    assert len(outcomes) == 2


def test_a_document_gone_from_the_folder_is_a_clear_message(tmp_path, monkeypatch):
    db = str(tmp_path / "d.duckdb")
    [o] = ingest([str(SEED)], db)
    [(sha, ending)] = rows(db, "SELECT sha256, ending FROM documents")
    os.remove(files.path(db, sha, ending))
    monkeypatch.setenv("DISCLOSURE_DB", db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["report"] = str(o.report_id)
    at.switch_page("views/report.py").run()
    assert not at.exception
    assert any("无法下载原始文件" in w.value and "原始文件不在文档目录中" in w.value for w in at.warning)
    html = "".join(m.value for m in at.markdown)
    assert "三、本年度办理结果" in html  # the rest of the page is there


def _old_database(path: str) -> None:
    """A database as version 8 of the schema made it: documents as BLOBs, a review."""
    con = duckdb.connect(path)
    for version, name, sql in store_db.migrations():
        if version > 8:
            break
        con.execute(sql.read_text(encoding="utf-8"))
        con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO agencies (name) VALUES ('神池县教育科技局')")
    con.execute("""INSERT INTO reports (agency_id, year, template, printed_agency, source_path, source_name, sha256,
                                        format, extractor, parser_version)
                   VALUES (1, 2023, '2021', '神池县教育科技局', 'x.txt', 'x.txt', 'abc123', 'txt', 'text', '1.0')""")
    con.execute("INSERT INTO documents VALUES ('abc123', 'x.txt', 'txt', ?)", [SEED.read_bytes()])
    con.execute("""INSERT INTO reviews (fingerprint, agency, year, rule, cells, state, note)
                   VALUES ('f00d', '神池县教育科技局', 2023, 'T3.DETAIL_SUM', [], 'confirmed', '已核实')""")
    con.close()


def test_an_older_database_moves_its_documents_out_and_keeps_its_reviews(tmp_path):
    db = str(tmp_path / "old.duckdb")
    _old_database(db)
    con = store_db.connect(db)
    try:
        assert con.execute("SELECT size, ending FROM documents").fetchall() == [(SEED.stat().st_size, ".txt")]
        assert con.execute("SELECT state, note FROM reviews").fetchall() == [("confirmed", "已核实")]
        stale = con.execute("SELECT value FROM settings WHERE key = 'findings_stale'").fetchone()
    finally:
        con.close()
    assert files.read(db, "abc123", ".txt") == SEED.read_bytes()
    assert stale is not None  # the next write (or serve) re-checks every report

"""Ingest into DuckDB: the stored numbers are the parsed ones; re-ingest never duplicates."""
from __future__ import annotations

import shutil

import duckdb

from disclosure import queries
from disclosure.parse import parse_file
from disclosure.store import connect
from disclosure.store.ingest import ingest

from .conftest import REAL, expected

SEED = REAL / "shenchi-education-2023.txt"


def _count(db, table):
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


def test_ingest_then_query_returns_the_same_numbers(tmp_db):
    outcomes = ingest([str(SEED)], tmp_db)
    assert [o.status for o in outcomes] == ["stored"]
    con = connect(tmp_db, read_only=True)
    cells = queries.run(con, "report_cells", report_id=outcomes[0].report_id)
    stored = {(r.table_key, r.row_key, r.column_key): r.value for r in cells.itertuples()}
    exp = expected("shenchi-education-2023")
    want = {(t, r, c): v for t in ("active", "requests", "review_litigation") for r, cols in exp[t].items() for c, v in cols.items()}
    assert stored == want
    listed = queries.run(con, "reports")
    row = listed.iloc[0]
    assert (row.agency, row.year, row.template, row.published, row.cells) == ("神池县教育科技局", 2023, "2021", "2024-01", 200)
    assert len(row.sha256 if "sha256" in listed else "x" * 64) == 64


def test_blank_cells_are_stored_as_null_not_zero(tmp_db, tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("行政许可\t0", "行政许可\t/")
    doc = tmp_path / "blank.txt"
    doc.write_text(text, encoding="utf-8")
    [o] = ingest([str(doc)], tmp_db)
    con = connect(tmp_db, read_only=True)
    value = con.execute(
        "SELECT value, raw FROM cells WHERE report_id = ? AND row_key = 'licensing'", [o.report_id]
    ).fetchone()
    assert value == (None, "/")


def test_reingesting_the_same_file_changes_nothing(tmp_db):
    ingest([str(SEED)], tmp_db)
    before = [_count(tmp_db, t) for t in ("reports", "cells", "sections", "agencies", "documents")]
    [again] = ingest([str(SEED)], tmp_db)
    assert again.status == "unchanged"
    assert [_count(tmp_db, t) for t in ("reports", "cells", "sections", "agencies", "documents")] == before


def test_a_changed_file_for_the_same_agency_and_year_replaces_the_report(tmp_db, tmp_path):
    ingest([str(SEED)], tmp_db)
    changed = tmp_path / "renamed-copy.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("行政处罚\t0", "行政处罚\t17"), encoding="utf-8")
    [o] = ingest([str(changed)], tmp_db)
    assert o.status == "replaced"
    assert _count(tmp_db, "reports") == 1
    con = connect(tmp_db, read_only=True)
    assert con.execute("SELECT count(*) FROM cells JOIN reports USING (report_id)").fetchone()[0] == 200
    assert con.execute("SELECT value FROM cells JOIN reports USING (report_id) "
                       "WHERE row_key = 'penalty'").fetchone()[0] == 17
    assert con.execute("SELECT source_name FROM reports").fetchone()[0] == "renamed-copy.txt"
    # the document it replaced is kept as a version, its cells with it
    assert con.execute("SELECT status, source_name FROM report_versions ORDER BY report_id").fetchall() == [
        ("superseded", SEED.name), ("current", "renamed-copy.txt")]


def test_folders_are_ingested_recursively(tmp_db, tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    shutil.copy(SEED, tmp_path / "a" / "b" / "seed.txt")
    (tmp_path / "a" / "expected.json").write_text("{}", encoding="utf-8")
    outcomes = ingest([str(tmp_path / "a")], tmp_db)
    assert [o.status for o in outcomes] == ["stored"]


def test_the_source_document_is_kept_for_download(tmp_db):
    from disclosure.store import files

    [o] = ingest([str(SEED)], tmp_db)
    con = connect(tmp_db, read_only=True)
    doc = queries.run(con, "document", report_id=o.report_id).iloc[0]
    assert files.read(tmp_db, doc["sha256"], doc["ending"]) == SEED.read_bytes()
    assert doc["size"] == len(SEED.read_bytes())


def test_schema_version_is_recorded(tmp_db):
    con = connect(tmp_db)
    versions = con.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
    assert versions and versions[0][0] == 1
    con.close()
    # opening again applies nothing twice
    con = connect(tmp_db)
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(versions)


def test_parallel_ingest_gives_the_same_result(tmp_db, tmp_path):
    for i in range(5):
        text = SEED.read_text(encoding="utf-8").replace("神池县教育科技局", f"神池县第{i}局")
        (tmp_path / f"r{i}.txt").write_text(text, encoding="utf-8")
    outcomes = ingest([str(tmp_path)], tmp_db, jobs=2)
    assert [o.status for o in outcomes] == ["stored"] * 5, [o.reason for o in outcomes]
    assert sorted(o.agency for o in outcomes) == [f"神池县第{i}局" for i in range(5)]
    assert parse_file(str(tmp_path / "r3.txt")).agency == "神池县第3局"


def test_an_older_database_is_upgraded_on_open(tmp_db):
    import duckdb as _duckdb

    from disclosure.store.db import migrations

    con = _duckdb.connect(tmp_db)
    version, name, path = migrations()[0]
    con.execute(path.read_text(encoding="utf-8"))
    con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO agencies (name) VALUES ('神池县教育科技局')")
    con.close()
    con = connect(tmp_db)
    latest = migrations()[-1][0]
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == latest
    assert con.execute("SELECT name, kind FROM agencies").fetchall() == [("神池县教育科技局", None)]

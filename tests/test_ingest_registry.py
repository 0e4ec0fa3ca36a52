"""Ingest places each report's agency through the registry: one agency per name variant."""
from __future__ import annotations

from disclosure.registry import DEFAULT_PATH, Registry, load_registry
from disclosure.store import connect
from disclosure.store.ingest import ingest

from .conftest import REAL

SEED = REAL / "shenchi-education-2023.txt"


def _variant(tmp_path, name, printed):
    text = SEED.read_text(encoding="utf-8").replace("神池县教育科技局\n\n2023", f"{printed}\n\n2023")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_registered_agency_carries_region_level_kind_and_parent(tmp_db):
    ingest([str(SEED)], tmp_db, registry=Registry.load())
    con = connect(tmp_db, read_only=True)
    row = con.execute(
        "SELECT province, city, county, county_code, level, kind, parent, inferred, registered "
        "FROM agencies WHERE name = '神池县教育科技局'"
    ).fetchone()
    assert row == ("山西省", "忻州市", "神池县", "140927", "county", "education", "神池县人民政府", False, True)


def test_registered_agencies_without_reports_are_listed_as_expected_to_report(tmp_db):
    ingest([str(SEED)], tmp_db, registry=Registry.load())
    con = connect(tmp_db, read_only=True)
    names = {r[0] for r in con.execute("SELECT name FROM agencies WHERE registered").fetchall()}
    assert {"淮安市人民政府", "洪泽区人民政府", "上海市人民政府办公厅"} <= names


def test_unregistered_agency_is_inferred_from_its_name(tmp_db, tmp_path):
    ingest([str(SEED)], tmp_db, registry=Registry())  # an empty registry: inference only
    con = connect(tmp_db, read_only=True)
    row = con.execute("SELECT province, city, county, level, kind, inferred, registered FROM agencies").fetchone()
    assert row == ("山西省", "忻州市", "神池县", "county", "education", True, False)


def test_name_variants_resolve_to_one_agency(tmp_db, tmp_path):
    a = _variant(tmp_path, "a.txt", "淮安市洪泽区人民政府")
    outcomes = ingest([str(a)], tmp_db, registry=Registry.load())
    assert outcomes[0].agency == "洪泽区人民政府"
    b = _variant(tmp_path, "b.txt", "洪泽区人民政府")
    b.write_text(b.read_text(encoding="utf-8").replace("行政处罚\t0", "行政处罚\t9"), encoding="utf-8")
    [again] = ingest([str(b)], tmp_db, registry=Registry.load())
    assert again.status == "replaced" and again.agency == "洪泽区人民政府"
    con = connect(tmp_db, read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    assert con.execute("SELECT printed_agency FROM reports").fetchone()[0] == "洪泽区人民政府"


def test_a_later_ingest_keeps_the_registry_the_database_was_built_with(tmp_db, tmp_path):
    # the demo is built with its own registry; an upload in the dashboard names none
    own = tmp_path / "agencies.csv"
    own.write_text(DEFAULT_PATH.read_text(encoding="utf-8")
                   + "泰州市公安局,,江苏省,320000,泰州市,321200,,,city,public_security,\n", encoding="utf-8")
    ingest([str(SEED)], tmp_db, registry=load_registry(own))
    [later] = ingest([str(_variant(tmp_path, "b.txt", "淮安市洪泽区人民政府"))], tmp_db)
    assert later.agency == "洪泽区人民政府"
    con = connect(tmp_db, read_only=True)
    registered = {r[0] for r in con.execute("SELECT name FROM agencies WHERE registered").fetchall()}
    assert "泰州市公安局" in registered and "神池县教育科技局" in registered
    # the registry is the database's own: the file it came from may go
    con.close()
    own.unlink()
    ingest([str(SEED)], tmp_db)
    con = connect(tmp_db, read_only=True)
    assert con.execute("SELECT registered FROM agencies WHERE name = '泰州市公安局'").fetchone()[0]

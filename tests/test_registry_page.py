"""The registry edited in the app (机构名录): agencies added, edited and retired through the
write path, validated as the CSV is, the checks a registry change needs run again, and the
page's export is the CSV the registry reads back: the same agencies, and replacing the
registry with it changes nothing."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from disclosure.registry import Registry
from disclosure.store import db
from disclosure.store.ingest import ingest

from .conftest import REAL, assert_checked, rows
from .test_dashboard_pages import open_app

SEED = REAL / "shenchi-education-2023.txt"
AGENCY = "神池县教育科技局"


def registered(db_path: str) -> dict:
    """The database's registry, agency by agency, as the store holds it."""
    return {r[0]: r[1:] for r in rows(db_path, f"SELECT {db.REGISTERED_COLUMNS} FROM agencies WHERE registered")}


def fill(at: AppTest, **fields) -> None:
    for name, value in fields.items():
        at.text_input(key=next(t.key for t in at.text_input if t.key.startswith(f"reg_{name}_"))).input(value)


def save(at: AppTest) -> AppTest:
    at.button(key="registry_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_agencies_added_edited_and_retired_round_trip_to_csv(tmp_db, tmp_path, monkeypatch, downloads):
    ingest([str(SEED)], tmp_db)  # the database takes data/agencies.csv
    at = open_app(tmp_db, monkeypatch, "registry")
    assert any(m.label == "名录中的机构" and m.value == "9" for m in at.metric)
    # a new department of 神池县, its region given by name only, its level and kind chosen
    fill(at, name="神池县卫生健康局", aliases="神池县卫健局", county="神池县", city="忻州市", province="山西省",
         parent="神池县人民政府", years="2021-")
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("reg_kind_"))).set_value("health")
    at.selectbox(key=next(s.key for s in at.selectbox if s.key.startswith("reg_level_"))).set_value("county")
    save(at)
    assert any("已加入“神池县卫生健康局”" in s.value for s in at.success)
    added = registered(tmp_db)["神池县卫生健康局"]
    assert added[:7] == (["神池县卫健局"], "山西省", "140000", "忻州市", "140900", "神池县", "140927")  # codes filled in
    assert added[7:] == ("county", "health", "神池县人民政府", [{"first": 2021, "last": None}])
    # an existing agency edited: an alias and its years
    at.selectbox(key="registry_pick").set_value(AGENCY).run()
    fill(at, aliases="神池县教科局", years="2019-2024")
    save(at)
    assert registered(tmp_db)[AGENCY][0] == ["神池县教科局"]
    # the new one retired: merged away after 2022, not expected any more
    at.selectbox(key="registry_pick").set_value("神池县卫生健康局").run()
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("retire_year_"))).input("2022")
    at.button(key="registry_retire").click().run()
    assert not at.exception
    assert registered(tmp_db)["神池县卫生健康局"][-1] == [{"first": 2021, "last": 2022}]
    assert_checked(tmp_db, "after the registry edits")
    # the export is the registry as a CSV: read back, it is the database's registry
    exported = tmp_path / "agencies.csv"
    exported.write_bytes(downloads(at, "registry_export"))
    assert exported.read_bytes().startswith(b"\xef\xbb\xbfname,aliases,")
    back = Registry.load(exported)
    with_db = Registry(db.registered([(n, *v) for n, v in registered(tmp_db).items()]))
    assert sorted(back, key=lambda a: a.name) == sorted(with_db, key=lambda a: a.name)
    assert db.registry_digest(back) == db.registry_digest(with_db)
    # and replacing the registry with it, in the page, changes nothing
    before = registered(tmp_db)
    at.file_uploader(key="registry_upload").set_value([("agencies.csv", exported.read_bytes(), "text/csv")]).run()
    at.button(key="registry_replace").click().run()
    assert not at.exception
    assert any("名录已替换" in s.value for s in at.success)
    assert registered(tmp_db) == before


def test_an_edit_is_validated_as_the_csv_is_and_changes_nothing_when_wrong(tmp_db, monkeypatch):
    ingest([str(SEED)], tmp_db)
    before = registered(tmp_db)
    at = open_app(tmp_db, monkeypatch, "registry")
    fill(at, name="神池县公安局", county="神池县", city="忻州市", province="山西省", parent="神池县政府办", years="2021")
    save(at)
    assert any("上级机关“神池县政府办”不在名录中" in e.value for e in at.error)
    fill(at, parent="神池县人民政府", years="明年")
    save(at)
    assert any("应报年度（years）“明年”有误" in e.value for e in at.error)
    fill(at, years="", county_code="140928")
    save(at)
    assert any("140928" in e.value for e in at.error)
    assert registered(tmp_db) == before


def test_an_alias_added_moves_the_reports_filed_under_it_and_a_rename_keeps_them(tmp_db, tmp_path, monkeypatch):
    short = tmp_path / "short.txt"  # the report printed under an abbreviation the registry does not know yet
    short.write_text(SEED.read_text(encoding="utf-8").replace(AGENCY, "神池县教科局"), encoding="utf-8")
    ingest([str(short)], tmp_db)
    assert rows(tmp_db, "SELECT a.name, a.registered FROM reports JOIN agencies a USING (agency_id)") == [
        ("神池县教科局", False)]
    [(fingerprint,)] = rows(tmp_db, "SELECT fingerprint FROM findings WHERE rule = 'TXT.REQUESTS'")
    at = open_app(tmp_db, monkeypatch, "registry")
    at.selectbox(key="registry_pick").set_value(AGENCY).run()
    fill(at, aliases="神池县教科局")
    save(at)
    assert any("1 份报告归入名录中的机构" in s.value for s in at.success)
    assert rows(tmp_db, "SELECT a.name FROM reports JOIN agencies a USING (agency_id)") == [(AGENCY,)]
    assert_checked(tmp_db, "after the alias")
    [(fingerprint,)] = rows(tmp_db, "SELECT fingerprint FROM findings WHERE rule = 'TXT.REQUESTS'")
    from disclosure.store.writes import write

    write(tmp_db, "review", fingerprint=fingerprint, state="confirmed", note="确有矛盾")
    # renamed: its reports, its subordinates' parent and the reviews of its findings go with it
    at.switch_page("views/registry.py").run()
    at.selectbox(key="registry_pick").set_value(AGENCY).run()
    fill(at, name="神池县教育局")
    save(at)
    assert rows(tmp_db, "SELECT a.name FROM reports JOIN agencies a USING (agency_id)") == [("神池县教育局",)]
    assert rows(tmp_db, "SELECT v.state, v.note FROM findings f JOIN reviews v USING (fingerprint) "
                        "WHERE f.rule = 'TXT.REQUESTS'") == [("confirmed", "确有矛盾")]
    assert_checked(tmp_db, "after the rename")

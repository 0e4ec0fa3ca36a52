"""The supervisor's year in the dashboard (Streamlit AppTest on the test corpus): 评分 with its
ranking, drill-down and downloads; 整改跟踪 sending a confirmed finding; 采集 running a
collection against a site on 127.0.0.1."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from disclosure.store.writes import write

from .collect_site import Site
from .conftest import rows
from .test_dashboard_pages import open_app, private_db  # noqa: F401  (the pages' helpers, and a corpus to change)


def open_page(db: str, monkeypatch, page: str, **params) -> AppTest:
    at = open_app(db, monkeypatch, page, **params)
    at.default_timeout = 120
    return at


def test_score_ranks_agencies_and_drills_into_a_deduction(dashboard_db, monkeypatch):
    at = open_page(dashboard_db, monkeypatch, "score", score_year="2023")
    assert at.title[0].value == "评分"
    ranking = at.dataframe[0].value
    assert len(ranking) == 24  # 23 reports and 洪泽区公安局, expected from 2023 on
    late = ranking[ranking["机关"] == "南京市教育局"].iloc[0]
    assert late["得分"] == 5 and "TIME.LATE" in late["失分原因"]
    assert ranking.iloc[0]["得分"] == 10
    at.selectbox(key="score_agency").select("%d:2023" % _agency_id(dashboard_db, "南京市教育局")).run()
    assert not at.exception
    shown = " ".join(t.value for t in at.text)
    assert "TIME.LATE" in shown and "2024-04-15" in shown
    assert any(b.label.startswith("下载评分表") for b in at.get("download_button"))
    assert any(b.label == "生成通报（Word）" for b in at.get("download_button"))


def test_score_lenient_mode_from_a_link(dashboard_db, monkeypatch):
    at = open_page(dashboard_db, monkeypatch, "score", score_year="2023", mode="从宽")
    ranking = at.dataframe[0].value
    # nothing is confirmed in the corpus: leniently, the late report loses nothing
    assert ranking[ranking["机关"] == "南京市教育局"].iloc[0]["得分"] == 10


def _agency_id(db: str, name: str) -> int:
    return rows(db, "SELECT agency_id FROM agencies WHERE name = ?", [name])[0][0]


def test_rectify_sends_a_confirmed_finding_and_lists_it(private_db, monkeypatch):
    fp = rows(private_db, "SELECT fingerprint FROM findings WHERE rule = 'TIME.LATE' AND agency = '南京市教育局'")[0][0]
    write(private_db, "review", fingerprint=fp, state="confirmed")
    at = open_page(private_db, monkeypatch, "rectify")
    assert at.title[0].value == "整改跟踪"
    at.multiselect(key="rectify_pick").select(fp).run()
    at.button(key="rectify_send").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert rows(private_db, "SELECT agency, state FROM rectifications") == [("南京市教育局", "pending")]
    listing = next(df.value for df in at.dataframe if "整改期限" in df.value.columns)
    assert listing.iloc[0]["状态"] == "待整改" and listing.iloc[0]["单位"] == "南京市教育局"
    # the score sheet's 整改情况 reads it
    at = open_page(private_db, monkeypatch, "score", score_year="2023")
    ranking = at.dataframe[0].value
    assert ranking[ranking["机关"] == "南京市教育局"].iloc[0]["整改情况"] == "待整改 1"


def test_collect_saves_sources_and_runs(private_db, monkeypatch, tmp_path):
    with Site() as site:
        write(private_db, "collect_sources_set", sources=[{"url": site.url + "/xxgk/ndbg/index.html", "agency": "淮安市"}])
        at = open_page(private_db, monkeypatch, "collect")
        assert at.title[0].value == "采集年报"
        at.text_input(key="collect_folder").set_value(str(tmp_path / "collected"))
        at.number_input(key="collect_delay").set_value(0.0)
        at.number_input(key="collect_timeout").set_value(3.0)
        at.button(key="collect_start").click().run(timeout=300)
        assert not at.exception, [e.message for e in at.exception]
    table = at.dataframe[0].value
    assert table.iloc[0]["找到"] == 3 and table.iloc[0]["失败"] == 3
    assert any("503 Service Unavailable" in t.value for t in at.text)
    assert rows(private_db, "SELECT count(*) FROM reports WHERE source_url IS NOT NULL")[0][0] >= 1

"""The dashboard's analysis, checking and import pages, driven as a supervisor would
(Streamlit AppTest) on a corpus with known patterns (tests/dashboard_corpus.py)."""
from __future__ import annotations

import base64
import json
import shutil

import io

import numpy as np
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from streamlit.testing.v1 import AppTest

from dashboard import filters, findings_data
from disclosure.exports import deck
from disclosure.render.text import render_text
from disclosure.store.ingest import ingest

from . import dashboard_corpus as D
from .conftest import ROOT, rows

APP = str(ROOT / "dashboard" / "app.py")


def open_app(db: str, monkeypatch, page: str | None = None, **params) -> AppTest:
    monkeypatch.setenv("DISCLOSURE_DB", db)
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    if page:
        at.switch_page(f"views/{page}.py")
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def values(trace: dict, axis: str) -> list:
    """A trace's x or y as a list (plotly sends numeric arrays base64-encoded)."""
    v = trace[axis]
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.dtype(v["dtype"])).tolist()
    return list(v)


def chart(at, title_part: str) -> dict:
    found = [c for c in charts(at) if title_part in c["layout"]["title"]["text"]]
    assert found, [c["layout"]["title"]["text"] for c in charts(at)]
    return found[0]


def fingerprints(db: str, rule: str) -> list[str]:
    return [r[0] for r in rows(db, "SELECT fingerprint FROM findings WHERE rule = ? ORDER BY 1", [rule])]


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.fixture
def private_db(dashboard_db, tmp_path):
    """A copy of the corpus a test may change (reviews, uploads)."""
    path = str(tmp_path / "private.duckdb")
    shutil.copyfile(dashboard_db, path)
    shutil.copytree(dashboard_db + ".files", path + ".files")
    return path


# --- 总览 -----------------------------------------------------------------------------------


def test_overview_counts_reports_coverage_and_volumes(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch)
    assert at.title[0].value == "总览"
    assert metric(at, "报告数") == "68" and metric(at, "机关数") == "23"
    coverage = chart(at, "应报与已收到")
    expected, received = coverage["data"]
    # 淮安市教育局 is missing in 2022; 洪泽区公安局 is expected from 2023 on; 江苏省人民政府 never
    assert values(expected, "y") == [23, 23, 24] and values(received, "y") == [23, 22, 23]
    assert metric(at, "2023年度收取率") == "95.8%"
    assert any("未收到报告的机关（2 家次）" in e.label for e in at.expander)
    missing = at.dataframe[0].value
    assert sorted(zip(missing["机关"], missing["年度"])) == [("洪泽区公安局", 2023), ("淮安市教育局", 2022)]
    volumes = chart(at, "各年度申请数量")
    assert values(volumes["data"][0], "x") == ["2021", "2022", "2023"]
    by_rule = chart(at, "按规则和严重程度")
    assert {t["name"] for t in by_rule["data"]} == {"错误", "警告"}
    assert values(chart(at, "问题最多的机关")["data"][0], "y")[0] == "淮安市公安局"


def test_year_filter_changes_the_overview(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch)
    at.multiselect(key="years").select(2022).run()
    assert metric(at, "报告数") == "22"
    assert at.multiselect(key="years").proto.query_param_key == "years"  # the filter lives in the URL


# --- 机构对比 --------------------------------------------------------------------------------


def test_compare_ranks_agencies_against_the_median(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "compare")
    ranking = at.dataframe[0].value
    assert len(ranking) == 23 and ranking.iloc[-1]["机关"] == "淮安市公安局"  # its 2023 zero
    bar = chart(at, "各机关对比")
    assert any(s.get("type") == "line" for s in bar["layout"].get("shapes", []))  # the median line
    assert "中位数" in at.caption[-1].value or any("中位数" in c.value for c in at.caption)


def test_compare_peer_group_and_rate_from_a_link(dashboard_db, monkeypatch):
    # a copied link: metric, year and peer group in the URL reopen the same view
    at = open_app(dashboard_db, monkeypatch, "compare", metric="公开率", year="2022年度", peers="公安 · 市级")
    ranking = at.dataframe[0].value
    assert set(ranking["机关"]) == {f"{c}公安局" for c in D.CITIES}
    assert {"分子", "分母"} <= set(ranking.columns)
    assert chart(at, "2022年度公开率")["layout"]["title"]["text"].startswith("2022年度公开率：公安 · 市级")
    at.selectbox(key="peers").select("all").run()
    assert len(at.dataframe[0].value) == 22


def test_choosing_an_agency_offers_its_report(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "compare")
    at.selectbox(key="agency").select("南京市教育局").run()
    links = [e for e in at.get("page_link") if "南京市教育局" in e.proto.label]
    assert links and "report=" in links[0].proto.query_string
    assert at.selectbox(key="agency").proto.query_param_key == "agency"


# --- 申请办理 -------------------------------------------------------------------------------


def test_requests_outcomes_applicants_and_flow(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "requests")
    stacked = chart(at, "办理结果（件）")
    assert [t["name"] for t in stacked["data"]] == ["予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
    shares = [values(t, "x") for t in chart(at, "构成（100%）")["data"]]
    totals = [sum(column) for column in zip(*shares)]
    assert all(abs(t - 100) < 1e-6 or t == 0 for t in totals)
    sankey = chart(at, "申请流转")["data"][0]
    assert sankey["type"] == "sankey" and any(label.startswith("结转下年度") for label in sankey["node"]["label"])
    at.radio(key="group").set_value("city").run()
    assert set(values(chart(at, "办理结果（件）")["data"][0], "y")) == {f"江苏省{c}" for c in D.CITIES}


def test_flow_of_an_unbalanced_report_says_so(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "requests", year="2022年度", agency="洪泽区人民政府")
    assert any("收支不平" in c.value and "5 件" in c.value for c in at.caption)


# --- 趋势 -----------------------------------------------------------------------------------


def test_trend_of_chosen_agencies_with_year_on_year_change(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "trends", trend_by="按机关", agencies=["淮安市公安局", "南京市公安局"])
    table = at.dataframe[0].value
    assert set(table["对象"]) == {"淮安市公安局", "南京市公安局"}
    zero = table[(table["对象"] == "淮安市公安局") & (table["年度"] == 2023)].iloc[0]
    assert zero["同比变化（%）"] == -100
    assert len(chart(at, "各年度变化")["data"]) == 2


# --- 合规问题 -------------------------------------------------------------------------------


def test_findings_table_heatmap_and_filters(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "findings")
    table = at.dataframe[0].value
    assert len(table) == 11 and table.iloc[0]["严重程度"] == "错误"
    assert at.dataframe[0].proto.placeholder == "—"  # a blank shows as a dash, not "None"
    heat = chart(at, "机关 × 规则")["data"][0]
    assert heat["type"] == "heatmap" and heat["y"][0] == "淮安市公安局"
    at.multiselect(key="rules").select("TIME.LATE").run()
    assert list(at.dataframe[0].value["机关"]) == ["南京市教育局"]


def test_a_dismissed_finding_stays_dismissed(private_db, monkeypatch):
    at = open_app(private_db, monkeypatch, "findings")
    before = len(at.dataframe[0].value)
    at.selectbox(key="finding").select(fingerprints(private_db, "TIME.LATE")[0]).run()
    at.text_area[0].input("落款日期为印刷日期，网站发布日期为1月20日").run()
    at.button(key="dismiss").click().run()
    assert not at.exception
    assert len(at.dataframe[0].value) == before - 1
    # a new visit (another session, the database reopened) still has it dismissed, with the note
    again = open_app(private_db, monkeypatch, "findings", state=["已排除"])
    row = again.dataframe[0].value
    assert list(row["机关"]) == ["南京市教育局"] and row.iloc[0]["审核备注"].startswith("落款日期")
    assert rows(private_db, "SELECT state FROM reviews") == [("dismissed",)]


def test_an_unchecked_database_says_how_to_check_it(tmp_path, monkeypatch):
    db = str(tmp_path / "unchecked.duckdb")
    ingest([str(p) for p in D.write(tmp_path / "r", D.reports()[:3])], db, check=False)
    for page in ("findings", "leads"):
        at = open_app(db, monkeypatch, page)
        assert "disclosure check" in at.info[0].value


# --- 漏报线索 -------------------------------------------------------------------------------


def test_every_lead_has_its_evidence_chart(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "leads")
    assert len(at.selectbox(key="lead").options) == 6
    kinds = set()
    for rule in ("PEER.ZERO", "YOY.SHIFT", "MISSING.REPORT", "TIME.LATE"):
        for fingerprint in fingerprints(dashboard_db, rule):
            at.selectbox(key="lead").select(fingerprint).run()
            assert not at.exception, rule
            evidence = charts(at)[-1]
            kinds.add(evidence["data"][0]["type"])
            if rule == "PEER.ZERO":
                assert evidence["data"][-1]["name"] == "淮安市公安局"  # the agency among its peers
        if rule == "TIME.LATE":
            assert values(evidence["data"][0], "y")[-1] == 75  # days after 31 January
    assert kinds == {"box", "bar"}


# --- 导入 -----------------------------------------------------------------------------------


def test_upload_stores_good_files_and_names_the_bad(private_db, monkeypatch):
    new = D.report("泰州市公安局", 2023, 50, {}, 24)
    good = render_text(new, "tabs").encode("utf-8")
    at = open_app(private_db, monkeypatch, "upload")
    at.file_uploader[0].set_value([("泰州市公安局2023.txt", good, "text/plain"),
                                   ("坏文件.pdf", b"%PDF-1.4 broken", "application/pdf")]).run()
    at.button[0].click().run()
    assert not at.exception
    result = at.dataframe[0].value
    assert list(result["结果"]) == ["已存储", "失败"]
    assert result.iloc[1]["原因"]
    assert rows(private_db, "SELECT count(*) FROM reports") == [(69,)]
    at.switch_page("views/overview.py").run()
    assert metric(at, "报告数") == "69"  # every page sees the new database
    # 泰州市公安局 is not in the registry: counted apart from the expected reports
    assert any("另有名录外机关的报告 1 份" in c.value for c in at.caption)


# --- 会议材料 -------------------------------------------------------------------------------


def test_charts_put_aside_reach_the_deck_page(dashboard_db, monkeypatch):
    at = open_app(dashboard_db, monkeypatch, "compare")
    at.button(key="ranking_deck").click().run()
    at.switch_page("views/requests.py").run()
    at.button(key="flow_deck").click().run()
    at.switch_page("views/deck.py").run()
    assert not at.exception
    titles = [c.label for c in at.checkbox]
    assert len(titles) == 2 and titles[0].startswith("2023年度新收申请数")
    assert any("PowerPoint 原生图表" in c.value for c in at.caption)
    assert any("图片" in c.value for c in at.caption)  # the Sankey
    assert any("11 条问题" in c.value for c in at.caption)
    # what the download button builds from them: title, the two charts, findings summary, appendix
    chosen = list(at.session_state["deck_charts"].values())
    problems = findings_data.for_deck(filters.Scope())  # what the page hands the deck
    prs = Presentation(io.BytesIO(deck.build_deck("会议材料", "全部年度", chosen, problems)))
    slides = list(prs.slides)
    assert len(slides) == 1 + 2 + 1 + 1
    assert any(s.has_chart for s in slides[1].shapes)  # the ranking, a native PowerPoint chart
    assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slides[2].shapes)  # the Sankey, an image

"""政府信息公开工作年度报告 dashboard: the entry point Streamlit runs.

Pages live in views/, one module per view. The sidebar filters (years, region, level,
kind) are drawn here, once for every page, and live in the URL with each page's own
selections, so a copied link reopens the same view.
"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT.parent) not in sys.path:  # `disclosure` and `dashboard` importable when run by streamlit
    sys.path.insert(0, str(ROOT.parent))

from dashboard import data, filters  # noqa: E402
from dashboard.plain import md  # noqa: E402

st.set_page_config(page_title="政府信息公开年报监督", page_icon=":material/bar_chart:", layout="wide")


def page(module: str, title: str, icon: str, default: bool = False) -> st.Page:
    return st.Page(str(ROOT / "views" / f"{module}.py"), title=title, icon=f":material/{icon}:",
                   url_path=module, default=default)


PAGES = {
    "分析": [
        page("overview", "总览", "dashboard", default=True),
        page("compare", "机构对比", "leaderboard"),
        page("requests", "申请办理", "account_tree"),
        page("trends", "趋势", "trending_up"),
    ],
    "核查": [
        page("findings", "合规问题", "rule"),
        page("leads", "漏报线索", "troubleshoot"),
    ],
    "年度检查": [
        page("collect", "采集", "travel_explore"),
        page("score", "评分", "scoreboard"),
        page("rectify", "整改跟踪", "assignment_turned_in"),
    ],
    "报告": [
        page("reports", "报告列表", "description"),
        page("report", "报告详情", "find_in_page"),
        page("upload", "导入", "upload_file"),
        page("registry", "机构名录", "apartment"),
    ],
    "会议": [
        page("deck", "会议材料", "slideshow"),
    ],
}

current = st.navigation(PAGES, expanded=True)  # every page listed: no "view more" to find the rest
if data.store() is None and current.url_path != "upload":
    st.error(f"数据库不存在：{md(data.db_path())}。请在“导入”页上传报告，或运行 `disclosure ingest` / `make run`。")
    st.page_link(PAGES["报告"][2], label="去导入报告", icon=":material/upload_file:")
    st.stop()
with data.snapshot() as snap:  # the page reads one state of the database, whatever is written meanwhile
    if snap is not None:
        filters.sidebar()
    current.run()

"""政府信息公开工作年度报告 dashboard: the entry point Streamlit runs.

Pages live in views/, one module per view; the URL carries each page's state.
"""
from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT.parent) not in sys.path:  # `disclosure` and `dashboard` importable when run by streamlit
    sys.path.insert(0, str(ROOT.parent))

from dashboard import data  # noqa: E402

st.set_page_config(page_title="政府信息公开年报监督", page_icon=":material/bar_chart:", layout="wide")

pages = [
    st.Page(str(ROOT / "views" / "reports.py"), title="报告列表", icon=":material/description:", url_path="reports", default=True),
    st.Page(str(ROOT / "views" / "report.py"), title="报告详情", icon=":material/find_in_page:", url_path="report"),
]
page = st.navigation(pages)
if data.connection() is None:
    st.error(f"数据库不存在：{data.db_path()}。请先运行 `disclosure ingest` 导入报告，或运行 `make run`。")
    st.stop()
page.run()

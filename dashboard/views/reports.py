"""报告列表: the stored reports in scope, found by agency name; choosing one opens its detail page.

The list is a search (queries/report_search.sql): at most LIMIT reports are shown, with how
many match, so the page costs the same for a city and for the nation.
"""
from __future__ import annotations

import streamlit as st

from dashboard import data, filters, widgets

LIMIT = 500

st.title("报告列表")
waiting = len(data.query("pending_reports"))
if waiting:
    st.info(f"另有 {waiting} 份报告读不出机关或年度（待确认），暂未列入分析和核查；在“导入”页指定机关和年度后即列入。")
scope = filters.current()
text = st.text_input("机关名称包含", key="q", bind="query-params", placeholder="输入机关名称的一部分，如“教育”")
count = data.query("report_search_count", text=text or "", **scope.params()).iloc[0]
if int(count["reports"]) == 0:
    st.info("没有符合条件的报告。请放宽左侧的筛选条件，或换一个机关名称。" if text or any(scope.params().values())
            else "数据库中还没有报告。请在“导入”页上传，或用 `disclosure ingest 文件或文件夹` 导入。")
    st.stop()

c1, c2, c3 = st.columns(3)
c1.metric("报告数", f"{int(count['reports']):,}")
c2.metric("机关数", f"{int(count['agencies']):,}")
c3.metric("年度", f"{int(count['first_year'])}–{int(count['last_year'])}")

view = data.query("report_search", text=text or "", limit=LIMIT, **scope.params())
if int(count["reports"]) > LIMIT:
    st.caption(f"共 {int(count['reports']):,} 份符合条件，下表列出最新的 {LIMIT} 份；输入机关名称或在左侧筛选可缩小范围。")
shown = view[["report_id", "agency", "year", "template", "format", "published", "cells_filled", "cells",
              "review_items", "source_name"]].rename(
    columns={
        "report_id": "编号", "agency": "机关", "year": "年度", "template": "模板", "format": "格式",
        "published": "发布日期", "cells_filled": "已填单元格", "cells": "单元格", "review_items": "需人工核对",
        "source_name": "来源文件",
    }
)
event = widgets.table(shown, "table", "报告列表", on_select="rerun", selection_mode="single-row",
                      column_config={"年度": st.column_config.NumberColumn(format="%d")})
rows = event.selection.rows if event and event.selection else []
if rows:
    report_id = int(view.iloc[rows[0]]["report_id"])
    st.switch_page("views/report.py", query_params={"report": str(report_id)})
st.caption("选中一行即可打开该报告的详情。")

"""报告列表: every stored report; choosing one opens its detail page."""
from __future__ import annotations

import streamlit as st

from dashboard import data, filters, widgets

st.title("报告列表")
df = data.query("reports")
if df.empty:
    st.info("数据库中还没有报告。请用 `disclosure ingest 文件或文件夹` 导入。")
    st.stop()

c1, c2, c3 = st.columns(3)
c1.metric("报告数", len(df))
c2.metric("机关数", df["agency"].nunique())
c3.metric("年度", f"{df['year'].min()}–{df['year'].max()}")

in_scope = data.query("scope_reports", **filters.current().params())["report_id"]
text = st.text_input("机关名称包含", key="q", bind="query-params")
view = df[df["report_id"].isin(in_scope)]
if text:
    view = view[view["agency"].str.contains(text, regex=False)]

shown = view[["report_id", "agency", "year", "template", "format", "published", "cells_filled", "cells", "review_items", "source_name"]].rename(
    columns={
        "report_id": "编号", "agency": "机关", "year": "年度", "template": "模板", "format": "格式",
        "published": "发布日期", "cells_filled": "已填单元格", "cells": "单元格", "review_items": "需人工核对", "source_name": "来源文件",
    }
)
event = widgets.table(shown, "table", "报告列表", on_select="rerun", selection_mode="single-row",
                      column_config={"年度": st.column_config.NumberColumn(format="%d")})
rows = event.selection.rows if event and event.selection else []
if rows:
    report_id = int(view.iloc[rows[0]]["report_id"])
    st.switch_page("views/report.py", query_params={"report": str(report_id)})
st.caption("选中一行即可打开该报告的详情。")

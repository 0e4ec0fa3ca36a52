"""会议材料: the charts put aside on other pages, and findings, as a PPTX deck."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import streamlit as st

from dashboard import filters, findings_data, widgets
from dashboard.plain import md
from disclosure.exports import deck

st.title("会议材料")
scope = filters.current()
chosen = widgets.basket()

title = st.text_input("标题", value="政府信息公开工作年度报告监督会议材料", key="deck_title")
scope_text = st.text_input("数据范围（印在封面）", value=scope.describe(), key=f"deck_scope_{scope.describe()}")

st.subheader("图表")
if not chosen:
    st.info("还没有选入图表。在总览、机构对比、申请办理、趋势等页面的图表下点“加入会议材料”。")
charts = []
for key, c in list(chosen.items()):
    with st.container(border=True):
        left, right = st.columns([5, 1])
        keep = left.checkbox(md(c.title), value=True, key=f"deck_keep_{key}")
        if right.button("移除", key=f"deck_drop_{key}", icon=":material/delete:"):
            del chosen[key]
            st.rerun()
        line = st.text_input("要点（印在图下）", value=c.takeaway, key=f"deck_line_{key}")
        kind = "PowerPoint 原生图表（可编辑）" if c.native else "图片（PowerPoint 无此图表类型）"
        st.caption(f"在幻灯片中显示为：{kind}")
        if keep:
            charts.append(replace(c, takeaway=line))

st.subheader("问题")
problems = findings_data.for_deck(scope)
if problems is None:
    st.info("数据库中还没有核查结果（运行 `disclosure check` 后出现）；会议材料只包含图表。")
elif problems.empty:
    st.info("当前筛选范围内没有未驳回的问题。")
else:
    rules = sorted(problems["规则"].unique())
    picked = st.multiselect("选入的规则", rules, default=rules, key="deck_rules")
    severities = sorted(problems["严重程度"].unique())
    levels = st.multiselect("严重程度", severities, default=severities, key="deck_severity")
    problems = problems[problems["规则"].isin(picked) & problems["严重程度"].isin(levels)]
    st.caption(f"将列入 {len(problems)} 条问题：汇总一页，明细在附录。")

slides = 1 + len(charts) + (0 if problems is None or problems.empty else 2)
st.divider()
stem = re.sub(r"\s+", "", title) or "会议材料"
st.download_button(
    f"生成并下载 PPTX（约 {slides} 页起）", lambda: deck.build_deck(title, scope_text, charts, problems, dt.date.today()),
    file_name=f"{stem}.pptx", type="primary", icon=":material/slideshow:", key="deck_download", on_click="ignore",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    disabled=not charts and (problems is None or problems.empty),
)

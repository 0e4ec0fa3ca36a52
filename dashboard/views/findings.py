"""合规问题: the rule catalog's findings, filtered by rule, severity and review state (the
sidebar gives region and year); which agencies break which rules; confirm or dismiss a
finding with a note."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, findings_data as F, widgets
from dashboard.plain import md
from disclosure.checks import SEVERITY_LABELS
from disclosure.checks.run import CONFIRMED, DISMISSED

PICKER_LIMIT = 300

st.title("合规问题")
scope = filters.current()
found = F.in_scope_or_stop(scope, "发现的问题")
st.caption(md(f"范围：{scope.describe()}　最近核查：{F.last_checked()}"))

c1, c2, c3 = st.columns([3, 2, 2])
rules = sorted(found["rule"].unique())
titles = dict(zip(found["rule"], found["规则名称"]))
chosen_rules = c1.multiselect("规则", rules, key="rules", bind="query-params", format_func=titles.get,
                              placeholder="全部规则")
severities = c2.multiselect("严重程度", F.SEVERITY_ORDER, key="severity", bind="query-params",
                            format_func=SEVERITY_LABELS.get, placeholder="全部")
states = c3.multiselect("审核状态", list(F.STATE_LABELS), default=[F.OPEN, CONFIRMED], key="state",
                        bind="query-params", format_func=F.STATE_LABELS.get, placeholder="全部")
shown = found
if chosen_rules:
    shown = shown[shown["rule"].isin(chosen_rules)]
if severities:
    shown = shown[shown["severity"].isin(severities)]
if states:
    shown = shown[shown["review_state"].isin(states)]

m = st.columns(4)
m[0].metric("问题数", len(shown))
m[1].metric("涉及机关", shown["agency"].nunique())
m[2].metric("待审", int((found["review_state"] == F.OPEN).sum()), help="当前范围内全部规则")
m[3].metric("已排除", int((found["review_state"] == DISMISSED).sum()), help="当前范围内全部规则")

table = shown[["严重程度", "规则名称", "agency", "year", "message", "审核状态", "review_note"]].rename(
    columns={"规则名称": "规则", "agency": "机关", "year": "年度", "message": "说明", "review_note": "审核备注"}
).fillna({"审核备注": ""})
event = widgets.table(table, "findings_table", "合规问题", on_select="rerun", selection_mode="single-row",
                      column_config={"年度": st.column_config.NumberColumn(format="%d")})
picked = event.selection.rows if event and event.selection else []
if picked:
    st.session_state["finding"] = shown.iloc[picked[0]]["fingerprint"]

# --- agencies × rules ------------------------------------------------------------------------
if len(shown):
    counts = shown.pivot_table(index="agency", columns="rule", values="fingerprint", aggfunc="count", fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False).index[:30]]
    worst = counts.sum(axis=1)
    takeaway = f"问题最多的是{worst.index[0]}（{int(worst.iloc[0])} 条）；最常见的规则是 {counts.sum().idxmax()}。"
    counts.index.name = "机关"
    widgets.chart(charts.heatmap(counts, "各机关问题分布（机关 × 规则）", takeaway=takeaway), "findings_heatmap")

# --- review -----------------------------------------------------------------------------------
st.subheader("审核")
# the list offers the first findings of the table (a long list helps nobody: filter, or pick a row)
offered = shown.head(PICKER_LIMIT)
current = st.session_state.get("finding")
if current in set(shown["fingerprint"]) and current not in set(offered["fingerprint"]):
    offered = pd.concat([offered, shown[shown["fingerprint"] == current]])
labels = {r.fingerprint: f"{r.规则名称} · {r.agency} {r.year} · {r.message}" for r in offered.itertuples()}
if current not in labels:  # filtered out (e.g. just dismissed)
    st.session_state["finding"] = None
fingerprint = st.selectbox("选择问题（或在上表中点选一行）", list(labels), index=None, key="finding",
                           bind="query-params", format_func=labels.get, placeholder="选择要审核的问题")
if fingerprint is not None:
    f = shown[shown["fingerprint"] == fingerprint].iloc[0]
    with st.container(border=True):
        st.markdown(f"**{md(f['规则名称'])}**（{md(f['严重程度'])}）　{md(f['agency'])} {int(f['year'])} 年度")
        st.text(f["message"])  # report-derived text: shown as text, never as markup
        st.caption(md(f"当前状态：{f['审核状态']}" + (f"；备注：{f['review_note']}" if f["review_note"] else "")))
        if pd.notna(f["report_id"]):
            st.page_link("views/report.py", label="打开这份报告", icon=":material/find_in_page:",
                         query_params={"report": str(int(f["report_id"]))})
        if data.read_only():
            st.info("这是只读副本（Parquet 导出）：在数据库所在的仪表盘上审核。")
            st.stop()
        note = st.text_area("审核备注", value=f["review_note"] or "", key=f"note_{fingerprint}")
        b = st.columns(3)
        action = None
        if b[0].button("确认问题", key="confirm", icon=":material/check:", type="primary"):
            action = CONFIRMED
        if b[1].button("排除（误报）", key="dismiss", icon=":material/close:"):
            action = DISMISSED
        if b[2].button("重新待审", key="reopen", icon=":material/undo:", disabled=f["review_state"] == F.OPEN):
            action = F.OPEN
        if action is not None:
            F.set_review(fingerprint, None if action == F.OPEN else action, note)
            st.toast(md(f"已{F.STATE_LABELS[action] if action != F.OPEN else '恢复为待审'}：{f['agency']} {int(f['year'])}"))
            st.rerun()

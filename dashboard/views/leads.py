"""漏报线索: findings that suggest under-reporting or late publishing (PEER, YOY, MISSING,
TIME rules), each with its evidence: the agency against its peers, or against its own
history."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, findings_data as F, labels, summaries, widgets
from dashboard.plain import md
from disclosure import metrics as M
from disclosure.checks.run import DISMISSED
from disclosure.checks.timing import earliest
from disclosure.exports import chart as C

LEAD_RULES = ("PEER.ZERO", "PEER.OUTLIER", "YOY.SHIFT", "MISSING.REPORT", "TIME.LATE")

st.title("漏报线索")
scope = filters.current()
found = F.in_scope_or_stop(scope, "漏报线索")
st.caption("同类比较（PEER）、同比剧变（YOY）、缺少报告（MISSING）、逾期发布（TIME）四类规则发现的线索；已排除的不列出。")
leads = found[found["rule"].isin(LEAD_RULES) & (found["review_state"] != DISMISSED)].reset_index(drop=True)
if leads.empty:
    st.success("当前筛选范围内没有漏报线索。")
    st.stop()

counts = leads["规则名称"].value_counts()
cols = st.columns(min(len(counts), 5))
for col, (name, n) in zip(cols, counts.items()):
    col.metric(name, int(n))

table = leads[["规则名称", "agency", "year", "message", "审核状态"]].rename(
    columns={"规则名称": "规则", "agency": "机关", "year": "年度", "message": "线索"})
event = widgets.table(table, "leads_table", "漏报线索", on_select="rerun", selection_mode="single-row",
                      column_config={"年度": st.column_config.NumberColumn(format="%d")})
picked = event.selection.rows if event and event.selection else []
if picked:
    st.session_state["lead"] = leads.iloc[picked[0]]["fingerprint"]
names = {r.fingerprint: f"{r.规则名称} · {r.agency} {r.year}" for r in leads.itertuples()}
if st.session_state.get("lead") not in names:
    st.session_state["lead"] = next(iter(names))
fingerprint = st.selectbox("线索证据", list(names), key="lead", bind="query-params", format_func=names.get)
lead = leads[leads["fingerprint"] == fingerprint].iloc[0]
ev = F.json_value(lead["evidence"]) or {}
expected, actual = F.json_value(lead["expected"]), F.json_value(lead["actual"])
year, agency = int(lead["year"]), lead["agency"]
st.text(lead["message"])  # report-derived text: shown as text


def history() -> pd.DataFrame:
    """Every stored report of this agency, all years (the sidebar scope does not apply)."""
    return data.figures(filters.Scope(), agency_id=int(lead["agency_id"])).sort_values("year")


def peer_chart() -> C.Chart:
    m = M.metric(ev["metric"])
    peers = data.figures(filters.Scope(years=(year,), levels=(ev["level"],), kinds=(ev["kind"],)))
    values = pd.DataFrame({summaries.AGENCY: peers["agency"], m.label: peers[m.key]}).dropna()
    median = values.loc[values[summaries.AGENCY] != agency, m.label].median()
    return charts.distribution(
        values, summaries.AGENCY, m.label, f"{year}年度{m.label}：{agency}与同类机关（{labels.level(ev['level'])}"
        f"{labels.kind(ev['kind'])}）", unit=C.PERCENT if m.is_rate else C.COUNT, highlight=agency,
        takeaway=f"{agency} {labels.value(lead_value(values, m.label))}，同类机关中位数 {labels.value(median)}。",
        name="peer_evidence")


def lead_value(values: pd.DataFrame, column: str):
    own = values.loc[values[summaries.AGENCY] == agency, column]
    return own.iloc[0] if len(own) else None


def yoy_chart() -> C.Chart:
    m = M.metric(ev["metric"])
    rows = sorted((int(y), v) for y, v in ev["history"].items())
    values = pd.DataFrame({"年度": [str(y) for y, _ in rows], m.label: [v for _, v in rows]})
    return charts.bar(values, "年度", [m.label], f"{agency}历年{m.label}", highlight=str(year),
                      takeaway=f"{year}年度{m.label} {labels.value(actual)}，"
                               f"上年 {labels.value(expected)}。", name="yoy_evidence")


def missing_chart() -> C.Chart:
    own = history()
    years = sorted(set(own["year"]) | {year})
    label = M.metric("new_requests").label
    got = dict(zip(own["year"], own["new_requests"]))
    values = pd.DataFrame({"年度": [str(y) for y in years], label: [got.get(y) for y in years]})
    return charts.bar(values, "年度", [label], f"{agency}历年报告（{year}年度缺失）", highlight=str(year),
                      takeaway=f"{year}年度没有报告入库；{ev.get('group', '同类机关')} {ev.get('peers', '?')} 家中 "
                               f"{ev.get('peers_with_report', '?')} 家有该年度报告。", name="missing_evidence")


def late_chart() -> C.Chart:
    due = dt.date.fromisoformat(expected)
    own = history()
    days = []
    for y, published in zip(own["year"], own["published"]):
        day = earliest(published) if isinstance(published, str) else None
        deadline = dt.date(int(y) + 1, due.month, due.day)
        days.append(None if day is None else (day - deadline).days)
    values = pd.DataFrame({"年度": [str(y) for y in own["year"]], "晚于法定期限天数": days})
    late_by = ev.get("days_late")
    return charts.bar(values, "年度", ["晚于法定期限天数"], f"{agency}历年报告发布时间（负数为提前）",
                      highlight=str(year), name="late_evidence",
                      takeaway=f"{year}年度报告发布于 {actual}，法定期限 {due.isoformat()}"
                               + (f"，晚 {late_by} 天。" if late_by else "。"))


builders = {"PEER.ZERO": peer_chart, "PEER.OUTLIER": peer_chart, "YOY.SHIFT": yoy_chart,
            "MISSING.REPORT": missing_chart, "TIME.LATE": late_chart}
widgets.chart(builders[lead["rule"]](), "lead_evidence")
if pd.notna(lead["report_id"]):
    st.page_link("views/report.py", label=md(f"打开 {agency} {year}年度报告"), icon=":material/find_in_page:",
                 query_params={"report": str(int(lead["report_id"]))})
st.page_link("views/findings.py", label="去“合规问题”页确认或排除", icon=":material/rule:")

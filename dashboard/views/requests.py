"""申请办理: what became of the applications (outcome mix), who applied (applicant mix),
and the year's flow from 新收 and 上年结转 to outcomes and 结转下年度."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, filters, labels, summaries, widgets
from disclosure import metrics as M
from disclosure.exports import chart as C

BARS = 30  # more bars than this are no longer readable on a slide

st.title("申请办理")
scope, frame = filters.figures_or_stop()

years = sorted(frame["year"].unique(), reverse=True)
c1, c2 = st.columns([1, 2])
year = c1.selectbox("年度", years, key="year", bind="query-params", format_func=lambda y: f"{y}年度")
grouping = c2.radio("分组", list(summaries.GROUPINGS), key="group", bind="query-params", horizontal=True,
                    format_func=summaries.GROUPINGS.get)
now = summaries.with_groups(frame[frame["year"] == year])
by = summaries.group_column(grouping)
by_label = summaries.AGENCY if grouping == "agency" else summaries.REGION

# --- outcome mix -------------------------------------------------------------------------------
st.subheader("办理结果构成")
outcome_keys = [m.key for m in M.OUTCOMES]
outcomes = summaries.sums(now, outcome_keys, by, by_label)
series = [M.metric(k).label for k in outcome_keys]
outcomes["合计"] = outcomes[series].sum(axis=1, min_count=1)
outcomes = outcomes.sort_values("合计", ascending=False).drop(columns="合计")
if len(outcomes) > BARS:
    st.caption(f"图中为办理量最多的 {BARS} 个{by_label}（共 {len(outcomes)} 个）；在左侧筛选可看其余的。")
    outcomes = outcomes.head(BARS)
granted = M.aggregate(now.assign(all=1), "disclosure_rate", "all")["value"].iloc[0]
left, right = st.columns(2)
with left:
    widgets.chart(charts.bar(outcomes, by_label, series, f"{year}年度办理结果（件）", kind=C.STACKED,
                             horizontal=True, name="outcomes",
                             takeaway=f"合计办理 {labels.value(float(outcomes[series].sum().sum()))} 件，"
                                      f"公开率 {labels.value(granted, C.PERCENT)}。"), "outcomes")
with right:
    unable = M.aggregate(now, "unable_rate", by).dropna(subset=["value"])
    worst = unable.loc[unable["value"].idxmax(), by] if len(unable) else None
    widgets.chart(charts.bar(outcomes, by_label, series, f"{year}年度办理结果构成（100%）", kind=C.STACKED_100,
                             horizontal=True, name="outcome_shares",
                             takeaway=f"无法提供比例最高的是{worst}。" if worst else ""), "outcome_shares")

# --- applicant mix -----------------------------------------------------------------------------
st.subheader("申请人构成")
applicant_keys = [m.key for m in M.APPLICANTS]
applicants = summaries.sums(now, applicant_keys, by, by_label)
applicants = applicants.set_index(by_label).loc[outcomes[by_label]].reset_index()  # the same bars, same order
applicant_series = [M.metric(k).label for k in applicant_keys]
share = M.aggregate(now.assign(all=1), "natural_person_share", "all")["value"].iloc[0]
widgets.chart(charts.bar(applicants, by_label, applicant_series, f"{year}年度新收申请的申请人构成",
                         kind=C.STACKED_100, horizontal=True, name="applicants",
                         takeaway=f"自然人申请占 {labels.value(share, C.PERCENT)}。"), "applicants")

# --- the year's flow ---------------------------------------------------------------------------
st.subheader("申请流转")
agency = st.selectbox("机关", sorted(now["agency"]), index=None, key="agency", bind="query-params",
                      placeholder="全部机关合计")
subset = now if agency is None else now[now["agency"] == agency]
links = summaries.flow(subset)
# the 勾稽关系 printed in table 三: 一 + 二 = 三（总计）+ 四; and the outcomes should add up to 总计
totals = {k: subset[k].sum(min_count=1) for k in ("new_requests", "carried_over", "handled_requests", "carried_forward")}
inflow = (totals["new_requests"] or 0) + (totals["carried_over"] or 0)
outflow = (totals["handled_requests"] or 0) + (totals["carried_forward"] or 0)
outcomes_sum = links.loc[links["来源"] == summaries.HUB, "件数"].sum() - (totals["carried_forward"] or 0)
notes = []
if inflow == outflow:
    notes.append("收支平衡：本年新收与上年结转之和等于办理结果总计与结转下年度之和。")
else:
    notes.append(f"收支不平：本年新收与上年结转之和 {inflow:,.0f} 件，办理结果总计与结转下年度之和 {outflow:,.0f} 件，"
                 f"相差 {abs(inflow - outflow):,.0f} 件。")
if outcomes_sum != (totals["handled_requests"] or 0):
    notes.append(f"各项办理结果之和 {outcomes_sum:,.0f} 件，与（七）总计 {totals['handled_requests'] or 0:,.0f} 件不符。")
balance = "".join(notes)
who = agency or "全部机关"
widgets.chart(charts.sankey(links, f"{year}年度申请流转（{who}）", takeaway=balance, name="flow"), "flow")

"""总览: reports received against expected, applications and outcome rates over the years,
open findings by rule and severity, the agencies with most problems."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, findings_data, labels, summaries, widgets
from dashboard.plain import md
from disclosure import metrics as M
from disclosure.checks import SEVERITY_LABELS
from disclosure.checks.run import DISMISSED
from disclosure.exports import chart as C

st.title("总览")
scope, frame = filters.figures_or_stop()
st.caption(md(f"范围：{scope.describe()}"))

latest = int(frame["year"].max())
now = frame[frame["year"] == latest]
cols = st.columns(5)
cols[0].metric("报告数", f"{len(frame):,}")
cols[1].metric("机关数", f"{frame['agency_id'].nunique():,}")
cols[2].metric(f"{latest}年度新收申请", labels.value(now["new_requests"].sum(min_count=1)))
disclosure = M.aggregate(now.assign(all=1), "disclosure_rate", "all")["value"].iloc[0]
cols[3].metric(f"{latest}年度公开率", labels.value(disclosure, C.PERCENT),
               help=summaries.metric_label("disclosure_rate"))

# --- coverage ------------------------------------------------------------------------------
st.subheader("报告收取情况")
expected = data.query("expected_reports", **scope.params())
outside = frame[~frame["registered"]].groupby("year").size()
cov = pd.DataFrame({summaries.YEAR: sorted(frame["year"].unique())})
if len(expected):
    per_year = expected.groupby("year")["received"].agg(["size", "sum"])
    cov["应报机关数"] = cov[summaries.YEAR].map(per_year["size"]).fillna(0).astype(int)
    cov["已收到（名录内）"] = cov[summaries.YEAR].map(per_year["sum"]).fillna(0).astype(int)
    cov["名录外机关"] = cov[summaries.YEAR].map(outside).fillna(0).astype(int)
    cov["收取率"] = 100 * cov["已收到（名录内）"] / cov["应报机关数"].where(cov["应报机关数"] > 0)
    last = cov.iloc[-1]
    year = int(last[summaries.YEAR])
    cols[4].metric(f"{year}年度收取率", labels.value(last["收取率"], C.PERCENT),
                   help="已收到报告的应报机关 ÷ 该年度应报的名录内机关（名录的应报年度列：空白为每年，“-”为不要求报告）")
    chart = charts.bar(
        cov, summaries.YEAR, ["应报机关数", "已收到（名录内）"], "各年度应报与已收到报告数",
        takeaway=f"{year}年度应报 {int(last['应报机关数'])} 份，已收到 {int(last['已收到（名录内）'])} 份，"
                 f"收取率 {labels.value(last['收取率'], C.PERCENT)}。"
                 + (f"另有名录外机关的报告 {int(last['名录外机关'])} 份（机关按名称推断）。" if last["名录外机关"] else ""),
        name="coverage")
    widgets.chart(chart, "coverage")
    missing = expected[~expected["received"]].drop(columns=["received", "agency_id"])
    if len(missing):
        with st.expander(f"未收到报告的机关（{len(missing)} 家次）"):
            shown = missing.assign(level=missing["level"].map(labels.level), kind=missing["kind"].map(labels.kind))
            shown = shown.rename(columns={"year": "年度", "agency": "机关", "province": "省", "city": "市",
                                          "county": "县（区）", "level": "级别", "kind": "类型"})
            widgets.table(shown, "missing", "未收到报告的机关")
else:
    cols[4].metric("收取率", "—", help="机构名录导入后，按名录计算应报数和收取率")
    cov["已收到报告数"] = cov[summaries.YEAR].map(frame.groupby("year").size()).astype(int)
    chart = charts.bar(cov, summaries.YEAR, ["已收到报告数"], "各年度已收到报告数",
                       takeaway="范围内的机关都不在机构名录中，无法计算应报数；图中为已收到的报告数。", name="received")
    widgets.chart(chart, "coverage")

# --- applications and outcomes over the years ---------------------------------------------
st.subheader("申请数量与办理结果")
left, right = st.columns(2)
volume_keys = ["new_requests", "carried_over", "handled_requests"]
volumes = summaries.per_year(frame, volume_keys)
received = M.metric("new_requests").label
first, last = volumes.iloc[0], volumes.iloc[-1]
trend = ""
if len(volumes) > 1 and first[received] > 0:
    change = last[received] / first[received] - 1
    trend = (f"{int(first[summaries.YEAR])}–{int(last[summaries.YEAR])}年度新收申请"
             f"{'增加' if change >= 0 else '减少'} {abs(change) * 100:.0f}%。")
with left:
    widgets.chart(charts.bar(volumes, summaries.YEAR, [M.metric(k).label for k in volume_keys],
                             "各年度申请数量", takeaway=trend, name="volumes"), "volumes")
rate_keys = ["disclosure_rate", "denial_rate", "unable_rate", "not_processed_rate"]
rates = summaries.per_year(frame, rate_keys)
with right:
    latest_rates = rates.iloc[-1]
    widgets.chart(charts.line(rates, summaries.YEAR, [M.metric(k).label for k in rate_keys], "各年度办理结果比率",
                              unit=C.PERCENT, name="rates",
                              takeaway="，".join(
                                  f"{M.metric(k).label} {labels.value(latest_rates[M.metric(k).label], C.PERCENT)}"
                                  for k in rate_keys[:3]).join((f"{int(latest_rates[summaries.YEAR])}年度", "。"))),
                  "rates")

# --- open findings -----------------------------------------------------------------------------
st.subheader("核查发现")
found = findings_data.in_scope(scope)
if found is None:
    st.info("数据库还没有核查结果。运行 `disclosure check`（或重新导入报告）后，这里汇总发现的问题。")
else:
    still = found[found["review_state"] != DISMISSED]
    if still.empty:
        st.success("当前范围内没有未排除的问题。")
    else:
        by_rule = still.pivot_table(index="规则名称", columns="严重程度", values="fingerprint", aggfunc="count",
                                    fill_value=0)
        severities = [SEVERITY_LABELS[s] for s in findings_data.SEVERITY_ORDER if SEVERITY_LABELS[s] in by_rule]
        by_rule = by_rule[severities].assign(合计=lambda d: d.sum(axis=1)).sort_values("合计", ascending=False)
        by_rule = by_rule.drop(columns="合计").reset_index().rename(columns={"规则名称": "规则"})
        worst = still.groupby("agency").size().sort_values(ascending=False).head(15)
        agencies = pd.DataFrame({summaries.AGENCY: worst.index, "问题数": worst.to_numpy()})
        left, right = st.columns(2)
        with left:
            top_rule = by_rule.iloc[0]
            widgets.chart(charts.bar(by_rule, "规则", severities, "未排除的问题：按规则和严重程度", kind=C.STACKED,
                                     horizontal=True, name="findings_by_rule",
                                     takeaway=f"共 {len(still)} 条未排除的问题；最多的是 {top_rule['规则']}"
                                              f"（{int(top_rule[severities].sum())} 条）。"), "findings_by_rule")
        with right:
            widgets.chart(charts.bar(agencies, summaries.AGENCY, ["问题数"], "问题最多的机关", horizontal=True,
                                     name="worst_agencies",
                                     takeaway=f"{worst.index[0]}问题最多（{int(worst.iloc[0])} 条）。"),
                          "worst_agencies")
        st.page_link("views/findings.py", label="查看和审核全部问题", icon=":material/rule:")

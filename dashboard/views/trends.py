"""趋势: a metric over the years for chosen agencies, regions or the whole scope, with the
change on the year before."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, filters, summaries, widgets
from disclosure import metrics as M

st.title("趋势")
scope, frame = filters.figures_or_stop()
frame = summaries.with_groups(frame)

TOTAL = "total"
SUBJECTS = {TOTAL: "全部合计", **summaries.GROUPINGS}
c1, c2 = st.columns([2, 3])
metric_key = c1.selectbox("指标", [m.key for m in M.COMPARABLE], key="metric", bind="query-params",
                          format_func=lambda k: M.metric(k).label)
subject = c2.radio("对象", list(SUBJECTS), key="trend_by", bind="query-params", horizontal=True,
                   format_func=SUBJECTS.get)
m = M.metric(metric_key)
unit = summaries.unit(m)

if subject == TOTAL:
    frame["合计"] = "全部合计"
    by = "合计"
else:
    by = summaries.group_column(subject)
    if subject == "agency":
        latest = frame[frame["year"] == frame["year"].max()]
        busiest = latest.sort_values("new_requests", ascending=False)["agency"].head(5).tolist()
        everyone = sorted(frame["agency"].unique())
        chosen = st.multiselect("机关", everyone, default=busiest, key="agencies", bind="query-params",
                                placeholder="选择机关（默认：最近一年申请最多的 5 个）")
        frame = frame[frame["agency"].isin(chosen or busiest)]

values = M.aggregate(frame, m, [by, "year"]).rename(columns={by: "对象", "year": summaries.YEAR})
values[summaries.YEAR] = values[summaries.YEAR].astype(int)
values = values.sort_values(["对象", summaries.YEAR])
wide = values.pivot(index=summaries.YEAR, columns="对象", values="value").reset_index()
wide.columns.name = None
series = [c for c in wide.columns if c != summaries.YEAR]

# change on the year before: percentage points for a rate, per cent for a count
previous = values.groupby("对象")["value"].shift(1)
consecutive = values.groupby("对象")[summaries.YEAR].shift(1) == values[summaries.YEAR] - 1
if m.is_rate:
    change_label = "同比变化（百分点）"
    values[change_label] = (values["value"] - previous).where(consecutive)
else:
    change_label = "同比变化（%）"
    values[change_label] = ((values["value"] / previous.where(previous > 0) - 1) * 100).where(consecutive)

last_year = values[summaries.YEAR].max()
moves = values[values[summaries.YEAR] == last_year].dropna(subset=[change_label])
takeaway = ""
if len(moves):
    biggest = moves.loc[moves[change_label].abs().idxmax()]
    direction = "上升" if biggest[change_label] > 0 else "下降"
    amount = (f"{abs(biggest[change_label]):.1f} 个百分点" if m.is_rate else f"{abs(biggest[change_label]):.0f}%")
    takeaway = f"{last_year}年度{biggest['对象']}的{m.label}同比{direction}{amount}，变化最大。"
title = f"{m.label}各年度变化（{SUBJECTS[subject]}）"
widgets.chart(charts.line(wide, summaries.YEAR, series, title, unit=unit, takeaway=takeaway, name="trend"), "trend")

table = values[["对象", summaries.YEAR, "value", change_label]].rename(columns={"value": m.label})
if m.is_rate:
    table = table.rename(columns={m.label: f"{m.label}（%）"})
widgets.table(table.round(2), "trend_table", title)

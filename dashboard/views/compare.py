"""机构对比: one metric for every agency in a year, ranked, against its peer group's median.

Clicking a bar (or choosing an agency below the chart) opens that agency's report.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, filters, labels, summaries, widgets
from dashboard.plain import md
from disclosure import metrics as M

st.title("机构对比")
scope, frame = filters.figures_or_stop()

ALL = "all"
ENDS = 20  # a ranking of more agencies shows its top and bottom in the chart, all in the table
years = sorted(frame["year"].unique(), reverse=True)
c1, c2, c3 = st.columns([2, 1, 2])
metric_key = c1.selectbox("指标", [m.key for m in M.COMPARABLE], key="metric", bind="query-params",
                          format_func=lambda k: M.metric(k).label)
year = c2.selectbox("年度", years, key="year", bind="query-params", format_func=lambda y: f"{y}年度")
m = M.metric(metric_key)
if m.note:
    c1.caption(f"{m.label} = {m.note}")

now = frame[frame["year"] == year].copy()
now["peer_group"] = [f"{k}|{lv}" if isinstance(k, str) and isinstance(lv, str) else None
                     for k, lv in zip(now["kind"], now["level"])]
groups = now["peer_group"].value_counts()
peer_options = [ALL] + sorted(g for g, n in groups.items() if n >= 2)


def peer_label(g: str) -> str:
    if g == ALL:
        return "当前筛选范围内全部机关"
    kind, level = g.split("|")
    return f"{labels.kind(kind)} · {labels.level(level)}"


peers = c3.selectbox("同类机关", peer_options, key="peers", bind="query-params", format_func=peer_label,
                     help="中位数在这组机关中计算；机构名录给出机关的类型和级别后可选同类机关")
group = now if peers == ALL else now[now["peer_group"] == peers]

ranked = pd.DataFrame({
    summaries.AGENCY: group["agency"].to_numpy(),
    m.label: group[m.key].to_numpy(),
    "report_id": group["report_id"].to_numpy(),
})
unit = summaries.unit(m)
if m.is_rate:
    ranked["分子"] = group[m.key + M.NUM].to_numpy()
    ranked["分母"] = group[m.key + M.DEN].to_numpy()
undefined = ranked[ranked[m.label].isna()]
ranked = ranked.dropna(subset=[m.label]).sort_values([m.label, summaries.AGENCY], ascending=[False, True])
ranked.insert(0, "排名", range(1, len(ranked) + 1))
if ranked.empty:
    st.warning(f"{year}年度没有机关能计算{m.label}（分母为零或单元格空白）。")
    st.stop()

median = float(ranked[m.label].median())
ranked["与中位数之差"] = ranked[m.label] - median
agency = st.selectbox("查看机关", ranked[summaries.AGENCY].tolist(), index=None, key="agency",
                      bind="query-params", placeholder="选择或点击图中的机关，查看其报告详情")

top, bottom = ranked.iloc[0], ranked.iloc[-1]
below = int((ranked[m.label] < median).sum())
takeaway = (f"{top[summaries.AGENCY]}最高（{labels.value(top[m.label], unit)}），"
            f"{bottom[summaries.AGENCY]}最低（{labels.value(bottom[m.label], unit)}）；"
            f"中位数 {labels.value(median, unit)}，{below} 个机关低于中位数。")
title = f"{year}年度{m.label}：{peer_label(peers) if peers != ALL else '各机关'}对比"
shown_bars = ranked
if len(ranked) > 2 * ENDS:
    shown_bars = pd.concat([ranked.head(ENDS), ranked.tail(ENDS)])
    if agency is not None and agency not in set(shown_bars[summaries.AGENCY]):
        shown_bars = pd.concat([ranked.head(ENDS), ranked[ranked[summaries.AGENCY] == agency], ranked.tail(ENDS)])
    st.caption(f"图中为最高和最低的各 {ENDS} 个机关（共 {len(ranked)} 个），中位数按全部机关计算；完整排名见下表。")
chart = charts.bar(shown_bars, summaries.AGENCY, [m.label], title, unit=unit, horizontal=True, median=median,
                   median_label="同类中位数" if peers != ALL else "中位数", highlight=agency, takeaway=takeaway,
                   name="ranking")
event = widgets.chart(chart, "ranking", select=True)

clicked = [p.get("y") for p in (event.selection.points if event and event.selection else [])]
report_of = dict(zip(ranked[summaries.AGENCY], ranked["report_id"]))
if clicked and clicked[0] in report_of:
    st.switch_page("views/report.py", query_params={"report": str(int(report_of[clicked[0]]))})
if agency is not None and agency in report_of:
    st.page_link("views/report.py", label=md(f"打开 {agency} {year}年度报告详情"), icon=":material/find_in_page:",
                 query_params={"report": str(int(report_of[agency]))})

shown = ranked.drop(columns=["report_id"])
widgets.table(shown, "ranking_table", title,
              column_config={c: st.column_config.NumberColumn(format="%.1f%%" if m.is_rate else "localized")
                             for c in (m.label, "与中位数之差")})
if len(undefined):
    st.caption(md(f"无法计算{m.label}的机关（分母为零或单元格空白）：" + "、".join(undefined[summaries.AGENCY])))

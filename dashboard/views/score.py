"""评分: agencies scored by a rule pack (data/packs/), ranked, with each deduction's evidence;
the score sheet as XLSX and the 检查情况通报 as a Word draft."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, widgets
from dashboard.findings_data import STATE_LABELS
from dashboard.plain import md
from disclosure.exports import notice
from disclosure.model import DisclosureError
from disclosure.score import engine, sheet
from disclosure.score.packs import DEFAULT_PACK, MODES, load_pack, shipped

st.title("评分")
scope = filters.current()
packs = shipped()
if not packs:
    st.error("没有找到评分方案（data/packs/）。")
    st.stop()
years = filters.options()["years"]
if not years:
    st.info("数据库中还没有报告。")
    st.stop()

c1, c2, c3 = st.columns([3, 1, 2])
names = list(packs)
pack_name = c1.selectbox("评分方案", names, index=names.index(DEFAULT_PACK) if DEFAULT_PACK in names else 0,
                         key="pack", bind="query-params", format_func=lambda n: load_pack(packs[n]).title)
try:
    pack = load_pack(packs[pack_name])
except DisclosureError as exc:
    st.error(md(exc.reason))
    st.stop()
chosen_years = [y for y in years if not scope.years or y in scope.years] or years
year = c2.selectbox("年度", chosen_years, key="score_year", bind="query-params", format_func=lambda y: f"{y}年度")
mode = c3.radio("口径", list(MODES), index=list(MODES).index(pack.mode), key="mode", bind="query-params",
                horizontal=True, help="；".join(f"{k}：{v}" for k, v in MODES.items()))
st.caption(md(f"{pack.title}（满分 {engine.points(pack.points)} 分）。依据：{pack.source}。范围：{scope.describe()}"))

params = {**scope.params(), "years": [year]}
subjects = data.query("score_subjects", **params)
findings = data.query("scope_findings", **params)
today = dt.date.today()
rect = data.query("rectifications", today=today.isoformat(), **params)
scores = engine.score(pack, subjects, findings, rect, mode)
if not scores:
    st.info("当前范围内没有应报或已收到的报告。")
    st.stop()

table = sheet.frame(scores)
m = st.columns(5)
m[0].metric("参评单位", len(scores))
m[1].metric("平均得分", f"{table['得分'].mean():.1f}")
m[2].metric("满分单位", int((table["得分"] == pack.points).sum()))
m[3].metric(f"{pack.grades[-1][1]}", int((table["等次"] == pack.grades[-1][1]).sum()))
m[4].metric("含无法判断项", int((table["无法判断分值"] > 0).sum()), help="这些单位有项目因报告信息不全无法判断，未计分，需人工核实")

order = [label for _floor, label in sorted(pack.grades, reverse=True)]
dist = pd.DataFrame({"等次": order, "单位数": [int((table["等次"] == g).sum()) for g in order]})
widgets.chart(charts.bar(dist, "等次", ["单位数"], f"{year}年度得分分布（{pack.title}）",
                         takeaway=f"平均 {table['得分'].mean():.1f} 分，最高 {engine.points(table['得分'].max())} 分，"
                                  f"最低 {engine.points(table['得分'].min())} 分。", name="score_distribution"),
              "score_distribution")

st.subheader("排名")
shown = table.drop(columns=["失分原因"]).assign(失分原因=table["失分原因"].str.replace("\n", "；"))
event = widgets.table(shown, "score_table", f"{year}年度评分", on_select="rerun", selection_mode="single-row",
                      column_config={"年度": st.column_config.NumberColumn(format="%d")})
row = st.container(horizontal=True)
row.download_button("下载评分表（XLSX，每年一张表）", lambda: sheet.xlsx(scores), file_name=f"{year}年度评分表.xlsx",
                    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="score_xlsx",
                    on_click="ignore", icon=":material/table:")

# --- drill-down -------------------------------------------------------------------------------
picked = event.selection.rows if event and event.selection else []
labels = {f"{s.agency_id}:{s.year}": f"第 {s.rank} 名 · {s.agency} · {engine.points(s.score)} 分" for s in scores}
if picked:
    s = scores[picked[0]]
    st.session_state["score_agency"] = f"{s.agency_id}:{s.year}"
key = st.selectbox("查看单位的扣分明细", list(labels), index=None, key="score_agency", bind="query-params",
                   format_func=labels.get, placeholder="选择单位（或在上表中点选一行）")
chosen = next((s for s in scores if f"{s.agency_id}:{s.year}" == key), None)
if chosen is not None:
    with st.container(border=True):
        st.markdown(f"**{md(chosen.agency)}** {chosen.year}年度　得分 {engine.points(chosen.score)} / "
                    f"{engine.points(chosen.points)}　{md(chosen.grade)}　第 {chosen.rank} 名")
        rect_text = engine.rectification_text(chosen)
        if rect_text:
            st.caption(md(f"整改情况：{rect_text}"))
        if chosen.report_id is not None:
            st.page_link("views/report.py", label="打开这份报告", icon=":material/find_in_page:",
                         query_params={"report": str(chosen.report_id)})
        for it in chosen.items:
            status = "无法判断" if it.status == engine.UNKNOWN else f"{engine.points(it.score)} / {engine.points(it.item.points)}"
            with st.expander(md(f"{it.item.title}：{status}"), expanded=bool(it.lines or it.unknown)):
                if it.item.source:
                    st.caption(md(f"依据：{it.item.source}"))
                for why in it.unknown:
                    st.warning(md(f"无法判断：{why}"))
                if not it.lines and not it.unknown:
                    st.text("未扣分")
                for line in it.lines:
                    st.markdown(f"**−{engine.points(line.amount)}**　{md(line.deduction.title)}")
                    for h in line.hits:
                        st.text(f"{h.rule} {h.rule_title}：{h.message}")  # report-derived: text
                        details = [f"审核：{STATE_LABELS.get(h.review_state, h.review_state)}"]
                        if h.cells:
                            details.append("单元格：" + "、".join(h.cells))
                        st.caption(md("；".join(details)))
                        for match in h.evidence.get("matches", [])[:3]:  # XA.COPY: whose text, and which sentences
                            st.text(f"与{match['agency']}雷同 {match['ratio'] * 100:.0f}%：" + " / ".join(match["sentences"]))

# --- the notice -------------------------------------------------------------------------------
st.subheader("检查情况通报")
st.caption("根据评分和已确认的问题生成《关于…政府信息公开工作年度报告检查情况的通报》Word 草稿（只写入已确认的问题），可在 Word/WPS 中修改。")
n1, n2, n3 = st.columns(3)
deadline = n1.date_input("整改期限", value=today + dt.timedelta(days=30), key="notice_deadline")
issuer = n2.text_input("落款单位", value="", placeholder="默认：本地区人民政府办公室", key="notice_issuer")
recipients = n3.text_input("主送", value="", placeholder="默认：各有关单位", key="notice_to")
region = scope.regions[0] if len(scope.regions) == 1 else None


def draft() -> bytes:
    facts = notice.facts(pack, year, subjects, findings, rect, region, None, deadline, issuer or None,
                         recipients or None, today)
    return notice.build(facts)


st.download_button("生成通报（Word）", draft, file_name=f"{year}年度政府信息公开工作年度报告检查情况通报.docx",
                   mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", key="notice_docx",
                   on_click="ignore", icon=":material/description:", type="primary")

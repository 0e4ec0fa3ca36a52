"""报告详情: one report's three tables drawn like the national template, and its sections; its
versions (compared cell by cell, one chosen) and a person's corrections of it."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import corrections, data, filters, findings_data, tables, versions, widgets
from dashboard.labels import cell_labels
from dashboard.plain import md
from disclosure import template as T
from disclosure.checks import SEVERITY_LABELS
from disclosure.model import DisclosureError, REVIEW_CONFIDENCE
from disclosure.store import files

PICK_LIMIT = 50  # the picker lists this many matches: a search, not the whole store

st.title("报告详情")
param = st.query_params.get("report")
if param and param.isdigit() and not len(data.query("report_meta", report_id=int(param))):
    moved = versions.current_of(int(param))  # a version no longer current: its agency's report of that year
    if moved is not None:
        param = str(moved)
        st.query_params["report"] = param
chosen = data.query("report_meta", report_id=int(param)) if param and param.isdigit() else None
c1, c2 = st.columns([3, 1])
text = c1.text_input("查找报告：机关名称包含", key="report_q", placeholder="输入机关名称的一部分")
year = c2.selectbox("年度", [None, *filters.options()["years"]], key="report_year",
                    format_func=lambda y: "全部年度" if y is None else f"{y}年度")
found = data.query("report_search", text=text or "", limit=PICK_LIMIT, years=[year] if year else [],
                   regions=[], levels=[], kinds=[])
labels = {int(r.report_id): f"{r.agency} · {r.year} 年度" for r in found.itertuples()}
if chosen is not None and len(chosen):
    labels.setdefault(int(chosen.iloc[0]["report_id"]), f"{chosen.iloc[0]['agency']} · {chosen.iloc[0]['year']} 年度")
if not labels:
    st.info("没有找到符合条件的报告。" if text or year else "数据库中还没有报告。")
    st.stop()
ids = list(labels)
current = int(param) if chosen is not None and len(chosen) else ids[0]
report_id = st.selectbox(f"报告（按名称和年度查找，最多列出 {PICK_LIMIT} 份）", ids, index=ids.index(current),
                         format_func=labels.get)
if str(report_id) != st.query_params.get("report"):
    st.query_params["report"] = str(report_id)

meta = data.query("report_meta", report_id=report_id).iloc[0]
cells = data.query("report_cells", report_id=report_id)
version = meta["template"]

st.subheader(md(meta["agency"]))  # report-derived: never Markdown
c2, c3, c4 = st.columns(3)
c2.metric("年度", int(meta["year"]))
c3.metric("模板", md(f"{version} 版"))
c4.metric("发布日期", md(meta["published"] or "未注明"))
st.caption(md(f"来源：{meta['source_name']}（{meta['format']}，解析器 {meta['extractor']} {meta['parser_version']}）"))

versions.panel(report_id, meta, cells, version if version in T.TEMPLATES else T.TEMPLATE_2021)

years = data.query("agency_years", report_id=report_id)
if len(years) > 1:
    cols = st.columns(len(years))
    for col, y in zip(cols, years.itertuples()):
        if int(y.report_id) == report_id:
            col.button(f"{y.year} 年度", disabled=True, key=f"y{y.year}")
        else:
            col.page_link("views/report.py", label=f"{y.year} 年度", query_params={"report": str(y.report_id)})

doc = data.query("document", report_id=report_id)
if not doc.empty:
    d = doc.iloc[0]
    try:
        ending = d["ending"] if isinstance(d["ending"], str) else ""
        content = files.read(data.db_path(), d["sha256"], ending, d["name"])
    except DisclosureError as exc:
        st.warning(f"无法下载原始文件：{exc.reason}")
    else:
        st.download_button("下载原始文件", content, file_name=d["name"])


def values_of(table_key: str) -> dict:
    sub = cells[cells["table_key"] == table_key]
    return {
        (r.row_key, r.column_key): (None if r.value != r.value else r.value)  # NaN is blank
        for r in sub.itertuples()
    }


marks = findings_data.marks(report_id)
if any(marks.values()):
    st.caption("红框标出的单元格未通过核查，鼠标停在上面可看规则和说明。")
review = list(meta["review"]) if meta["review"] is not None else []
if review:
    st.warning("这份报告的部分数字识别把握不足，使用前请对照原件人工核对：\n\n" + "\n".join(f"- {md(r)}" for r in review))


def doubts_of(table_key: str) -> dict:
    """Cells read with low confidence (scans), marked for a person to check."""
    sub = cells[(cells["table_key"] == table_key) & (cells["confidence"] < REVIEW_CONFIDENCE)]
    return {(r.row_key, r.column_key): f"识别置信度 {r.confidence:.0%}，请对照原件核对" for r in sub.itertuples()}


if (cells["confidence"] < REVIEW_CONFIDENCE).any():
    st.caption("黄色虚线框标出识别置信度低的单元格。")
if cells["corrected"].any():
    st.caption("蓝框标出人工更正过的单元格（表中为更正后的数值），鼠标停在上面可看原文数值、更正人和原因。")
for key in T.TABLE_KEYS:
    st.subheader(f"表{T.TABLE_NUMBERS[key]} {T.TABLE_TITLES[key]}")
    values = values_of(key)
    if not values:
        st.warning("报告中没有这张表，或未能读出其中的数字。")
        continue
    fixed = corrections.marks(cells, key)
    if key == T.TABLE_ACTIVE:
        html = tables.active_table(version if version in T.TEMPLATES else T.TEMPLATE_2021, values, marks.get(key),
                                   doubts_of(key), fixed)
    elif key == T.TABLE_REQUESTS:
        html = tables.requests_table({r for r, _ in values}, values, marks.get(key), doubts_of(key), fixed)
    else:
        html = tables.review_table(values, marks.get(key), doubts_of(key), fixed)
    st.markdown(html, unsafe_allow_html=True)

if not data.read_only():
    corrections.panel(report_id, meta, cells, version if version in T.TEMPLATES else T.TEMPLATE_2021)

if findings_data.available():
    found = data.query("report_findings", report_id=report_id)
    st.subheader(f"核查发现（{len(found)} 条）")
    if found.empty:
        st.caption("这份报告没有发现问题。")
    else:
        widgets.table(pd.DataFrame({
            "严重程度": found["severity"].map(SEVERITY_LABELS), "规则": found["rule"] + " " + found["rule_title"],
            "说明": found["message"], "审核状态": found["review_state"].map(findings_data.STATE_LABELS),
            "审核备注": found["review_note"].fillna(""),
        }), "report_findings", f"{meta['agency']}{int(meta['year'])}年度核查发现")

with st.expander("每个数字的出处"):
    prov = cell_labels(cells[["table_key", "row_key", "column_key", "value", "raw", "page", "ref", "confidence"]],
                       version).rename(
        columns={"table_key": "表", "row_key": "行", "column_key": "列", "value": "数值", "raw": "原文",
                 "page": "页", "ref": "位置", "confidence": "置信度"})
    prov["原文"] = corrections.printed_text(cells)  # a corrected cell: what the document printed
    prov["人工更正"] = corrections.column(cells)
    widgets.table(prov, "provenance", f"{meta['agency']}{int(meta['year'])}年度数字出处")

devs = data.query("report_deviations", report_id=report_id)
if not devs.empty:
    st.subheader("与模板措辞不同的标签")
    widgets.table(
        cell_labels(devs, version).rename(columns={"table_key": "表", "row_key": "行", "kind": "类型", "printed": "报告原文", "expected": "模板措辞"}),
        "deviations", f"{meta['agency']}{int(meta['year'])}年度标签差异",
    )
if len(meta["notes"]):
    st.subheader("解析提示")
    for note in meta["notes"]:
        st.text(note)

st.subheader("正文")
for s in data.query("report_sections", report_id=report_id).itertuples():
    heading = s.heading if isinstance(s.heading, str) and s.heading else "（导语）"
    with st.expander(md(heading), expanded=False):
        st.text(s.text)

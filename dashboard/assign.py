"""Assigning agencies and years on the 导入 page: the reports nothing names (待确认), listed
with what their documents did say, and all the files of an upload at once (one region, one
year). Both are the write operation `assign_reports` (as `disclosure assign` runs it): each
report then takes its place as any new document does, enters the analyses and is checked."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, widgets
from dashboard.labels import BLANK
from dashboard.plain import md
from disclosure.cli import STATUS_LABELS
from disclosure.model import DisclosureError


def _run(ids: list[int], agency: str, region: str, year: str, note: str) -> None:
    try:
        done = data.write("assign_reports", report_ids=ids, agency=agency.strip() or None,
                          region=region.strip() or None, year=year.strip() or None, note=note.strip() or None)
    except DisclosureError as exc:
        st.error(md(exc.reason))
        return
    lines = []
    for o in done["outcomes"]:
        if o["status"] == "failed":
            lines.append(f"报告 {o['report_id']}：未能指定，{o['reason']}")
        else:
            lines.append(f"报告 {o['report_id']}：{o['agency']} {o['year']} 年度，{STATUS_LABELS[o['status']]}"
                         + (f"（{o['reason']}）" if o.get("reason") else ""))
    st.session_state["assign_done"] = lines + done["errors"]
    st.rerun()


def _said() -> None:
    lines = st.session_state.pop("assign_done", None)
    if lines:
        st.success("已处理：\n\n" + "\n".join(f"- {md(line)}" for line in lines))


def pending() -> None:
    """The reports waiting for a person's agency and year, and the form to assign them."""
    _said()
    found = data.query("pending_reports")
    if found.empty:
        return
    st.subheader(f"待确认的报告（{len(found)} 份）")
    st.caption("这些文件的统计表已经读出，但文中找不到机关名称或年度，暂不列入分析和核查。"
               "选中后填写机关和年度（留空则用文中读出的），即成为正式报告并接受核查。")
    widgets.table(pd.DataFrame({
        "编号": found["report_id"], "文件": found["source_name"], "文中机关": found["printed_agency"].fillna(BLANK),
        "文中年度": found["year"].astype("Int64"), "已填单元格": found["cells_filled"],
        "导入时间": [str(t)[:16] for t in found["ingested_at"]], "原因": [str(r).split("；")[0] for r in found["reason"]],
    }), "pending", "待确认的报告")
    labels = {int(r.report_id): f"{r.report_id} · {r.source_name}" for r in found.itertuples()}  # shown as text
    ids = st.multiselect("选择报告", list(labels), format_func=labels.get, key="assign_ids")
    c1, c2, c3 = st.columns([3, 3, 1])
    agency = c1.text_input("机关名称", key="assign_agency", placeholder="留空则用文中读出的名称")
    region = c2.text_input("所在地区（名称中没有地区时用）", key="assign_region", placeholder="如 山西省忻州市神池县")
    year = c3.text_input("年度", key="assign_year", placeholder="如 2023")
    note = st.text_input("说明（可选，记入更正记录）", key="assign_note")
    if st.button("指定机关和年度", key="assign", type="primary", disabled=not ids):
        _run(ids, agency, region, year, note)


def batch(ids: list[int]) -> None:
    """All the files of the last upload assigned one region and (or) one year."""
    if not ids:
        return
    with st.expander(f"为本批 {len(ids)} 个文件统一指定地区和年度"):
        st.caption("本批文件都属于同一地区、同一年度时在此指定：名称中没有地区的机关按此地区确定，"
                   "年度一律按此填写（记入更正记录）。")
        c1, c2 = st.columns([3, 1])
        region = c1.text_input("地区", key="batch_region", placeholder="如 山西省忻州市神池县")
        year = c2.text_input("年度", key="batch_year", placeholder="如 2023")
        if st.button("应用到本批文件", key="batch_assign", disabled=not (region.strip() or year.strip())):
            _run(ids, "", region, year, "本批文件统一指定地区和年度")

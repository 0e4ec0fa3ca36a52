"""整改跟踪: confirmed findings sent to their agencies with a deadline, by agency with counts;
待整改 turns 已整改 by itself when the corrected report is ingested and the finding is gone,
逾期未整改 past the deadline. Confirmed findings are sent (or taken back) from here."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import data, filters, findings_data as F, widgets
from dashboard.plain import md
from disclosure.checks.run import CONFIRMED
from disclosure.model import DisclosureError
from disclosure.rectify import FIXED, OVERDUE, PENDING, STATE_LABELS

PICKER_LIMIT = 300

st.title("整改跟踪")
scope = filters.current()
today = dt.date.today()
if not data.has_table("rectifications"):
    st.info("数据库尚未升级，重新打开仪表盘后即可使用整改跟踪。")
    st.stop()
rect = data.query("rectifications", today=today.isoformat(), **scope.params())
st.caption(md(f"范围：{scope.describe()}　状态按今天（{today.isoformat()}）计算"))

m = st.columns(4)
m[0].metric("下发整改", len(rect))
for col, state in zip(m[1:], (PENDING, OVERDUE, FIXED)):
    col.metric(STATE_LABELS[state], int((rect["status"] == state).sum()))

if len(rect):
    st.subheader("按单位")
    counts = rect.pivot_table(index="agency", columns="status", values="fingerprint", aggfunc="count", fill_value=0)
    by_agency = pd.DataFrame({"单位": counts.index})
    for state in (PENDING, OVERDUE, FIXED):
        by_agency[STATE_LABELS[state]] = counts[state].tolist() if state in counts else 0
    by_agency = by_agency.sort_values([STATE_LABELS[OVERDUE], STATE_LABELS[PENDING]], ascending=False)
    widgets.table(by_agency, "rectify_by_agency", "整改情况（按单位）")

    st.subheader("整改清单")
    listing = pd.DataFrame({
        "单位": rect["agency"], "年度": rect["year"], "规则": rect["rule"] + " " + rect["rule_title"].fillna(""),
        "问题": rect["message"], "整改期限": rect["deadline"].astype(str).str[:10],
        "状态": rect["status"].map(STATE_LABELS), "整改日期": rect["fixed_at"].map(
            lambda v: "" if pd.isna(v) else str(v)[:10]),
        "整改文件": rect["fixed_document"].fillna(""), "要求": rect["note"].fillna(""),
    })
    widgets.table(listing, "rectify_table", "整改清单", column_config={"年度": st.column_config.NumberColumn(format="%d")})
else:
    st.info("当前范围内还没有下发整改的问题。在下方选择已确认的问题下发整改。")

if data.read_only():
    st.info("这是只读副本（Parquet 导出）：在数据库所在的仪表盘上下发整改。")
    st.stop()

# --- send -------------------------------------------------------------------------------------
st.subheader("下发整改")
found = F.in_scope(scope)
if found is None:
    st.info("数据库还没有核查结果。运行 `disclosure check` 后，这里列出可下发整改的已确认问题。")
    st.stop()
sent = set(rect["fingerprint"])
ready = found[(found["review_state"] == CONFIRMED) & ~found["fingerprint"].isin(sent)].head(PICKER_LIMIT)
if ready.empty:
    st.caption("没有待下发的已确认问题（在“合规问题”页确认问题后，可在此下发整改）。")
else:
    labels = {r.fingerprint: f"{r.agency} {r.year} · {r.规则名称} · {r.message}" for r in ready.itertuples()}
    picked = st.multiselect("已确认、尚未下发的问题", list(labels), format_func=labels.get, key="rectify_pick",
                            placeholder="选择要下发整改的问题")
    c1, c2 = st.columns([1, 3])
    deadline = c1.date_input("整改期限", value=today + dt.timedelta(days=30), min_value=today, key="rectify_deadline")
    note = c2.text_input("整改要求", value="请更正后重新发布年度报告，并报送整改情况", key="rectify_note")
    if st.button("下发整改", type="primary", disabled=not picked, icon=":material/send:", key="rectify_send"):
        try:
            done = data.write("rectify_send", fingerprints=picked, deadline=deadline.isoformat(), note=note or None)
        except DisclosureError as exc:
            st.error(md(exc.reason))
        else:
            st.toast(f"已下发整改 {done['sent']} 项，期限 {done['deadline']}")
            st.rerun()

pending = rect[rect["state"] == PENDING]
if len(pending):
    with st.expander("撤回整改（下发有误时）"):
        labels = {r.fingerprint: f"{r.agency} {r.year} · {r.rule} · {r.message}" for r in pending.itertuples()}
        back = st.multiselect("待整改的问题", list(labels), format_func=labels.get, key="rectify_withdraw_pick")
        if st.button("撤回", disabled=not back, key="rectify_withdraw", icon=":material/undo:"):
            done = data.write("rectify_withdraw", fingerprints=back)
            st.toast(f"已撤回 {done['withdrawn']} 项")
            st.rerun()

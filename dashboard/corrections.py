"""Corrections by a person on the report page: which cells a reviewer corrected (marked in
the tables, named in the provenance table and its exports), the form to correct a cell, the
agency or the year with a reason, the log, and the corrections of a replaced version
offered on the new one.

Every change is a write operation (disclosure/store/report_ops.py), the same the CLI's
`disclosure correct` runs: logged, applied over the parse, the affected checks run again.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from dashboard import data, widgets
from dashboard.plain import md
from disclosure import template as T
from disclosure.model import DisclosureError
from disclosure.store import corrections as K

CELL, AGENCY, YEAR = "单元格", "机关", "年度"


def shown(value) -> str:
    return K.printed(value) or "空白"


def _parsed(text) -> str:
    """What the document's parse gave, from the correction's `parsed` JSON."""
    if not isinstance(text, str):
        return "原文无此单元格"
    return f"原文为 {shown(json.loads(text)['value'])}"


def _when(at) -> str:
    return str(at)[:16]


def note(row) -> str:
    """The one line that says a cell was corrected: what the document said, who, when, why."""
    return (f"人工更正：{_parsed(row.parsed)}，{row.corrected_by} 于 {_when(row.corrected_at)} 更正，"
            f"原因：{row.correction_note}")


def marks(cells: pd.DataFrame, table_key: str) -> dict[tuple[str, str], str]:
    """(row, column) -> tooltip of the cells of `table_key` a person corrected."""
    sub = cells[(cells["table_key"] == table_key) & cells["corrected"].astype(bool)]
    return {(r.row_key, r.column_key): note(r) for r in sub.itertuples()}


def printed_text(cells: pd.DataFrame) -> list:
    """Each cell as the document printed it (a corrected cell's text before the correction)."""
    out = []
    for r in cells.itertuples():
        if r.corrected:
            out.append(json.loads(r.parsed)["raw"] if isinstance(r.parsed, str) else "")
        else:
            out.append(r.raw)
    return out


def column(cells: pd.DataFrame) -> list[str]:
    """The provenance table's 人工更正 column: the line for a corrected cell, else empty."""
    return [note(r) if r.corrected else "" for r in cells.itertuples()]


# --- the log and the offers --------------------------------------------------------------------

def _what(row, version: str) -> str:
    if row.field == K.CELL:
        return K.label(version, row.address)
    return K.FIELD_LABELS[row.field]


def _value(text, field: str) -> str:
    if not isinstance(text, str):
        return "（无此单元格）" if field == K.CELL else "—"
    value = json.loads(text)
    if field == K.CELL:
        return shown(value)
    return "—" if value is None else str(value)


def log(report_id: int, version: str) -> pd.DataFrame:
    found = data.query("report_corrections", report_id=report_id)
    return pd.DataFrame({
        "编号": found["correction_id"], "时间": [_when(t) for t in found["corrected_at"]],
        "更正人": found["user_name"], "项目": [_what(r, version) for r in found.itertuples()],
        "原值": [_value(r.old_value, r.field) for r in found.itertuples()],
        "新值": [_value(r.new_value, r.field) for r in found.itertuples()],
        "原因": found["note"], "状态": found["state"].map(K.STATE_LABELS),
    })


def offers(report_id: int, version: str) -> None:
    """Corrections of the version this one replaced, to apply to it or decline."""
    found = data.query("report_corrections", report_id=report_id)
    found = found[found["state"] == K.OFFERED]
    if found.empty:
        return
    st.warning(f"上一版本有 {len(found)} 处人工更正，新文件中的数值与之不同，尚未用于当前版本。"
               "请逐项确认是否沿用：")
    labels = {int(r.correction_id): f"{_what(r, version)}：新文件为 {_value(r.old_value, r.field)}，"
                                    f"上一版本更正为 {_value(r.new_value, r.field)}（{r.user_name}：{r.note}）"
              for r in found.itertuples()}  # option labels are shown as text
    chosen = st.multiselect("上一版本的更正", list(labels), default=list(labels), format_func=labels.get,
                            key="offers_chosen")
    row = st.container(horizontal=True)
    for label, apply, key in (("沿用所选更正", True, "offers_apply"), ("不沿用所选更正", False, "offers_decline")):
        if row.button(label, key=key, disabled=not chosen):
            _write("decide_correction", f"已{'沿用' if apply else '放弃'} {len(chosen)} 处更正",
                   correction_ids=chosen, apply=apply)


def _write(name: str, done: str, **args):
    try:
        result = data.write(name, **args)
    except DisclosureError as exc:
        st.error(md(exc.reason))
        return None
    st.session_state["correction_done"] = done + ("；" + "；".join(result["errors"]) if result.get("errors") else "")
    st.rerun()


# --- the form --------------------------------------------------------------------------------

def _rows(version: str, table: str, cells: pd.DataFrame) -> list[str]:
    """Rows a cell of `table` can be corrected in: the template's, and any the report prints."""
    rows = [r.key for r in T.template(version).table(table).rows]
    extra = [r for r in cells.loc[cells["table_key"] == table, "row_key"].unique() if r not in rows]
    if table == T.TABLE_REQUESTS:
        order = {r.key: i for i, r in enumerate(T.REQUEST_ROWS_ANY)}
        return sorted(set(rows) | set(extra), key=lambda r: order.get(r, 999))
    return rows + extra


def _columns(version: str, table: str, row: str) -> list[str]:
    if table == T.TABLE_REQUESTS:
        return list(T.REQUEST_COLUMN_KEYS)
    if table == T.TABLE_REVIEW:
        return [c.key for c in T.REVIEW_COLUMNS]
    return list(T.template(version).table(table).row(row).column_keys)


def form(report_id: int, meta, cells: pd.DataFrame, version: str) -> None:
    """Correct a cell, the agency or the year, with a reason."""
    what = st.radio("更正什么", [CELL, AGENCY, YEAR], horizontal=True, key="fix_what")
    cell = value = None
    if what == CELL:
        c1, c2, c3 = st.columns([1, 3, 2])
        table = c1.selectbox("表", T.TABLE_KEYS, key="fix_table",
                             format_func=lambda t: f"表{T.TABLE_NUMBERS[t]}")
        row = c2.selectbox("行", _rows(version, table, cells), key="fix_row",
                           format_func=lambda r: T.row_label(table, r, version))
        col = c3.selectbox("列", _columns(version, table, row), key="fix_column",
                           format_func=lambda c: T.column_label(table, row, c, version))
        cell = K.address_of(table, row, col)
        now = cells[(cells["table_key"] == table) & (cells["row_key"] == row) & (cells["column_key"] == col)]
        st.caption("当前值：" + ("报告中无此单元格" if now.empty else shown(
            None if now.iloc[0]["value"] != now.iloc[0]["value"] else now.iloc[0]["value"])))
        value = st.text_input("正确的值（空白单元格填“空”）", key="fix_value")
    elif what == AGENCY:
        cell = "agency"
        value = st.text_input("正确的机关名称", key="fix_agency", placeholder=meta["agency"])
    else:
        cell = "year"
        value = st.text_input("正确的年度", key="fix_year", placeholder=str(int(meta["year"])))
    why = st.text_input("更正原因（必填，记入更正记录）", key="fix_note", placeholder="如：原件第3页该栏为 12，解析有误")
    if st.button("保存更正", key="fix_save", type="primary"):
        try:
            done = data.write("correct", report_id=report_id, cell=cell, value=value, note=why)
        except DisclosureError as exc:
            st.error(md(exc.reason))
            return
        if what == CELL:
            message = f"已更正 {done['label']}：{'（无此单元格）' if done['absent'] else shown(done['old'])} → {shown(done['new'])}"
        else:
            message = f"已更正{what}：现为 {done['agency']} {done['year']} 年度" + (
                f"（{done['reason']}）" if done.get("reason") else "")
            follow = done["report_id"] if done["status"] != "candidate" else None
            st.query_params["report"] = str(follow or report_id)
        st.session_state["correction_done"] = message + (
            "；" + "；".join(done["errors"]) if done.get("errors") else "")
        st.rerun()


def withdraw(report_id: int, version: str) -> None:
    found = data.query("report_corrections", report_id=report_id)
    found = found[(found["state"] == K.ACTIVE) & (found["field"] == K.CELL)]
    if found.empty:
        return
    labels = {int(r.correction_id): f"{_what(r, version)}：{_value(r.old_value, r.field)} → "
                                    f"{_value(r.new_value, r.field)}（{r.user_name}）"
              for r in found.itertuples()}
    c1, c2 = st.columns([4, 1])
    chosen = c1.selectbox("撤销一处单元格更正（恢复为原文解析的数值）", list(labels), format_func=labels.get,
                          key="withdraw_pick")
    if c2.button("撤销", key="withdraw"):
        _write("withdraw_correction", "已撤销更正", correction_id=chosen)


def panel(report_id: int, meta, cells: pd.DataFrame, version: str) -> None:
    """The report page's 人工更正 section."""
    done = st.session_state.pop("correction_done", None)
    if done:
        st.success(md(done))
    history = log(report_id, version)
    st.subheader(f"人工更正（{int((history['状态'] == K.STATE_LABELS[K.ACTIVE]).sum())} 处生效）")
    offers(report_id, version)
    with st.expander("更正单元格、机关或年度", expanded=False):
        st.caption("发现数字读错或机关、年度有误时在此更正，并写明原因。更正记录更正人和时间，"
                   "替代解析结果用于分析和核查（相关检查随即重新运行），重新解析同一文件后仍然有效；"
                   "更正过的单元格在表中以蓝框标出。")
        form(report_id, meta, cells, version)
        withdraw(report_id, version)
    if not history.empty:
        widgets.table(history, "corrections_log", f"{meta['agency']}{int(meta['year'])}年度更正记录")

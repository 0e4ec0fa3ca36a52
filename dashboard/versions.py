"""A report's versions on its page: every document stored for its agency and year, which one
is current and why another was not taken, two versions compared cell by cell, and one
chosen (the write operation `choose_version`, as `disclosure choose` runs it)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, widgets
from dashboard.labels import BLANK, cell_labels
from dashboard.plain import md
from disclosure import template as T
from disclosure.model import DisclosureError
from disclosure.store import corrections as K
from disclosure.store.versions import CANDIDATE, STATUS_LABELS

KEY = ["table_key", "row_key", "column_key"]


def _tables(tables) -> str:
    have = set(tables) if tables is not None else set()
    return "、".join(f"表{T.TABLE_NUMBERS[t]}" for t in T.TABLE_KEYS if t in have) or "无"


def label(v) -> str:
    return f"{STATUS_LABELS[v.status]} · {v.source_name} · {str(v.ingested_at)[:16]}"


def difference(current: pd.DataFrame, other: pd.DataFrame, version: str) -> pd.DataFrame:
    """The cells in which two versions differ (a value, a blank, a cell one of them lacks),
    in the template's order, with the template's labels."""
    a = current[KEY + ["value"]].rename(columns={"value": "mine"})
    b = other[KEY + ["value"]].rename(columns={"value": "theirs"})
    both = a.merge(b, on=KEY, how="outer", indicator=True)
    same = (both["_merge"] == "both") & ((both["mine"] == both["theirs"]) | (both["mine"].isna() & both["theirs"].isna()))
    diff = both[~same].copy()
    diff["order"] = [T.printed_order(k) for k in zip(diff["table_key"], diff["row_key"], diff["column_key"])]
    diff = diff.sort_values(["table_key", "order"])

    def side(values, present) -> list[str]:
        return [("空白" if v != v else K.printed(v)) if p else "（无此单元格）" for v, p in zip(values, present)]

    shown = cell_labels(diff[KEY], version)
    return pd.DataFrame({
        "表": shown["table_key"].tolist(), "行": shown["row_key"].tolist(), "列": shown["column_key"].tolist(),
        "当前版本": side(diff["mine"], diff["_merge"] != "right_only"),
        "所选版本": side(diff["theirs"], diff["_merge"] != "left_only"),
    })


def panel(report_id: int, meta, cells: pd.DataFrame, version: str) -> None:
    """The versions of this report's agency and year (nothing when there is only this one)."""
    found = data.query("report_versions", report_id=report_id)
    if len(found) <= 1:
        return
    waiting = found[found["status"] == CANDIDATE]
    for v in waiting.itertuples():
        st.warning(md(f"新文件“{v.source_name}”（{str(v.ingested_at)[:16]} 导入）未替换当前版本：{v.reason}"))
    with st.expander(f"文件版本（{len(found)} 个）：比较并选用", expanded=not waiting.empty):
        widgets.table(pd.DataFrame({
            "编号": found["report_id"], "状态": found["status"].map(STATUS_LABELS), "文件": found["source_name"],
            "导入时间": [str(t)[:16] for t in found["ingested_at"]], "导入人": found["ingested_by"].fillna(BLANK),
            "表格": [_tables(t) for t in found["tables"]], "已填单元格": found["cells_filled"],
            "说明": found["reason"].fillna(""),
        }), "versions", f"{meta['agency']}{int(meta['year'])}年度文件版本")
        others = [v for v in found.itertuples() if int(v.report_id) != report_id]
        labels = {int(v.report_id): label(v) for v in others}
        pick = st.selectbox("与当前版本逐格比较", list(labels), format_func=labels.get,
                            key="compare_version")
        other = data.query("report_cells", report_id=pick)
        diff = difference(cells, other, version)
        if diff.empty:
            st.caption("两个版本的单元格完全相同。")
        else:
            st.caption(f"两个版本有 {len(diff)} 个单元格不同：")
            widgets.table(diff, "version_diff", f"{meta['agency']}{int(meta['year'])}年度版本比较")
        if st.button("选用所选版本作为当前报告", key="choose_version", icon=":material/published_with_changes:"):
            try:
                done = data.write("choose_version", report_id=pick)
            except DisclosureError as exc:
                st.error(md(exc.reason))
                return
            st.query_params["report"] = str(done["report_id"])
            st.session_state["correction_done"] = "已选用所选版本作为当前报告" + (
                "；" + "；".join(done["errors"]) if done["errors"] else "")
            st.rerun()


def current_of(report_id: int) -> int | None:
    """The current report of the agency and year of version `report_id`, if there is one."""
    found = data.query("current_of", report_id=report_id)
    return int(found.iloc[0]["report_id"]) if len(found) else None


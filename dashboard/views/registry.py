"""机构名录: the database's registry of agencies, edited in the app.

Add, edit and retire agencies (name, aliases, region, level, kind, parent, years), validated
as data/agencies.csv is (disclosure/registry.py); export it back to that CSV, or replace it
with one. Each change is a write operation (disclosure/store/registry_ops.py): reports filed
under an agency the edit now names move to it, and every check runs again.
"""
from __future__ import annotations

import os
import tempfile

import pandas as pd
import streamlit as st

from dashboard import data, widgets
from dashboard.labels import BLANK, KIND_LABELS, LEVEL_LABELS, kind, level
from dashboard.plain import md
from disclosure import registry_years as Y
from disclosure.model import DisclosureError
from disclosure.registry import COLUMNS, Registry, row_of
from disclosure.store import db

NEW = "（新增机构）"
REGION = ("province", "province_code", "city", "city_code", "county", "county_code")
REGION_LABELS = {"province": "省", "province_code": "省代码", "city": "市", "city_code": "市代码",
                 "county": "县（区）", "county_code": "县代码"}

st.title("机构名录")
found = data.query("registry_agencies")
listed = found[found["registered"]]
outside = found[~found["registered"]]


def text(v) -> str:
    return v if isinstance(v, str) else ""


def _plain(v):
    """A value of the query's frame as the agencies table holds it (lists as lists, no NaN)."""
    if isinstance(v, str) or v is None:
        return v
    if hasattr(v, "__len__"):
        return list(v)
    return None if pd.isna(v) else v


def agencies_of(rows: pd.DataFrame) -> list:
    columns = db.REGISTERED_COLUMNS.split(", ")
    return db.registered([tuple(_plain(v) for v in r) for r in rows[columns].itertuples(index=False)])


@st.cache_data(max_entries=4, show_spinner=False, hash_funcs={pd.DataFrame: lambda df: df.to_json()})
def registry_csv(frame: pd.DataFrame) -> bytes:
    """The registry as data/agencies.csv is written (UTF-8 with BOM, keys for level and kind)."""
    return Registry(agencies_of(frame)).csv_text().encode("utf-8-sig")


c1, c2, c3 = st.columns(3)
c1.metric("名录中的机构", f"{len(listed):,}")
c2.metric("名录外有报告的机构", f"{len(outside):,}")
c3.download_button("导出名录（CSV）", registry_csv(listed), file_name="agencies.csv", on_click="ignore",
                   mime="text/csv", icon=":material/download:", key="registry_export",
                   help="与 data/agencies.csv 格式相同，可在 Excel/WPS 中编辑后再导入")

q = st.text_input("机构名称包含", key="registry_q", placeholder="输入名称的一部分")
shown = found[found["name"].str.contains(q, regex=False)] if q else found
widgets.table(pd.DataFrame({
    "名称": shown["name"], "别名": [";".join(_plain(a) or ()) for a in shown["aliases"]],
    "地区": [text(p) + text(c) + text(k) for p, c, k in zip(shown["province"], shown["city"], shown["county"])],
    "层级": shown["level"].map(level), "类型": shown["kind"].map(kind), "上级机关": shown["parent"].fillna(BLANK),
    "应报年度": [Y.text(Y.from_stored(_plain(y))) or "每年" for y in shown["years"]],
    "在名录中": shown["registered"].map({True: "是", False: "否（按名称推断）"}), "报告数": shown["reports"],
}), "registry", "机构名录")

if data.read_only():
    st.info("这是只读副本（Parquet 导出），不能在此修改名录。")
    st.stop()

done = st.session_state.pop("registry_done", None)
if done:
    st.success(md(done))


def write(op: str, message: str, **args) -> None:
    try:
        result = data.write(op, **args)
    except DisclosureError as exc:
        st.error(md(exc.reason))
        return
    extra = f"；{result['moved']} 份报告归入名录中的机构" if result.get("moved") else ""
    errors = "；".join(result.get("errors") or [])
    st.session_state["registry_done"] = f"{message}（名录共 {result['agencies']} 个机构，已重新核查全部报告{extra}）" + (
        f"；{errors}" if errors else "")
    st.rerun()


st.subheader("新增或修改机构")
choices = [NEW, *listed["name"], *(f"名录外：{n}" for n in outside["name"])]
choice = st.selectbox("选择机构", choices, key="registry_pick")
original = choice if choice in set(listed["name"]) else None
source = found[found["name"] == choice.removeprefix("名录外：")]
start = {c: "" for c in COLUMNS}
if len(source):
    a = agencies_of(source)[0]
    start = row_of(a)
    if not source.iloc[0]["registered"]:
        start["years"] = ""
k = f"_{choice}"  # the fields start again from the chosen agency
c1, c2 = st.columns(2)
row = {"name": c1.text_input("名称", start["name"], key="reg_name" + k),
       "aliases": c2.text_input("别名（以分号分隔）", start["aliases"], key="reg_aliases" + k)}
cols = st.columns(6)
for col, field in zip(cols, REGION):
    row[field] = col.text_input(REGION_LABELS[field], start[field], key=f"reg_{field}{k}")
st.caption("地区可只填名称或只填代码（GB/T 2260），另一项自动补全。")
c1, c2, c3, c4 = st.columns(4)
levels, kinds = list(LEVEL_LABELS), list(KIND_LABELS)
row["level"] = c1.selectbox("层级", levels, index=levels.index(start["level"]) if start["level"] in levels else 0,
                            format_func=LEVEL_LABELS.get, key="reg_level" + k)
row["kind"] = c2.selectbox("类型", kinds, index=kinds.index(start["kind"]) if start["kind"] in kinds else 0,
                           format_func=KIND_LABELS.get, key="reg_kind" + k)
row["parent"] = c3.text_input("上级机关", start["parent"], key="reg_parent" + k)
row["years"] = c4.text_input("应报年度", start["years"], key="reg_years" + k, help=Y.HINT,
                             placeholder="留空为每年")
if st.button("保存到名录", key="registry_save", type="primary"):
    write("registry_save", f"已{'修改' if original else '加入'}“{row['name']}”", agency=row, original=original)

if original:
    with st.expander(md(f"撤销“{original}”")):
        st.caption("机构撤并后不再要求其报告：填写最后一个应报年度；不填则从名录中删除（其已有报告保留）。")
        last = st.text_input("最后应报年度", key="retire_year" + k, placeholder="如 2023")
        if st.button("撤销机构", key="registry_retire"):
            try:
                year = int(last) if last.strip() else None
            except ValueError:
                st.error(md(f"“{last}”不是年份"))
            else:
                write("registry_retire", f"已撤销“{original}”" + (f"（{year} 年度后不再要求报告）" if year else ""),
                      agency=original, last_year=year)

st.subheader("用 CSV 替换名录")
st.caption("上传与 data/agencies.csv 格式相同的文件（可先导出再编辑），名录即替换为文件中的机构，并重新核查全部报告。")
upload = st.file_uploader("名录文件（CSV）", type=["csv"], key="registry_upload")
if upload is not None and st.button("替换名录", key="registry_replace"):
    with tempfile.TemporaryDirectory(prefix="registry-") as folder:
        path = os.path.join(folder, "agencies.csv")
        with open(path, "wb") as out:
            out.write(upload.getvalue())
        try:
            given = Registry.load(path)
        except DisclosureError as exc:
            st.error(md(exc.reason))
        else:
            from disclosure.store.ops import registry_rows

            write("registry_replace", f"名录已替换为“{upload.name}”中的机构", agencies=registry_rows(given))

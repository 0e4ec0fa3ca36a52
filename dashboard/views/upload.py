"""导入: upload reports (PDF, web pages, Word, text, scans), see each file's progress and result.

The batch goes through the one write path (disclosure/store/ingest.py), stored and checked
a write at a time: every page sees a write whole once it is committed, never half of it.
"""
from __future__ import annotations

import os
import tempfile

import pandas as pd
import streamlit as st

from dashboard import data, widgets
from dashboard.plain import md
from dashboard.labels import BLANK
from disclosure import limits
from disclosure.cli import STATUS_LABELS
from disclosure.extract import SUFFIX_FORMATS
from disclosure.model import DisclosureError
from disclosure.store.ingest import FAILED, ingest

st.title("导入报告")
if data.read_only():
    st.info("这是只读副本（Parquet 导出），不能在此导入报告；请在数据库所在的仪表盘上导入。")
    st.stop()
st.caption("可一次选择多个文件：PDF、OFD、网页（HTML）、Word（DOC/DOCX/WPS）、文本、扫描图片。"
           "同一机关同一年度的报告再次导入时替换原有数据；相同文件不重复导入。"
           f"每次最多 {limits.FILES.value} 个文件，每个不超过 {limits.FILE_MB.value} MB。")

files = st.file_uploader("选择年报文件", accept_multiple_files=True, key="files",
                         type=sorted({s.lstrip(".") for s in SUFFIX_FORMATS}))
start = st.button("开始导入", type="primary", disabled=not files, icon=":material/upload:")


NAME_BYTES = 240  # a file name longer than the filesystem's 255 bytes could not be written


def stored_name(name: str, i: int) -> str:
    """The uploaded file's name as a file can be called: its last part only (never a path
    that climbs out of the folder), no NUL, short enough, the extension kept."""
    base = os.path.basename(name.replace("\\", "/")).replace("\0", "").strip()
    if base in ("", ".", ".."):
        return f"file{i}"
    stem, ext = os.path.splitext(base)
    while len((stem + ext).encode("utf-8")) > NAME_BYTES and stem:
        stem = stem[:-1]
    return (stem + ext)[:NAME_BYTES] or f"file{i}"


def run(uploaded) -> pd.DataFrame:
    rows: list[dict] = []
    bar = st.progress(0.0, text="准备导入…")
    log = st.empty()
    with tempfile.TemporaryDirectory(prefix="upload-") as folder:
        paths = []
        for i, f in enumerate(uploaded):
            # a folder per file keeps the uploaded name and lets two files share it
            sub = os.path.join(folder, str(i))
            os.makedirs(sub)
            path = os.path.join(sub, stored_name(f.name, i))
            with open(path, "wb") as out:
                out.write(f.getvalue())
            paths.append(path)
        names = {p: os.path.basename(p) for p in paths}

        def progress(i: int, n: int, outcome) -> None:
            rows.append({
                "文件": names.get(outcome.path, os.path.basename(outcome.path)),
                "结果": STATUS_LABELS[outcome.status],
                "机关": outcome.agency or "",
                "年度": outcome.year,
                "原因": outcome.reason or "",
            })
            bar.progress(i / n, text=md(f"已处理 {i}/{n}：{rows[-1]['文件']} — {rows[-1]['结果']}"))
            log.dataframe(pd.DataFrame(rows), hide_index=True, placeholder=BLANK)

        ingest(paths, data.db_path(), progress=progress, on_wait=lambda line: st.info(line))
    bar.progress(1.0, text="导入完成，数据已更新。")
    log.empty()
    return pd.DataFrame(rows)


if start and files:
    try:
        limits.check_count(len(files))
    except DisclosureError as exc:
        st.error(md(exc.reason))  # nothing is imported: choose fewer files
    else:
        st.session_state["upload_result"] = run(files)

result = st.session_state.get("upload_result")
if result is not None:
    failed = int((result["结果"] == STATUS_LABELS[FAILED]).sum())
    counts = result["结果"].value_counts()
    summary = "，".join(f"{label} {int(counts.get(label, 0))}" for label in STATUS_LABELS.values())
    (st.warning if failed else st.success)(f"共 {len(result)} 个文件：{summary}。")
    widgets.table(result, "upload_result", "导入结果")
    st.page_link("views/reports.py", label="查看报告列表", icon=":material/description:")

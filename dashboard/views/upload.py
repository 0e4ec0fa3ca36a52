"""导入: upload reports (PDF, web pages, Word, text, scans), see each file's progress and result;
assign the agency and year of reports nothing names (待确认), or of a whole upload.

The batch goes through the one write path (disclosure/store/ingest.py), stored and checked
a write at a time: every page sees a write whole once it is committed, never half of it.
A new file of an agency and year replaces its report only when at least as complete;
otherwise it is kept as a candidate version, which the report page compares and may choose.
"""
from __future__ import annotations

import os
import tempfile

import pandas as pd
import streamlit as st

from dashboard import assign, data, widgets
from dashboard.plain import md
from dashboard.labels import BLANK
from disclosure import limits
from disclosure.cli import ALWAYS_COUNTED, STATUS_LABELS
from disclosure.extract import SUFFIX_FORMATS
from disclosure.model import DisclosureError
from disclosure.store.ingest import FAILED, ingest_batch

st.title("导入报告")
if data.read_only():
    st.info("这是只读副本（Parquet 导出），不能在此导入报告；请在数据库所在的仪表盘上导入。")
    st.stop()
st.caption("可一次选择多个文件：PDF、OFD、网页（HTML）、Word（DOC/DOCX/WPS）、文本、扫描图片。"
           "同一机关同一年度的新文件只有在不比已有报告残缺（三张表齐全、已填单元格不少、正文部分不少）时才替换，"
           "否则存为候选版本，可在报告详情中比较后选用；相同文件不重复导入；"
           "读不出机关或年度的报告存为“待确认”，在本页下方指定后列入分析。"
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

        result = ingest_batch(paths, data.db_path(), progress=progress, on_wait=lambda line: st.info(line))
    bar.progress(1.0, text="导入完成，数据已更新。")
    log.empty()
    st.session_state["upload_ids"] = [o.report_id for o in result.outcomes if o.report_id is not None]
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
    summary = "，".join(f"{label} {int(counts.get(label, 0))}" for key, label in STATUS_LABELS.items()
                        if key in ALWAYS_COUNTED or counts.get(label, 0))
    (st.warning if failed else st.success)(f"共 {len(result)} 个文件：{summary}。")
    widgets.table(result, "upload_result", "导入结果")
    st.page_link("views/reports.py", label="查看报告列表", icon=":material/description:")
    assign.batch(st.session_state.get("upload_ids") or [])

if data.store() is not None:  # the first upload makes the database
    assign.pending()

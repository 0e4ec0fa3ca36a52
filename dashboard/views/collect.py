"""采集: the sources a supervisor collects reports from, what each last run found, and a run
started from here (disclosure/collect/: polite, incremental, every failure named)."""
from __future__ import annotations

import json
import os

import pandas as pd
import streamlit as st

from dashboard import data, widgets
from dashboard.plain import md
from disclosure.collect import crawl
from disclosure.collect.fetch import Politeness
from disclosure.collect.sources import Source, check_url, parse_sources, decode
from disclosure.model import DisclosureError

st.title("采集年报")
st.caption("从各机关网站的政府信息公开年报栏目、年报页面或文件地址采集报告：自动翻页、识别年度报告、下载附件（PDF、Word、WPS、图片），"
           "遵守 robots.txt，限速限并发，失败自动重试；再次采集时只下载有变化的文件，已入库的报告不重复存储。")
if not data.has_table("collect_sources"):
    st.info("数据库尚未升级，重新打开仪表盘后即可使用采集。")
    st.stop()

sources = data.query("collect_sources")
runs = data.query("collect_runs")

# --- the sources and their last run -----------------------------------------------------------
st.subheader("采集来源")
if sources.empty:
    st.info("还没有采集来源。在下方添加网址，或上传来源表（CSV：agency、url 两列）。")
else:
    shown = pd.DataFrame({
        "机关": sources["agency"].fillna(""), "网址": sources["url"],
        "上次采集": sources["finished_at"].map(lambda v: "" if pd.isna(v) else str(v)[:16]),
        "找到": sources["found"], "新入库": sources["new"], "未变化": sources["unchanged"], "失败": sources["failed"],
    })
    widgets.table(shown, "collect_sources_table", "采集来源",
                  column_config={"网址": st.column_config.TextColumn(width="large")})
    failing = sources[sources["failed"].fillna(0) > 0]
    for row in failing.itertuples():
        failures = json.loads(row.failures) if isinstance(row.failures, str) else []
        with st.expander(md(f"{row.agency or row.url}：失败 {len(failures)} 处")):
            for f in failures:
                st.text(f"{f['url']}：{f['reason']}")  # from the web: shown as text

if data.read_only():
    st.info("这是只读副本（Parquet 导出），不能在此采集；请在数据库所在的仪表盘上操作。")
    st.stop()

with st.expander("编辑采集来源", expanded=sources.empty):
    current = pd.DataFrame({"机关": sources["agency"].fillna(""), "网址": sources["url"]}) if len(sources) \
        else pd.DataFrame({"机关": pd.Series(dtype=str), "网址": pd.Series(dtype=str)})
    edited = st.data_editor(current, num_rows="dynamic", key="collect_editor", width="stretch", hide_index=True)
    uploaded = st.file_uploader("或上传来源表（CSV，UTF-8 或 GBK，列名 agency、url 或 机关、网址）", type=["csv"],
                                key="collect_csv")
    if st.button("保存来源", key="collect_save", icon=":material/save:"):
        problems: list[str] = []
        if uploaded is not None:
            try:
                found, problems = parse_sources(decode(uploaded.getvalue(), uploaded.name), uploaded.name)
            except DisclosureError as exc:
                found, problems = [], [exc.reason]
        else:
            found = []
            for n, row in enumerate(edited.itertuples(), start=1):
                url = str(row.网址 or "").strip()
                if not url:
                    continue
                why = check_url(url)
                if why:
                    problems.append(f"第 {n} 行：{why}（{url}）")
                else:
                    found.append(Source(url, str(row.机关 or "").strip()))
        for line in problems:
            st.error(md(line))
        if not problems or found:
            data.write("collect_sources_set", sources=[{"url": s.url, "agency": s.agency} for s in found])
            st.toast(f"已保存 {len(found)} 个采集来源")
            st.rerun()

# --- a run ------------------------------------------------------------------------------------
st.subheader("开始采集")
default_folder = data.db_path() + ".collected"
folder = st.text_input("保存文件的文件夹", value=default_folder, key="collect_folder")
d = Politeness()
c1, c2, c3 = st.columns(3)
delay = c1.number_input("同一网站两次请求间隔（秒）", min_value=0.0, value=d.delay, step=0.5, key="collect_delay")
per_host = c2.number_input("同一网站同时请求数", min_value=1, max_value=8, value=d.per_host, key="collect_per_host")
timeout = c3.number_input("超时（秒）", min_value=1.0, value=d.timeout, step=5.0, key="collect_timeout")
start = st.button("开始采集", type="primary", disabled=sources.empty, icon=":material/travel_explore:",
                  key="collect_start")
if start:
    lines: list[str] = []
    status = st.status("正在采集……", expanded=True)
    log = status.empty()
    listing = [Source(r.url, r.agency or "") for r in sources.itertuples()]
    try:
        run = crawl.run(listing, folder, data.db_path(), politeness=Politeness(delay, int(per_host), timeout),
                        progress=lambda line: (lines.append(line), log.text("\n".join(lines[-15:]))))
    except DisclosureError as exc:
        status.update(label="采集失败", state="error")
        st.error(md(exc.reason))
    else:
        status.update(label=f"采集完成：找到 {run.found} 份，新入库 {run.new} 份，失败 {len(run.failures)} 处",
                      state="error" if run.failures else "complete", expanded=False)
        st.session_state["collect_result"] = {"found": run.found, "new": run.new, "failures": run.failures,
                                              "folder": folder}
        st.rerun()

result = st.session_state.get("collect_result")
if result:
    (st.warning if result["failures"] else st.success)(
        f"上次采集：找到 {result['found']} 份，新入库 {result['new']} 份，失败 {len(result['failures'])} 处。")
    for f in result["failures"]:
        st.text(f"失败  {f['url']}：{f['reason']}")

if len(runs):
    st.subheader("采集记录")
    widgets.table(pd.DataFrame({
        "开始": runs["started_at"].astype(str).str[:16], "结束": runs["finished_at"].map(
            lambda v: "未完成" if pd.isna(v) else str(v)[:16]),
        "操作人": runs["user_name"], "来源数": runs["sources"], "找到": runs["found"], "新入库": runs["new"],
        "失败": runs["failed"], "文件夹": runs["folder"].map(lambda p: os.path.basename(str(p)))}),
        "collect_runs_table", "采集记录")

"""How every page shows a chart or a table: the thing itself and its exports.

A chart comes with PNG (2×, for slides), SVG and its data as CSV, and can be put in the
会议材料 basket; a table comes with CSV and XLSX. Images are rendered when the button is
clicked (kaleido takes a moment), never while the page draws.
"""
from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from dashboard.labels import BLANK
from dashboard.plain import md
from disclosure.exports import images, tables
from disclosure.exports.chart import Chart

DECK = "deck_charts"  # session state: chart key -> Chart chosen for the deck
PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def file_stem(title: str) -> str:
    return re.sub(r"[\\/:*?\"<>|\s]+", "_", title).strip("_") or "chart"


def basket() -> dict[str, Chart]:
    return st.session_state.setdefault(DECK, {})


def chart(c: Chart, key: str, select: bool = False):
    """Draw `c` with its export row; returns the plotly selection event when `select`."""
    event = st.plotly_chart(
        c.figure, key=key, config=PLOTLY_CONFIG, width="stretch",
        on_select="rerun" if select else "ignore", selection_mode="points",
    )
    stem = file_stem(c.title)
    row = st.container(horizontal=True)
    row.download_button("PNG", lambda: images.png(c.figure), file_name=f"{stem}.png", mime="image/png",
                            key=f"{key}_png", on_click="ignore", icon=":material/image:",
                            help="幻灯片用图片（2倍分辨率）")
    row.download_button("SVG", lambda: images.svg(c.figure), file_name=f"{stem}.svg", mime="image/svg+xml",
                            key=f"{key}_svg", on_click="ignore", icon=":material/draw:", help="矢量图")
    row.download_button("CSV", lambda: tables.csv(c.data), file_name=f"{stem}.csv", mime="text/csv",
                            key=f"{key}_csv", on_click="ignore", icon=":material/table:", help="图表数据")
    chosen = basket()
    if key in chosen and chosen[key].title == c.title:
        if row.button("移出会议材料", key=f"{key}_deck", icon=":material/remove:"):
            del chosen[key]
            st.rerun()
    elif row.button("加入会议材料", key=f"{key}_deck", icon=":material/add:"):
        chosen[key] = c
        st.toast(md(f"已加入会议材料：{c.title}"))
        st.rerun()
    if c.takeaway:
        st.caption(md(c.takeaway))  # names agencies: text, never Markdown
    return event


SHOWN_ROWS = 2000  # rows a table draws on the page; its downloads hold every row


def table(df: pd.DataFrame, key: str, title: str, limit: int = SHOWN_ROWS, **kwargs):
    """Draw `df` (its first `limit` rows: a national list is for downloading, not for
    scrolling) with CSV and XLSX downloads of all of it, made when asked; extra arguments
    go to st.dataframe (a row selection counts rows as drawn, which are the first ones).

    A blank (null) shows as a dash, as on the printed template, never as "None".
    """
    event = st.dataframe(df.head(limit), key=key, hide_index=True, placeholder=BLANK, **kwargs)
    if len(df) > limit:
        st.caption(f"共 {len(df):,} 行，表中列出前 {limit:,} 行；下载 CSV 或 XLSX 可得全部。")
    stem = file_stem(title)
    row = st.container(horizontal=True)
    row.download_button("CSV", lambda: tables.csv(df), file_name=f"{stem}.csv", mime="text/csv",
                            key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    row.download_button("XLSX", lambda: tables.xlsx(df, title), file_name=f"{stem}.xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")
    return event

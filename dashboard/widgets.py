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
    row.download_button("CSV", tables.csv(c.data), file_name=f"{stem}.csv", mime="text/csv",
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


def table(df: pd.DataFrame, key: str, title: str, **kwargs):
    """Draw `df` with CSV and XLSX downloads; extra arguments go to st.dataframe.

    A blank (null) shows as a dash, as on the printed template, never as "None".
    """
    event = st.dataframe(df, key=key, hide_index=True, placeholder=BLANK, **kwargs)
    stem = file_stem(title)
    row = st.container(horizontal=True)
    row.download_button("CSV", tables.csv(df), file_name=f"{stem}.csv", mime="text/csv",
                            key=f"{key}_csv", on_click="ignore", icon=":material/download:")
    row.download_button("XLSX", lambda: tables.xlsx(df, title), file_name=f"{stem}.xlsx",
                            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            key=f"{key}_xlsx", on_click="ignore", icon=":material/download:")
    return event

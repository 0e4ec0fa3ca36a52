"""Findings of the rule catalog as the pages show them, and the supervisors' reviews.

A review is a write operation (disclosure/store/ops.py `review`) like the CLI's, run by
this process, which serves the database: it costs what the review's row costs.
"""
from __future__ import annotations

import json

import pandas as pd

from disclosure import template as T
from disclosure.checks import SEVERITY_LABELS
from disclosure.checks.run import REVIEW_STATES
from disclosure.metrics import split_address

from . import data

OPEN = "open"
STATE_LABELS = {OPEN: "待审", **REVIEW_STATES}
SEVERITY_ORDER = list(SEVERITY_LABELS)


def available() -> bool:
    """Whether the database has been checked (it has the catalog's tables and a run)."""
    return data.has_table("check_runs") and int(data.query("check_runs")["runs"].iloc[0]) > 0


def last_checked() -> str:
    return str(data.query("check_runs")["last_checked"].iloc[0])[:16]


def in_scope(scope) -> pd.DataFrame | None:
    """Findings in `scope`, with Chinese severity and review-state labels; None before any check."""
    if not available():
        return None
    params = scope.params()

    def labelled() -> pd.DataFrame:
        df = data.query("scope_findings", **params).copy()
        df["严重程度"] = df["severity"].map(SEVERITY_LABELS)
        df["审核状态"] = df["review_state"].map(STATE_LABELS)
        df["规则名称"] = df["rule"] + " " + df["rule_title"].fillna("")
        return df

    return data.derived("findings_in_scope", ("scope_findings",), tuple(sorted(
        (k, tuple(v)) for k, v in params.items())), labelled)


def in_scope_or_stop(scope, what: str) -> pd.DataFrame:
    """in_scope() for a page; before any check run the page says so and stops."""
    import streamlit as st

    found = in_scope(scope)
    if found is None:
        st.info(f"数据库还没有核查结果。运行 `disclosure check`（或重新导入报告）后，这里列出{what}。")
        st.stop()
    return found


def json_value(value):
    """A finding's JSON column (evidence, expected, actual) as Python data; None when empty."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    return json.loads(value) if isinstance(value, str) else value


def for_deck(scope) -> pd.DataFrame | None:
    """The findings a meeting discusses: in scope, not dismissed, in the deck's columns."""
    df = in_scope(scope)
    if df is None:
        return None
    df = df[df["review_state"] != "dismissed"]
    return pd.DataFrame({"机关": df["agency"], "年度": df["year"], "规则": df["规则名称"],
                         "严重程度": df["严重程度"], "说明": df["message"]}).reset_index(drop=True)


def marks(report_id: int) -> dict[str, dict[tuple[str, str], str]]:
    """table -> {(row, column): tooltip} for the cells this report's open or confirmed findings name."""
    if not available():
        return {}
    out: dict[str, dict[tuple[str, str], str]] = {t: {} for t in T.TABLE_KEYS}
    for f in data.query("report_findings", report_id=report_id).itertuples():
        if f.review_state == "dismissed":
            continue
        tip = f"{f.rule} {f.rule_title}：{f.message}"
        for addr in f.cells:
            table, row, column = split_address(addr)
            if table in out:
                key = (row, column)
                out[table][key] = f"{out[table][key]}；{tip}" if key in out[table] else tip
    return out


def set_review(fingerprint: str, state: str | None, note: str | None) -> dict:
    """Confirm or dismiss (None: reopen) a finding."""
    return data.write("review", fingerprint=fingerprint, state=state, note=note or None)

"""Values beyond belief, noted at parse: a count of 10⁴⁰, money past a trillion yuan.

Such a value is kept as printed (its raw text) and as near as a double holds it, so the
store and every rule work on; a value no double holds (hundreds of digits) is kept as
raw text only, its number blank, and the note says so: a printed number never turns
silently into a blank. The rule VAL.RANGE (checks/values.py) names the same cells.
"""
from __future__ import annotations

import math

from .. import template as T
from ..model import Report
from .values import out_of_range

MAX_LISTED = 12  # cells named one by one; the rest are counted
RAW_SHOWN = 24  # characters of a long printed value quoted in a note


def unit_of(table: str, row: str, column: str, version: str) -> str:
    try:
        return T.column(table, row, column, version).unit
    except KeyError:
        return "件"


def label_of(table: str, row: str, column: str, version: str) -> str:
    """The cell's name in the template's words (its address when the template has no such cell)."""
    try:
        return T.cell_label(table, row, column, version)
    except KeyError:
        return f"{table}.{row}.{column}"


def shown_raw(raw: str) -> str:
    raw = raw.strip()
    return raw if len(raw) <= RAW_SHOWN else f"{raw[:RAW_SHOWN]}…（共 {len(raw)} 个字符）"


def note_out_of_range(report: Report) -> None:
    """Add a note for each value out of range; blank the number of one no double holds."""
    version = report.template if report.template in T.TEMPLATES else T.TEMPLATE_2021
    notes = []
    for t, r, c, v in report.cells():
        reason = out_of_range(v.value, unit_of(t, r, c, version))
        if reason is None:
            continue
        kept = "按原文保存"
        if not math.isfinite(v.value):
            v.value = None
            kept = "数值无法保存，单元格按空白存储、原文保留"
        notes.append(f"{label_of(t, r, c, version)}印有 {shown_raw(v.raw)}，{reason}，{kept}（见核查规则 VAL.RANGE）")
    if len(notes) > MAX_LISTED:
        notes = notes[:MAX_LISTED] + [f"另有 {len(notes) - MAX_LISTED} 个单元格的数值超出合理范围"]
    report.notes.extend(notes)

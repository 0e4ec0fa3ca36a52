"""Which values a person must check before trusting a report: those read with low confidence.

A scanned report is never trusted silently. Every value whose confidence is below
`REVIEW_CONFIDENCE` is named in `Report.review` (table, row and column in the template's
words, what was read, how sure the reader was, on which page). When the text was read by
OCR, two more things are uncertain: a cell where nothing was read may be a blank or a
number the reader missed (when the page has ink the reader left unread, extract/ink.py),
and a statutory table that was not found may be unreadable.
"""
from __future__ import annotations

from .. import template as T
from ..model import REVIEW_CONFIDENCE, Report

MAX_LISTED = 12  # cells named one by one; the rest are counted


def flag_for_review(report: Report, ocr: bool, unread_pages=()) -> None:
    """Set `report.review`. In an OCR'd report, a cell where nothing was read on a page where
    some ink was left unread (`unread_pages`) gets confidence 0: it may be a missed number."""
    if ocr:
        doubtful = set(unread_pages)
        for _, _, _, value in report.cells():
            if value.value is None and not value.raw.strip() and (value.page is None or value.page in doubtful):
                value.confidence = 0.0
    low = [(t, r, c, v) for t, r, c, v in report.cells() if v.confidence < REVIEW_CONFIDENCE]
    reasons = [_reason(t, r, c, v, report.template) for t, r, c, v in low[:MAX_LISTED]]
    if len(low) > MAX_LISTED:
        reasons.append(f"另有 {len(low) - MAX_LISTED} 个数值识别置信度低于 {REVIEW_CONFIDENCE:.0%}，请对照原件核对")
    if ocr:
        for table in T.TABLE_KEYS:
            if table not in report.tables:
                reasons.append(f"扫描件中未能识别出表{T.TABLE_NUMBERS[table]}（{T.TABLE_TITLES[table]}），请对照原件核对")
        for table, row in missing_rows(report):
            label = T.row_label(table, row, report.template)
            reasons.append(f"扫描件中未能识别出表{T.TABLE_NUMBERS[table]}「{label}」这一行，请对照原件核对")
    report.review = reasons


def missing_rows(report: Report) -> list[tuple[str, str]]:
    """Rows of the report's template missing from the tables it has.

    Rows that only one of the two layouts prints (（六）其他处理 as one row or three) are
    alternatives: a report that prints any of them has made its layout's choice.
    """
    out = []
    for table, rows in report.tables.items():
        keys = [r.key for r in T.template(report.template).table(table).rows]
        other = T.TEMPLATE_2019 if report.template == T.TEMPLATE_2021 else T.TEMPLATE_2021
        alternatives = set(keys) ^ {r.key for r in T.template(other).table(table).rows}
        chosen = bool(alternatives & rows.keys())
        out += [(table, k) for k in keys if k not in rows and not (chosen and k in alternatives)]
    return out


def _reason(table: str, row: str, column: str, value, version: str) -> str:
    where = f"表{T.TABLE_NUMBERS[table]}「{_label(table, row, column, version)}」"
    read = f"识别为“{value.raw}”" if value.raw.strip() else "未识别到内容（可能是空白，也可能漏识别）"
    place = value.ref or (f"第{value.page}页" if value.page else "")
    return f"{where}{read}，置信度 {value.confidence:.0%}{'，' + place if place else ''}，请对照原件核对"


def _label(table: str, row: str, column: str, version: str) -> str:
    try:
        return f"{T.row_label(table, row, version)} / {T.column_label(table, row, column, version)}"
    except KeyError:
        return f"{row} / {column}"

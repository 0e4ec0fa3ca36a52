"""Tables as files: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX.

Text that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return: OWASP's CSV-injection list) gets a leading apostrophe, in CSV and XLSX
alike, so `=HYPERLINK("http://…")` in an agency name opens as the text it is. Numbers
stay numbers, and so does text that is just a number (`-3`).
"""
from __future__ import annotations

import io
import re

import pandas as pd
from openpyxl.utils import get_column_letter

from ..render.text import width

MAX_SHEET_NAME = 31  # Excel's limit
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in '[]:*?/\\'})


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?$")


def neutral(value):
    """A cell's value made safe to open in a spreadsheet (see the module's docstring)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """`df` with every text cell and column name neutral(); numeric columns untouched."""
    out = df.rename(columns=lambda c: neutral(c) if isinstance(c, str) else c)
    for col in range(out.shape[1]):
        series = out.iloc[:, col]
        if not pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_datetime64_any_dtype(series):
            out.isetitem(col, series.map(neutral))
    return out


def csv(df: pd.DataFrame) -> bytes:
    # CRLF rows (RFC 4180): a field holding a CR or LF is then quoted, where a bare CR would
    # start a new row in a spreadsheet and the text after it would open as a formula
    return neutralised(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def sheet_name(title: str) -> str:
    return (title.translate(_BAD_SHEET_CHARS) or "Sheet1")[:MAX_SHEET_NAME]


def xlsx(df: pd.DataFrame | dict[str, pd.DataFrame], title: str = "数据") -> bytes:
    """One sheet per frame (a dict gives several), header bold and frozen, columns sized to fit."""
    frames = df if isinstance(df, dict) else {title: df}
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in frames.items():
            sheet = sheet_name(name)
            frame = neutralised(frame)
            frame.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            for i, col in enumerate(frame.columns, start=1):
                longest = max([width(str(col))] + [width(str(v)) for v in frame[col].head(500)])
                ws.column_dimensions[get_column_letter(i)].width = min(60, longest + 2)
    return buf.getvalue()


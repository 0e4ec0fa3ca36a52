"""Tables as files: CSV (UTF-8 with BOM, so Excel opens Chinese correctly) and XLSX."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl.utils import get_column_letter

from ..render.text import width

MAX_SHEET_NAME = 31  # Excel's limit
_BAD_SHEET_CHARS = str.maketrans({c: "_" for c in '[]:*?/\\'})


def csv(df: pd.DataFrame) -> bytes:
    return df.to_csv(index=False).encode("utf-8-sig")


def sheet_name(title: str) -> str:
    return (title.translate(_BAD_SHEET_CHARS) or "Sheet1")[:MAX_SHEET_NAME]


def xlsx(df: pd.DataFrame | dict[str, pd.DataFrame], title: str = "数据") -> bytes:
    """One sheet per frame (a dict gives several), header bold and frozen, columns sized to fit."""
    frames = df if isinstance(df, dict) else {title: df}
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in frames.items():
            sheet = sheet_name(name)
            frame.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            for i, col in enumerate(frame.columns, start=1):
                longest = max([width(str(col))] + [width(str(v)) for v in frame[col].head(500)])
                ws.column_dimensions[get_column_letter(i)].width = min(60, longest + 2)
    return buf.getvalue()


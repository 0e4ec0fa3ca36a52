"""The ranked score sheet: one row per agency and year, as a table and as XLSX.

Columns: 排名, 机关, 年度, 分值, 扣分, 无法判断分值, 得分, 等次, 失分原因 (each deduction with its
finding and cells, each item 无法判断 with why), 整改情况. Numbers stay numbers in the XLSX;
one sheet per year, headers frozen (exports/tables.xlsx).
"""
from __future__ import annotations

import pandas as pd

from ..exports import tables
from .engine import Score, reasons, rectification_text

COLUMNS = ["排名", "机关", "年度", "分值", "扣分", "无法判断分值", "得分", "等次", "失分原因", "整改情况"]


def frame(scores: list[Score]) -> pd.DataFrame:
    rows = [[s.rank, s.agency, s.year, s.points, s.deducted, s.unknown_points, s.score, s.grade,
             "\n".join(reasons(s)), rectification_text(s)] for s in scores]
    return pd.DataFrame(rows, columns=COLUMNS)


def by_year(scores: list[Score]) -> dict[str, pd.DataFrame]:
    """Sheet name -> its rows, latest year first."""
    df = frame(scores)
    return {f"{int(y)}年度": part.reset_index(drop=True)
            for y, part in sorted(df.groupby("年度"), key=lambda kv: -kv[0])}


def xlsx(scores: list[Score]) -> bytes:
    sheets = by_year(scores) or {"评分": frame(scores)}
    return tables.xlsx(sheets)

"""Chinese labels of the keys the store keeps (agency levels and kinds, regions).

Levels and kinds are named once, in disclosure/kinds.py (the agency registry).
"""
from __future__ import annotations

from disclosure.kinds import KINDS, LEVELS

LEVEL_LABELS = {lv.key: lv.label for lv in LEVELS}
KIND_LABELS = {k.key: k.label for k in KINDS}
LEVEL_ORDER = {lv.key: lv.rank for lv in LEVELS}
UNPLACED = "未定位"  # an agency the registry could not place
BLANK = "—"  # what a blank (null) figure shows as, in tables and text alike


def level(key) -> str:
    return LEVEL_LABELS.get(key, key) if isinstance(key, str) else UNPLACED


def kind(key) -> str:
    return KIND_LABELS.get(key, key) if isinstance(key, str) else UNPLACED


def region(province, city=None) -> str:
    """江苏省 / 江苏省淮安市; the values the region filter offers and matches."""
    if not isinstance(province, str):
        return UNPLACED
    return province + (city if isinstance(city, str) else "")


def value(x, unit: str = "count", blank: str = BLANK) -> str:
    """A figure as shown: 62.5% for a rate (unit "percent", in per cent), 1,234 for a count."""
    if x is None or x != x:
        return blank
    if unit == "percent":
        return f"{x:.1f}%"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def cell_labels(df, version: str):
    """A frame of cells (table_key, row_key[, column_key]) with the template's Chinese labels
    in place of the keys, for display: 表三, （一）予以公开, 自然人."""
    from disclosure import template as T

    out = df.copy()
    out["row_key"] = [
        T.row_label(t, r, version) if isinstance(r, str) else "（分组标签）" for t, r in zip(df["table_key"], df["row_key"])
    ]
    if "column_key" in df:
        out["column_key"] = [
            T.column_label(t, r, c, version) for t, r, c in zip(df["table_key"], df["row_key"], df["column_key"])
        ]
    out["table_key"] = [f"表{T.TABLE_NUMBERS[t]}" for t in df["table_key"]]
    return out

"""How a Chinese message lists things: the first few, then 等 when there are more."""
from __future__ import annotations

from typing import Iterable


def first_few(items: Iterable[str], most: int, sep: str = "、") -> str:
    """`a、b、c 等` for more than `most` items, `a、b` for as many or fewer."""
    items = list(items)
    return sep.join(items[:most]) + (" 等" if len(items) > most else "")

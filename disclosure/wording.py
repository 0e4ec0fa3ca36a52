"""How a Chinese message lists things: the first few, then 等 when there are more."""
from __future__ import annotations

from typing import Iterable


DETAIL = 120  # characters of a library's own message quoted in ours


def detail(exc: BaseException) -> str:
    """What a library said of a file it could not read: its first line, shortened; for the
    end of a Chinese reason that has already named the cause."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text if len(text) <= DETAIL else text[:DETAIL] + "…"


def first_few(items: Iterable[str], most: int, sep: str = "、") -> str:
    """`a、b、c 等` for more than `most` items, `a、b` for as many or fewer."""
    items = list(items)
    return sep.join(items[:most]) + (" 等" if len(items) > most else "")

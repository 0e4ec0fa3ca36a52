"""The text of one paragraph or table cell, as formats that carry markup give it.

Whitespace collapses as a browser shows it; spaces between two Chinese characters are
dropped (source files wrap lines inside sentences), and the pieces of one cell (its
paragraphs, its `<br>` lines) run on: `本年新` + `制作数量` is `本年新制作数量`.
"""
from __future__ import annotations

import re

_CJK = "\u2e80-\u9fff\uff00-\uffef\u3000-\u303f"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_WS = re.compile(r"\s+")  # with \xa0 (&nbsp;), \u3000 and the &ensp;/&emsp; family
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff\xad]")


def tidy(text: str) -> str:
    text = _ZERO_WIDTH.sub("", text)
    text = _WS.sub(" ", text).strip()
    return _CJK_GAP.sub("", text)


def join_pieces(pieces: list[str]) -> str:
    """Pieces of one cell as one text; a space only between two Latin words or numbers."""
    out = ""
    for p in (tidy(p) for p in pieces):
        if not p:
            continue
        if out and out[-1].isascii() and p[0].isascii():
            out += " "
        out += p
    return out

"""Narrative sections: top-level headings as printed, in order, with their text.

A heading is a short line numbered `一、` … `十、`. To keep numbered sub-items inside a
section, a numbered line is a heading only if it continues the numbering or names one of
the six statutory sections (which also catches misnumbered ones).
"""
from __future__ import annotations

import re

from .. import template as T
from ..model import SectionText
from .labels import best_match
from .metadata import parse_date
from .names import looks_like_agency
from .values import normalize

_HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,2})\s*[、.．]\s*(\S.*)$")
_NUMERALS = "一二三四五六七八九十"
_STATUTORY = {s.key: (s.title,) + s.variants for s in T.SECTIONS}
MAX_TITLE = 32


def numeral_value(text: str) -> int:
    if text == "十":
        return 10
    if len(text) == 2 and text[0] == "十":
        return 10 + _NUMERALS.index(text[1]) + 1
    return _NUMERALS.index(text[0]) + 1 if text and text[0] in _NUMERALS else 0


def statutory_key(title: str) -> str | None:
    key, _ = best_match(title, _STATUTORY, 0.9)
    return key


def _split_heading(text: str, last_number: int) -> tuple[str, str, str | None] | None:
    """(heading, rest of the line, statutory key) if `text` opens a top-level section."""
    m = _HEADING.match(text)
    if not m:
        return None
    number, title = numeral_value(m.group(1)), m.group(2).strip()
    # a heading printed on the same line as its first sentence
    rest = ""
    for key, labels in _STATUTORY.items():
        for lbl in labels:
            squashed = normalize(title)
            if squashed.startswith(lbl) and len(squashed) > len(lbl) + 1:
                pos = _position_after(title, lbl)
                title, rest = title[:pos].strip(), title[pos:].strip()
                break
        if rest:
            break
    if len(title) > MAX_TITLE or "。" in title:
        return None
    key = statutory_key(title)
    if number != last_number + 1 and key is None:
        return None
    heading = text.strip()[: len(text.strip()) - len(rest)].strip() if rest else text.strip()
    return heading, rest, key


def _position_after(text: str, prefix: str) -> int:
    """Index in `text` just after the characters of `prefix` (spaces in text skipped)."""
    i = k = 0
    while i < len(text) and k < len(prefix):
        if text[i].isspace():
            i += 1
            continue
        i += 1
        k += 1
    return i


def split_sections(texts: list[str]) -> list[SectionText]:
    sections: list[SectionText] = []
    heading, key, body = None, "preamble", []
    last = 0

    def close():
        text = "\n".join(b for b in body if b.strip())
        if heading is not None or text:
            sections.append(SectionText(len(sections), heading, key, text))

    for raw in texts:
        found = _split_heading(raw, last)
        if found:
            close()
            heading, rest, key = found
            m = _HEADING.match(heading)
            last = numeral_value(m.group(1)) if m else last + 1
            body = [rest] if rest else []
        else:
            body.append(raw.strip())
    body = _without_closing(body)
    close()
    return sections


def _without_closing(body: list[str]) -> list[str]:
    """The last section's text without the signature and date that close the report.

    Agencies sign off below section 六 (`神池县教育科技局` / `2024年1月`); that block is
    the report's metadata, not what the section says.
    """
    lines = [b for b in body if b.strip()]
    if not lines or not parse_date(lines[-1]):
        return body
    lines.pop()
    while lines and looks_like_agency(lines[-1]):
        lines.pop()
    return lines

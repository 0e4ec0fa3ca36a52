"""Reading the narrative: sentences and the numbers written in them.

Section text keeps the line breaks of its source, which in a PDF fall anywhere in a
sentence; sentences are therefore cut at sentence punctuation and after headings, never
at a bare line break. Text is compared NFKC-normalised without spaces
(parse.values.normalize), so `２０２３ 年，` reads `2023年,`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..parse.values import normalize_lines


# Arabic or Chinese numerals (二十一, 一百零五, 两): what a narrative counts with
NUM = r"(?:\d+|[零〇一二两三四五六七八九十百千万]+)"
_END = "。;!?"
_HEADING_LINE = re.compile(r"^\s*(?:[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[.、．])")
_CN_YEAR = re.compile(r"[〇○零一二三四五六七八九]{4}(?=年)")
_SENTENCE_END = re.compile(r"(?<=[。;!?])")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


class Sentence(NamedTuple):  # a tuple: a report has a hundred of them, made on every check
    section: str | None  # statutory key of the section it is in
    text: str  # normalised: NFKC, no spaces


def number(text: str) -> int | None:
    """`21` or `二十一` -> 21; None when it is not a whole number."""
    if text.isdigit():
        return int(text)
    import cn2an  # why here: 0.3 s to import, and only narrative rules need it

    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError):
        return None
    return int(value) if float(value).is_integer() else None


def _lines_to_sentences(text: str) -> list[str]:
    """Sentences of a section's text: cut at 。;!? and after heading lines, not at wraps."""
    out: list[str] = []
    buf = ""
    for raw, line in zip(text.split("\n"), normalize_lines(text)):
        if not line:
            continue
        heading = bool(_HEADING_LINE.match(raw)) and len(line) < 30 and "。" not in line
        if heading and buf:
            out.append(buf)
            buf = ""
        buf += line
        if heading or line[-1] in _END:
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    sentences = []
    for chunk in out:
        if "年" in chunk:
            chunk = _CN_YEAR.sub(lambda m: m.group(0).translate(_CN_DIGITS), chunk)
        sentences += [s for s in _SENTENCE_END.split(chunk) if s]
    return sentences


@lru_cache(maxsize=8192)
def _cached(text: str) -> tuple[str, ...]:
    return tuple(_lines_to_sentences(text))


def sentences(report) -> list[Sentence]:
    """Every sentence of a report's narrative, headings included, in printed order; read
    once per report (several rules read them)."""
    found = getattr(report, "_sentences", None)
    if found is None:
        found = [Sentence(s.key, t) for s in report.sections for t in _cached(s.text)]
        try:
            report._sentences = found
        except AttributeError:  # a report that cannot keep it: read again next time
            pass
    return found


_FULLWIDTH = str.maketrans(",;:()!?", "，；：（）！？")


def quote(text: str, limit: int = 60) -> str:
    """A sentence as shown in a message: Chinese punctuation again, cut to `limit`."""
    text = text.translate(_FULLWIDTH)
    return text if len(text) <= limit else text[: limit - 1] + "…"

"""The registry's `years` column (应报年度): the years an agency is expected to publish a report.

    (blank)      every year, the default: a registry without the column keeps meaning that
    -            never: the agency is listed only to place others (a parent government
                 whose own reports the supervisor does not collect)
    2023         one year
    2019-2024    a span of years; `2021-` from 2021 on
    2019,2021    several of these (`2019,2021-2023`), separated by , ， 、 ; ；
Full-width digits and dashes, 至 or ~ between years, 年/年度 after one and 起/至今 for an
open end (2021年起) are read too.

Read into spans `((first, last), ...)`, `last` None when open-ended; None is every year and
`()` never. The agencies table stores the spans as they are (NULL, an empty list, a list of
{first, last}); whether a year is expected is decided from them in one place only,
queries/expected_reports.sql, which the overview and the rule MISSING.REPORT both read.
"""
from __future__ import annotations

import re
import unicodedata

Spans = tuple[tuple[int, int | None], ...]

NEVER = "-"
FIRST_YEAR = 2008  # 政府信息公开条例 took effect in 2008: the first annual reports cover 2008
LAST_YEAR = 2099
HINT = "应为空（每年）、“-”（不要求报告：仅作为其他机关的上级列入）、年度（2023）、年度范围（2019-2024、2021-）或以逗号分隔的多项（2019,2021）"

_NEVER_MARKS = frozenset((NEVER, "–", "—"))  # as a dash may come out of Excel or a word processor
_SEPARATORS = re.compile(r"[,，、;；\s]+")
_RANGE_MARK = r"[-–—~～至]"
_SPAN = re.compile(rf"(\d{{4}})(?:{_RANGE_MARK}(\d{{4}})?)?")


def parse(text: str | None) -> Spans | None:
    """The spans `text` names; raises ValueError (the reason, in Chinese) when it names none."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    if text in _NEVER_MARKS:
        return ()
    spans = []
    text = re.sub(r"(\d{4})\s*年度?", r"\1", text)  # 2023年度 is 2023
    text = re.sub(r"(\d{4})\s*(?:起|至今)", r"\1-", text)  # 2021年起 is 2021-
    text = re.sub(rf"\s*({_RANGE_MARK})\s*", r"\1", text)  # 2019 - 2024 is one span
    for part in filter(None, _SEPARATORS.split(text)):
        m = _SPAN.fullmatch(part)
        if m is None:
            raise ValueError(f"“{part}”无法识别")
        first = int(m.group(1))
        open_ended = m.group(2) is None and part != m.group(1)
        last = None if open_ended else int(m.group(2) or first)
        for y in (first, last):
            if y is not None and not FIRST_YEAR <= y <= LAST_YEAR:
                raise ValueError(f"年度 {y} 不在 {FIRST_YEAR}–{LAST_YEAR} 之间")
        if last is not None and last < first:
            raise ValueError(f"“{part}”的起始年度晚于结束年度")
        spans.append((first, last))
    if not spans:
        raise ValueError(f"“{text}”无法识别")
    return _merged(spans)


def _merged(spans: list[tuple[int, int | None]]) -> Spans:
    """Sorted, with overlapping and adjacent spans joined: 2019,2020-2021 is 2019-2021."""
    out: list[tuple[int, int | None]] = []
    for first, last in sorted(spans, key=lambda s: s[0]):
        if out and (out[-1][1] is None or first <= out[-1][1] + 1):
            prev_first, prev_last = out[-1]
            joined_last = None if prev_last is None or last is None else max(prev_last, last)
            out[-1] = (prev_first, joined_last)
        else:
            out.append((first, last))
    return tuple(out)


def text(spans: Spans | None) -> str:
    """The spans as the registry's `years` column writes them."""
    if spans is None:
        return ""
    if not spans:
        return NEVER
    return ",".join(str(a) if b == a else f"{a}-{b if b is not None else ''}" for a, b in spans)


def stored(spans: Spans | None) -> list[dict] | None:
    """The spans as the agencies table's `years` column holds them."""
    if spans is None:
        return None
    return [{"first": a, "last": b} for a, b in spans]


def from_stored(value: list[dict] | None) -> Spans | None:
    """The inverse of `stored`."""
    if value is None:
        return None
    return tuple((s["first"], s["last"]) for s in value)


def until(spans: Spans | None, last: int) -> Spans:
    """The spans cut after `last` (an agency retired: not expected after that year)."""
    kept = [(a, b if b is not None and b <= last else last) for a, b in (spans or ((FIRST_YEAR, None),)) if a <= last]
    return _merged(kept) if kept else ()

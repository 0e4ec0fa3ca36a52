"""The report's title, however it is printed, and the agency and year it names.

Real titles put the same words in many orders and over one to three lines:

    神池县教育科技局 / 2023 年度政府信息公开工作年度报告        agency above the year line
    2019年上海市人民政府办公厅政府信息公开工作年度报告           year first
    2025 年上海市人民政府办公厅政府信息公开 / 工作年度报告       wrapped
    上海市人民政府办公厅 / 2023年政府信息公开 / 工作年度报告     three lines
    上海市人民政府办公厅政府信息公开工作年度报告（2023年）       year in brackets after
    二〇二三年…   国家统计局政府信息公开工作2023年度报告          numerals, year inside
    XX县人民政府办公室关于XX县2023年政府信息公开工作年度报告     publisher 关于 subject
    【神池县教育科技局】２０２３年度…、spaces between every character

A title is found by its keyword (`政府信息公开工作年度报告` and its variants), read from the
line the keyword starts on to the line it ends on, and widened by up to two lines above
or below when that names an agency or a year the keyword's lines lack. What stands
before the keyword, cut at its years and at `关于`, holds the agency, nearest first. A
title that continues past the keyword into `…的通知` is a notice about reports, not a
report's title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from .metadata import cn_number
from .names import Named, clean_agency
from .values import normalize

# the keyword; a year may sit inside it (政府信息公开工作2023年度报告)
_KEYWORD = re.compile(
    r"(?:(?:政府|政务)?信息公开|政务公开)(?:工作)?(?:情况)?的?(?:(?P<year>20\d{2})年度?)?(?:年度)?(?:工作)?(?:年度)?(?:报告|年报)"
)
# a year, `2023年`, `2023年度` or a bare `2023`, but not the year of a date (`2024年1月`, `2024-01-20`)
YEAR = re.compile(r"(?<!\d)(20\d{2})(?:年度?(?!\d{1,2}月)|(?![\d年])(?![-./]\d))")
_CN_YEAR = re.compile(r"[〇○零O0一二三四五六七八九]{4}(?=年)")
_NOTICE_TAIL = re.compile(r"通知|通报|公告|公示|函|意见|方案|批复|决定|办法|要点|提纲|模板|格式|说明|解读|汇编|评估|考核")
_NOTICE_HEAD = re.compile(r"关于(?:报送|做好|印发|编制|发布|公开|开展|公布|转发|抽查|评估|检查|提交|上报|规范|加强|组织|通报|征集|审核|报备)")
_TAIL_WORDS = re.compile(r"全文|正文|文字版|图文版|简版|终稿|定稿")
_NOT_TITLE = re.compile(r"[。；;，,：:！？!?]")
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]{1,2}[、.．]|[(][一二三四五六七八九十]{1,3}[)])")
SEARCHED_LINES = 40  # non-empty lines from the top where a title is looked for
MAX_TITLE = 60  # characters of a title line, spaces squashed
WIDEN = 2  # lines above or below the keyword's that may hold the agency or the year


def prepare(text: str) -> str:
    """NFKC, no spaces, and a year in Chinese numerals in digits (二〇二三年 -> 2023年)."""
    t = normalize(text)
    if "年" in t:
        t = _CN_YEAR.sub(_arabic_year, t)
    return t


def _arabic_year(m: re.Match) -> str:
    digits = m.group(0)
    if digits.isdigit():
        return digits
    value = cn_number(digits.replace("O", "〇").replace("0", "〇"))
    return str(value) if value and 2000 <= value < 2100 else digits


@dataclass(frozen=True)
class TitleText:
    """What one title string says: its year, the texts that may name its agency (nearest
    the keyword first), and whether it is a notice about reports instead."""

    year: int | None
    names: tuple[str, ...]
    notice: bool


def read_title(text: str) -> TitleText | None:
    """The year and agency candidates of a title; None when `text` has no title keyword."""
    s = prepare(text)
    m = _KEYWORD.search(s)
    if not m:
        return None
    head, tail = s[: m.start()], s[m.end():]
    notice = bool(_NOTICE_TAIL.search(tail) or _NOTICE_HEAD.search(head))
    years = ([int(m["year"])] if m["year"] else []) + [int(y) for y in reversed(YEAR.findall(head))]
    years += [int(y) for y in YEAR.findall(tail)]
    segments = [p for part in reversed(YEAR.sub("|", head).split("|")) for p in reversed(part.split("关于"))]
    names = [c for c in map(clean_agency, segments) if c]
    nearest = clean_agency(segments[0])
    if nearest and m.group(0).startswith("政府"):
        # `上海市人民` + `政府信息公开…`: the 政府 the keyword took may end the agency's name
        names.insert(1, nearest + "政府")
    rest = clean_agency(_TAIL_WORDS.sub("", YEAR.sub("", tail)))
    if rest and not notice:
        names.append(rest)  # `…年度报告（上海市人民政府办公厅）`, or the agency on the line below
    return TitleText(years[0] if years else None, tuple(names), notice)


@dataclass(frozen=True)
class Title:
    """A title found in a document, ending on line `last` of its texts."""

    text: str
    last: int
    year: int | None
    agency: Named | None
    notice: bool


Accept = Callable[[str], "Named | None"]


def _title_line(text: str) -> bool:
    return 0 < len(text) <= MAX_TITLE and not _NOT_TITLE.search(text) and not _HEADING.match(text)


def _join(texts) -> str:
    """Lines of a title as one string; `|` between two digits (`附件2` over `2023年`)."""
    out = ""
    for t in texts:
        out += "|" + t if out[-1:].isdigit() and t[:1].isdigit() else t
    return out


def _read(lines: list[tuple[int, str]], a: int, b: int, accept: Accept) -> Title | None:
    text = _join(t for _, t in lines[a: b + 1])
    read = read_title(text)
    if read is None:
        return None
    agency = None if read.notice else next(filter(None, map(accept, read.names)), None)
    return Title(text, lines[b][0], read.year, agency, read.notice)


def _score(t: Title) -> int:
    """How much a reading of a title names: a notice counts as found."""
    return 1 if t.notice else (t.agency is not None) + (t.year is not None)


def _reach(extra: list[bool], start: int, step: int, stop: int = -1) -> int:
    """Past the last line a title on line `start` may widen to, `step` up or down (before
    line `stop`): WIDEN lines at most, each one that may be part of a title."""
    end = start
    while abs(end - start) < WIDEN and 0 <= end + step < len(extra) and end + step > stop and extra[end + step]:
        end += step
    return end + step


def find_titles(texts: list[str], accept: Accept):
    """Each title among the first lines of a document, in order: for each keyword, the
    narrowest window of lines around it that names the most (agency, year)."""
    lines = [(i, t) for i, t in enumerate(texts[: SEARCHED_LINES * 3]) if t.strip()][:SEARCHED_LINES]
    # prose is told from its punctuation before it is normalised (the cost of this search)
    lines = [(i, "" if len(t) > 3 * MAX_TITLE or _NOT_TITLE.search(t) else prepare(t)) for i, t in lines]
    ok = [_title_line(t) for _, t in lines]
    # a line with a title keyword of its own is not part of another title (a column `政府信息公开年报` above)
    extra = [o and not _KEYWORD.search(t) for o, (_, t) in zip(ok, lines)]
    done = -1
    for k, (_, text) in enumerate(lines):
        if k <= done or not ok[k]:
            continue
        j = k
        while j + 1 < len(lines) and ok[j + 1] and j - k < 2 and not _KEYWORD.search(_join(t for _, t in lines[k: j + 1])):
            j += 1
        joined = _join(t for _, t in lines[k: j + 1])
        m = _KEYWORD.search(joined)
        if m is None or m.start() >= len(text):
            continue  # no keyword, or one that starts on a later line (found from there)
        best = None
        windows = ((a, b) for b in range(j, _reach(extra, j, 1)) for a in range(k, _reach(extra, k, -1, done), -1))
        for a, b in windows:
            found = _read(lines, a, b, accept)
            if found is not None and (best is None or _score(found) > _score(best)):
                best = found
                if _score(best) == 2:
                    break
        if best is not None and _score(best):
            done = next(n for n, (i, _) in enumerate(lines) if i == best.last)
            yield best

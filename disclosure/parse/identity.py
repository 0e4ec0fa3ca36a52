"""Whose report it is and for which year, from everything the document offers, and where
each was read (`Report.identity`).

The agency comes from the first of these that names one:

    title           the report's printed title (title.py)
    alias           the title, naming the agency by an alias the registry lists (市科委; the
                    registry's name is kept beside it, as `registered_agency`)
    page_title      the web page's `<title>` or `ArticleTitle` <meta>
    page_meta       the page's `ContentSource` <meta> (信息来源, as government sites print it)
    publisher_line  a `发布机构：` / `发文机关：` / `信息来源：` line
    signature       the name that signs the report off above its date
    filename        the file's name (`神池县教育科技局2023年.pdf`)

and the year from the first of: title, page_title, period (`统计期限为2023年1月1日至…`),
preamble (`特向社会公布2023年…年度报告`), filename. Nothing is guessed beyond these: a
report none of them names is returned with agency or year None, for a person to assign.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..model import Document, Report
from .metadata import parse_date
from .names import Named, name_agency
from .title import YEAR, Accept, find_titles, prepare, read_title

if TYPE_CHECKING:
    from ..registry import Registry


@dataclass
class Identity:
    agency: str | None = None
    year: int | None = None
    sources: dict[str, str] = field(default_factory=dict)  # Report.identity
    title_end: int = -1  # the last line of the printed title (-1: none printed)
    notice: str | None = None  # a notice about reports where the title would be, and no title


def identify(doc: Document, texts: list[str], registry: "Registry | None" = None) -> Identity:
    accept = partial(name_agency, registry=registry)
    out = Identity()
    title = None
    for found in find_titles(texts, accept):
        if not found.notice:
            title, out.title_end, out.notice = found, found.last, None  # (over a cover notice)
            break
        out.notice = out.notice or found.text
    page = _page_title(doc.meta, accept)
    named_file = lru_cache(None)(lambda: _filename(doc.path, accept))  # read only when needed

    source, named = _first((
        ("alias" if title and title.agency and title.agency.registered else "title", lambda: title and title.agency),
        ("page_title", lambda: page[0]),
        ("page_meta", lambda: doc.meta.get("publisher") and accept(doc.meta["publisher"])),
        ("publisher_line", lambda: _publisher_line(texts, accept)),
        ("signature", lambda: _signature(texts, accept)),
        ("filename", lambda: named_file()[0]),
    ))
    if named is not None:
        out.agency, out.sources["agency"] = named.name, source
        if named.printed != named.name:
            out.sources["printed_agency"] = named.printed
        if named.registered:
            out.sources["registered_agency"] = named.registered
    source, out.year = _first((
        ("title", lambda: title and title.year),
        ("page_title", lambda: page[1]),
        ("period", lambda: year_from_period(texts)),
        ("preamble", lambda: _preamble_year(texts)),
        ("filename", lambda: named_file()[1]),
    ))
    if out.year is not None:
        out.sources["year"] = source
    return out


def _first(sources: Iterable[tuple[str, Callable[[], Any]]]) -> tuple[str | None, Any]:
    """The first source, in order, that gives something, and what it gives."""
    for source, read in sources:
        value = read()
        if value:
            return source, value
    return None, None


def unidentified(report: Report) -> str | None:
    """What could not be read of the report's identity, in one line (None: nothing)."""
    missing = [what for what, value in (("机关名称", report.agency), ("年度", report.year)) if value is None]
    if not missing:
        return None
    places = ["标题"] + (["网页标题"] if report.format == "html" else [])
    if report.agency is None:
        places += ["发布机构", "落款"]
    if report.year is None:
        places += ["统计期限"]
    return f"无法确定报告的{'和'.join(missing)}（{'、'.join(places + ['文件名'])}中均未找到）"


SOURCE_LABELS = {
    "title": "标题", "alias": "标题（别名）", "page_title": "网页标题", "page_meta": "网页信息来源",
    "publisher_line": "发布机构", "signature": "落款", "filename": "文件名", "period": "统计期限", "preamble": "导语",
}


def source_labels(report: Report) -> str:
    """`机关取自标题，年度取自统计期限`: where the identity was read, for people."""
    said = [f"{what}取自{SOURCE_LABELS.get(report.identity[key], report.identity[key])}"
            for key, what in (("agency", "机关"), ("year", "年度")) if key in report.identity]
    printed, registered = report.identity.get("printed_agency"), report.identity.get("registered_agency")
    said += [f"原文作“{printed}”"] if printed else []
    said += [f"名录中为“{registered}”"] if registered else []
    return "，".join(said) or "机关和年度均未确定"


# --- the sources ------------------------------------------------------------------------

_PAGE_TITLE_PARTS = re.compile(r"\s*(?:[_|｜]|[-–—]+)\s*")


def _page_title(meta: dict, accept: Accept) -> tuple[Named | None, int | None]:
    """A page's `<title>` is `report title_column_site`: the agency and year of its title
    part, else the agency another part names."""
    for key in ("article_title", "title"):
        parts = [p for p in _PAGE_TITLE_PARTS.split(meta.get(key) or "") if p.strip()]
        main = next((p for p in parts if read_title(p) is not None), None)
        if main is None:
            continue
        read = read_title(main)
        if read.notice:
            return None, None
        named = next(filter(None, map(accept, read.names)), None)
        if named is None:
            named = next(filter(None, (accept(p) for p in parts if p is not main)), None)
        return named, read.year
    return None, None


_PUBLISHER = re.compile(
    r"(?:发布机构|发文机关|发文单位|发布单位|发布部门|信息来源|来源单位|公开主体|发布主体|制发机关|成文单位)\s*(?:[:：]|\s)\s*(\S+)"
    r"|来源\s*[:：]\s*(\S+)"
)
# the field that follows on the same line when a page prints them without spaces
_NEXT_FIELD = re.compile(r"(?:发布|发文|成文|生成|印发|公开)(?:日期|时间)|索引号|主题分类|发文字号|文号|有效性|公开方式|浏览|字号")
PUBLISHER_LINES = 40  # where pages print their document's metadata: at the top, sometimes at the end


def _publisher_line(texts: list[str], accept: Accept) -> Named | None:
    for raw in texts[:PUBLISHER_LINES] + texts[-10:]:
        for m in _PUBLISHER.finditer(raw):
            named = accept(_NEXT_FIELD.split(m.group(1) or m.group(2))[0])
            if named is not None:
                return named
    return None


_DATED = re.compile(r"^(.*?)\s*((?:\d{4}|[〇○零一二三四五六七八九O]{4})\s*年.*)$")
SIGNATURE_LINES = 8  # the closing lines where an agency signs the report off


def _signature(texts: list[str], accept: Accept) -> Named | None:
    """The signature above the closing date (`神池县教育科技局` / `2024年1月`), or beside it."""
    for raw in reversed([t for t in texts[-SIGNATURE_LINES:] if t.strip()]):
        m = _DATED.match(raw.strip())
        text = m.group(1) if m and m.group(1) and parse_date(m.group(2)) else raw
        named = accept(text)
        if named is not None:
            return named
    return None


_FILE_SEPARATORS = re.compile(r"[_\-—–·.,，()（）\[\]【】\s+]+")
_FILE_WORDS = re.compile(r"(?:政府|政务)?信息公开|政务公开|工作|年度报告|年报|报告|年度")


def _filename(path: str, accept: Accept) -> tuple[Named | None, int | None]:
    """`神池县教育科技局2023年政府信息公开工作年度报告.pdf`, `神池县教科局_2023.txt`."""
    stem = os.path.splitext(os.path.basename(path or ""))[0]
    text = _FILE_SEPARATORS.sub("|", prepare(stem))
    read = read_title(text)
    if read is not None and not read.notice:
        named = next(filter(None, map(accept, read.names)), None)
        return named, read.year
    years = YEAR.findall(text)
    parts = (_FILE_WORDS.sub("", p) for p in YEAR.sub("|", text).split("|"))
    named = next(filter(None, (accept(p) for p in parts if p)), None)
    return named, int(years[0]) if years else None


_PERIOD = re.compile(r"(20\d{2})年1月1日?(?:起)?(?:至|到|—|-)")
_NAMED_REPORT = re.compile(r"(20\d{2})年度?[^。，,；;]{0,30}?信息公开(?:工作)?(?:年度)?(?:报告|年报)")
PERIOD_LINES = 60
PREAMBLE_LINES = 15


def year_from_period(texts: list[str]) -> int | None:
    """The year of the statistics period (`统计期限为2023年1月1日至…`)."""
    return _year_in(texts[:PERIOD_LINES], _PERIOD)


def _preamble_year(texts: list[str]) -> int | None:
    """The year the opening paragraph gives the report (`特向社会公布2023年…年度报告`)."""
    return _year_in(texts[:PREAMBLE_LINES], _NAMED_REPORT)


def _year_in(texts: list[str], pattern: re.Pattern) -> int | None:
    for raw in texts:
        if "年" in raw:
            m = pattern.search(prepare(raw))
            if m:
                return int(m.group(1))
    return None

"""What a fetched web page is to the collector.

- a **list** of reports (a 政府信息公开年报 column): links whose text reads as a report's title
  (`…政府信息公开工作年度报告`, any year; parse/title.py decides, notices about reports
  excluded), each with the date the list prints beside it, and the way to the next page
  (a `下一页` link, or the `createPageHTML(…)` pagination many government CMSs write);
- a **report page**: its own title reads as a report's; its attachments (PDF, Word, WPS,
  OFD, images) are the documents, or, without any, the page itself is the report;
- neither: not a report (the source is named in a failure line).

Pages are decoded as the extractor decodes them (GBK/GB18030 included), with the charset of
the HTTP header when the page declares none.
"""
from __future__ import annotations

import os
import re
from dataclasses import asdict, dataclass, field
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from ..extract.cells import tidy
from ..extract.html import declared_charset, page_meta, parse_page
from ..parse.metadata import parse_date
from ..parse.title import read_title

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")
PAGE_SUFFIXES = ("", ".html", ".htm", ".shtml", ".jhtml", ".xhtml", ".jsp", ".php", ".asp", ".aspx", ".do")
NEXT_TEXTS = ("下一页", "下页", "后一页", "下一頁", ">", "›", "»", ">>")
_DATE = re.compile(r"(20\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
_LABELLED_DATE = re.compile(r"(?:发布|成文|公开|印发)(?:日期|时间)\s*[:：]?\s*(20\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})")
# createPageHTML(total pages, current index, "index", "html"): pages index.html, index_1.html, …
_CREATE_PAGE = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]")


@dataclass
class Link:
    url: str
    text: str = ""
    published: str | None = None  # the date printed beside the link


@dataclass
class Page:
    title: str = ""
    published: str | None = None
    entries: list[Link] = field(default_factory=list)  # report links (a list page)
    next_pages: list[str] = field(default_factory=list)
    attachments: list[Link] = field(default_factory=list)
    report_title: bool = False  # its own title reads as a report's

    @property
    def kind(self) -> str:
        """list / report / other."""
        if self.entries and (not self.report_title or not _names_year(self.title)):
            return "list"
        if self.report_title:
            return "report"
        return "list" if self.entries else "other"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Page":
        return cls(title=data.get("title", ""), published=data.get("published"),
                   entries=[Link(**e) for e in data.get("entries", [])], next_pages=list(data.get("next_pages", [])),
                   attachments=[Link(**a) for a in data.get("attachments", [])],
                   report_title=bool(data.get("report_title")))


def is_report_title(text: str) -> bool:
    read = read_title(text or "")
    return read is not None and not read.notice


def _names_year(text: str) -> bool:
    read = read_title(text or "")
    return read is not None and read.year is not None


def suffix(url: str) -> str:
    return os.path.splitext(unquote(urlsplit(url).path))[1].lower()


def is_document(url: str, text: str = "") -> bool:
    """A link to a file (by its address, or by the file name its text shows)."""
    if suffix(url) in DOCUMENT_SUFFIXES:
        return True
    shown = text.strip().lower()
    return any(shown.endswith(s) for s in DOCUMENT_SUFFIXES)


def _iso(m: re.Match | None) -> str | None:
    if m is None:
        return None
    return parse_date(f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}")


def _date_near(anchor) -> str | None:
    """The date a list prints beside an entry: in its row (li, tr, dd, p) or the anchor's parent."""
    node = anchor
    for _ in range(3):
        node = node.getparent()
        if node is None:
            return None
        found = _iso(_DATE.search(node.text_content() or ""))
        if found:
            return found
        if node.tag in ("li", "tr", "dd", "dl", "p"):
            return None
    return None


def _clean_url(url: str) -> str:
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _page_published(root, meta: dict) -> str | None:
    if meta.get("published"):
        found = parse_date(meta["published"].split()[0]) or parse_date(meta["published"][:10])
        if found:
            return found
    body = root.find("body")
    text = (body if body is not None else root).text_content() or ""
    return _iso(_LABELLED_DATE.search(re.sub(r"\s+", "", text)))


def _created_pages(html: str, base: str) -> list[str]:
    out = []
    for m in _CREATE_PAGE.finditer(html):
        total, current, stem, ext = int(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        if current + 1 < total:
            out.append(urljoin(base, f"{stem}_{current + 1}.{ext}"))
    return out


def read_page(data: bytes, url: str, charset: str | None = None) -> Page:
    """What the page at `url` holds (DisclosureError when it is no readable web page)."""
    if charset and not declared_charset(data):
        data = f'<meta charset="{charset}">'.encode("ascii", errors="ignore") + data
    root = parse_page(data, url)
    meta = page_meta(root)
    title = meta.get("article_title") or ""
    heading = root.find(".//h1")
    if not is_report_title(title) and heading is not None and is_report_title(tidy(heading.text_content())):
        title = tidy(heading.text_content())
    if not is_report_title(title):
        title = meta.get("title") or title
    page = Page(title=title, published=_page_published(root, meta), report_title=is_report_title(title))
    seen: set[str] = set()
    for el in root.iter("a", "iframe", "embed", "object"):
        href = el.get("href") or el.get("src") or el.get("data")
        if not href or href.strip().lower().startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        target = _clean_url(urljoin(url, href.strip()))
        if not target.startswith(("http://", "https://")) or target in seen:
            continue
        text = tidy(el.text_content() if el.tag == "a" else "") or tidy(el.get("title") or "")
        if is_document(target, text):
            seen.add(target)
            page.attachments.append(Link(target, text, None))
        elif el.tag == "a" and is_report_title(text) and suffix(target) in PAGE_SUFFIXES:
            seen.add(target)
            page.entries.append(Link(target, text, _date_near(el)))
        elif el.tag == "a" and (text in NEXT_TEXTS or text.startswith("下一页")):
            seen.add(target)
            page.next_pages.append(target)
    html = data.decode("latin-1")  # the script's ASCII only
    page.next_pages += [p for p in _created_pages(html, url) if p not in page.next_pages]
    return page

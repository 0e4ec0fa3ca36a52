"""Web pages: an agency's report as published on its site, or a page saved from a browser.

The page is decoded by its declared charset when the bytes agree with it (a wrong
declaration happens), else as UTF-8 or GB18030. Site furniture (navigation, header,
footer, link lists, scripts) is dropped; what remains is read in document order: each
paragraph is a one-cell Line, each row of a data table a grid Line with one Cell per
`<td>`/`<th>` (a colspan or rowspan cell once, where it starts). A page whose CMS
flattened a table into one paragraph per cell keeps its blank paragraphs there as blank
cells. The page's `<title>`, publication date, article title and source `<meta>` go into
`Document.meta` (title, published, article_title, publisher).
"""
from __future__ import annotations

import codecs
import email
import re

import lxml.html
from lxml import etree

from ..model import Cell, DisclosureError, Document, Line
from ..parse.labels import is_prose
from ..parse.values import is_value
from .cells import join_pieces, tidy
from .text import decode

# --- decoding ------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
# GB2312 and GBK pages often use characters only their superset has
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030"}


def declared_charset(data: bytes) -> str | None:
    """The Python codec named by the page's XML declaration or `<meta>`, if any and known."""
    head = data[:16384]  # pages put long scripts before their <meta>
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, path: str) -> str:
    """The page's text: its declared charset if the bytes decode with it, else UTF-8/GB18030.

    Chinese text in GBK is practically never valid UTF-8, so bytes that are valid UTF-8
    are read as UTF-8 whatever the page declares (a copied template often says GB2312).
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, path)
    charset = declared_charset(data)
    if charset and charset != "utf-8" and not (_is_utf8(data) and not data.isascii()):
        try:
            return data.decode(charset)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: let the bytes say
    return decode(data, path)


_MHT = re.compile(rb"^\s*(?:[\w-]+:[^\n]*\n)*?mime-version:", re.I)


def html_of_mht(data: bytes) -> bytes:
    """The HTML part of a page saved as a single file (.mht), with its charset declared."""
    msg = email.message_from_bytes(data)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            body = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset and not declared_charset(body):
                body = f'<meta charset="{charset}">'.encode("ascii") + body
            return body
    return b""


# --- cleaning ------------------------------------------------------------------------------

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "aside", "form", "select", "button",
    "iframe", "object", "embed", "svg", "canvas", "input", "textarea", "map", "audio", "video",
)
# class or id words of site furniture, as content management systems name them
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|header|footer|foot|bottom|copyright|crumbs?|breadcrumbs?|"
    r"position|location|banner|sidebar|share|toolbar|search|login|top|topbar|logo|friendlinks?|"
    r"links|related|comments?)(?:$|[\s_\d-])",
    re.I,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
LINK_SHARE = 0.5  # a block whose text is mostly links is a menu or a list of other pages


def _squashed_len(text: str) -> int:
    return len(re.sub(r"\s+", "", text))


def _text_len(el) -> int:
    return _squashed_len(el.text_content())


LAYOUT_CELL = 500  # characters: a cell holding more is a column of the page, not a datum


def _is_data_table(el) -> bool:
    """A table of rows and cells, not one used to lay out the page (around other tables,
    or with the article's paragraphs in one of its cells)."""
    if el.tag != "table" or el.xpath(".//table"):
        return False
    cells = el.xpath("./tr/td|./tr/th|./*/tr/td|./*/tr/th")
    return len(cells) > 1 and all(_text_len(c) <= LAYOUT_CELL for c in cells)


def _has_data_table(el) -> bool:
    return any(_is_data_table(t) for t in el.iter("table"))


def clean(root, title: str | None) -> None:
    """Drop site furniture from the page, in place (dropped elements keep their tail text)."""
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    total = _text_len(root) or 1
    keep_words = _title_words(title)
    # a data table is read cell by cell: dropping anything inside would shift its columns
    # (the set holds the elements: lxml hands out the same proxy for a node while it lives)
    in_tables = {d for t in root.iter("table") if _is_data_table(t) for d in t.iter()}

    def protected(el) -> bool:
        # the article itself: its tables, most of the page's text, a heading, or its title
        if _has_data_table(el) or _text_len(el) > 0.3 * total or el.xpath(".//h1|.//h2|.//h3"):
            return True
        squashed = re.sub(r"\s+", "", el.text_content())
        return bool(keep_words) and keep_words in squashed

    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.tag in ("html", "body") or el in in_tables:
            continue
        if el.getparent() is None or _is_detached(el, root):
            continue
        style = el.get("style") or ""
        if el.get("hidden") is not None or _HIDDEN.search(style):
            if not _has_data_table(el):
                el.drop_tree()
            continue
        if el.tag in ("header", "footer") and not el.xpath("ancestor::article|ancestor::main"):
            if not protected(el):
                el.drop_tree()
            continue
        names = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if names and _FURNITURE.search(names) and not protected(el):
            el.drop_tree()
            continue
        if el.tag in _BLOCKS and _link_heavy(el):
            el.drop_tree()


def _link_heavy(el) -> bool:
    """A menu, a list of other pages, `上一篇/下一篇`: a block of two links or more and
    little text besides."""
    links = el.xpath(".//a[@href]")
    if len(links) < 2 or _has_data_table(el):
        return False
    return sum(_text_len(a) for a in links) >= LINK_SHARE * max(_text_len(el), 1)


def _is_detached(el, root) -> bool:
    for anc in el.iterancestors():
        if anc is root:
            return False
    return el is not root


def _title_words(title: str | None) -> str:
    """The article's own title from `<title>`, without the site name CMSes append."""
    if not title:
        return ""
    first = re.split(r"\s*[_|｜–—-]\s*", title.strip())[0]
    first = re.sub(r"\s+", "", first)
    return first if len(first) >= 8 else ""


# --- reading -------------------------------------------------------------------------------

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article main blockquote pre address "
    "center table tbody thead tfoot tr td th caption figure figcaption header footer hr body html".split()
)


def cell_text(el) -> str:
    """The text of a table cell; its paragraphs and `<br>` lines joined."""
    parts: list[str] = []
    cur: list[str] = []

    def walk(node):
        if node.text:
            cur.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br" or child.tag in _BLOCKS:
                    parts.append("".join(cur))
                    cur.clear()
                if child.tag != "br":
                    walk(child)
                if child.tag in _BLOCKS:
                    parts.append("".join(cur))
                    cur.clear()
            if child.tail:
                cur.append(child.tail)

    walk(el)
    parts.append("".join(cur))
    return join_pieces(parts)


MAX_COLSPAN = 100  # wider spans are typing errors or hostile; a row is never that wide


def _span(td, name: str, limit: int) -> int:
    try:
        return max(1, min(int(str(td.get(name) or "1").strip()), limit))
    except ValueError:
        return 1


def table_rows(table, number: int) -> list[Line]:
    """One grid Line per row that has text; each cell once, `ref` at its grid position."""
    out: list[Line] = []
    busy: dict[int, int] = {}  # grid column -> first row below the cell spanning it
    trs = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
    for r, tr in enumerate(trs):
        col = 0
        cells: list[Cell] = []
        for td in tr.xpath("./td|./th"):
            while busy.get(col, 0) > r:  # under a rowspan from a row above
                col += 1
            rows, cols = _span(td, "rowspan", len(trs) - r), _span(td, "colspan", MAX_COLSPAN)
            busy.update((col + j, r + rows) for j in range(cols))
            cells.append(Cell(cell_text(td), ref=f"表{number} 行{r + 1} 列{col + 1}"))
            col += cols
        if any(c.text for c in cells):
            out.append(Line(cells, ref=f"表{number} 行{r + 1}", grid=True))
    return out


class _Block:
    """A paragraph of the page (`blank` when it held only `&nbsp;`), or a table row."""

    __slots__ = ("text", "blank", "row")

    def __init__(self, text: str = "", blank: bool = False, row: Line | None = None):
        self.text, self.blank, self.row = text, blank, row


def _is_blank_block(el) -> bool:
    """`<p>&nbsp;</p>`: a paragraph printed empty on purpose (a flattened table's blank cell)."""
    return el.tag in ("p", "div") and not tidy(el.text_content()) and not el.xpath(".//img|.//table")


def read_blocks(body) -> list[_Block]:
    blocks: list[_Block] = []
    buf: list[str] = []
    tables = 0

    def flush():
        text = tidy("".join(buf))
        buf.clear()
        if text:
            blocks.append(_Block(text))

    def walk(node):
        nonlocal tables
        if node.text:
            buf.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif child.tag == "br":
                flush()
            elif _is_data_table(child):
                flush()
                tables += 1
                caption = child.find("caption")
                if caption is not None and tidy(caption.text_content()):
                    blocks.append(_Block(tidy(caption.text_content())))
                blocks.extend(_Block(row=line) for line in table_rows(child, tables))
            elif child.tag in _BLOCKS:
                flush()
                if _is_blank_block(child):
                    blocks.append(_Block(blank=True))
                else:
                    walk(child)
                    flush()
            else:
                walk(child)
            if child.tail:
                buf.append(child.tail)

    walk(body)
    flush()
    return blocks


CELL_LIKE_MAX = 60  # longer paragraphs are sentences, not the cells of a flattened table
FLAT_TABLE_VALUES = 3  # values a run of short paragraphs needs to be a flattened table


def _cell_like(b: _Block) -> bool:
    return b.row is None and (b.blank or (len(b.text) <= CELL_LIKE_MAX and not is_prose(b.text)))


def lines_of(blocks: list[_Block]) -> list[Line]:
    """Lines in reading order. Blank paragraphs count only inside a run of short paragraphs
    with numbers in it (a table flattened to one paragraph per cell), where they are the
    table's blank cells; elsewhere they are spacing."""
    in_table = [False] * len(blocks)
    i = 0
    while i < len(blocks):
        if not _cell_like(blocks[i]):
            i += 1
            continue
        j = i
        while j < len(blocks) and _cell_like(blocks[j]):
            j += 1
        values = sum(1 for b in blocks[i:j] if not b.blank and is_value(b.text))
        if values >= FLAT_TABLE_VALUES:
            in_table[i:j] = [True] * (j - i)
        i = j
    out: list[Line] = []
    para = 0
    for b, flat in zip(blocks, in_table):
        if b.row is not None:
            out.append(b.row)
            continue
        if b.blank and not flat:
            continue
        para += 1
        ref = f"第{para}段"
        out.append(Line([Cell(b.text, ref=ref)], ref=ref, grid=b.blank))
    return out


# --- metadata ------------------------------------------------------------------------------

# <meta> names CMSes use for the publication date (lowercase, without separators)
_PUBLISHED_NAMES = (
    "pubdate", "publishdate", "firstpublishedtime", "publishtime", "publishedtime",
    "articlepublishedtime", "articlepublishdate", "dcdate", "dcdateissued", "dctermsissued",
    "dctermscreated", "date", "createdate", "releasedate",
)


# <meta> names of the national template for government sites (政府网站发展指引): the
# article's own title, and the agency it comes from (信息来源)
_DESCRIBING_NAMES = {"articletitle": "article_title", "contentsource": "publisher"}


def page_meta(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    title = root.find(".//title")
    if title is not None and tidy(title.text_content()):
        meta["title"] = tidy(title.text_content())
    found: dict[str, str] = {}
    for m in root.iter("meta"):
        name = m.get("name") or m.get("property") or m.get("itemprop") or ""
        key = re.sub(r"[^a-z]", "", name.lower())
        content = (m.get("content") or "").strip()
        if key in _PUBLISHED_NAMES and content and key not in found:
            found[key] = content
        elif key in _DESCRIBING_NAMES and tidy(content):
            meta.setdefault(_DESCRIBING_NAMES[key], tidy(content))
    for key in _PUBLISHED_NAMES:  # in order of how reliably each names the publication
        if key in found:
            meta["published"] = found[key]
            break
    return meta


# --- the extractor -------------------------------------------------------------------------


def parse_page(data: bytes, path: str):
    """The page as an lxml tree, from its bytes."""
    if _MHT.match(data[:2048]):
        data = html_of_mht(data)
        if not data.strip():
            raise DisclosureError("网页存档（.mht）中没有 HTML 部分", path)
    text = decode_html(data, path)
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise DisclosureError(f"无法读取网页（{exc}）", path) from None
    return root


def extract_html(path: str, data: bytes) -> Document:
    root = parse_page(data, path)
    meta = page_meta(root)
    body = root.find("body")
    if body is None:
        body = root
    clean(body, meta.get("title"))
    lines = lines_of(read_blocks(body))
    if not any(ln.text for ln in lines):
        raise DisclosureError("网页没有正文（内容可能由脚本加载）", path)
    return Document(path=path, format="html", extractor="html", lines=lines, meta=meta)

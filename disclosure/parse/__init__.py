"""From a Document (lines of cells, any format) to a Report in the template's keys.

    find the title, and the rest -> agency, year, and where each was read (identity.py)
    find the three tables      -> line ranges, anchored on their header words
    decide the template        -> the header words of table 二 (2019 and 2021 differ)
    read each table            -> active.py, requests.py, review.py
    the rest is narrative      -> sections.py
    neither tables nor sections -> not a report
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import template as T
from ..model import DisclosureError, Document, Line, Report
from .active import read_active
from .confidence import flag_for_review
from .labels import begins_label, core, is_prose, similarity
from .identity import identify, unidentified
from .metadata import find_published
from .ranges import note_out_of_range
from .requests import read_requests
from .review import read_review
from .sections import split_sections
from .tokens import EMPTY, LABEL, VALUE, is_furniture, tokenize

if TYPE_CHECKING:
    from ..registry import Registry


@dataclass
class Span:
    start: int
    end: int  # exclusive

    def __contains__(self, i: int) -> bool:
        return self.start <= i < self.end


def _has_value(line: Line) -> bool:
    return any(t.kind == VALUE for t in tokenize(line))


def _last_value_line(lines: list[Line], start: int, stop: int) -> int | None:
    """The last line of a table: its last line of values, and the blank cells printed
    after it on grid lines of their own (a table flattened to one paragraph per cell)."""
    last = None
    for i in range(start, stop):
        if _has_value(lines[i]) and not is_prose(lines[i].text):
            last = i
    while last is not None and last + 1 < stop and lines[last + 1].grid and not lines[last + 1].text:
        last += 1
    return last


def _find(lines: list[Line], start: int, stop: int, pred) -> int | None:
    for i in range(start, stop):
        if pred(lines[i].text):
            return i
    return None


BLANK_ROW_REACH = 4  # lines after the last row of numbers to look for rows of blanks


ROW_LABEL_MATCH = 0.8  # how closely a line alone must resemble a row label to be a row of blanks


def _is_blank_row(line: Line, labels: frozenset[str]) -> bool:
    """A table row whose cells are all blank: a label, then only empty cells of a grid or
    delimited line; or, where cells have positions (PDF, OCR) and a blank prints nothing,
    a line of nothing but one of the table's row labels (`labels`)."""
    toks = tokenize(line)
    if line.grid or line.delimited:
        last_label = max((i for i, t in enumerate(toks) if t.kind == LABEL), default=None)
        return last_label is not None and len(toks) > last_label + 1 and all(t.kind == EMPTY for t in toks[last_label + 1:])
    if not toks or any(t.kind != LABEL or t.cell.x0 is None for t in toks):
        return False
    return any(similarity(lbl, t.text) >= ROW_LABEL_MATCH or begins_label(t.text, lbl) for t in toks for lbl in labels)


def _table_end(lines: list[Line], start: int, stop: int, labels: frozenset[str], review: bool = False) -> int | None:
    """The last line of a table: its last line of values, or a row of blanks after it
    (past a block header or two: table 二's last item may be all blank). Only table 四
    (`review`) may end with a line of its own header words."""
    last = _last_value_line(lines, start, stop)
    i = last
    while i is not None and i + 1 < stop and i + 1 - last <= BLANK_ROW_REACH and not is_prose(lines[i + 1].text):
        i += 1
        if _is_blank_row(lines[i], labels) and (review or not _is_review_header(lines[i].text)):
            last = i
    return last


_ACTIVE_ANCHORS = ("第二十条", "信息内容")
_REQUEST_ANCHORS = ("勾稽关系", "申请人情况")
_REVIEW_WORDS = set(core("行政复议行政诉讼未经复议直接起诉复议后起诉结果维持纠正其他尚未审结总计"))
_ACTIVE_LABELS = frozenset(r.label for t in T.TEMPLATES.values() for r in t.table(T.TABLE_ACTIVE).rows)
_REQUEST_LABELS = frozenset(lbl for r in T.REQUEST_ROWS_ANY for lbl in (r.label,) + r.variants)
_REVIEW_LABELS = frozenset(lbl for r in T.REVIEW_ROWS for lbl in (r.label,) + r.variants)


def _is_active_anchor(text: str) -> bool:
    if is_prose(text):
        return False
    return any(a in text for a in _ACTIVE_ANCHORS)


def _is_request_anchor(text: str) -> bool:
    if is_prose(text):
        return False
    squashed = "".join(text.split())
    return any(a in squashed for a in _REQUEST_ANCHORS) or ("自然人" in squashed and len(squashed) < 40)


def _is_new_received_row(text: str) -> bool:
    return not is_prose(text) and similarity("本年新收政府信息公开申请数量", text) >= 0.8


def _is_review_header(text: str) -> bool:
    c = core(text)
    return bool(c) and not is_prose(text) and set(c) <= _REVIEW_WORDS


def _is_review_anchor(text: str) -> bool:
    """The first header line of table 四: its `维持` columns, or a line of nothing but its
    header words that names review or litigation (`维持` may be broken by a page break)."""
    if is_prose(text):
        return False
    return "维持" in text or (_is_review_header(text) and any(w in core(text) for w in ("复议", "诉讼")))


def locate_tables(lines: list[Line]) -> dict[str, Span]:
    """Line ranges of tables 二, 三 and 四 (those the document has)."""
    n = len(lines)
    spans: dict[str, Span] = {}
    t3 = _find(lines, 0, n, _is_request_anchor)
    first_row = _find(lines, 0, n, _is_new_received_row)
    if t3 is None or (first_row is not None and first_row < t3):
        t3 = first_row
    t2 = _find(lines, 0, t3 if t3 is not None else n, _is_active_anchor)
    if t2 is None:
        t2 = _find(lines, 0, t3 if t3 is not None else n,
                   lambda s: not is_prose(s) and any(s.strip().startswith(lbl) for lbl in _ACTIVE_LABELS))
    if t2 is not None:
        stop = t3 if t3 is not None else n
        end = _table_end(lines, t2, stop, _ACTIVE_LABELS)
        if end is not None:
            spans[T.TABLE_ACTIVE] = Span(t2, end + 1)
    after3 = 0
    if t3 is not None:
        review_at = _find(lines, t3, n, _is_review_anchor)
        stop = review_at if review_at is not None else n
        # the table ends with its last row of numbers before table 四's header
        end = _table_end(lines, t3, stop, _REQUEST_LABELS)
        while review_at is not None and end is not None and end >= review_at:
            end -= 1
        if end is not None:
            spans[T.TABLE_REQUESTS] = Span(t3, end + 1)
            after3 = end + 1
    review_at = _find(lines, after3, n, _is_review_anchor)
    if review_at is not None:
        start = review_at
        while start - 1 >= after3 and _is_review_header(lines[start - 1].text):
            start -= 1
        # the values follow the header; stop at the next heading or prose
        stop = review_at + 1
        while stop < n and not is_prose(lines[stop].text) and stop - review_at < 40:
            if _has_value(lines[stop]) or _is_review_header(lines[stop].text) or not lines[stop].text:
                stop += 1
                continue
            break
        end = _table_end(lines, review_at, stop, _REVIEW_LABELS, review=True)  # a last block may be blank
        if end is not None:
            spans[T.TABLE_REVIEW] = Span(start, end + 1)
    return spans


def detect_template(lines: list[Line], active: Span | None, year: int | None, layout: str | None) -> str:
    """2019 or 2021, from the header words of table 二; the layout of 三 and the year if silent."""
    if active is not None:
        text = "".join("".join(ln.text.split()) for ln in lines[active.start:active.end])
        hits = {v: sum(m in text for m in t.markers) for v, t in T.TEMPLATES.items()}
        if any(hits.values()):
            return max(hits, key=lambda v: (hits[v], v))
    if layout == "split":
        return T.TEMPLATE_2021
    return T.default_template_for_year(year)


NOT_A_REPORT = "不是政府信息公开工作年度报告：未找到统计表和六个部分"
_STATUTORY = frozenset(s.key for s in T.SECTIONS)


def parse_document(doc: Document, registry: "Registry | None" = None) -> Report:
    """The report a document holds. Its agency or year is None (with a note saying so)
    when nothing in the document names it; a document with neither the statistical
    tables nor the statutory sections is not a report (DisclosureError). `registry`,
    when given, tells the agencies' aliases (市科委) from other words (identity.py)."""
    lines = doc.lines
    texts = [ln.text for ln in lines]
    ident = identify(doc, texts, registry)
    agency, year = ident.agency, ident.year
    spans = locate_tables(lines)

    notes: list[str] = []
    tables: dict[str, dict] = {}
    deviations = []
    req_span = spans.get(T.TABLE_REQUESTS)
    layout = None
    requests = None
    if req_span:
        requests = read_requests(lines[req_span.start:req_span.end])
        layout = requests.layout
    version = detect_template(lines, spans.get(T.TABLE_ACTIVE), year, layout)
    if requests is not None and (layout == "single") != (version == T.TEMPLATE_2019):
        # the two （六） layouts score alike when the table is blank: follow the template
        preferred = "single" if version == T.TEMPLATE_2019 else "split"
        again = read_requests(lines[req_span.start:req_span.end], preferred)
        requests = again

    act_span = spans.get(T.TABLE_ACTIVE)
    if act_span:
        rows, devs, n = read_active(lines[act_span.start:act_span.end], version)
        if rows:
            tables[T.TABLE_ACTIVE] = rows
        deviations += devs
        notes += n
    if requests is not None:
        if requests.rows:
            tables[T.TABLE_REQUESTS] = requests.rows
        deviations += requests.deviations
        notes += requests.notes
    rev_span = spans.get(T.TABLE_REVIEW)
    if rev_span:
        rows, n = read_review(lines[rev_span.start:rev_span.end])
        if rows:
            tables[T.TABLE_REVIEW] = rows
        notes += n

    in_table = set()
    for span in spans.values():
        in_table.update(range(span.start, span.end))
    narrative = [texts[i] for i in range(ident.title_end + 1, len(lines))
                 if i not in in_table and not is_furniture(lines[i])]
    sections = split_sections(narrative)
    if not tables and not any(s.key in _STATUTORY for s in sections):
        raise DisclosureError(NOT_A_REPORT, doc.path)
    if ident.notice and not tables:
        raise DisclosureError(f"不是政府信息公开工作年度报告：“{ident.notice}”是一份通知，文中没有统计表", doc.path)
    published = find_published(texts, doc.meta.get("published"))
    report = Report(
        agency=agency,
        year=year,
        template=version,
        published=published,
        tables=tables,
        sections=sections,
        deviations=deviations,
        path=doc.path,
        sha256=doc.sha256,
        format=doc.format,
        extractor=doc.extractor,
        notes=notes,
        identity=ident.sources,
    )
    missing = unidentified(report)
    if missing:
        report.notes.insert(0, missing)
    note_out_of_range(report)
    flag_for_review(report, ocr=bool(doc.meta.get("ocr")), unread_pages=doc.meta.get("unread_pages", ()))
    return report


def parse_file(path: str, data: bytes | None = None, registry: "Registry | None" = None) -> Report:
    """Extract and parse one file; raises DisclosureError naming the file and the reason.
    A report whose agency or year nothing names is returned with None there (and a note)."""
    from ..extract import extract  # here: extractors use the parser's value and label helpers

    doc = extract(path, data)
    try:
        return parse_document(doc, registry)
    except DisclosureError:
        raise
    except Exception as exc:  # a parser bug must still name the file, and not stop a batch
        raise DisclosureError(f"解析失败：{type(exc).__name__}: {exc}", path) from exc

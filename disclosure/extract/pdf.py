"""PDF with a text layer: pdfium's character boxes, laid out into lines and cells.

pypdfium2's raw text API gives each character and its box in a few microseconds, several
times faster than pdfminer-based tools; `layout.py` turns the boxes into lines and cells,
with the page's ruling lines (table borders, read from its path objects) where it has them.
A PDF without a text layer (a scan) goes to the OCR extractor when it is installed, and
so does each scanned page of a PDF that otherwise has one.
The PDF's metadata dates are not used: they say when a file was produced, not when the
report was published, and the parser reads a printed date from the text instead.
"""
from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .. import limits
from ..model import DisclosureError, Document, Line
from .layout import Glyph, drop_running_lines, page_lines
from .rulings import Rule

SCAN_MAX_CHARS = 20  # a page printing fewer characters than this has no text layer to read
SCANNED_SHARE = 0.25  # share of a page its images cover when the page is a scan
EOF_WINDOW = 1024  # PDF readers look for the %%EOF marker within the last 1024 bytes
MAX_GLYPH = 72.0  # points: a character box larger than an inch is a wrong box, not a character
TALL_BOX = 1.5  # a full-width character's box this many times taller than wide is a font's ascent
SLANT = 0.1  # quarter turns (9°) a character may lean and still be read upright or turned
RULE_WIDTH = 2.5  # points: a filled box thicker than this is shading, not a ruling line
RULE_MIN = 3.0  # points: a shorter stroke is a dot or part of a drawing, not a ruling line
_QUARTER = math.pi / 2


def open_pdf(path: str, data: bytes) -> pdfium.PdfDocument:
    """The document, or a DisclosureError saying in one line why it cannot be read."""
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise DisclosureError("PDF 文件不完整：缺少结尾标记 %%EOF，可能没有下载完，请重新下载", path)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DisclosureError(_unreadable(data, exc.err_code), path) from None
    if len(pdf) == 0:
        pdf.close()
        raise DisclosureError("PDF 没有任何页面", path)
    try:
        limits.check_pages(len(pdf), path)  # counted from the page tree: nothing is rendered
    except DisclosureError:
        pdf.close()
        raise
    return pdf


def _unreadable(data: bytes, code: int | None) -> str:
    """Why pdfium could not open the file, checked against the file itself.

    pdfium's error code is global and not every failure sets it: a file without pages
    leaves the code of the file read before it.
    """
    if re.search(rb"/Encrypt\b", data):
        if code == pdfium_c.FPDF_ERR_SECURITY:
            return "PDF 已加密，且加密方式不受支持"
        return "PDF 已加密：没有密码无法打开"
    if _no_pages(data):
        return "PDF 没有任何页面"
    return "PDF 文件已损坏：无法读取文件结构"


def _no_pages(data: bytes) -> bool:
    """A page tree that counts 0 pages and no page object anywhere (in uncompressed PDFs)."""
    return bool(re.search(rb"/Count\s+0(?![0-9])", data)) and not re.search(rb"/Type\s*/Page(?![A-Za-z])", data)


def _to_view(rotation: int, left: float, right: float, bottom: float, top: float) -> tuple[float, float, float, float]:
    """(x0, x1, top, bottom) as the page is shown: turned by /Rotate, y growing downwards."""
    if rotation == 1:  # 90° clockwise
        return bottom, top, left, right
    if rotation == 2:
        return -right, -left, bottom, top
    if rotation == 3:
        return -top, -bottom, -right, -left
    return left, right, -top, -bottom


def _page_text(textpage, count: int) -> str:
    buf = ctypes.create_string_buffer(2 * (count + 1))
    got = pdfium_c.FPDFText_GetText(textpage, 0, count, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    text = buf.raw[: 2 * max(got - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) != count:  # characters outside the BMP take two UTF-16 units: go one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    return text


def page_glyphs(page: pdfium.PdfPage) -> list[Glyph]:
    """Every printed character of a page with its box, in the order the page draws them.

    The box is pdfium's loose one (the font's full height, the advance width), which lines
    up the characters of a line whatever their ink. For some fonts pdfium gets it wrong by
    the font's scale (a box 200 points wide around a 9-point character): those characters
    take their ink box instead. Characters turned a quarter as the page is shown are kept
    as vertical text; characters at any other slant (a watermark across the page) are not
    the report's text and are left out.
    """
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        count = pdfium_c.FPDFText_CountChars(tp)
        if count <= 0:
            return []
        rotation = pdfium_c.FPDFPage_GetRotation(page.raw) % 4
        text = _page_text(tp, count)
        rect = pdfium_c.FS_RECTF()
        loose = pdfium_c.FPDFText_GetLooseCharBox
        angle_of = pdfium_c.FPDFText_GetCharAngle
        boxes = []
        for i, ch in enumerate(text):
            if ch.isspace() or not ch.isprintable():
                continue
            # the slant as shown, in quarter turns: pdfium measures clockwise in page space
            quarters = (angle_of(tp, i) / _QUARTER + rotation) % 4
            turn = round(quarters)
            if abs(quarters - turn) > SLANT or turn == 2:
                continue
            if loose(tp, i, ctypes.byref(rect)) and rect.top > rect.bottom:
                boxes.append((i, ch, rect.left, rect.right, rect.bottom, rect.top, turn % 2 == 1))
        if not boxes:
            return []
        heights = sorted(b[5] - b[4] for b in boxes if not b[6])
        limit = min(MAX_GLYPH, 4 * heights[len(heights) // 2]) if heights else MAX_GLYPH
        out = []
        spaced = set(i for i in range(1, count) if text[i - 1] == " ")
        for i, ch, left, right, bottom, top, turned in boxes:
            if top - bottom > limit or right - left > limit:
                left, right, bottom, top = _ink_box(tp, i)
            x0, x1, y0, y1 = _to_view(rotation, left, right, bottom, top)
            if not turned and y1 - y0 > TALL_BOX * (x1 - x0) and unicodedata.east_asian_width(ch) in "WF":
                # a font whose ascent is far above its em box (seen in LibreOffice's PDFs of
                # web pages) gives some characters of a line boxes twice as tall, reaching into
                # the line above; a full-width character's box is its em square, on the same bottom
                y0 = y1 - (x1 - x0)
            out.append(Glyph(ch, x0, x1, y0, y1, len(out), i in spaced, turned))
        return out
    finally:
        textpage.close()


def _ink_box(textpage, index: int) -> tuple[float, float, float, float]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
    return left.value, right.value, bottom.value, top.value


def page_rules(page: pdfium.PdfPage) -> list[Rule]:
    """The straight level and upright lines a page draws (table borders), as it is shown.

    A path thin as a line (a stroke, or a filled hairline rectangle) is one rule; a wider
    stroked path (a rectangle drawn around a cell) gives one rule per straight side.
    Paths inside form XObjects are placed by the forms' matrices.
    """
    rotation = pdfium_c.FPDFPage_GetRotation(page.raw) % 4
    out: list[Rule] = []

    def walk(objects, parent) -> None:
        for obj in objects:
            m = pdfium_c.FS_MATRIX()
            pdfium_c.FPDFPageObj_GetMatrix(obj, m)
            own = (m.a, m.b, m.c, m.d, m.e, m.f)
            matrix = _times(own, parent)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                walk([pdfium_c.FPDFFormObj_GetObject(obj, k) for k in range(pdfium_c.FPDFFormObj_CountObjects(obj))], matrix)
            elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if parent == _IDENTITY and _shading(obj):
                    continue
                for left, right, bottom, top in _path_rules(obj, matrix):
                    out.append(Rule(*_to_view(rotation, left, right, bottom, top)))

    raw = page.raw
    walk([pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw))], _IDENTITY)
    return out


_IDENTITY = (1, 0, 0, 1, 0, 0)


def _shading(obj) -> bool:
    """A filled, unstroked path wider and taller than a rule (a cell's background): told
    from its bounds alone, without reading its segments (most of a ruled page's paths)."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or stroke.value:
        return False
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    return min(right.value - left.value, top.value - bottom.value) > RULE_WIDTH


def _times(m, n):
    """The matrix applying m, then n (PDF's a b c d e f)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _path_rules(obj, matrix) -> list[tuple[float, float, float, float]]:
    """(left, right, bottom, top) in page space of each straight line a path draws."""
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)) or not (fill.value or stroke.value):
        return []
    a, b, c, d, e, f = matrix
    points, sides = [], []
    x, y = ctypes.c_float(), ctypes.c_float()
    start = None
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        p = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = p
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO and points:
            sides.append((points[-1], p))
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            sides.append((p, start))
        points.append(p)
    if not points:
        return []
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if min(w, h) <= RULE_WIDTH:
        return [(min(xs), max(xs), min(ys), max(ys))] if max(w, h) >= RULE_MIN else []
    if not stroke.value:
        return []  # a shaded box
    out = []
    for (x0, y0), (x1, y1) in sides:
        if (abs(x1 - x0) < 0.5 or abs(y1 - y0) < 0.5) and max(abs(x1 - x0), abs(y1 - y0)) >= RULE_MIN:
            out.append((min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)))
    return out


def page_by_page(path: str, data: bytes) -> Iterator[tuple[pdfium.PdfPage, list[Glyph], list[Rule]]]:
    """Each page (open until the next is read) with its glyphs and ruling lines; one page's
    are in memory at a time."""
    pdf = open_pdf(path, data)
    try:
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError:
                raise DisclosureError(f"PDF 文件已损坏：第{i + 1}页无法读取", path) from None
            try:
                yield page, page_glyphs(page), page_rules(page)
            finally:
                page.close()
    finally:
        pdf.close()


def _from_scan(path: str, data: bytes) -> Document:
    try:
        from .scan import extract_scan
    except ImportError:
        raise DisclosureError("图像型 PDF（扫描件），且没有可用的 OCR 文字识别", path) from None
    return extract_scan(path, data)


def _is_scanned(page: pdfium.PdfPage) -> bool:
    """A page whose images cover a good part of it (a page without text showing one is a scan)."""
    w, h = page.get_size()
    covered = 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        covered += (right - left) * (top - bottom)
    return covered >= SCANNED_SHARE * w * h


def _read_scanned_pages(path: str, data: bytes, numbers: list[int]) -> dict[int, tuple[list[Line], bool]]:
    """Scanned pages of a text PDF read by OCR: page number -> (lines, ink left unread).

    Without the OCR extractor they stay as they are (without text)."""
    try:
        from .scan import read_pdf_page
    except ImportError:
        return {}
    pdf = open_pdf(path, data)
    try:
        out = {}
        for number in numbers:
            page = pdf[number - 1]
            try:
                out[number] = read_pdf_page(page, number)
            finally:
                page.close()
        return out
    finally:
        pdf.close()


def extract_pdf(path: str, data: bytes) -> Document:
    pages: list[list[Line]] = []
    scanned: list[int] = []
    text_layer = False
    for number, (page, glyphs, rules) in enumerate(page_by_page(path, data), start=1):
        text_layer = text_layer or len(glyphs) >= SCAN_MAX_CHARS
        pages.append(page_lines(glyphs, number, rules))
        if len(glyphs) < SCAN_MAX_CHARS and _is_scanned(page):
            scanned.append(number)
    if not text_layer:
        return _from_scan(path, data)
    # a text PDF with scanned pages in it (a table printed, signed and scanned back in)
    read = _read_scanned_pages(path, data, scanned) if scanned else {}
    for number, (lines, _) in read.items():
        pages[number - 1] = lines
    lines = [ln for page in drop_running_lines(pages) for ln in page]
    meta = {"ocr": True, "unread_pages": [n for n, (_, unread) in read.items() if unread]} if read else {}
    return Document(path=path, format="pdf", extractor="pdf+ocr" if read else "pdf", lines=lines, meta=meta)

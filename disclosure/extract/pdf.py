"""PDF with a text layer: pdfium's character boxes, laid out into lines and cells.

pypdfium2's raw text API gives each character and its box in a few microseconds, several
times faster than pdfminer-based tools; `layout.py` turns the boxes into lines and cells.
A PDF without a text layer (a scan) goes to the OCR extractor when it is installed.
The PDF's metadata dates are not used: they say when a file was produced, not when the
report was published, and the parser reads a printed date from the text instead.
"""
from __future__ import annotations

import ctypes
import math
import re
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..model import DisclosureError, Document, Line
from .layout import Glyph, drop_running_lines, page_lines

SCAN_MAX_CHARS = 20  # a page printing fewer characters than this has no text layer to read
EOF_WINDOW = 1024  # PDF readers look for the %%EOF marker within the last 1024 bytes
MAX_GLYPH = 72.0  # points: a character box larger than an inch is a wrong box, not a character
SLANT = 0.1  # quarter turns (9°) a character may lean and still be read upright or turned
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
            out.append(Glyph(ch, x0, x1, y0, y1, len(out), i in spaced, turned))
        return out
    finally:
        textpage.close()


def _ink_box(textpage, index: int) -> tuple[float, float, float, float]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
    return left.value, right.value, bottom.value, top.value


def page_by_page(path: str, data: bytes) -> Iterator[list[Glyph]]:
    """The glyphs of each page in turn; one page's are in memory at a time."""
    pdf = open_pdf(path, data)
    try:
        for i in range(len(pdf)):
            try:
                page = pdf[i]
            except pdfium.PdfiumError:
                raise DisclosureError(f"PDF 文件已损坏：第{i + 1}页无法读取", path) from None
            try:
                yield page_glyphs(page)
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


def extract_pdf(path: str, data: bytes) -> Document:
    pages: list[list[Line]] = []
    text_layer = False
    for number, glyphs in enumerate(page_by_page(path, data), start=1):
        text_layer = text_layer or len(glyphs) >= SCAN_MAX_CHARS
        pages.append(page_lines(glyphs, number))
    if not text_layer:
        return _from_scan(path, data)
    lines = [ln for page in drop_running_lines(pages) for ln in page]
    return Document(path=path, format="pdf", extractor="pdf", lines=lines)

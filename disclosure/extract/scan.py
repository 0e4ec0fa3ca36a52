"""Scanned reports: page images (PNG, JPEG, TIFF, BMP) and PDFs without a text layer.

Each page is read by OCR (`ocr.py`) into text boxes; the boxes are rebuilt into lines by
their vertical overlap and ordered left to right, and every box becomes cells that keep
their x positions, so the parser places values into the table's columns by position.
Each cell carries the recogniser's confidence; the parser passes it on to every value and
flags the report for review when a value is uncertain.
"""
from __future__ import annotations

import io
import re
import threading
import unicodedata
from statistics import median

from .. import limits
from ..wording import detail
from ..model import Cell, DisclosureError, Document, Line
from . import magic
from .ocr import CORRECTED_CONFIDENCE, MAX_SIDE, TextBox, read_image, text_height

# The parser's reading of numbers (disclosure.parse.values, .tokens) is imported inside the
# functions that use it: disclosure.parse imports disclosure.extract, which imports this.

# A page whose numbers stand in boxes lower than this many pixels is too coarse to trust
# whatever the recogniser says: a 9-pt table at 75 dpi (13-pixel boxes) reads 105 as 106
# with a score of 0.98; at 100 dpi (16-pixel boxes) it reads every number right.
MIN_TEXT_HEIGHT = 15
LOW_RESOLUTION_CONFIDENCE = 0.5

MAX_PAGES = 200

_LOOKALIKES = str.maketrans({
    "O": "0", "o": "0", "〇": "0", "D": "0", "Q": "0",
    "l": "1", "I": "1", "|": "1", "i": "1", "!": "1",
    "Z": "2", "z": "2",
    "S": "5", "s": "5",
    "B": "8",
})
_LOOKALIKE_CHARS = frozenset("OoDQ〇lI|i!ZzSsB")
_NUMBER_SHAPE = re.compile(r"^[0-9OoDQ〇lI|i!ZzSsB]+(?:[.,][0-9OoDQ〇lI|i!ZzSsB]+)*$")
# A dash printed in a blank cell is often read as the CJK character 一 ("one"), which a
# table of Arabic numbers never prints alone. The reading is the same bar either way, so
# its confidence is lowered only a little.
_DASH_LOOKALIKES = frozenset({"一"})
DASH_FACTOR = 0.95


def page_images(path: str, data: bytes):
    """The pages of a scan as PIL images, in order."""
    if data.startswith(b"%PDF"):
        yield from _pdf_pages(path, data)
    else:
        yield from _image_frames(path, data)


def _pdf_pages(path: str, data: bytes):
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise DisclosureError(f"无法打开 PDF（{exc}）", path) from None
    try:
        if len(pdf) == 0:
            raise DisclosureError("PDF 没有页面", path)
        if len(pdf) > MAX_PAGES:
            raise DisclosureError(f"页数过多，无法识别文字（{len(pdf)} 页，上限 {MAX_PAGES} 页）", path)
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                scale = _scale(page)
                try:
                    check_image_size(*_rendered_size(page, scale), path)
                except DisclosureError as exc:
                    raise DisclosureError(f"第{i + 1}页：{exc.reason}", path) from None
                yield page.render(scale=scale, grayscale=True).to_pil()
            finally:
                page.close()
    finally:
        pdf.close()


def _scale(page) -> float:
    """Pixels per point to render a scanned page: the resolution of the scan it holds, so a
    coarse scan stays coarse and its small text is flagged (MIN_TEXT_HEIGHT), but no more
    than the OCR reads (ocr.MAX_SIDE); the OCR's size for a page without an image."""
    import pypdfium2.raw as pdfium_c

    most = MAX_SIDE / max(page.get_size())
    native, area = None, 0.0
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) > area:
            area = (right - left) * (top - bottom)
            native = obj.get_px_size()[0] / max(right - left, 1.0)
    return most if native is None else min(native, most)


def _rendered_size(page, scale: float) -> tuple[int, int]:
    w, h = page.get_size()
    return max(1, round(w * scale)), max(1, round(h * scale))


def read_pdf_page(page, number: int) -> tuple[list[Line], bool]:
    """One page of a PDF read by OCR (a scanned page inside a text PDF): its lines, with
    cell positions in the page's points like its text layer's, and whether ink was left
    unread on it."""
    scale = _scale(page)
    try:
        check_image_size(*_rendered_size(page, scale), "")
    except DisclosureError:
        return [], True  # a strip or a sliver: not read, and the report is flagged for it
    image = page.render(scale=scale, grayscale=True).to_pil()
    text = read_image(image)
    # boxes come in the pixels of the image the OCR read (scaled down to MAX_SIDE)
    per_point = scale * min(1.0, MAX_SIDE / max(image.size))
    lines = page_lines(text.boxes, number)
    for line in lines:
        for cell in line.cells:
            if cell.x0 is not None and cell.x1 is not None:
                cell.x0, cell.x1 = round(cell.x0 / per_point, 1), round(cell.x1 / per_point, 1)
    return lines, bool(text.unread)


MIN_SIDE = 32  # pixels: a narrower image holds no line of text
MAX_ASPECT = 8  # longer side / shorter side: the recogniser scales the shorter side up, so a strip costs gigabytes


def check_image_size(width: int, height: int, path: str) -> None:
    """Refuse, from the header alone, an image too large to decode or too thin to be a page."""
    limits.check_pixels(width, height, path)
    if min(width, height) < MIN_SIDE:
        raise DisclosureError(f"图片太小（{width}×{height} 像素），不是能识别文字的扫描页", path)
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise DisclosureError(f"图片形状不像扫描的页面（{width}×{height} 像素，长宽比超过 {MAX_ASPECT}:1），未识别", path)


_PIL_BOMB_CHECK = threading.Lock()


def _open_header(data: bytes):
    """The image with only its header read. PIL's own bomb check (at twice 89 megapixels)
    is held off for the open: check_image_size then refuses by this product's limit, with
    the size in its message; nothing is decoded before it."""
    from PIL import Image

    with _PIL_BOMB_CHECK:
        before, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            return Image.open(io.BytesIO(data))
        finally:
            Image.MAX_IMAGE_PIXELS = before


def _image_frames(path: str, data: bytes):
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    try:
        img = _open_header(data)
    except UnidentifiedImageError:
        raise DisclosureError(f"无法识别图片内容（{magic.described(data)}），文件可能已损坏", path) from None
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise DisclosureError(f"无法读取图片（{detail(exc)}）", path) from None
    check_image_size(*img.size, path)
    n = getattr(img, "n_frames", 1)
    if n > MAX_PAGES:
        raise DisclosureError(f"页数过多，无法识别文字（{n} 页，上限 {MAX_PAGES} 页）", path)
    try:
        for frame in ImageSequence.Iterator(img):
            check_image_size(*frame.size, path)
            frame.load()
            yield ImageOps.exif_transpose(frame).convert("RGB")
    except DisclosureError:
        raise
    except Image.DecompressionBombError:
        raise DisclosureError("图片解压后过大（疑似图片炸弹），未识别", path) from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        if "truncated" in str(exc) or isinstance(exc, EOFError):
            raise DisclosureError("图片不完整：文件被截断，可能没有下载完，请重新下载", path) from None
        raise DisclosureError(f"图片已损坏，无法解码（{detail(exc)}）", path) from None


def extract_scan(path: str, data: bytes) -> Document:
    """OCR every page of an image or image-only PDF into lines of positioned cells."""
    lines: list[Line] = []
    unread_pages: list[int] = []
    for number, image in enumerate(page_images(path, data), start=1):
        page = read_image(image)
        lines.extend(page_lines(page.boxes, number))
        if page.unread:
            unread_pages.append(number)
    fmt = "pdf" if data.startswith(b"%PDF") else "scan"
    if not any(line.text for line in lines):
        raise DisclosureError("扫描的 PDF 页面中没有识别到文字" if fmt == "pdf" else "图片中没有识别到文字", path)
    # the text was read, not extracted: on a page where some ink was left unread, a cell
    # where nothing was read may be a number the OCR missed
    return Document(path=path, format=fmt, extractor="scan", lines=lines,
                    meta={"ocr": True, "unread_pages": unread_pages})


# --- boxes to lines -------------------------------------------------------------------


def page_lines(boxes: list[TextBox], page: int) -> list[Line]:
    """The boxes of one page as lines in reading order: top to bottom, left to right."""
    if not boxes:
        return []
    ref = f"第{page}页"
    height = median(b.height for b in boxes)
    rows: list[list[TextBox]] = []
    standalone: list[list[TextBox]] = []
    for box in sorted(boxes, key=lambda b: (b.y0 + b.y1) / 2):
        if _is_vertical(box, height):
            # a group label printed top to bottom beside several rows: a line of its own
            standalone.append([box])
            continue
        row = _row_for(box, rows)
        if row is None:
            rows.append([box])
        else:
            row.append(box)
    ordered = sorted(rows + standalone, key=lambda r: min(b.y0 for b in r))
    coarse = text_height(boxes) < MIN_TEXT_HEIGHT
    lines = []
    for row in ordered:
        row.sort(key=lambda b: b.x0)
        cells = _row_cells(row, ref)
        if coarse:
            for cell in cells:
                cell.confidence = min(cell.confidence, LOW_RESOLUTION_CONFIDENCE)
        lines.append(Line(cells, page=page, ref=ref))
    return lines


def _is_vertical(box: TextBox, line_height: float) -> bool:
    return box.height > 2 * line_height and box.height > 1.5 * box.width


def _row_for(box: TextBox, rows: list[list[TextBox]]) -> list[TextBox] | None:
    """The row a box belongs to: one it overlaps vertically by half its height, without
    overlapping any of its boxes horizontally; the best such row among the last few."""
    best, best_share = None, 0.5
    for row in rows[-4:]:
        top = median(b.y0 for b in row)
        bottom = median(b.y1 for b in row)
        overlap = min(box.y1, bottom) - max(box.y0, top)
        share = overlap / max(1.0, min(box.height, bottom - top))
        if share < best_share:
            continue
        if any(box.x0 < b.x1 and b.x0 < box.x1 for b in row):
            continue
        best, best_share = row, share
    return best


# --- boxes to cells -------------------------------------------------------------------


def _row_cells(row: list[TextBox], ref: str) -> list[Cell]:
    from ..parse.values import is_blank, parse_number

    cells: list[Cell] = []
    for box in row:
        cells.extend(box_cells(box, ref))
    # a row of values: it prints a number, or a blank marker in two cells or more
    marks = sum(1 for c in cells[1:] if is_blank(c.text) or c.text in _DASH_LOOKALIKES)
    values = marks >= 2 or any(parse_number(c.text) is not None for c in cells)
    for i, cell in enumerate(cells):
        if i > 0:  # the first cell of a line is its label (`l.属于…`), never a value
            _fix_lookalikes(cell, values)
    return cells


def box_cells(box: TextBox, ref: str) -> list[Cell]:
    """A text box as cells: each number in it on its own, label text kept together.

    Table cells close together can come out of detection as one box (`0 0 0`, or
    `行政许可 550`): split at the spaces, each number becomes a cell positioned by its
    characters' boxes. A number's confidence is that of its least certain character.
    """
    runs = _runs(box)
    if len(runs) == 1 and not _is_number_run(runs[0]):
        return [Cell(box.text.strip(), box.x0, box.x1, box.score, ref)]
    cells: list[Cell] = []
    label: list = []

    def flush():
        if label:
            chars = [c for run in label for c in run]
            text = " ".join("".join(c.text for c in run) for run in label)
            cells.append(Cell(text, chars[0].x0, chars[-1].x1, _mean(chars), ref))
            label.clear()

    for run in runs:
        if _is_number_run(run):
            flush()
            text = "".join(c.text for c in run)
            x0, x1 = (box.x0, box.x1) if len(runs) == 1 else (run[0].x0, run[-1].x1)
            cells.append(Cell(text, x0, x1, min(c.score for c in run), ref))
        else:
            label.append(run)
    flush()
    return cells


def _runs(box: TextBox) -> list[list]:
    """The characters of a box grouped into the words between its spaces."""
    runs: list[list] = []
    k = 0
    for word in box.text.split():
        runs.append(box.chars[k:k + len(word)])
        k += len(word)
    return [r for r in runs if r]


def _is_number_run(run) -> bool:
    from ..parse.tokens import loose_value

    text = "".join(c.text for c in run)
    return loose_value(text) or bool(_NUMBER_SHAPE.match(unicodedata.normalize("NFKC", text)))


def _mean(chars) -> float:
    return sum(c.score for c in chars) / len(chars)


def _fix_lookalikes(cell: Cell, in_values: bool) -> None:
    """Letters read in place of digits (O for 0, l for 1…), and 一 in place of a dash.

    Corrected only in a value cell of a row of values, where the reading is unambiguous.
    A letter put right is not trusted (its confidence falls below review); a dash read as
    一 loses a little confidence.
    """
    from ..parse.values import parse_number

    text = unicodedata.normalize("NFKC", cell.text)
    if text in _DASH_LOOKALIKES and in_values:
        cell.text = "—"
        cell.confidence *= DASH_FACTOR
        return
    if not _LOOKALIKE_CHARS.intersection(text) or not _NUMBER_SHAPE.match(text):
        return
    if not (in_values or any(ch.isdigit() for ch in text)):
        return
    fixed = text.translate(_LOOKALIKES)
    if parse_number(fixed) is not None:
        cell.text = fixed
        cell.confidence = min(cell.confidence, CORRECTED_CONFIDENCE)

"""Word documents (.docx): body paragraphs and tables in document order.

A paragraph is a one-cell Line (a paragraph laid out with tabs is split into delimited
cells, as in plain text). A table row is a grid Line with one Cell per `w:tc`: a cell
merged across columns (gridSpan) comes once, and the continuation of a cell merged down
(vMerge) is absent, as with an HTML rowspan. A table that holds other tables only lays
out the page: its cells are read as paragraphs.

The archive is checked before python-docx opens it: not a zip, a zip bomb, or a zip
without a Word document in it each give a clear error.
"""
from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from ..model import Cell, DisclosureError, Document, Line
from .cells import join_pieces, tidy
from ..wording import detail
from .magic import described
from .text import split_cells

MAX_UNPACKED = 256 * 1024 * 1024  # bytes a .docx may unpack to
MAX_RATIO = 100  # unpacked / packed; Word's XML compresses about tenfold
RATIO_FLOOR = 16 * 1024 * 1024  # below this much unpacked, any ratio is harmless

_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")


def check_archive(data: bytes, path: str, part: str = "word/document.xml", kind: str = "Word 文档（.docx）") -> None:
    """Refuse what is not a zip, what unpacks to too much, and a zip without `part`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        if data.startswith(b"PK\x03\x04"):
            raise DisclosureError(f"{kind}不完整或已损坏：压缩包的目录缺失，可能没有下载完，请重新下载", path) from None
        raise DisclosureError(f"不是{kind}（{described(data)}）", path) from None
    unpacked = sum(i.file_size for i in infos)
    if unpacked > MAX_UNPACKED or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * len(data)):
        raise DisclosureError(
            f"拒绝处理：此{kind}解压后达 {unpacked // (1024 * 1024)} MB"
            f"（文件本身 {max(1, len(data) // 1024)} KB），疑似 zip 炸弹",
            path,
        )
    if part not in {i.filename for i in infos}:
        raise DisclosureError(f"不是{kind}：压缩包中没有 {part}", path)


def _blocks(container, parent):
    """Paragraphs and tables of a body or cell in order, looking inside content controls."""
    for child in container.iterchildren():
        if child.tag == _P:
            yield Paragraph(child, parent)
        elif child.tag == _TBL:
            yield Table(child, parent)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _blocks(content, parent)


class _Reader:
    def __init__(self):
        self.lines: list[Line] = []
        self.paragraphs = 0
        self.tables = 0

    def read(self, container, parent) -> None:
        for block in _blocks(container, parent):
            if isinstance(block, Paragraph):
                self.paragraph(block.text)
            elif block._tbl.find(".//" + _TBL) is not None:
                # a layout table: its cells are the page's paragraphs
                for tr in block._tbl.tr_lst:
                    for tc in tr.tc_lst:
                        self.read(tc, _Cell(tc, block))
            else:
                self.table(block)

    def paragraph(self, text: str) -> None:
        # a manual line break splits a paragraph into lines, as it prints
        for raw in text.split("\n"):
            if not raw.strip():
                continue
            self.paragraphs += 1
            ref = f"第{self.paragraphs}段"
            if "\t" in raw.strip():
                cells, delimited = split_cells(raw.strip())
                self.lines.append(Line([Cell(tidy(c), ref=ref) for c in cells], ref=ref, delimited=delimited))
            else:
                self.lines.append(Line([Cell(tidy(raw), ref=ref)], ref=ref))

    def table(self, table: Table) -> None:
        self.tables += 1
        n = self.tables
        for r, tr in enumerate(table._tbl.tr_lst, start=1):
            col = tr.grid_before
            cells: list[Cell] = []
            for tc in tr.tc_lst:
                span = tc.grid_span
                if tc.vMerge != "continue":  # the top cell of a vertical merge holds the text
                    text = join_pieces([p.text for p in _Cell(tc, table).paragraphs])
                    cells.append(Cell(text, ref=f"表{n} 行{r} 列{col + 1}"))
                col += span
            if any(c.text for c in cells):
                self.lines.append(Line(cells, ref=f"表{n} 行{r}", grid=True))


def extract_docx(path: str, data: bytes) -> Document:
    check_archive(data, path)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds on a damaged package
        raise DisclosureError(f"无法读取 Word 文档：文档结构已损坏（{detail(exc)}）", path) from None
    reader = _Reader()
    reader.read(document.element.body, document)
    if not any(ln.text for ln in reader.lines):
        raise DisclosureError("Word 文档中没有文字", path)
    return Document(path=path, format="docx", extractor="docx", lines=reader.lines)

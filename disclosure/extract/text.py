"""Plain text: a report copied from a web page or extracted from a PDF.

Decoding tries UTF-8, UTF-16 and GB18030 (which covers GBK and GB2312) before giving up.
Each line becomes a Line; cells are split on tabs, on `|` pipes, or on runs of two or more
spaces, which is how text copies of the template's tables come out.
"""
from __future__ import annotations

import codecs
import re

from .. import limits
from ..model import Cell, DisclosureError, Document, Line

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_SPACES = re.compile(r"(?: {2,}|\u3000+|\xa0{2,})")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def decode(data: bytes, path: str) -> str:
    """Bytes to text, or a DisclosureError naming why not."""
    if not data.strip():
        raise DisclosureError("空文件", path)
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _checked(data.decode(enc, errors="strict"), path)
    if data.count(b"\x00") > len(data) // 8:
        # UTF-16 without a byte-order mark: every other byte of ASCII is NUL
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                return _checked(data.decode(enc), path)
            except (UnicodeDecodeError, DisclosureError):
                continue
        raise DisclosureError(_binary(data), path)
    if _looks_binary(data):
        raise DisclosureError(_binary(data), path)
    for enc in ("utf-8", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        return _checked(text, path)
    raise DisclosureError("无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030）", path)


def _binary(data: bytes) -> str:
    from .magic import described

    return f"二进制文件，不是文本（{described(data)}）"


_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x0b\x7f"


def _looks_binary(data: bytes) -> bool:
    """NUL bytes or many control bytes: no text encoding produces these."""
    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in _CONTROL_BYTES)
    return b"\x00" in head or controls > max(4, len(head) // 100)


def _checked(text: str, path: str) -> str:
    if not text.strip():
        raise DisclosureError("空文件", path)
    bad = len(_CONTROL.findall(text))
    if bad > max(4, len(text) // 50):
        raise DisclosureError("二进制文件，不是文本", path)
    # characters that GB18030 maps from random bytes are rarely CJK ideographs and never
    # readable: demand that most of the text is CJK, ASCII or common punctuation
    readable = sum(1 for ch in text if ch.isspace() or ch.isascii() or _is_cjk_or_punct(ch))
    if readable < 0.9 * len(text):
        raise DisclosureError("无法识别文本编码（已尝试 UTF-8、UTF-16、GB18030）", path)
    return text


def _is_cjk_or_punct(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= o <= 0x303F  # CJK punctuation
        or 0xFF00 <= o <= 0xFFEF  # full-width forms
        or 0x2000 <= o <= 0x206F  # general punctuation (quotes, dashes)
        or 0x3400 <= o <= 0x4DBF
        or 0x2460 <= o <= 0x24FF  # circled numbers
        or 0x00A0 <= o <= 0x00FF
        or 0x2E80 <= o <= 0x2FDF
        or 0x25A0 <= o <= 0x25FF  # geometric shapes used as bullets
    )


def split_cells(raw: str) -> tuple[list[str], bool]:
    """The cells of one line of text, and whether they were delimited (tabs or pipes)."""
    if "\t" in raw:
        return [c.strip() for c in raw.split("\t")], True
    stripped = raw.strip()
    if stripped.count("|") >= 2 or " | " in stripped:
        cells = [c.strip() for c in stripped.split("|")]
        if stripped.startswith("|"):
            cells = cells[1:]
        if stripped.endswith("|"):
            cells = cells[:-1]
        return cells, True
    return [c for c in _SPACES.split(stripped) if c.strip()], False


def lines_of(text: str) -> list[Line]:
    """Lines with cells; a form feed (page break in pdftotext output) starts a new page."""
    out: list[Line] = []
    page = 1 if "\f" in text else None
    for number, raw in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        if "\f" in raw:
            page = (page or 1) + raw.count("\f")
            raw = raw.replace("\f", "")
        if not raw.strip() or _MD_RULE.match(raw):
            continue
        cells, delimited = split_cells(raw)
        ref = f"第{number}行"
        out.append(Line([Cell(c, ref=ref) for c in cells], page=page, ref=ref, delimited=delimited))
    return out


def extract_text(path: str, data: bytes) -> Document:
    text = decode(data, path)
    limits.check_text(len(text), path)  # before it is split into lines and cells
    return Document(path=path, format="txt", extractor="text", lines=lines_of(text))

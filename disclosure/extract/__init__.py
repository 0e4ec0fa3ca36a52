"""Extractors: one per format, each turning a file into a Document of lines and cells.

`extract(path)` sniffs the format from the file's first bytes (then its name) and calls
the extractor registered for it. Extractors for other formats register themselves in
`EXTRACTORS` below; the parser downstream is the same for all.
"""
from __future__ import annotations

import hashlib
import os
from typing import Callable

from ..model import DisclosureError, Document
from .doc import extract_doc
from .docx import extract_docx
from .html import extract_html
from .pdf import extract_pdf
from .scan import extract_scan
from .text import extract_text

Extractor = Callable[[str, bytes], Document]

# format name -> function(path, data) -> Document
EXTRACTORS: dict[str, Extractor] = {
    "txt": extract_text, "html": extract_html, "docx": extract_docx, "doc": extract_doc, "pdf": extract_pdf,
    "scan": extract_scan,
}

SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".csv": "txt",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".mht": "html",
    ".docx": "docx",
    ".doc": "doc", ".wps": "doc",
    ".png": "scan", ".jpg": "scan", ".jpeg": "scan", ".tif": "scan", ".tiff": "scan", ".bmp": "scan",
}

MAX_BYTES = 200 * 1024 * 1024


def sniff(path: str, data: bytes) -> str:
    """The format of a file, from its magic bytes first and its name second."""
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff") or data[:4] in (b"II*\x00", b"MM\x00*"):
        return "scan"
    suffix = os.path.splitext(path)[1].lower()
    if data.startswith(b"PK\x03\x04"):
        return "docx" if suffix != ".wps" else "doc"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered[:512]:
        return "html"
    return SUFFIX_FORMATS.get(suffix, "txt")


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_file(path: str) -> bytes:
    try:
        size = os.path.getsize(path)
    except OSError as exc:
        raise DisclosureError(f"无法读取文件（{exc.strerror}）", path) from None
    if size > MAX_BYTES:
        raise DisclosureError(f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB）", path)
    with open(path, "rb") as fh:
        return fh.read()


def extract(path: str, data: bytes | None = None) -> Document:
    """Read `path` (or the given bytes) into a Document."""
    if data is None:
        data = read_file(path)
    if not data.strip():
        raise DisclosureError("空文件", path)
    fmt = sniff(path, data)
    extractor = EXTRACTORS.get(fmt)
    if extractor is None:
        raise DisclosureError(f"暂不支持此格式：{fmt}", path)
    doc = extractor(path, data)
    doc.sha256 = sha256_of(data)
    return doc

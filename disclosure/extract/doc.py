"""Word 97–2003 (.doc) and WPS (.wps) documents: converted to .docx by LibreOffice
headless (disclosure/libreoffice.py: a private profile per conversion, a timeout), then
read by the .docx extractor, so merged cells and blanks come out the same.
"""
from __future__ import annotations

import os

from ..libreoffice import convert
from ..model import Document
from .docx import extract_docx

TIMEOUT = 120  # seconds; a long report converts in a few
SUFFIXES = (".doc", ".wps", ".rtf", ".dot", ".wpt")


def extract_doc(path: str, data: bytes) -> Document:
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        suffix = ".doc"  # sniffed as an OLE document whatever its name says
    converted = convert(data, suffix, "docx:MS Word 2007 XML", timeout=TIMEOUT, path=path)
    doc = extract_docx(path, converted)
    doc.format = "doc"
    doc.extractor = "libreoffice+docx"
    return doc

"""A report as a text-layer PDF: the Word rendering converted by LibreOffice.

    render_pdf(report, *, font=FONT, timeout=120) -> bytes

The DOCX asks for a Noto CJK font (fonts-noto-cjk), so LibreOffice embeds a font that has
every Chinese glyph and the PDF's text layer reads back as the report's text.
"""
from __future__ import annotations

from ..libreoffice import convert
from .docx import render_docx

FONT = "Noto Serif CJK SC"


def render_pdf(report: dict, *, font: str = FONT, blank: str | None = None, timeout: int = 120) -> bytes:
    return convert(render_docx(report, font=font, blank=blank), ".docx", "pdf", timeout=timeout)

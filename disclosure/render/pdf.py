"""A report as a text-layer PDF: the Word rendering converted by LibreOffice.

    render_pdf(report, *, font=FONT, blank=None, geometry=Geometry(), timeout=120) -> bytes
    render_pdfs([(report, {"blank": …, "geometry": …}), …], timeout=120) -> [bytes, …]

The DOCX asks for a Noto CJK font (fonts-noto-cjk), so LibreOffice embeds a font that has
every Chinese glyph and the PDF's text layer reads back as the report's text. Many PDFs
are best made with render_pdfs: one LibreOffice run converts them all.
"""
from __future__ import annotations

from ..libreoffice import convert, convert_many
from .docx import Geometry, render_docx

FONT = "Noto Serif CJK SC"


def render_pdf(report: dict, *, font: str = FONT, blank: str | None = None,
               geometry: Geometry = Geometry(), timeout: int = 120) -> bytes:
    return convert(render_docx(report, font=font, blank=blank, geometry=geometry), ".docx", "pdf", timeout=timeout)


def render_pdfs(items: list[tuple[dict, dict]], *, timeout: int = 120) -> list[bytes]:
    """Each (report, render_docx options) as a PDF, in one LibreOffice run (`timeout` per PDF)."""
    docs = {f"r{i}": render_docx(report, **{"font": FONT, **options}) for i, (report, options) in enumerate(items)}
    pdfs = convert_many(docs, ".docx", "pdf", timeout=timeout)
    return [pdfs[name] for name in docs]

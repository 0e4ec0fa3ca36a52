"""A PDF as a scanner would give it back: page images without a text layer.

    render_scan(pdf_bytes, dpi=150, fmt="png") -> list[bytes]   one PNG per page
    render_scan(pdf_bytes, dpi=150, fmt="pdf") -> bytes         an image-only PDF
    scan_pages(pdf_bytes, {4}, dpi=150) -> bytes                the PDF with page 4 scanned

Pages are rasterised with pypdfium2 (A4 at 150 dpi is 1240 × 1754 pixels); the PDF form
wraps the same images with Pillow, at the same resolution, so its pages keep their size.
"""
from __future__ import annotations

import io

import pypdfium2 as pdfium

from ..model import DisclosureError

FORMATS = ("png", "pdf")


def render_scan(pdf_bytes: bytes, dpi: int = 150, fmt: str = "png") -> bytes | list[bytes]:
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS!r}")
    images = rasterise(pdf_bytes, dpi)
    if fmt == "png":
        out = []
        for img in images:
            buf = io.BytesIO()
            img.save(buf, format="PNG", dpi=(dpi, dpi))
            out.append(buf.getvalue())
        return out
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", save_all=True, append_images=images[1:], resolution=float(dpi))
    return buf.getvalue()


def rasterise(pdf_bytes: bytes, dpi: int = 150) -> list:
    """Each page of the PDF as a greyscale Pillow image, as most office scanners save them."""
    try:
        pdf = pdfium.PdfDocument(pdf_bytes)
    except pdfium.PdfiumError as exc:
        raise DisclosureError(f"无法打开 PDF 进行栅格化（{exc}）") from None
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
    finally:
        pdf.close()


def scan_pages(pdf_bytes: bytes, numbers: set[int], dpi: int = 150) -> bytes:
    """The PDF with the pages `numbers` (from 1) replaced by their scans: a text PDF with a
    page printed, stamped and scanned back in."""
    text = pdfium.PdfDocument(pdf_bytes)
    scan = pdfium.PdfDocument(render_scan(pdf_bytes, dpi=dpi, fmt="pdf"))
    out = pdfium.PdfDocument.new()
    try:
        for i in range(len(text)):
            out.import_pages(scan if i + 1 in numbers else text, [i])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        for pdf in (out, scan, text):
            pdf.close()

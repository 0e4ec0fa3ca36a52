"""Renderers: a report dict (the data contract's shape) as the documents agencies publish.

    render.text.render_text(report, layout=...)   -> str    plain-text copies
    render.html.render_html(report, style=...)    -> bytes  web pages
    render.docx.render_docx(report)               -> bytes  Word documents
    render.pdf.render_pdf(report)                 -> bytes  PDF (the DOCX through LibreOffice)
    render.scan.render_scan(pdf_bytes, ...)       -> bytes | list[bytes]  scanned pages

They give extractors and the demo corpus documents whose numbers are known; every label
comes from disclosure/template.py (see render/content.py).
"""

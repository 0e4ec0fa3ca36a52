"""Speed of the web page, .docx and .doc extractors (and the parse after them).

    python bench/extract_web_word.py [--doc]

Prints milliseconds per file for the real Shanghai page, that page inside site furniture
and repeated until it weighs about 1 MB, the page as a .docx, and with --doc the .doc
through LibreOffice (seconds: one conversion per file).
"""
from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import docx

from disclosure.extract import extract
from disclosure.parse import parse_document

REAL = Path(__file__).resolve().parents[1] / "data" / "samples"  # the real reports and their expected values
PAGE = (REAL / "shanghai-office-2019.html").read_bytes()


def timed(label: str, path: str, data: bytes, repeat: int) -> None:
    t0 = time.perf_counter()
    for _ in range(repeat):
        doc = extract(path, data)
    t1 = time.perf_counter()
    for _ in range(repeat):
        parse_document(doc)
    t2 = time.perf_counter()
    print(f"{label:<28} {len(data) // 1024:>6} KB  extract {1000 * (t1 - t0) / repeat:8.1f} ms"
          f"  parse {1000 * (t2 - t1) / repeat:8.1f} ms  lines {len(doc.lines)}")


def big_page() -> bytes:
    text = PAGE.decode("utf-8")
    body = text[text.index("<body>") + 6: text.index("</body>")]
    nav = '<ul class="nav">' + "".join(f'<li><a href="/{i}">栏目{i}</a></li>' for i in range(40)) + "</ul>"
    page = f"<html><head><title>t</title></head><body>{nav}" + body * 30 + '<div class="footer">版权所有</div></body></html>'
    return page.encode("utf-8")


def page_docx() -> bytes:
    document = docx.Document()
    for line in extract("p.html", PAGE).lines:
        if line.grid and len(line.cells) > 1:
            table = document.add_table(rows=1, cols=len(line.cells))
            for cell, c in zip(table.rows[0].cells, line.cells):
                cell.text = c.text
        else:
            document.add_paragraph(line.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    timed("real page", "page.html", PAGE, 20)
    timed("real page in GBK, undeclared", "page.html", PAGE.decode("utf-8").replace('<meta charset="utf-8">', "").encode("gbk"), 20)
    timed("1 MB page with furniture", "big.html", big_page(), 3)
    word = page_docx()
    timed("page as .docx", "page.docx", word, 10)
    if "--doc" in sys.argv:
        from disclosure.libreoffice import convert

        timed("page as .doc (LibreOffice)", "page.doc", convert(word, ".docx", "doc:MS Word 97", timeout=120), 1)


if __name__ == "__main__":
    main()

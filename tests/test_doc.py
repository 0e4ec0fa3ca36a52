""".doc and .wps: the real Shanghai report as a Word 97 file (made once by LibreOffice
from the .docx rebuilt from its page) parses exactly; no LibreOffice, a clear error."""
from __future__ import annotations

import pytest

from disclosure.extract import extract
from disclosure.libreoffice import convert
from disclosure.model import DisclosureError
from disclosure.parse import parse_file

from .conftest import assert_exact, expected
from .test_docx import docx_of_page


@pytest.fixture(scope="module")
def word97() -> bytes:
    # a few seconds: once for the whole file
    return convert(docx_of_page(), ".docx", "doc:MS Word 97", timeout=120)


def test_doc_parses_exactly(word97):
    assert word97.startswith(b"\xd0\xcf\x11\xe0")  # an OLE compound file, as Word 97 writes
    report = parse_file("report.doc", word97)
    assert_exact(expected("shanghai-office-2019"), report.to_json())
    assert report.format == "doc" and report.extractor == "libreoffice+docx"
    assert report.value("requests", "granted", "total") is None
    assert not report.notes


def test_wps_named_word97_file_is_read(word97):
    # WPS Office saves .wps files in the Word 97 format; the name must not matter
    doc = extract("report.wps", word97)
    assert doc.format == "doc"
    granted = next(ln for ln in doc.lines if ln.grid and "（一）予以公开" in ln.text)
    assert [c.text for c in granted.cells] == ["三、本年度办理结果", "（一）予以公开", "258", "12", "", "", "1", "1", ""]


def test_missing_libreoffice_is_a_clear_error(word97, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere
    with pytest.raises(DisclosureError) as err:
        parse_file("report.doc", word97)
    message = str(err.value)
    assert message.startswith("report.doc: ") and "LibreOffice" in message and "\n" not in message

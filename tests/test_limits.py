"""Limits refuse a file before it is parsed, each with a line naming the limit and how to
raise it: file size, pages per PDF, pixels per image, text length (disclosure/limits.py)."""
from __future__ import annotations

import io
import time

import pytest

from disclosure import limits
from disclosure.model import DisclosureError
from disclosure.parse import parse_file

from .bad_corpus import pdf_of_pages, png_header
from .conftest import REAL
from .test_check_failures import run

SEED = REAL / "shenchi-education-2023.txt"


def refused(path, data=None) -> str:
    with pytest.raises(DisclosureError) as info:
        parse_file(str(path), data)
    return info.value.reason


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv(limits.FILE_MB.key, "1")
    big = tmp_path / "big.txt"
    big.write_bytes(SEED.read_bytes() * 200)  # about 2 MB of a real report
    reason = refused(big)
    assert reason.startswith("文件大小超过上限：") and "上限 1 MB" in reason
    assert "--max-file-mb" in reason and limits.FILE_MB.key in reason


def test_the_default_size_limit_is_50_mb():
    assert limits.FILE_MB.value == 50 and limits.FILES.value == 500 and limits.PDF_PAGES.value == 300
    assert limits.IMAGE_MEGAPIXELS.value == 60 and limits.TEXT_CHARS.value == 2_000_000


def test_a_1500_page_pdf_is_refused_from_its_page_count_without_reading_pages(tmp_path, monkeypatch):
    import disclosure.extract.pdf as P

    monkeypatch.setattr(P, "page_glyphs", lambda page: pytest.fail("a page was read"))
    path = tmp_path / "long.pdf"
    path.write_bytes(pdf_of_pages(1500))
    start = time.perf_counter()
    reason = refused(path)
    assert time.perf_counter() - start < 5
    assert reason.startswith("PDF 页数超过上限：1,500 页，上限 300 页")


def test_an_image_bomb_is_refused_from_its_header(tmp_path):
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header(30000, 30000))  # 900 megapixels, a few hundred bytes
    start = time.perf_counter()
    reason = refused(path)
    assert time.perf_counter() - start < 5
    assert reason.startswith("图片像素超过上限：30,000×30,000（900 百万像素）") and "上限 60 百万像素" in reason


@pytest.mark.parametrize("size, words", [((1000, 1), "图片太小"), ((1, 1000), "图片太小"),
                                         ((40, 2000), "长宽比超过")])
def test_a_sliver_of_an_image_is_refused_with_its_size(tmp_path, size, words):
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, "PNG")
    reason = refused(tmp_path / "sliver.png", buf.getvalue())
    assert words in reason and f"{size[0]}×{size[1]}" in reason


def test_text_over_the_length_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(limits.TEXT_CHARS.key, "1000")
    reason = refused(SEED)  # 3,684 characters
    assert reason.startswith("文字长度超过上限：") and "上限 1,000 字" in reason


def test_ingest_options_set_the_limits_for_the_batch(tmp_path):
    long_pdf = tmp_path / "long.pdf"
    long_pdf.write_bytes(pdf_of_pages(20))
    code, out, _ = run("ingest", str(long_pdf), str(SEED), "--db", str(tmp_path / "x.duckdb"), "--quiet",
                       "--no-check", "--max-pdf-pages", "10", "--max-text-chars", "100000")
    assert code == 1  # one file failed
    [line] = [ln for ln in out.splitlines() if ln.startswith("  失败")]
    assert "long.pdf: PDF 页数超过上限：20 页，上限 10 页" in line and "已存储 1" in out


def test_a_bad_limit_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv(limits.FILE_MB.key, "lots")
    code, _, err = run("ingest", str(SEED), "--db", str(tmp_path / "x.duckdb"), "--quiet")
    assert code == 1 and "DISCLOSURE_MAX_FILE_MB 应为正整数" in err and "Traceback" not in err


def test_too_many_files_in_one_upload_are_refused_before_any_is_read(monkeypatch, tmp_path):
    from .test_dashboard_pages import open_app

    monkeypatch.setenv(limits.FILES.key, "2")
    db = str(tmp_path / "empty.duckdb")
    at = open_app(db, monkeypatch, "upload")
    text = SEED.read_bytes()
    at.file_uploader[0].set_value([(f"r{i}.txt", text, "text/plain") for i in range(3)]).run()
    at.button[0].click().run()
    assert not at.exception
    assert any("一次上传的文件数超过上限：3 个，上限 2 个" in e.value for e in at.error)
    assert not at.dataframe  # nothing was imported

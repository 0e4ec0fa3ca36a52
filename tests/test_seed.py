"""The real seed report (text extracted from a PDF) parses exactly, cell by cell."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from disclosure.extract.text import extract_text
from disclosure.parse import parse_document, parse_file

from .conftest import REAL, SAMPLES, assert_exact, expected


def test_seed_parses_exactly():
    report = parse_file(str(REAL / "shenchi-education-2023.txt"))
    assert_exact(expected("shenchi-education-2023"), report.to_json())


def test_seed_copy_in_data_is_the_real_file():
    assert (SAMPLES / "shenchi-education-2023.txt").read_bytes() == (REAL / "shenchi-education-2023.txt").read_bytes()


def test_seed_metadata():
    r = parse_file(str(REAL / "shenchi-education-2023.txt"))
    assert (r.agency, r.year, r.template, r.published) == ("神池县教育科技局", 2023, "2021", "2024-01")


def test_seed_sections_in_printed_order_with_their_text():
    r = parse_file(str(REAL / "shenchi-education-2023.txt"))
    headings = [s.heading for s in r.sections if s.heading]
    assert headings == [
        "一、总体情况", "二、工作概述", "三、政府信息公开情况", "四、存在的主要问题及改进情况", "五、其他需要报告的事项",
    ]
    by_heading = {s.heading: s for s in r.sections}
    assert "全年我局未收到政府信息公开申请报告" in by_heading["三、政府信息公开情况"].text
    # table rows are not narrative
    assert "本年新收" not in by_heading["三、政府信息公开情况"].text
    assert by_heading["四、存在的主要问题及改进情况"].key == "problems"
    assert by_heading["二、工作概述"].key is None
    preamble = r.sections[0]
    assert preamble.heading is None and "统计期限" in preamble.text


def test_seed_closing_signature_is_not_part_of_the_last_section():
    r = parse_file(str(REAL / "shenchi-education-2023.txt"))
    last = r.sections[-1].text
    assert last.endswith("无其他需要报告的事项。")
    assert "2024年1月" not in last
    assert r.published == "2024-01"


def test_seed_garbled_labels_are_recorded():
    r = parse_file(str(REAL / "shenchi-education-2023.txt"))
    printed = {d.printed: d for d in r.deviations}
    assert "无价提供" in printed and printed["无价提供"].expected == "（四）无法提供"
    complaint = [d for d in r.deviations if d.row == "not_processed.complaint"]
    assert complaint and "住房举报投诉" in complaint[0].printed.replace(" ", "")
    # a label merely wrapped over lines is not a deviation
    assert not [d for d in r.deviations if d.row == "partially_granted"]


def test_a_label_wrapped_before_a_character_of_a_group_label_is_no_deviation():
    # pdftotext prints `2.其他法律行政法规禁止公` and `开` on the next line; `开` also reads as
    # a piece of `（三）不予公开`, but here it ends the row's own label
    from disclosure.render.text import render_text

    text = render_text(expected("huaian-city-2024"), "pdftotext")
    assert "行政法规禁止公\n" in text.replace(" ", "")
    r = parse_document(extract_text("huaian.txt", text.encode("utf-8")))
    assert r.deviations == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is installed by make setup")
@pytest.mark.parametrize("name", ["hongze-district-2023", "huaian-city-2024"])
def test_text_extracted_from_real_pdfs_parses_exactly(name, tmp_path):
    """`pdftotext -layout` of the real PDFs: wrapped and interleaved labels, rotated text."""
    out = tmp_path / f"{name}.txt"
    subprocess.run(["pdftotext", "-layout", str(REAL / f"{name}.pdf"), str(out)], check=True)
    report = parse_document(extract_text(str(out), out.read_bytes()))
    assert_exact(expected(name), report.to_json())

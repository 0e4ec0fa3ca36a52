"""The text parser reads every layout that real text copies of the tables have.

Each real report's numbers (data/samples/*.expected.json), a report with large
numbers and a report with garbled labels are rendered in every text layout and option
(disclosure/render/text.py), extracted as a .txt and parsed: every cell, the agency,
year, template and publication date must come back exactly, and every garbled label
must be recorded as a deviation. Static renderings in tests/fixtures/text/ are parsed too.

Which layouts carry a truly empty cell: tabs and pipes (the delimiters survive). In
spaces, cells and pdftotext an empty cell vanishes into whitespace, so they use a marker.
"""
from __future__ import annotations

import json
import re

import pytest

from disclosure import template as T
from disclosure.extract.text import extract_text
from disclosure.parse import parse_document
from disclosure.parse.labels import core
from disclosure.render.text import LAYOUTS, render_text

from .conftest import REAL, ROOT, assert_exact

FIXTURES = ROOT / "tests" / "fixtures" / "text"


def _load(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


REPORTS = {p.name[: -len(".expected.json")]: _load(p) for p in sorted(REAL.glob("*.expected.json"))}
REPORTS["large"] = _load(FIXTURES / "large.report.json")
REPORTS["garbled"] = _load(FIXTURES / "garbled.report.json")

# (layout, options): every layout with each option that matters for it
VARIANTS = [
    ("tabs", {}),  # null as a truly empty cell
    ("tabs", {"blank": "/", "title": "year_first"}),
    ("tabs", {"fullwidth": True, "thousands": True, "title": "agency_first"}),
    ("tabs", {"blank": "-", "closing": False}),
    ("tabs", {"pad_spans": True}),  # the whole grid, as PDF-to-text tools write it
    ("spaces", {"blank": "-"}),
    ("spaces", {"blank": "—", "thousands": True, "spaced_title": False}),
    ("spaces", {"blank": "/", "fullwidth": True, "title": "year_first"}),
    ("pipes", {}),
    ("pipes", {"pad_spans": True, "title": "year_first"}),
    ("pipes", {"blank": "—", "thousands": True, "title": "agency_first"}),
    ("cells", {"blank": "/"}),
    ("cells", {"blank": "—", "fullwidth": True, "thousands": True}),
    ("pdftotext", {"blank": "/"}),
    ("pdftotext", {"blank": "-", "thousands": True, "title": "agency_first"}),
    ("pdftotext", {"blank": "—", "fullwidth": True, "title": "year_first"}),
    ("pdftotext", {"blank": "/", "fullwidth": True, "thousands": True, "spaced_title": False, "variant": 1}),
    ("pdftotext", {"blank": "/", "variant": 2}),
    ("pdftotext", {"blank": "—", "thousands": True, "variant": 3}),
]


def _variant_id(v) -> str:
    layout, opts = v
    return layout + "".join(f"-{k}={val}" for k, val in opts.items())


def parse_text(text: str, name: str = "report.txt", encoding: str = "utf-8"):
    data = text.encode(encoding)
    return parse_document(extract_text(name, data))


def assert_same_numbers(parsed, expected: dict) -> None:
    """Every cell and the identity exact (conftest), and no row the report does not have."""
    got = parsed.to_json()
    assert_exact(expected, got)
    for table in T.TABLE_KEYS:
        assert sorted(got.get(table) or {}) == sorted(expected.get(table) or {}), table


@pytest.mark.parametrize("variant", VARIANTS, ids=_variant_id)
@pytest.mark.parametrize("name", sorted(REPORTS))
def test_every_layout_parses_to_the_same_numbers(name, variant):
    layout, opts = variant
    report = REPORTS[name]
    parsed = parse_text(render_text(report, layout, **opts))
    if not opts.get("closing", True):
        report = {**report, "published": None}  # the date printed is the closing date
    assert_same_numbers(parsed, report)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_garbled_labels_are_recorded_as_deviations(layout):
    report = REPORTS["garbled"]
    parsed = parse_text(render_text(report, layout))
    rows = {(d.table, d.row): d for d in parsed.deviations if d.kind == "row"}
    for table, overrides in (("active", report["labels"]["active"]), ("requests", report["labels"]["requests"])):
        for key, printed in overrides.items():
            d = rows.get((table, key))
            assert d is not None, f"{table}.{key}: garbled label {printed!r} not recorded"
            assert core(d.printed) == core(printed)
            tbl = T.template(report["template"]).table(table)
            assert d.expected == (T.request_row(key) if table == "requests" else tbl.row(key)).label
    groups = [d for d in parsed.deviations if d.kind == "group"]
    assert groups and all(d.expected == T.REQUESTS_GROUP_LABELS["unable"] for d in groups)
    assert "".join(core(d.printed) for d in groups) in core("（四）无价提供")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ["huaian-city-2024", "shanghai-office-2019", "large"])
def test_template_wording_records_no_deviation(name, layout):
    """Wrapped labels, group labels beside rows and the rotated 三、本年度办理结果 are not deviations."""
    report = REPORTS[name]
    blank = None if layout in ("tabs", "pipes") else "/"
    parsed = parse_text(render_text(report, layout, blank=blank))
    assert parsed.deviations == []


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("missing", [("not_processed.complaint",), ("denied.inquiry", "unable.unclear")])
def test_rows_a_report_leaves_out_are_not_invented(layout, missing):
    """Rows map by label and order together: a missing row shifts nothing, even beside a garbled label."""
    report = json.loads(json.dumps(REPORTS["garbled"]))
    for key in missing:
        del report["requests"][key]
    blank = None if layout in ("tabs", "pipes") else "/"
    assert_same_numbers(parse_text(render_text(report, layout, blank=blank)), report)


SECTIONS = [
    {"heading": "一、总体情况", "text": "2024年，我市坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》。\n"
                                       "全年主动公开政府信息12345条，其中政策文件1,203件。"},
    {"heading": "二、主动公开政府信息情况", "text": "本年度主动公开情况见下表。"},
    {"heading": "三、收到和处理政府信息公开申请情况", "text": ""},
    {"heading": "四、政府信息公开行政复议、行政诉讼情况", "text": "本年度行政复议、行政诉讼情况如下。"},
    {"heading": "五、存在的主要问题及改进情况", "text": "一是政策解读质量仍需提升。二是队伍建设还需加强。"},
    {"heading": "六、其他需要报告的事项", "text": "2024年，市政府全年收取政府信息公开信息处理费3940元。"},
]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_reports_own_sections_come_back_in_order(layout):
    """Narrative with numbers in it stays narrative; each table follows its section."""
    report = {**REPORTS["huaian-city-2024"], "sections": SECTIONS}
    blank = None if layout in ("tabs", "pipes") else "/"
    parsed = parse_text(render_text(report, layout, blank=blank))
    assert_same_numbers(parsed, report)
    got = [s for s in parsed.sections if s.heading]
    assert [s.heading for s in got] == [s["heading"] for s in SECTIONS]
    for printed, given in zip(got, SECTIONS):
        # the last section runs on into the sign-off (agency and date) as the parser keeps it
        assert re.sub(r"\s+", "", printed.text).startswith(re.sub(r"\s+", "", given["text"]))
    assert [re.sub(r"\s+", "", s.text) for s in got[:-1]] == [re.sub(r"\s+", "", s["text"]) for s in SECTIONS[:-1]]


def test_pdftotext_layout_has_the_quirks_of_real_copies():
    """The pdftotext rendering really carries what the parser is claimed to survive."""
    report = REPORTS["huaian-city-2024"]
    text = render_text(report, "pdftotext")
    lines = text.split("\n")
    table3 = text[text.index("申请人情况"):text.index("行政复议")]
    assert "\f" in table3 and re.search(r"\n\s*-\d+-\n\f", table3), "a page break inside table 三"
    stripped = [ln.strip() for ln in table3.split("\n")]
    assert sum(1 for s in stripped if len(s) == 1 and s in "本年度办理结果") >= 3, "rotated group label"
    assert "（三）不予公开" in stripped, "group label on a line of its own between its sub-rows"
    assert any(re.fullmatch(r"[\d\s]+", s) and len(s.split()) == 7 for s in stripped), "numbers on a line of their own"
    assert any(s.startswith("（五）不予处理") and len(s.split()) > 2 for s in stripped), "group label in front of a row"
    wrapped = [s for s in stripped if s and not re.search(r"\d", s) and not s.startswith("（") and len(s) <= 12]
    assert wrapped, "label continuation lines"
    fifteen = [ln for ln in lines if re.fullmatch(r"\s*(\d+\s+){14}\d+\s*", ln)]
    assert len(fifteen) == 1, "table 四's fifteen numbers on one line"


def test_padded_grid_with_a_blank_last_column_keeps_columns_in_place():
    """Rows written over the whole grid carry a label's colspan as empty cells before the
    values; with the 总计 cell blank, those must not be taken for the first values."""
    report = REPORTS["shanghai-office-2019"]
    text = render_text(report, "tabs", pad_spans=True)
    assert "\t（二）部分公开（区分处理的，只计这一情形，不计其他情形）\t\t3\t\t\t\t\t\t\n" in text
    parsed = parse_text(text)
    assert parsed.value("requests", "partially_granted", "natural_person") == 3
    assert parsed.value("requests", "partially_granted", "commercial") is None


def test_an_empty_cell_needs_a_marker_where_whitespace_separates_cells():
    report = REPORTS["shanghai-office-2019"]
    for layout in ("spaces", "cells", "pdftotext"):
        with pytest.raises(ValueError, match="cannot carry an empty cell"):
            render_text(report, layout, blank="")
    # in tabs the blank 总计 cells of the outcome rows are empty cells, and come back null
    text = render_text(report, "tabs")
    assert "\t258\t12\t\t\t1\t1\t\n" in text
    assert parse_text(text).value("requests", "granted", "total") is None


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16"])
def test_text_in_chinese_encodings(encoding):
    report = REPORTS["garbled"]
    parsed = parse_text(render_text(report, "pdftotext", blank="—"), encoding=encoding)
    assert_same_numbers(parsed, report)


# --- static fixtures: a few renderings a reader can open ---------------------------------

STATIC = {
    # file in tests/fixtures/text: (report, layout, options)
    "huaian-city-2024.pdftotext.txt": ("huaian-city-2024", "pdftotext", {}),
    "shanghai-office-2019.tabs.txt": ("shanghai-office-2019", "tabs", {"title": "year_first"}),
    "shanghai-office-2019.tabs-padded.txt": ("shanghai-office-2019", "tabs", {"pad_spans": True}),
    "hongze-district-2023.cells.txt": ("hongze-district-2023", "cells", {"blank": "-"}),
    "large.spaces.txt": ("large", "spaces", {"thousands": True, "fullwidth": True, "blank": "—"}),
    "garbled.pipes.txt": ("garbled", "pipes", {}),
    "garbled.pdftotext.txt": ("garbled", "pdftotext", {"blank": "—", "thousands": True}),
}


def write_static_fixtures() -> None:
    """Rewrite the static fixtures from the renderer: `python -m tests.test_text_layouts`."""
    for fname, (name, layout, opts) in STATIC.items():
        (FIXTURES / fname).write_text(render_text(REPORTS[name], layout, **opts), encoding="utf-8", newline="")


@pytest.mark.parametrize("fname", sorted(STATIC))
def test_static_fixture_parses_exactly(fname):
    name = STATIC[fname][0]
    path = FIXTURES / fname
    parsed = parse_document(extract_text(str(path), path.read_bytes()))
    assert_same_numbers(parsed, REPORTS[name])


if __name__ == "__main__":  # python -m tests.test_text_layouts
    write_static_fixtures()

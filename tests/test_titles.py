"""Report titles as real agencies print them: whatever the form, the report keeps every cell
and names its agency and year, read from the title.

Each document is a real report (or a real report's numbers rendered as a PDF copy prints
them) whose title lines are replaced, and whose signature is left out: the title alone
must name the agency.
"""
from __future__ import annotations

import pytest

from disclosure.parse import parse_file
from disclosure.render.text import render_text

from .conftest import REAL, assert_exact, expected

SHENCHI = "shenchi-education-2023"
SHANGHAI = "shanghai-office-2019"
HUAIAN = "huaian-city-2024"
HEAD = "\n\n神池县教育科技局\n\n2023 年度政府信息公开工作年度报告\n"
SIGNATURE = "神池县教育科技局\n\n2024年1月\n\n"


def shenchi(title: list[str]) -> bytes:
    """The real 神池县 text report under `title`, signed off by its date alone."""
    text = (REAL / f"{SHENCHI}.txt").read_text(encoding="utf-8")
    assert text.startswith(HEAD) and text.endswith(SIGNATURE)
    body = text[len(HEAD): -len(SIGNATURE)] + "2024年1月\n"
    return ("\n".join(title) + "\n" + body).encode("utf-8")


def shanghai(title: list[str]) -> bytes:
    """The real 上海市人民政府办公厅 web page, its printed title replaced; its <title> no help."""
    page = (REAL / f"{SHANGHAI}.html").read_text(encoding="utf-8")
    printed = "<p style='text-align: center;font-weight: bold;'>2019年上海市人民政府办公厅政府信息公开工作年度报告</p>"
    assert printed in page
    page = page.replace(printed, "".join(f"<p style='text-align: center;font-weight: bold;'>{t}</p>" for t in title))
    return page.replace("<title>2019年上海市人民政府办公厅政府信息公开工作年度报告</title>", "<title>政府信息公开</title>").encode("utf-8")


def huaian(title: list[str]) -> bytes:
    """淮安市's real numbers as `pdftotext -layout` prints a PDF, unsigned, under `title`."""
    text = render_text(expected(HUAIAN), layout="pdftotext", closing=False)
    first, second, rest = text.split("\n", 2)
    assert "淮安市人民政府" in first and "年度报告" in second
    return ("\n".join(f"        {t}" for t in title) + "\n" + rest).encode("utf-8")


def check(name: str, data: bytes, sample: str, agency: str, year: int, **identity) -> None:
    report = parse_file(name, data)
    want = dict(expected(sample), agency=agency, year=year)
    assert_exact(want, report.to_json())
    assert sum(1 for _ in report.cells()) == sum(len(cols) for t in ("active", "requests", "review_litigation")
                                                 for cols in want[t].values())
    assert (report.agency, report.year) == (agency, year)
    assert report.identity == {"agency": "title", "year": "title", **identity}
    assert not any("无法确定" in n for n in report.notes)


SHENCHI_TITLES = {
    # the year first, the title wrapped over two lines
    "wrapped": (["2025 年上海市人民政府办公厅政府信息公开", "工作年度报告"], "上海市人民政府办公厅", 2025),
    # an abbreviated agency, as printed (with a registry, its registered name rides along: test_identity.py)
    "abbreviated": (["2024 年上海市科委政府信息公开工作", "年度报告"], "上海市科委", 2024),
    "year in brackets": (["上海市人民政府办公厅政府信息公开工作年度报告（2023年）"], "上海市人民政府办公厅", 2023),
    "year in 【】": (["神池县教育科技局政府信息公开工作年度报告【2023年度】"], "神池县教育科技局", 2023),
    "year in brackets below": (["神池县教育科技局政府信息公开工作年度报告", "（2023年度）"], "神池县教育科技局", 2023),
    "year in numerals 〇": (["二〇二三年上海市人民政府办公厅政府信息公开工作年度报告"], "上海市人民政府办公厅", 2023),
    "year in numerals ○": (["神池县教育科技局二○二三年度政府信息公开工作年度报告"], "神池县教育科技局", 2023),
    "year in numerals 零": (["神池县教育科技局", "二零二三年度政府信息公开工作年度报告"], "神池县教育科技局", 2023),
    "three lines": (["上海市人民政府办公厅", "2023年政府信息公开", "工作年度报告"], "上海市人民政府办公厅", 2023),
    "three lines, year first": (["2023年", "上海市人民政府办公厅政府信息公开", "工作年度报告"], "上海市人民政府办公厅", 2023),
    "three lines, keyword split": (["神池县教育科技局2023年度政府信", "息公开工作年度", "报告"], "神池县教育科技局", 2023),
    "spaced characters": (["神 池 县 教 育 科 技 局 2 0 2 3 年 度 政 府 信 息 公 开 工 作 年 度 报 告"], "神池县教育科技局", 2023),
    "spaced, two lines": (["神 池 县 教 育 科 技 局", "2 0 2 3 年 度 政 府 信 息 公 开 工 作 年 度 报 告"], "神池县教育科技局", 2023),
    "agency in 【】": (["【神池县教育科技局】2023年度政府信息公开工作年度报告"], "神池县教育科技局", 2023),
    "full-width digits": (["神池县教育科技局２０２３年政府信息公开工作年度报告"], "神池县教育科技局", 2023),
    "年 not 年度": (["神池县教育科技局", "2023年政府信息公开工作年度报告"], "神池县教育科技局", 2023),
    "year inside the keyword": (["国家统计局政府信息公开工作2023年度报告"], "国家统计局", 2023),
    "关于…的年度报告": (["神池县教育科技局关于2023年度政府信息公开工作的年度报告"], "神池县教育科技局", 2023),
    "工作情况的报告": (["神池县教育科技局关于2023年度政府信息公开工作情况的报告"], "神池县教育科技局", 2023),
    "年报": (["神池县教育科技局2023年政府信息公开年报"], "神池县教育科技局", 2023),
    "人民政府 + 信息公开": (["上海市人民政府信息公开工作年度报告（2023年）"], "上海市人民政府", 2023),
    "政府政府信息公开": (["2023年度神池县东湖乡人民政府政府信息公开工作年度报告"], "神池县东湖乡人民政府", 2023),
    "（全文）": (["上海市浦东新区人民政府2023年政府信息公开工作年度报告（全文）"], "上海市浦东新区人民政府", 2023),
    "a development zone": (["淮安经济技术开发区2023年政府信息公开工作年度报告"], "淮安经济技术开发区", 2023),
    "a branch bureau": (["忻州市生态环境局神池分局", "2023年度政府信息公开工作年度报告"], "忻州市生态环境局神池分局", 2023),
    "附件 above": (["附件2", "2023年神池县教育科技局政府信息公开工作年度报告"], "神池县教育科技局", 2023),
    "a breadcrumb above": (["当前位置：首页 > 政务公开 > 政府信息公开年报", "神池县教育科技局2023年度政府信息公开工作年度报告"],
                           "神池县教育科技局", 2023),
    "a column name above": (["政府信息公开年报", "2023年神池县教育科技局政府信息公开工作年度报告"], "神池县教育科技局", 2023),
    "the agency below": (["2023年度政府信息公开工作年度报告", "神池县教育科技局"], "神池县教育科技局", 2023),
    "an aside in brackets": (["中共神池县委宣传部（神池县人民政府新闻办公室）2023年度政府信息公开工作年度报告"],
                             "中共神池县委宣传部(神池县人民政府新闻办公室)", 2023),
    "政务公开": (["神池县教育科技局政务公开工作年度报告（2023年）"], "神池县教育科技局", 2023),
    "a vertically managed bureau": (["国家税务总局神池县税务局2023年政府信息公开工作年度报告"], "国家税务总局神池县税务局", 2023),
    "an agency line above the agency": (["神池县人民政府", "神池县教育科技局2023年度政府信息公开工作年度报告"], "神池县教育科技局", 2023),
}


@pytest.mark.parametrize("form", sorted(SHENCHI_TITLES))
def test_a_real_text_report_under_each_title_form_keeps_every_cell(form):
    title, agency, year = SHENCHI_TITLES[form]
    check("report.txt", shenchi(title), SHENCHI, agency, year)


# a region alone stands for its government; the publisher of a 关于 title is not the subject
REGION_TITLES = {
    "region": (["淮安市2023年政府信息公开工作年度报告"], "淮安市人民政府", "淮安市"),
    "publisher 关于 region": (["神池县人民政府办公室关于神池县2023年政府信息公开工作年度报告"], "神池县人民政府", "神池县"),
    "county and city": (["忻州市神池县2023年度政府信息公开工作年度报告"], "忻州市神池县人民政府", "忻州市神池县"),
    "a new district": (["上海市浦东新区2023年政府信息公开工作年度报告"], "上海市浦东新区人民政府", "上海市浦东新区"),
}


@pytest.mark.parametrize("form", sorted(REGION_TITLES))
def test_a_region_in_the_title_names_its_government(form):
    title, agency, printed = REGION_TITLES[form]
    check("report.txt", shenchi(title), SHENCHI, agency, 2023, printed_agency=printed)


SHANGHAI_TITLES = {
    "wrapped": ["2019 年上海市人民政府办公厅政府信息公开", "工作年度报告"],
    "year in brackets": ["上海市人民政府办公厅政府信息公开工作年度报告（2019年）"],
    "numerals": ["二〇一九年上海市人民政府办公厅政府信息公开工作年度报告"],
    "three lines": ["上海市人民政府办公厅", "2019年政府信息公开", "工作年度报告"],
}


@pytest.mark.parametrize("form", sorted(SHANGHAI_TITLES))
def test_the_real_web_page_under_each_title_form_keeps_every_cell(form):
    check("page.html", shanghai(SHANGHAI_TITLES[form]), SHANGHAI, "上海市人民政府办公厅", 2019)


HUAIAN_TITLES = {
    "split over three lines": (["淮安市人民政府", "2024年政府信息公开", "工作年度报告"], "淮安市人民政府"),
    "year first, wrapped": (["2024年淮安市人民政府政府信息公开工作", "年度报告"], "淮安市人民政府"),
    "year in brackets": (["淮安市人民政府政府信息公开工作年度报告（二〇二四年度）"], "淮安市人民政府"),
}


@pytest.mark.parametrize("form", sorted(HUAIAN_TITLES))
def test_a_pdf_copy_under_each_title_form_keeps_every_cell(form):
    title, agency = HUAIAN_TITLES[form]
    check("copy.txt", huaian(title), HUAIAN, agency, 2024)


def test_the_year_printed_in_the_title_wins_over_the_statistics_period():
    # the 神池县 report's period says 2023: a title that says 2022 is what the report claims
    report = parse_file("report.txt", shenchi(["神池县教育科技局", "2022年度政府信息公开工作年度报告"]))
    assert report.year == 2022 and report.identity["year"] == "title"


def test_the_title_lines_are_not_taken_for_the_preamble():
    report = parse_file("report.txt", shenchi(["上海市人民政府办公厅", "2023年政府信息公开", "工作年度报告"]))
    preamble = report.sections[0]
    assert preamble.key == "preamble" and preamble.text.startswith("根据《中华人民共和国政府信息公开条例》")

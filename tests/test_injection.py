"""No injection: report-derived strings (agency names, headings, file names, notes, review
notes) show as the text they are, never as Markdown, a directive or a link; and exports
never hand a spreadsheet a formula (a leading apostrophe, OWASP's advice), in CSV and XLSX
alike, checked in openpyxl and in LibreOffice itself."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard.plain import JOINER, md
from disclosure.checks import review
from disclosure.exports import tables
from disclosure.render.text import render_text
from disclosure.store import connect
from disclosure.store.ingest import ingest

from . import dashboard_corpus as D
from .conftest import ROOT
from .served import served

APP = str(ROOT / "dashboard" / "app.py")
EVIL = "神池县[教育](http://evil.example/x)科技局"
EVIL_FILE = "**粗体**[链接](https:evil.example).txt"
EVIL_NOTE = ":red[已核实]**请看** <a href='http://evil.example'>这里</a> www.evil.example"
PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


@given(st.text())
def test_md_escapes_every_markdown_character_and_loses_nothing(text):
    out = md(text)
    # every ASCII punctuation character is escaped, so no Markdown, directive, emoji code or autolink is left
    unescaped = re.sub(r"\\(.)", "", out)
    assert not PUNCTUATION & set(unescaped)
    assert "\n" not in out and "\r" not in out
    # what renders is the text itself (line breaks become spaces; a word joiner, invisible,
    # stands before what would be autolinked)
    shown = re.sub(r"\\(.)", r"\1", out.replace(JOINER, ""))
    assert shown == re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", text.replace(JOINER, ""))


@pytest.fixture
def evil_db(tmp_path):
    """A report of an agency whose name is Markdown, from a file whose name is, with a review note that is."""
    report = D.report(EVIL, 2023, 20, {}, 22)
    report["requests"]["total"]["total"] -= 1  # a finding to review: （七）总计 one short
    path = tmp_path / EVIL_FILE
    path.write_text(render_text(report, "tabs"), encoding="utf-8")
    db = str(tmp_path / "evil.duckdb")
    [outcome] = ingest([str(path)], db)
    assert outcome.status == "stored" and outcome.agency == EVIL
    con = connect(db)
    try:
        fp = con.execute("SELECT fingerprint FROM findings ORDER BY rule LIMIT 1").fetchone()[0]
        review(con, fp, "confirmed", EVIL_NOTE)
    finally:
        con.close()
    return db


def markdown_sources(at) -> list[str]:
    """Every string the page hands Streamlit's Markdown renderer."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "success", "error", "toast"):
        out += [e.value for e in getattr(at, kind)]
    out += [e.label for e in at.expander] + [e.label for e in at.metric] + [str(e.value) for e in at.metric]
    return out


def open_page(db, monkeypatch, page, **params) -> AppTest:
    monkeypatch.setenv("DISCLOSURE_DB", db)
    at = AppTest.from_file(APP, default_timeout=90)
    for k, v in params.items():
        at.query_params[k] = v
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


LIVE = re.compile(r"(?<!\\)\]\((?:http|https:)|(?<!\\):red\[|(?<!\\)\*\*粗体|(?<!\\)<a href|(?<!\\)www\.evil")


def assert_no_live_markdown(sources: list[str]) -> None:
    """No link, directive, bold or tag of the report's strings is left unescaped."""
    for s in sources:
        assert not LIVE.search(s), s
        assert EVIL not in s and EVIL_FILE not in s and EVIL_NOTE not in s, s


def test_an_agency_name_in_markdown_shows_literally_on_the_report_page(evil_db, monkeypatch):
    at = open_page(evil_db, monkeypatch, "report")
    sources = markdown_sources(at)
    assert md(EVIL) in [h.value for h in at.subheader]  # the 报告详情 heading: the name, escaped
    assert any(md(EVIL_FILE) in c for c in sources)  # the source file's name
    assert_no_live_markdown(sources)


def test_an_agency_name_and_a_review_note_in_markdown_show_literally_on_the_findings_page(evil_db, monkeypatch):
    con = connect(evil_db, read_only=True)
    fp = con.execute("SELECT fingerprint FROM reviews").fetchone()[0]
    con.close()
    at = open_page(evil_db, monkeypatch, "findings")
    at.selectbox(key="finding").set_value(fp).run()
    assert not at.exception
    sources = markdown_sources(at)
    assert any(md(EVIL) in s for s in sources) and any(md(EVIL_NOTE) in s for s in sources)
    assert_no_live_markdown(sources)


def test_the_report_page_in_a_browser_has_no_link_of_the_name(evil_db, tmp_path):
    from .test_dashboard_browser import ARGS, CHROMIUM

    if not os.path.exists(CHROMIUM):
        pytest.skip("needs Debian's chromium (make apt)")
    from playwright.sync_api import sync_playwright

    with served(evil_db) as (url, _), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{url}/report")
        page.wait_for_selector("table.tpl", timeout=60_000)
        page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        heading = page.locator('[data-testid="stHeadingWithActionElements"] h3').first.inner_text()
        links = page.locator('a[href*="evil.example"]').count()
        caption = page.get_by_text("来源：").first.inner_text()
        bold = page.locator("strong", has_text="粗体").count()
        browser.close()
    assert heading.strip().replace(JOINER, "") == EVIL  # the name as printed, brackets and all
    assert links == 0 and bold == 0
    assert EVIL_FILE in caption.replace(JOINER, "")


# --- exports ---------------------------------------------------------------------------------

FORMULAS = ["=1+1", '=HYPERLINK("http://evil.example","点击")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
            "\t=1+1", "\r=1+1"]


def frame() -> pd.DataFrame:
    return pd.DataFrame({"机关": FORMULAS + ["淮安市人民政府", "-3"], "数值": [1, 2, 3, -4, 5.5, 6, 7, 8, -9]})


def test_formulas_open_as_text_and_numbers_stay_numbers_in_openpyxl():
    ws = openpyxl.load_workbook(io.BytesIO(tables.xlsx(frame(), "导出"))).active
    texts = [c.value for c in ws["A"][1:]]
    assert all(c.data_type == "s" for c in ws["A"][1:])  # no formula cell
    assert texts[:len(FORMULAS)] == ["'" + f for f in FORMULAS]
    assert texts[-2:] == ["淮安市人民政府", "-3"]  # plain text and a printed number are left alone
    assert [c.value for c in ws["B"][1:]] == [1, 2, 3, -4, 5.5, 6, 7, 8, -9]
    assert all(c.data_type == "n" for c in ws["B"][1:])
    csv = pd.read_csv(io.BytesIO(tables.csv(frame())), encoding="utf-8-sig", dtype={"机关": str})
    assert list(csv["机关"])[:len(FORMULAS)] == ["'" + f for f in FORMULAS]
    assert list(csv["数值"]) == [1, 2, 3, -4, 5.5, 6, 7, 8, -9]


def soffice(args: list[str], tmp_path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        pytest.skip("needs LibreOffice (make apt)")
    profile = "file://" + str(tmp_path / "profile")
    subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", *args],
                   check=True, capture_output=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})


def test_formulas_open_as_text_in_libreoffice(tmp_path):
    (tmp_path / "export.xlsx").write_bytes(tables.xlsx(frame(), "导出"))
    (tmp_path / "export.csv").write_bytes(tables.csv(frame()))
    raw = frame().to_csv(index=False).encode("utf-8")  # what an export without the apostrophes would be
    (tmp_path / "unsafe.csv").write_bytes(raw)
    out = tmp_path / "out"
    # the XLSX as LibreOffice computes it, saved as CSV: a formula would come out as its result (2)
    soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(out),
             str(tmp_path / "export.xlsx")], tmp_path)
    cells = pd.read_csv(out / "export.csv", dtype=str, keep_default_na=False)
    assert cells["机关"].iloc[0] == "'=1+1" and cells["机关"].iloc[1].startswith("'=HYPERLINK(")
    # the CSVs as LibreOffice Calc opens them (UTF-8), saved as XLSX and read back
    soffice(["--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", str(out),
             str(tmp_path / "export.csv"), str(tmp_path / "unsafe.csv")], tmp_path)
    safe = openpyxl.load_workbook(out / "export.xlsx").active
    unsafe = openpyxl.load_workbook(out / "unsafe.xlsx").active
    assert unsafe["A2"].data_type == "f"  # the test can fail: unneutralised, Calc makes it a formula
    assert safe["A2"].data_type == "s" and safe["A2"].value == "'=1+1"
    assert all(c.data_type != "f" for c in safe["A"])
    assert [c.value for c in safe["B"][1:]] == [1, 2, 3, -4, 5.5, 6, 7, 8, -9]


# --- charts -------------------------------------------------------------------------------------

TAGGED = "县<a href='http://evil.example'>教育</a>局<b>粗</b>&amp;"


def test_markup_in_an_agency_name_is_drawn_as_typed_in_a_chart():
    from dashboard import charts
    from disclosure.exports import images

    data = pd.DataFrame({"机关": [TAGGED, "淮安市人民政府"], "公开率": [62.0, 40.0]})
    c = charts.bar(data, "机关", ["公开率"], f"{TAGGED}对比", horizontal=True)
    spec = c.figure.to_plotly_json()
    assert "<a" not in spec["layout"]["title"]["text"] and "&lt;a href" in spec["layout"]["title"]["text"]
    axis = spec["layout"]["yaxis"]
    assert list(axis["tickvals"]) == [TAGGED, "淮安市人民政府"]  # the data keeps the name: a click still finds it
    assert "<a" not in axis["ticktext"][0] and "&amp;amp;" in axis["ticktext"][0]
    assert c.title == f"{TAGGED}对比"  # the slide title and the file name get the name itself
    svg = images.svg(c.figure).decode("utf-8")
    assert "<a " not in svg and "&#60;a href=" in svg  # in the exported picture: the text, no link

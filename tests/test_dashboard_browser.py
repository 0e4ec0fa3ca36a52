"""The dashboard in a real browser: the server started as a user starts it (`disclosure
serve`), every page opened in headless Chromium (Debian's, no browser download), a
screenshot of each, no error box, charts drawn; a filter lands in the URL and a copied
link reopens the same view; clicking a bar opens that agency's report."""
from __future__ import annotations

import os
import shutil
import time
from urllib.parse import quote

import pytest

from .served import served

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PAGES = {  # url path -> its name in the navigation, its heading, whether it draws charts
    "": ("总览", "总览", True),
    "compare": ("机构对比", "机构对比", True),
    "requests": ("申请办理", "申请办理", True),
    "trends": ("趋势", "趋势", True),
    "findings": ("合规问题", "合规问题", True),
    "leads": ("漏报线索", "漏报线索", True),
    "reports": ("报告列表", "报告列表", False),
    "report": ("报告详情", "报告详情", False),
    "upload": ("导入", "导入报告", False),
    "deck": ("会议材料", "会议材料", False),
    "collect": ("采集", "采集年报", False),
    "score": ("评分", "评分", True),
    "rectify": ("整改跟踪", "整改跟踪", False),
}
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"]'

pytestmark = pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="needs Debian's chromium (make apt)")


@pytest.fixture(scope="module")
def server(dashboard_db, tmp_path_factory):
    db = str(tmp_path_factory.mktemp("browser") / "served.duckdb")
    shutil.copyfile(dashboard_db, db)
    with served(db) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url)
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    return page


def settle(page, title: str, charts: bool) -> None:
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    if charts:
        page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    # the script has finished when Streamlit's running indicator is gone
    page.wait_for_function("!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def test_every_page_renders_in_a_browser(server, browser, tmp_path):
    page = open_page(browser, server)
    for path, (nav, title, charts) in PAGES.items():
        start = time.time()
        if path:  # through the sidebar, as a user goes from page to page
            page.locator('[data-testid="stSidebarNav"]').get_by_text(nav, exact=True).click()
            page.wait_for_url(f"**/{path}*", timeout=60_000)
        settle(page, title, charts)
        print(f"{path or 'overview'}: {time.time() - start:.1f}s")
        page.screenshot(path=str(tmp_path / f"{path or 'overview'}.png"), full_page=True)
        assert page.locator(ERRORS).count() == 0, (path, page.locator(ERRORS).all_inner_texts())
        if charts:
            assert page.locator(".js-plotly-plot").count() >= 1
            # drawn, not just mounted: bars, lines, boxes, heatmap cells or Sankey nodes on screen
            marks = page.locator(".js-plotly-plot .point, .js-plotly-plot .trace, .js-plotly-plot .sankey-node, "
                                 ".js-plotly-plot .hm")
            assert marks.count() > 0, path
    page.close()


def test_a_filter_lives_in_the_url_and_a_copied_link_reopens_it(server, browser):
    page = open_page(browser, f"{server}/compare")
    settle(page, "机构对比", True)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.locator('[data-testid="stMultiSelect"]').first.click()
    page.get_by_role("option", name="2022年度").click()
    page.wait_for_url("**years=*", timeout=30_000)
    link = page.url
    page.close()
    again = open_page(browser, link)
    settle(again, "机构对比", True)
    assert again.get_by_text("2022年度").first.is_visible()
    assert again.locator(".js-plotly-plot .point").count() == 22  # 22 reports in 2022
    again.close()


def test_clicking_a_bar_opens_the_agency_report(server, browser):
    page = open_page(browser, f"{server}/compare?metric={quote('公开率')}")
    settle(page, "机构对比", True)
    bar = page.locator(".js-plotly-plot .barlayer .point").first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    # plotly's drag layer lies over the bars and turns a click at their place into a selection
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/report?report=*", timeout=60_000)
    settle(page, "报告详情", False)
    page.wait_for_selector("table.tpl", timeout=60_000)
    assert page.locator("table.tpl").count() == 3
    page.close()


def test_a_chart_downloads_as_a_slide_sized_png(server, browser):
    import io

    from PIL import Image

    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page.goto(f"{server}/trends")
    settle(page, "趋势", True)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="PNG", exact=True).first.click()
    assert download.value.suggested_filename.endswith(".png")
    image = Image.open(io.BytesIO(open(download.value.path(), "rb").read()))
    assert image.size == (2000, 920)  # the chart's 1000 × 460 at 2×
    page.close()

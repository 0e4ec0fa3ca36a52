"""Web pages: the real Shanghai 2019 page cell-exact, in other encodings, inside a site's
navigation, flattened by a CMS; and pages that are not reports."""
from __future__ import annotations

import re

import lxml.html
import pytest

from disclosure.extract import extract
from disclosure.model import DisclosureError
from disclosure.parse import parse_file
from disclosure.render.html import ENCODINGS, STYLES, render_html

from .conftest import REAL, expected
from .conftest import assert_exact as corpus_exact

PAGE = REAL / "shanghai-office-2019.html"
EXPECTED = expected("shanghai-office-2019")


def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def assert_exact(report):
    corpus_exact(EXPECTED, report.to_json())


def test_real_page_parses_cell_exact():
    report = parse_file(str(PAGE))
    assert_exact(report)
    assert report.agency == "上海市人民政府办公厅"
    assert report.template == "2019" and report.year == 2019
    assert report.published == "2020-01-31"
    # blanks stay blank: the 总计 of an outcome row is not summed, a `&nbsp;` is not 0
    assert report.value("requests", "granted", "total") is None
    assert report.value("requests", "granted", "research") is None
    assert report.value("active", "procurement", "amount_wan") == 25.1
    assert report.value("review_litigation", "review", "corrected") is None
    assert not report.notes


def test_real_page_cells_keep_their_place():
    report = parse_file(str(PAGE))
    prov = report.to_json(provenance=True)["provenance"]
    # 予以公开 is row 6 of table 2; its 总计 is in the tenth grid column (rowspan and colspan before it)
    assert prov["requests.granted.total"]["ref"] == "表2 行6 列10"
    assert prov["requests.granted.natural_person"]["raw"] == "258"
    assert prov["active.procurement.amount_wan"]["raw"] == "251000元"


def test_meta_title_and_published_date():
    doc = extract(str(PAGE))
    assert doc.meta["title"] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    html = page_text().replace("<p style='text-align: center'>发布日期：2020-01-31</p>", "")
    html = html.replace("<head>", '<head><meta name="PubDate" content="2020-01-31 09:30">')
    report = parse_file("page.html", html.encode("utf-8"))
    assert report.published == "2020-01-31"


def test_page_title_without_the_agency():
    html = page_text().replace("<title>2019年上海市人民政府办公厅政府信息公开工作年度报告</title>",
                               "<title>2019年政府信息公开工作年度报告_上海市人民政府办公厅</title>")
    assert_exact(parse_file("page.html", html.encode("utf-8")))


def test_grid_rows_do_not_repeat_spanned_cells():
    doc = extract(str(PAGE))
    header = next(ln for ln in doc.lines if ln.grid and "申请人情况" in ln.text)
    assert [c.text for c in header.cells] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"]
    granted = next(ln for ln in doc.lines if ln.grid and "（一）予以公开" in ln.text)
    assert [c.text for c in granted.cells] == ["三、本年度办理结果", "（一）予以公开", "258", "12", "", "", "1", "1", ""]
    secret = next(ln for ln in doc.lines if ln.grid and "国家秘密" in ln.text)  # under the 22-row rowspan
    assert [c.text for c in secret.cells][:3] == ["（三）不予公开", "1.属于国家秘密", "14"]
    state = next(ln for ln in doc.lines if ln.grid and ln.text.startswith("2.其他法律"))
    assert len(state.cells) == 8 and not any(c.text for c in state.cells[1:])
    made = next(ln for ln in doc.lines if ln.grid and ln.text.startswith("信息内容 本年新"))
    assert made.cells[1].text == "本年新制作数量"  # <br> inside a cell joins the text


@pytest.mark.parametrize("declare", ['<meta charset="gbk">', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', ""])
def test_gbk_page_with_and_without_declaration(declare):
    html = page_text().replace('<meta charset="utf-8">', declare)
    report = parse_file("page.html", html.encode("gbk"))
    assert_exact(report)


def test_wrong_declaration_is_verified():
    gbk_said_utf8 = page_text().encode("gbk")  # still says utf-8
    assert_exact(parse_file("a.html", gbk_said_utf8))
    utf8_said_gbk = page_text().replace('<meta charset="utf-8">', '<meta charset="gb2312">').encode("utf-8")
    assert_exact(parse_file("b.html", utf8_said_gbk))


def test_xml_declaration_gb18030():
    html = page_text().replace("<!DOCTYPE html>", '<?xml version="1.0" encoding="GB18030"?>').replace('<meta charset="utf-8">', "")
    assert_exact(parse_file("c.xhtml", html.encode("gb18030")))


def _body(html: str) -> str:
    return html[html.index("<body>") + len("<body>"): html.index("</body>")]


SITE = """<!DOCTYPE html><html><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>2019年上海市人民政府办公厅政府信息公开工作年度报告_政府信息公开年报_上海市人民政府</title>
<meta name="firstpublishedtime" content="2020-01-31-10:32:05">
<script>var _hmt = _hmt || []; document.write("统计 2021年1月1日");</script>
<style>.nav li { float: left }</style></head>
<body>
<div class="top-bar"><span>欢迎访问上海市人民政府网站</span> <a href="/">首页</a> <a href="/en">English</a> <a href="/login">登录</a></div>
<div class="header"><div class="logo">上海市人民政府</div>
<form action="/search"><input name="q"><button>全站搜索</button></form></div>
<ul class="main-menu"><li><a href="/a">首页</a></li><li><a href="/b">政务公开</a></li><li><a href="/c">政务服务</a></li><li><a href="/d">互动交流</a></li><li><a href="/e">走进上海</a></li></ul>
<div class="crumbs">当前位置：<a href="/">首页</a> &gt; <a href="/b">政务公开</a> &gt; <a href="/b/n">政府信息公开年报</a></div>
<table width="1000"><tr>
<td class="left-col" width="200"><div class="side-title">政府信息公开年报</div><ul>
<li><a href="/1">2019年上海市发展和改革委员会政府信息公开工作年度报告</a></li>
<li><a href="/2">2019年上海市教育委员会政府信息公开工作年度报告</a></li>
<li><a href="/3">2018年上海市人民政府办公厅政府信息公开工作年度报告</a></li></ul></td>
<td width="800"><div class="article">
{body}
<div class="fx">分享到：<a href="#">微信</a> <a href="#">微博</a></div>
<div style="display:none">2018年1月1日</div>
<div class="print"><a href="javascript:print()">打印本页</a> <a href="javascript:close()">关闭窗口</a></div>
</div></td></tr></table>
<div class="related-links"><h3>相关链接</h3><a href="/x">国务院办公厅</a> <a href="/y">上海市人大</a></div>
<div id="footer"><p>主办：上海市人民政府办公厅 承办：上海市大数据中心</p>
<p>版权所有：上海市人民政府 沪ICP备05050403号 网站标识码：3100000044</p>
<p><a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p></div>
</body></html>"""


def test_page_inside_site_navigation():
    html = SITE.replace("{body}", _body(page_text()))
    doc = extract("site.html", html.encode("utf-8"))
    text = "\n".join(ln.text for ln in doc.lines)
    for furniture in (
        "欢迎访问", "English", "当前位置", "走进上海", "2018年上海市人民政府办公厅", "网站标识码", "打印本页",
        "分享到", "全站搜索", "统计 2021", "相关链接", "2018年1月1日", "网站地图",
    ):
        assert furniture not in text, furniture
    report = parse_file("site.html", html.encode("utf-8"))
    assert_exact(report)
    assert report.sections[-1].text == "无。"


def test_published_from_meta_when_the_page_text_has_none():
    body = _body(page_text()).replace("<p style='text-align: center'>发布日期：2020-01-31</p>", "")
    html = SITE.replace("{body}", body)
    assert parse_file("site.html", html.encode("utf-8")).published == "2020-01-31"


def flattened(html: str) -> str:
    """The page as a CMS that lost its tables prints it: one <p> per cell, &nbsp; for blanks."""
    root = lxml.html.document_fromstring(html.encode("utf-8"))
    for table in root.xpath("//table"):
        paras = []
        for td in table.xpath(".//td"):
            text = re.sub(r"\s+", "", td.text_content().replace("\xa0", " "))
            p = lxml.html.Element("p")
            p.text = text or "\xa0"
            paras.append(p)
        parent = table.getparent()
        at = parent.index(table)
        for k, p in enumerate(paras):
            parent.insert(at + k, p)
        parent.remove(table)
    return lxml.html.tostring(root, encoding="unicode")


def test_flattened_table_keeps_blank_cells():
    html = flattened(page_text())
    assert "<table" not in html and html.count("<p>\xa0</p>") > 100
    report = parse_file("flat.html", html.encode("utf-8"))
    assert_exact(report)
    assert not report.notes


def test_flattened_article_in_a_layout_table_cell():
    # an old site lays its page out with a table: the article's paragraphs sit in one cell
    html = SITE.replace("{body}", _body(flattened(page_text())))
    assert_exact(parse_file("old-site.html", html.encode("utf-8")))


def test_blank_paragraphs_in_prose_are_spacing():
    html = page_text().replace("<p>一、总体情况</p>", "<p>&nbsp;</p><p>一、总体情况</p><p>&nbsp;</p>")
    doc = extract("page.html", html.encode("utf-8"))
    assert all(ln.text for ln in doc.lines if not ln.grid)
    assert not any(ln.grid and not ln.text for ln in doc.lines)


def test_page_without_a_report_is_a_clear_error():
    news = """<html><head><meta charset="utf-8"><title>上海市召开全市优化营商环境大会</title></head><body>
    <ul class="nav"><li><a href="/">首页</a></li><li><a href="/n">要闻</a></li></ul>
    <h1>上海市召开全市优化营商环境大会</h1><p>发布日期：2020-01-31</p>
    <p>1月31日，全市优化营商环境大会召开。会议强调，要持续深化“放管服”改革，不断提升服务水平。</p></body></html>"""
    with pytest.raises(DisclosureError) as err:
        parse_file("news.html", news.encode("utf-8"))
    assert "news.html" in str(err.value) and "政府信息公开工作年度报告" in str(err.value)


def test_page_without_text_is_a_clear_error():
    shell = b'<!DOCTYPE html><html><head><title>loading</title><script src="app.js"></script></head><body><div id="app"></div></body></html>'
    with pytest.raises(DisclosureError) as err:
        extract("app.html", shell)
    assert "网页没有正文" in str(err.value)


def test_saved_single_file_page_mht():
    body = page_text().encode("gbk")
    import base64
    mht = (b"From: <Saved by Blink>\r\nSubject: report\r\nMIME-Version: 1.0\r\n"
           b'Content-Type: multipart/related; type="text/html"; boundary="----B"\r\n\r\n'
           b"------B\r\nContent-Type: text/html; charset=gbk\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           + base64.encodebytes(body.replace(b'<meta charset="utf-8">', b"")) + b"\r\n------B--\r\n")
    assert_exact(parse_file("saved.mht", mht))


# --- round trips: the real reports' numbers rendered as the pages agencies publish ----------

REPORTS = sorted(p.name.replace(".expected.json", "") for p in REAL.glob("*.expected.json"))
ROUND_TRIPS = [
    # every style for every report; the encodings and the charset declaration rotate
    (name, style, ENCODINGS[(i + j) % len(ENCODINGS)], (i + j) % 2 == 0)
    for i, name in enumerate(REPORTS)
    for j, style in enumerate(STYLES)
]


@pytest.mark.parametrize("name, style, encoding, declare", ROUND_TRIPS)
def test_rendered_page_round_trip(name, style, encoding, declare):
    want = expected(name)
    page = render_html(want, style=style, encoding=encoding, declare_charset=declare)
    report = parse_file(f"{name}.html", page)
    corpus_exact(want, report.to_json())


@pytest.mark.parametrize("style, blank", [("flattened", "-"), ("cms", "—"), ("national", "/")])
def test_rendered_page_with_blank_markers(style, blank):
    want = EXPECTED
    report = parse_file("marked.html", render_html(want, style=style, encoding="gbk", declare_charset=False, blank=blank))
    corpus_exact(want, report.to_json())

"""Exports for meetings: chart images, table files and the PPTX deck, opened as a user would."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from disclosure.exports import chart as C
from disclosure.exports import deck, images, tables

TITLE = "各机关公开率对比（2023年度）"


def bar_chart() -> C.Chart:
    data = pd.DataFrame({"机关": ["淮安市人民政府", "洪泽区人民政府", "神池县教育科技局"], "公开率": [62.0, 48.5, 0.0]})
    fig = C.style(go.Figure(go.Bar(x=data["公开率"], y=data["机关"], orientation="h")), TITLE)
    return C.Chart(TITLE, fig, data, kind=C.BAR, category="机关", series=["公开率"], unit=C.PERCENT,
                   takeaway="淮安市人民政府公开率最高。", horizontal=True)


def sankey_chart() -> C.Chart:
    fig = C.style(go.Figure(go.Sankey(
        node=dict(label=["本年新收", "上年结转", "予以公开", "结转下年度"]),
        link=dict(source=[0, 0, 1], target=[2, 3, 2], value=[30, 5, 4]),
    )), "申请办理流向")
    data = pd.DataFrame({"来源": ["本年新收", "本年新收", "上年结转"], "去向": ["予以公开", "结转下年度", "予以公开"], "件数": [30, 5, 4]})
    return C.Chart("申请办理流向", fig, data, kind=C.PICTURE)


def test_png_is_twice_the_size_and_has_something_drawn():
    png = images.png(bar_chart().figure, width=800, height=450)
    img = Image.open(io.BytesIO(png)).convert("RGB")
    assert img.size == (1600, 900)
    colours = img.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # text antialiasing and bars, not a blank page
    white = max(count for count, rgb in colours if rgb == (255, 255, 255))
    assert white < 0.97 * img.size[0] * img.size[1]


def test_a_tall_chart_keeps_its_height():
    fig = bar_chart().figure
    fig.update_layout(height=900)
    assert Image.open(io.BytesIO(images.png(fig))).size == (2 * images.WIDTH, 1800)


def test_svg_carries_the_chinese_title():
    svg = images.svg(bar_chart().figure).decode("utf-8")
    assert svg.lstrip().startswith("<svg") and TITLE in svg and "淮安市人民政府" in svg


def test_table_files_open_with_the_same_data():
    df = bar_chart().data
    assert tables.csv(df).decode("utf-8-sig").splitlines()[1] == "淮安市人民政府,62.0"
    wb = load_workbook(io.BytesIO(tables.xlsx({"公开率/对比": df, "第二张": df.head(1)})))
    assert wb.sheetnames == ["公开率_对比", "第二张"]
    ws = wb["公开率_对比"]
    assert [c.value for c in ws[1]] == ["机关", "公开率"]
    assert [c.value for c in ws[4]] == ["神池县教育科技局", 0]


def test_a_native_chart_needs_its_columns():
    with pytest.raises(ValueError):
        C.Chart("x", go.Figure(), pd.DataFrame({"a": [1]}), kind=C.BAR, category="a", series=["b"])


def findings(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "机关": [f"第{i % 7}机关" for i in range(n)],
        "年度": [2023] * n,
        "规则": ["表三勾稽关系" if i % 3 else "逾期发布" for i in range(n)],
        "严重程度": ["错误" if i % 3 else "警告" for i in range(n)],
        "说明": [f"第{i}条" for i in range(n)],
    })


def test_deck_has_the_chosen_slides():
    data = deck.build_deck("政府信息公开年报监督会议材料", "2023年度 · 江苏省", [bar_chart(), sankey_chart()],
                           findings=findings(20), when=dt.date(2024, 3, 5))
    prs = Presentation(io.BytesIO(data))
    slides = list(prs.slides)
    # title, two charts, summary, two appendix pages (14 + 6 findings)
    assert len(slides) == 6
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in slides]
    assert "2023年度 · 江苏省" in texts[0] and "2024年3月5日" in texts[0]
    native = [s for s in slides[1].shapes if s.has_chart]
    assert len(native) == 1 and native[0].chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert list(native[0].chart.plots[0].categories) == ["淮安市人民政府", "洪泽区人民政府", "神池县教育科技局"]
    assert TITLE in texts[1] and "淮安市人民政府公开率最高。" in texts[1]
    assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slides[2].shapes)
    assert "共 20 条问题，涉及 7 个机关" in texts[3]
    summary = [s for s in slides[3].shapes if s.has_table][0].table
    assert summary.cell(1, 0).text == "表三勾稽关系" and summary.cell(1, 2).text == "13"
    appendix = [s for s in slides[5].shapes if s.has_table][0].table
    assert len(appendix.rows) == 1 + 6 and "附录" in texts[5]


def test_deck_without_findings_is_title_and_charts():
    prs = Presentation(io.BytesIO(deck.build_deck("会议材料", "全部", [bar_chart()])))
    assert len(prs.slides) == 2

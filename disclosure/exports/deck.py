"""The 会议材料 deck: a PPTX a supervisor takes to a meeting.

    build_deck(title, scope, charts, findings=None, when=None) -> bytes

Slides, in order: a title slide (the scope of the data and the date), one slide per chart
with its one-line takeaway, a findings summary (counts by rule and severity), and an
appendix with the findings themselves, paginated. Bar, stacked and line charts are drawn
as native PowerPoint charts (editable, crisp at any size); charts PowerPoint has no type
for (Sankey, heatmap, distributions) are placed as 2× PNG images.
"""
from __future__ import annotations

import datetime as dt
import io
import math

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from . import images
from .chart import BAR, LINE, PERCENT, STACKED, STACKED_100, Chart
from .tables import neutral

FONT = "Microsoft YaHei"  # 微软雅黑: on every Windows PowerPoint; LibreOffice substitutes a CJK sans
WIDE, TALL = Inches(13.333), Inches(7.5)  # 16:9
MARGIN = Inches(0.5)
ACCENT = RGBColor(0x1F, 0x4E, 0x79)
GREY = RGBColor(0x59, 0x59, 0x59)
APPENDIX_ROWS = 14        # rows of findings per appendix slide
APPENDIX_SLIDES = 10      # the rest is in the XLSX export, and the slide says so
SUMMARY_ROWS = 14

FINDING_COLUMNS = ("机关", "年度", "规则", "严重程度", "说明")  # what `findings` carries

_TYPES = {
    (BAR, False): XL_CHART_TYPE.COLUMN_CLUSTERED,
    (BAR, True): XL_CHART_TYPE.BAR_CLUSTERED,
    (STACKED, False): XL_CHART_TYPE.COLUMN_STACKED,
    (STACKED, True): XL_CHART_TYPE.BAR_STACKED,
    (STACKED_100, False): XL_CHART_TYPE.COLUMN_STACKED_100,
    (STACKED_100, True): XL_CHART_TYPE.BAR_STACKED_100,
    (LINE, False): XL_CHART_TYPE.LINE_MARKERS,
    (LINE, True): XL_CHART_TYPE.LINE_MARKERS,
}


def build_deck(
    title: str,
    scope: str,
    charts: list[Chart],
    findings: pd.DataFrame | None = None,
    when: dt.date | None = None,
) -> bytes:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE, TALL
    when = when or dt.date.today()
    _title_slide(prs, title, scope, when)
    for chart in charts:
        _chart_slide(prs, chart)
    if findings is not None and not findings.empty:
        missing = [c for c in FINDING_COLUMNS if c not in findings.columns]
        if missing:
            raise ValueError(f"findings need the columns {FINDING_COLUMNS}; missing {missing}")
        _summary_slide(prs, findings)
        _appendix_slides(prs, findings)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# --- text ------------------------------------------------------------------------------------


def _font(font, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    font.size = Pt(size)
    font.bold = bold
    font.name = FONT
    if color is not None:
        font.color.rgb = color
    # python-pptx names only the Latin typeface; Chinese text takes the East Asian one
    rpr = font._rPr  # noqa: SLF001 - the documented way in is the XML element
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        rpr.append(ea)
    ea.set("typeface", FONT)


def _text(slide, left, top, width, height, text: str, size: float, bold=False, color=None, align=None):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align is not None:
            para.alignment = align
        run = para.add_run()
        run.text = line
        _font(run.font, size, bold, color)
    return box


def _blank(prs):
    return prs.slides.add_slide(prs.slide_layouts[6])


def _heading(slide, text: str) -> None:
    _text(slide, MARGIN, Inches(0.3), WIDE - 2 * MARGIN, Inches(0.8), text, 26, bold=True, color=ACCENT)


# --- slides ----------------------------------------------------------------------------------


def _title_slide(prs, title: str, scope: str, when: dt.date) -> None:
    slide = _blank(prs)
    _text(slide, MARGIN, Inches(2.3), WIDE - 2 * MARGIN, Inches(1.4), title, 36, bold=True,
          color=ACCENT, align=PP_ALIGN.CENTER)
    _text(slide, MARGIN, Inches(3.9), WIDE - 2 * MARGIN, Inches(1.2), f"数据范围：{scope}", 18,
          color=GREY, align=PP_ALIGN.CENTER)
    _text(slide, MARGIN, Inches(5.0), WIDE - 2 * MARGIN, Inches(0.6),
          f"{when.year}年{when.month}月{when.day}日", 18, color=GREY, align=PP_ALIGN.CENTER)


def _chart_slide(prs, chart: Chart) -> None:
    slide = _blank(prs)
    _heading(slide, chart.title)
    left, top = MARGIN, Inches(1.2)
    width, height = WIDE - 2 * MARGIN, TALL - Inches(2.3)
    if chart.native:
        _native_chart(slide, chart, left, top, width, height)
    else:
        _picture(slide, chart, left, top, width, height)
    if chart.takeaway:
        _text(slide, MARGIN, TALL - Inches(1.0), WIDE - 2 * MARGIN, Inches(0.6), chart.takeaway, 16,
              color=GREY)


def _number(value) -> float | None:
    if value is None:
        return None
    try:
        f = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _native_chart(slide, chart: Chart, left, top, width, height) -> None:
    data = CategoryChartData()
    # the chart's data goes into a workbook embedded in the slide: names neutral() there too
    data.categories = [neutral(str(c)) for c in chart.data[chart.category]]
    for name in chart.series:
        data.add_series(neutral(str(name)), [_number(v) for v in chart.data[name]])
    kind = _TYPES[(chart.kind, chart.horizontal)]
    shape = slide.shapes.add_chart(kind, left, top, width, height, data)
    pc = shape.chart
    _font(pc.font, 12)
    pc.has_legend = len(chart.series) > 1
    if pc.has_legend:
        pc.legend.position = XL_LEGEND_POSITION.BOTTOM
        pc.legend.include_in_layout = False
    pc.has_title = False  # the slide heading is the title
    value_axis = pc.value_axis
    if chart.unit == PERCENT:
        value_axis.tick_labels.number_format = '0"%"'
        value_axis.tick_labels.number_format_is_linked = False
    if chart.horizontal:
        # PowerPoint draws the first category at the bottom; a ranking reads top-down
        pc.category_axis.reverse_order = True
    if chart.kind in (BAR, LINE) and len(chart.series) == 1 and len(data.categories) <= 40:
        plot = pc.plots[0]
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = '0.0"%"' if chart.unit == PERCENT else "#,##0"
        labels.number_format_is_linked = False
        _font(labels.font, 10)


def _picture(slide, chart: Chart, left, top, width, height) -> None:
    from PIL import Image
    import plotly.graph_objects as go

    fig = go.Figure(chart.figure)
    fig.update_layout(title_text="", margin_t=20)  # the slide heading is the title
    png = images.png(fig)

    w, h = Image.open(io.BytesIO(png)).size
    scale = min(width / w, height / h)
    pw, ph = int(w * scale), int(h * scale)
    slide.shapes.add_picture(io.BytesIO(png), Emu(left + (width - pw) // 2), top, Emu(pw), Emu(ph))


def _table(slide, df: pd.DataFrame, left, top, width, height, size: float = 11) -> None:
    rows, cols = len(df) + 1, len(df.columns)
    table = slide.shapes.add_table(rows, cols, left, top, width, height).table
    for j, name in enumerate(df.columns):
        cell = table.cell(0, j)
        cell.text = str(name)
        _font(cell.text_frame.paragraphs[0].runs[0].font, size, bold=True)
    for i, row in enumerate(df.itertuples(index=False), start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.text = _cell_text(value)
            for para in cell.text_frame.paragraphs:
                for run in para.runs:
                    _font(run.font, size)


def _cell_text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _summary_slide(prs, findings: pd.DataFrame) -> None:
    slide = _blank(prs)
    _heading(slide, "发现的问题汇总")
    counts = (
        findings.groupby(["规则", "严重程度"], sort=False).size().rename("问题数").reset_index()
        .sort_values("问题数", ascending=False, kind="stable")
    )
    agencies = findings["机关"].nunique()
    line = f"共 {len(findings)} 条问题，涉及 {agencies} 个机关、{findings['规则'].nunique()} 条规则。"
    _text(slide, MARGIN, Inches(1.1), WIDE - 2 * MARGIN, Inches(0.5), line, 16, color=GREY)
    shown = counts.head(SUMMARY_ROWS)
    _table(slide, shown, MARGIN, Inches(1.7), WIDE - 2 * MARGIN, Inches(0.35) * (len(shown) + 1), 12)
    if len(counts) > SUMMARY_ROWS:
        _text(slide, MARGIN, TALL - Inches(0.8), WIDE - 2 * MARGIN, Inches(0.4),
              f"另有 {len(counts) - SUMMARY_ROWS} 类问题见附录。", 12, color=GREY)


def _appendix_slides(prs, findings: pd.DataFrame) -> None:
    table = findings[list(FINDING_COLUMNS)]
    pages = math.ceil(len(table) / APPENDIX_ROWS)
    shown_pages = min(pages, APPENDIX_SLIDES)
    for p in range(shown_pages):
        slide = _blank(prs)
        suffix = f"（{p + 1}/{shown_pages}）" if shown_pages > 1 else ""
        _heading(slide, f"附录：问题明细{suffix}")
        part = table.iloc[p * APPENDIX_ROWS:(p + 1) * APPENDIX_ROWS]
        _table(slide, part, MARGIN, Inches(1.2), WIDE - 2 * MARGIN, Inches(0.35) * (len(part) + 1), 10)
        _column_widths(slide, (2.6, 0.8, 2.4, 1.0, 5.5))
    if pages > shown_pages:
        rest = len(table) - shown_pages * APPENDIX_ROWS
        _text(slide, MARGIN, TALL - Inches(0.7), WIDE - 2 * MARGIN, Inches(0.4),
              f"另有 {rest} 条问题未列出，请见导出的问题表（XLSX）。", 12, color=GREY)


def _column_widths(slide, inches: tuple[float, ...]) -> None:
    table = [s for s in slide.shapes if s.has_table][-1].table
    for col, w in zip(table.columns, inches):
        col.width = Inches(w)

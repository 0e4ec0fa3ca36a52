"""The 检查情况通报: a Word draft of 关于…政府信息公开工作年度报告检查情况的通报, written from
the data and the confirmed findings alone (no LLM: every sentence is a template filled with
counts, names and the findings' own messages).

    build(facts) -> bytes (DOCX)         facts = gather(con, pack, year, region, …)

Sections: 基本情况 (scope, reports expected and received, on time, 收取率), 总体评价 (the
score distribution by grade), 好的做法 (the top-scoring agencies), 存在的问题 (by category,
each with the agencies named and a concrete example), 整改要求 (with the deadline), and an
annex table of every agency's score. Laid out as official documents are (GB/T 9704-2012):
A4, margins 37/35/28/26 mm, title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 at a fixed 28 pt,
level-1 headings in 黑体, level-2 in 楷体_GB2312 (the font table names 仿宋/楷体/宋体 as their
alternates, for machines without the GB2312 fonts), 主送 flush left, 落款 and date at the
right. Styles and headings are Word's own (editable, in the navigation pane); the annex is
a real table.
"""
from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from ..checks.catalog import FAMILIES
from ..checks.timing import DEPARTMENT_DEADLINE, GOVERNMENT_DEADLINE, covers_region, earliest

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
ALTERNATES = {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}
NUMERALS = "一二三四五六七八九十"
TOP = 5  # agencies named as good practice
EXAMPLES_PER_CATEGORY = 1
MISSING_CATEGORY = "报送"


@dataclass
class Facts:
    title_region: str  # 淮安市 / 江苏省 / 本地区
    year: int
    issuer: str
    recipients: str
    deadline: date
    written: date
    pack_title: str
    mode: str
    scores: list  # engine.Score, ranked
    subjects: list[dict]  # score_subjects rows
    confirmed: list[dict]  # confirmed findings (scope_findings rows)
    rectifications: dict[str, int] = field(default_factory=dict)  # status -> count
    grades: tuple = ()  # the pack's (floor, label) bands


def _chinese_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _names(names: list[str], limit: int = 30) -> str:
    names = list(dict.fromkeys(names))
    if len(names) <= limit:
        return "、".join(names)
    return "、".join(names[:limit]) + f"等 {len(names)} 家单位"


def _on_time(subject: dict) -> bool | None:
    """Whether the report was published by its statutory deadline; None when undated."""
    published = subject.get("published")
    if not isinstance(published, str) or not published:
        return None
    day = earliest(published)
    if day is None:
        return None

    class _Info:  # what covers_region reads
        kind, level = subject.get("kind"), subject.get("level")

    month, d = GOVERNMENT_DEADLINE if covers_region(_Info) or not _Info.kind else DEPARTMENT_DEADLINE
    return day <= date(int(subject["year"]) + 1, month, d)


def _category(f: dict) -> str:
    if f["rule"] == "MISSING.REPORT":
        return MISSING_CATEGORY
    return FAMILIES.get(f.get("family") or "", f.get("family") or "其他")


# --- the document ---------------------------------------------------------------------------

class _Writer:
    def __init__(self):
        self.doc = Document()
        self._page()
        self._styles()

    def _page(self):
        s = self.doc.sections[0]
        s.page_width, s.page_height = Mm(210), Mm(297)
        s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)

    @staticmethod
    def _font(style_or_run, name: str, size: float, bold: bool = False):
        font = style_or_run.font
        font.name, font.size, font.bold = name, Pt(size), bold
        rpr = style_or_run.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), name)

    def _styles(self):
        styles = self.doc.styles
        normal = styles["Normal"]
        self._font(normal, BODY_FONT, 16)
        fmt = normal.paragraph_format
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(28)
        fmt.first_line_indent, fmt.space_before, fmt.space_after = Pt(32), Pt(0), Pt(0)
        for name, font in (("Title", TITLE_FONT), ("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
            style = styles[name]
            self._font(style, font, 22 if name == "Title" else 16)
            style.font.color.rgb = None
            f = style.paragraph_format
            f.line_spacing_rule, f.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(36 if name == "Title" else 28)
            f.space_before, f.space_after = Pt(0), Pt(0)
            f.first_line_indent = Pt(0) if name == "Title" else Pt(32)
            f.keep_with_next = True
            f.alignment = WD_ALIGN_PARAGRAPH.CENTER if name == "Title" else WD_ALIGN_PARAGRAPH.JUSTIFY
            # Title's bottom border line and theme colours come from the default template: gone
            ppr = style.element.get_or_add_pPr()
            border = ppr.find(qn("w:pBdr"))
            if border is not None:
                ppr.remove(border)

    def title(self, text: str):
        self.doc.add_paragraph(text, style="Title")
        self.blank()

    def blank(self):
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(0)

    def flush(self, text: str):
        p = self.doc.add_paragraph(text)
        p.paragraph_format.first_line_indent = Pt(0)
        return p

    def para(self, text: str):
        return self.doc.add_paragraph(text)

    def heading(self, text: str, level: int = 1):
        return self.doc.add_heading(text, level=level)

    def right(self, text: str):
        p = self.doc.add_paragraph(text)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.right_indent = Pt(64)  # 右空四字 (GB/T 9704 7.3.5.1)
        return p

    def table(self, header: list[str], rows: list[list]):
        t = self.doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(t.rows[0].cells, header):
            self._cell(cell, text, bold=True)
        for row in rows:
            cells = t.add_row().cells
            for cell, value in zip(cells, row):
                self._cell(cell, "" if value is None else str(value))
        # the header row repeats on every page
        trpr = t.rows[0]._tr.get_or_add_trPr()
        trpr.append(trpr.makeelement(qn("w:tblHeader"), {}))
        return t

    def _cell(self, cell, text: str, bold: bool = False):
        p = cell.paragraphs[0]
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        self._font(run, HEADING_FONT if bold else BODY_FONT, 12, bold=False)

    def page_break(self):
        self.doc.add_page_break()

    def save(self) -> bytes:
        self._alternates()
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()

    def _alternates(self):
        """The font table names an alternate for each GB2312 font (Word uses it where the font is absent)."""
        from lxml import etree

        part = next((p for p in self.doc.part.package.parts if str(p.partname) == "/word/fontTable.xml"), None)
        if part is None:
            return
        root = etree.fromstring(part.blob)
        have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
        for name in (TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT):
            if name in have:
                continue
            font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
            if name in ALTERNATES:
                etree.SubElement(font, qn("w:altName"), {qn("w:val"): ALTERNATES[name]})
            etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build(facts: Facts) -> bytes:
    w = _Writer()
    w.title(f"关于{facts.title_region}{facts.year}年度政府信息公开工作年度报告检查情况的通报")
    w.flush(f"{facts.recipients}：")
    w.para(f"为贯彻落实《中华人民共和国政府信息公开条例》有关规定，{facts.issuer}对{facts.title_region}"
           f"{len(facts.subjects)}家单位的{facts.year}年度政府信息公开工作年度报告进行了检查，"
           f"按照《{facts.pack_title}》（{facts.mode}）逐项评分。现将有关情况通报如下：")

    n = iter(NUMERALS)
    w.heading(f"{next(n)}、基本情况")
    _basic(w, facts)
    w.heading(f"{next(n)}、总体评价")
    _overall(w, facts)
    good = [s for s in facts.scores if s.deducted == 0 and s.unknown_points == 0][:TOP] or facts.scores[:min(3, len(facts.scores))]
    if good:
        w.heading(f"{next(n)}、好的做法")
        _good(w, good, facts)
    w.heading(f"{next(n)}、存在的问题")
    named = _problems(w, facts)
    w.heading(f"{next(n)}、整改要求")
    _requirements(w, facts, named)
    w.blank()
    w.flush("附件：各单位年度报告得分情况")
    w.blank()
    w.right(facts.issuer)
    w.right(_chinese_date(facts.written))
    w.page_break()
    w.flush("附件")
    w.doc.add_paragraph(f"{facts.title_region}{facts.year}年度政府信息公开工作年度报告得分情况", style="Title")
    w.table(["序号", "单位", "得分", "等次", "排名", "主要失分原因"],
            [[i, s.agency, _points(s.score), s.grade, s.rank, _main_reason(s)] for i, s in enumerate(facts.scores, 1)])
    return w.save()


def _points(x: float) -> str:
    return f"{x:g}"


def _main_reason(s) -> str:
    from ..score.engine import UNKNOWN

    parts = [f"{line.deduction.title}（−{_points(line.amount)}）" for it in s.items for line in it.lines]
    parts += [f"{it.item.title}无法判断" for it in s.items if it.status == UNKNOWN]
    return "；".join(parts) or "—"


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.1f}%" if b else "—"


def _basic(w, facts: Facts):
    got = [s for s in facts.subjects if _has_report(s)]
    due = [s for s in facts.subjects if s.get("expected")]
    due_got = [s for s in due if _has_report(s)]
    timely = [s for s in got if _on_time(s)]
    undated = [s for s in got if _on_time(s) is None]
    text = (f"本次检查范围为{facts.title_region}{len(facts.subjects)}家单位。按照机构名录，{facts.year}年度应报送年度报告"
            f"{len(due)}家，实际收到{len(due_got)}家，收取率{_pct(len(due_got), len(due))}；收到的{len(got)}份报告中，"
            f"在法定期限内发布的{len(timely)}份，按时发布率{_pct(len(timely), len(got))}")
    text += f"，未注明发布日期的{len(undated)}份。" if undated else "。"
    w.para(text)
    missing = [s["agency"] for s in due if not _has_report(s)]
    if missing:
        w.para(f"未报送年度报告的单位：{_names(missing)}。")


def _has_report(s: dict) -> bool:
    rid = s.get("report_id")
    return rid is not None and rid == rid  # NaN is no report


def _overall(w, facts: Facts):
    scores = facts.scores
    if not scores:
        w.para("本次检查范围内没有可评分的单位。")
        return
    grades = defaultdict(list)
    for s in scores:
        grades[s.grade].append(s)
    order = [label for _floor, label in sorted(facts.grades, reverse=True)]
    dist = "，".join(f"{label}{len(grades[label])}家（{_pct(len(grades[label]), len(scores))}）" for label in order)
    values = [s.score for s in scores]
    mean = sum(values) / len(values)
    unknown = [s for s in scores if s.unknown_points]
    text = (f"按满分{_points(scores[0].points)}分计，平均得分{mean:.1f}分，最高{_points(max(values))}分，"
            f"最低{_points(min(values))}分。其中{dist}。")
    if unknown:
        text += f"另有{len(unknown)}家单位的部分项目因报告信息不全无法判断，暂未计分，需进一步核实。"
    w.para(text)


def _good(w, good, facts: Facts):
    w.para(f"{_names([s.agency for s in good])}等单位的年度报告得分较高（{_points(good[0].score)}分），"
           "报告要素齐全、统计数据勾稽一致、按时发布，检查中未发现需扣分的问题，可供其他单位参考。")


def _problems(w, facts: Facts) -> list[str]:
    """存在的问题 by category, each with its agencies and one example; returns the agencies named."""
    by_category: dict[str, list[dict]] = defaultdict(list)
    for f in facts.confirmed:
        by_category[_category(f)].append(f)
    if not by_category:
        w.para("检查中未发现经确认的问题。")
        return []
    order = [MISSING_CATEGORY, *FAMILIES.values()]
    named: list[str] = []
    sub = iter(NUMERALS)
    for category in sorted(by_category, key=lambda c: order.index(c) if c in order else 99):
        found = by_category[category]
        agencies = list(dict.fromkeys(f["agency"] for f in found))
        named += agencies
        titles = list(dict.fromkeys(f.get("rule_title") or f["rule"] for f in found))
        w.heading(f"（{next(sub)}）{category}方面", level=2)
        w.para(f"{len(agencies)}家单位存在{'、'.join(titles)}等问题：{_names(agencies)}。")
        for f in found[:EXAMPLES_PER_CATEGORY]:
            w.para(f"如{f['agency']}{f['year']}年度报告：{f['message']}。")
    return list(dict.fromkeys(named))


def _requirements(w, facts: Facts, named: list[str]):
    due = _chinese_date(facts.deadline)
    if named:
        w.para(f"请{_names(named)}对照本通报指出的问题认真整改，更正后重新发布年度报告，"
               f"并于{due}前将整改情况报送{facts.issuer}。")
    w.para(f"各单位要举一反三，对照《中华人民共和国政府信息公开条例》和国务院办公厅政府信息公开工作年度报告格式要求，"
           f"全面自查本单位年度报告，确保要素齐全、数据准确、按时发布。整改完成情况将纳入下一年度检查。")
    sent = sum(facts.rectifications.values())
    if sent:
        from ..rectify import STATE_LABELS

        counts = "，".join(f"{label}{facts.rectifications[k]}项" for k, label in STATE_LABELS.items()
                           if facts.rectifications.get(k))
        w.para(f"截至通报印发时，已下发整改问题{sent}项（{counts}）。")


# --- the facts, from the database -------------------------------------------------------------

def gather(con, pack, year: int | None = None, region: str | None = None, mode: str | None = None,
           deadline: date | None = None, issuer: str | None = None, recipients: str | None = None,
           today: date | None = None) -> Facts:
    """What the 通报 says, read on `con` (a reading connection)."""
    from .. import queries
    from ..model import DisclosureError
    from ..rectify import listing

    today = today or date.today()
    if year is None:
        found = con.execute("SELECT max(year) FROM reports").fetchone()[0]
        if found is None:
            raise DisclosureError("数据库中没有报告，无法生成通报")
        year = int(found)
    scope = {"years": [year], "regions": [region] if region else [], "levels": [], "kinds": []}
    return facts(pack, year, queries.run(con, "score_subjects", **scope), queries.run(con, "scope_findings", **scope),
                 listing(con, scope, today), region, mode, deadline, issuer, recipients, today)


def facts(pack, year: int, subjects, findings, rectifications, region: str | None = None, mode: str | None = None,
          deadline: date | None = None, issuer: str | None = None, recipients: str | None = None,
          today: date | None = None) -> Facts:
    """What the 通报 says, from one year's rows of queries/score_subjects, scope_findings and
    rectifications (the dashboard reads them through its cache)."""
    from ..score import engine
    from ..score.packs import LENIENT

    today = today or date.today()
    mode = mode or LENIENT  # an official document states confirmed problems only
    scores = engine.score(pack, subjects, findings, rectifications, mode)
    names = dict(zip(subjects["agency_id"], subjects["agency"]))
    confirmed = [dict(f, agency=names.get(f["agency_id"], "")) for f in findings.to_dict("records")
                 if f["review_state"] == "confirmed"]
    place = _common_region(subjects) or region or "本地区"
    counts = rectifications["status"].value_counts().to_dict() if len(rectifications) else {}
    return Facts(place, year, issuer or f"{place}人民政府办公室", recipients or "各有关单位",
                 deadline or today + timedelta(days=30), today, pack.title, mode, scores, subjects.to_dict("records"),
                 confirmed, counts, pack.grades)


def _common_region(subjects) -> str | None:
    """The city (淮安市), else the province (江苏省), every agency in scope shares, if any: the
    place a notice's title names."""
    provinces = set(subjects["province"].dropna())
    if len(provinces) != 1 or subjects["province"].isna().any():
        return None
    cities = set(subjects["city"].dropna())
    return cities.pop() if len(cities) == 1 and subjects["city"].notna().all() else provinces.pop()

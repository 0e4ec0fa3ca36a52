"""A report as the web page an agency's site publishes.

    render_html(report, style="national", encoding="utf-8", declare_charset=True,
                *, blank=None, font=None) -> bytes

Styles:
- `national`: the national template's tables as they appear on government sites:
  table 三 with the 勾稽关系 corner cell merged over three rows and columns, the
  22-row (20 in the 2019 layout) rowspan of 三、本年度办理结果 and rowspans for its
  groups; table 四 with colspan/rowspan headers; the article inside site navigation, a
  header and a footer; `<meta name="PubDate">`.
- `cms`: what a content-management editor saves: every cell wrapped in
  `<p><span style=…>`, `&nbsp;` for a blank cell, the article nested in layout divs.
- `flattened`: a CMS that flattened the tables into paragraphs, one `<p>` per cell, so
  a blank needs a marker (`/` unless `blank` says otherwise).
- `print`: the report alone as a document to print or convert to PDF (what render_pdf
  feeds LibreOffice): the title centred over two lines, ruled tables, no site around it,
  the date only where the report signs off; `font` names the font it asks for.

`encoding`: utf-8, gbk, gb2312 or gb18030; `declare_charset=False` leaves the page without
a charset declaration (the extractor then has to guess, as browsers do).
"""
from __future__ import annotations

from html import escape

from .. import template as T
from . import content as C

STYLES = ("national", "cms", "flattened", "print")
ENCODINGS = ("utf-8", "gbk", "gb2312", "gb18030")

_SPAN = '<span style="font-family:宋体;font-size:10.5pt">'


def render_html(
    report: dict,
    style: str = "national",
    encoding: str = "utf-8",
    declare_charset: bool = True,
    *,
    blank: str | None = None,
    font: str | None = None,
) -> bytes:
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES!r}")
    if encoding.lower() not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS!r}")
    if blank is None:
        blank = "/" if style == "flattened" else ""
    if blank == "" and style == "flattened":
        raise ValueError("the flattened style cannot carry an empty cell: give a blank marker")
    page = _Page(report, style, C.Numbers(blank=blank), font)
    return page.render(encoding.lower(), declare_charset).encode(encoding, errors="xmlcharrefreplace")


class _Page:
    def __init__(self, report: dict, style: str, fmt: C.Numbers, font: str | None = None):
        self.report = report
        self.style = style
        self.fmt = fmt
        self.font = font

    # --- cells ------------------------------------------------------------------------------

    def td(self, text: str, colspan: int = 1, rowspan: int = 1, number: bool = False) -> str:
        attrs = (f' colspan="{colspan}"' if colspan > 1 else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
        body = escape(text)
        if self.style == "cms":
            align = "center" if number else "left"
            body = f'<p style="text-align:{align};line-height:150%">{_SPAN}{body or "&nbsp;"}</span></p>'
        return f"<td{attrs}>{body}</td>"

    def value(self, v) -> str:
        return self.td(self.fmt(v), number=True)

    def table(self, rows: list[list[str]], narrow: bool = False) -> str:
        """A table; in the flattened style, its cells as one paragraph each."""
        if self.style == "flattened":
            return ""  # the flattened style prints cells as paragraphs (see cells())
        inner = "".join(f"<tr>{''.join(r)}</tr>" for r in rows)
        attrs = ' border="1" cellspacing="0" cellpadding="0" align="center"'
        if self.style == "cms":
            attrs += ' style="border-collapse:collapse;width:600px"'
        if self.style == "print":  # table 四's fifteen columns narrow: headers wrap two characters a line
            attrs += ' width="66%"' if narrow else ' width="100%"'
        return f"<table{attrs}><tbody>{inner}</tbody></table>"

    # --- tables -------------------------------------------------------------------------------

    def active(self) -> str:
        blocks = C.active_blocks(self.report)
        ncols = C.active_width(blocks)
        if self.style == "flattened":
            cells = []
            for b in blocks:
                cells += [b.item, C.ACTIVE_CONTENT, *b.columns]
                for _, label, values in b.rows:
                    cells += [label, *map(self.fmt, values)]
            return self.paragraphs(cells)
        rows = []
        for b in blocks:
            spans = C.spans(ncols - 1, len(b.columns))  # a block with fewer columns widens its cells
            rows.append([self.td(b.item, colspan=ncols)])
            rows.append([self.td(C.ACTIVE_CONTENT)] + [self.td(c, colspan=s) for c, s in zip(b.columns, spans)])
            for _, label, values in b.rows:
                rows.append([self.td(label)] + [self.td(self.fmt(v), colspan=s, number=True)
                                                for v, s in zip(values, spans)])
        return self.table(rows)

    def requests(self) -> str:
        cols = C.applicant_columns()
        rows_data = C.request_rows(self.report)
        if self.style == "flattened":
            cells = [C.REQUESTS_CORNER, C.APPLICANTS, cols[0], C.ORGANISATIONS, cols[-1], *cols[1:-1]]
            results_open = False
            for r in rows_data:
                if r.in_results and not results_open:
                    cells.append(C.results_label(self.report))
                    results_open = True
                if r.group and r.index_in_group == 0:
                    cells.append(r.group_label)
                cells += [r.label, *map(self.fmt, r.values)]
            return self.paragraphs(cells)
        rows = [
            [self.td(C.REQUESTS_CORNER, colspan=3, rowspan=3), self.td(C.APPLICANTS, colspan=7)],
            [self.td(cols[0], rowspan=2), self.td(C.ORGANISATIONS, colspan=5), self.td(cols[-1], rowspan=2)],
            [self.td(c) for c in cols[1:-1]],
        ]
        n_results = sum(r.in_results for r in rows_data)
        results_open = False
        for r in rows_data:
            cells = []
            if r.in_results and not results_open:
                cells.append(self.td(C.results_label(self.report), rowspan=n_results))
                results_open = True
            if r.group:
                if r.index_in_group == 0:
                    cells.append(self.td(r.group_label, rowspan=r.group_size))
                cells.append(self.td(r.label))
            else:
                cells.append(self.td(r.label, colspan=2 if r.in_results else 3))
            rows.append(cells + [self.value(v) for v in r.values])
        return self.table(rows)

    def review(self) -> str:
        cols = C.review_columns()
        values = C.review_values(self.report)
        if self.style == "flattened":
            return self.paragraphs([C.REVIEW, C.LITIGATION, *cols, *C.REVIEW_BLOCK_LABELS, *cols, *cols,
                                    *map(self.fmt, values)])
        rows = [
            [self.td(C.REVIEW, colspan=5), self.td(C.LITIGATION, colspan=10)],
            [self.td(c, rowspan=2) for c in cols] + [self.td(b, colspan=5) for b in C.REVIEW_BLOCK_LABELS],
            [self.td(c) for c in cols + cols],
            [self.value(v) for v in values],
        ]
        return self.table(rows, narrow=True)

    def paragraphs(self, cells: list[str]) -> str:
        return "".join(f'<p style="text-align:center">{escape(c)}</p>' for c in cells)

    # --- the page -------------------------------------------------------------------------------

    def article(self) -> str:
        tables = {T.TABLE_ACTIVE: self.active, T.TABLE_REQUESTS: self.requests, T.TABLE_REVIEW: self.review}
        title = C.title_text(self.report)
        parts = [f'<h1 class="title">{escape(title)}</h1>']
        if self.style == "print":
            parts = [f'<p class="title">{escape(t)}</p>' for t in C.title_lines(self.report, "split", spaced=False)]
        published = self.report.get("published")
        if published and self.style != "print":
            parts.append(f'<div class="info">发布日期：{escape(published)}　来源：{escape(self.report["agency"])}</div>')
        for section, table in C.placed_tables(self.report):
            if section is not None:
                parts.append(f"<p><strong>{escape(section.heading)}</strong></p>")
                parts += [f"<p>{escape(p)}</p>" for p in section.text.split("\n") if p.strip()]
            else:
                parts.append(tables[table]())
        parts += [f'<p style="text-align:right">{escape(t)}</p>' for t in C.closing_lines(self.report)]
        body = "".join(parts)
        if self.style == "cms":
            body = f'<div class="TRS_Editor"><div class="Custom_UnionStyle">{body}</div></div>'
        return body

    def render(self, encoding: str, declare_charset: bool) -> str:
        agency = escape(self.report["agency"])
        title = escape(C.title_text(self.report))
        head = []
        if declare_charset:
            head.append(f'<meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
                        if encoding != "utf-8" else '<meta charset="utf-8">')
        head.append(f"<title>{title}</title>")
        if self.report.get("published"):
            head.append(f'<meta name="PubDate" content="{escape(self.report["published"])}">')
        if self.style == "print":
            font = f"font-family:'{self.font}';" if self.font else ""
            head.append("<style>body{" + font + "font-size:10.5pt;line-height:1.5}"
                        "p{text-indent:2em;margin:0.3em 0}p.title{text-align:center;text-indent:0;font-size:16pt;"
                        "font-weight:bold;margin:0}"
                        "table{border-collapse:collapse}td{border:1px solid #000;text-align:center}"
                        "</style>")
            return "<!DOCTYPE html><html><head>" + "".join(head) + "</head><body>" + self.article() + "</body></html>"
        head.append(f'<meta name="SiteName" content="{agency}">')
        nav = ("<div class=\"header\"><div class=\"logo\">" + agency + "</div>"
               "<ul class=\"nav\"><li><a href=\"/\">首页</a></li><li><a href=\"/zwgk/\">政务公开</a></li>"
               "<li><a href=\"/hdjl/\">互动交流</a></li><li><a href=\"/zwfw/\">政务服务</a></li></ul></div>"
               "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a> &gt; <a href=\"/zwgk/\">政务公开</a>"
               " &gt; 政府信息公开年度报告</div>")
        footer = (f"<div class=\"footer\"><p>主办单位：{agency}</p>"
                  "<p>网站标识码：3200000000　备案号：苏ICP备00000000号</p></div>")
        return ("<!DOCTYPE html><html><head>" + "".join(head) + "</head><body>" + nav
                + f'<div class="main"><div class="article">{self.article()}</div></div>' + footer + "</body></html>")

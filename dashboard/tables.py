"""The three statutory tables drawn like the national template, from template.py.

Every printed string is escaped: report contents are text, never markup. A cell can be
marked (a failing check), flagged as read with doubt (OCR) or as corrected by a person,
each with a tooltip naming why.
"""
from __future__ import annotations

from html import escape

from disclosure import template as T

Values = dict[tuple[str, str], float | None]  # (row, column) -> value
Marks = dict[tuple[str, str], str]  # (row, column) -> tooltip

STYLE = """
<style>
table.tpl {border-collapse: collapse; font-size: 0.85rem; margin: 0.3rem 0 1rem 0; width: 100%;}
table.tpl td, table.tpl th {border: 1px solid #9aa3ad; padding: 2px 6px; text-align: center;}
table.tpl th {background: #eef2f6; font-weight: 600;}
table.tpl td.lbl {text-align: left;}
table.tpl td.num {font-variant-numeric: tabular-nums; min-width: 3.2em;}
table.tpl td.blank {background: #f6f6f6; color: #999;}
table.tpl td.mark {background: #fde2e1; outline: 2px solid #d93025; outline-offset: -2px;}
table.tpl td.doubt {background: #fff4d6; outline: 2px dashed #c98a00; outline-offset: -2px;}
table.tpl td.fixed {background: #e3effd; outline: 2px solid #1a5fb4; outline-offset: -2px; font-weight: 600;}
table.tpl td.absent {background: repeating-linear-gradient(45deg,#fafafa,#fafafa 4px,#eee 4px,#eee 8px);}
</style>
"""


def fmt(value: float | None) -> str:
    if value is None:
        return ""
    if float(value).is_integer():
        return f"{int(value)}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _num(row: str, col: str, values: Values, marks: Marks, doubts: Marks | None = None,
         fixed: Marks | None = None) -> str:
    key = (row, col)
    if key not in values:
        return '<td class="num absent" title="报告中无此单元格"></td>'
    v = values[key]
    classes = ["num"]
    tips = []
    if v is None:
        classes.append("blank")
        tips.append("空白（未填写）")
    if key in marks:
        classes.append("mark")
        tips.append(marks[key])
    if doubts and key in doubts:
        classes.append("doubt")
        tips.append(doubts[key])
    if fixed and key in fixed:
        classes.append("fixed")
        tips.append(fixed[key])
    title = f' title="{escape("；".join(tips))}"' if tips else ""
    return f'<td class="{" ".join(classes)}"{title}>{escape(fmt(v))}</td>'


def _spans(n: int) -> list[int]:
    """Column spans that fill table 二's three value columns with `n` columns."""
    return [1] * (n - 1) + [4 - n]


def active_table(version: str, values: Values, marks: Marks | None = None, doubts: Marks | None = None,
                 fixed: Marks | None = None) -> str:
    """Table 二: one block per 第二十条 item, four columns wide."""
    marks = marks or {}
    table = T.template(version).table(T.TABLE_ACTIVE)
    out = [STYLE, '<table class="tpl">']
    section = None
    for row in table.rows:
        spans = _spans(len(row.columns))
        if row.section != section:
            section = row.section
            out.append(f'<tr><th colspan="4">{escape(section)}</th></tr>')
            heads = "".join(f'<th colspan="{s}">{escape(c.label)}</th>' for c, s in zip(row.columns, spans))
            out.append(f"<tr><th>信息内容</th>{heads}</tr>")
        cells = "".join(
            _num(row.key, c.key, values, marks, doubts, fixed).replace("<td ", f'<td colspan="{s}" ', 1)
            for c, s in zip(row.columns, spans)
        )
        out.append(f'<tr><td class="lbl">{escape(row.label)}</td>{cells}</tr>')
    out.append("</table>")
    return "".join(out)


def requests_table(rows_present: set[str], values: Values, marks: Marks | None = None, doubts: Marks | None = None,
                   fixed: Marks | None = None) -> str:
    """Table 三: the 7 applicant columns, outcome rows grouped under their group labels."""
    marks = marks or {}
    single = "other" in rows_present and not any(r.startswith("other.") for r in rows_present)
    rows = T.REQUEST_ROWS_2019 if single else T.REQUEST_ROWS_2021
    cols = T.REQUEST_COLUMN_KEYS
    out = [STYLE, '<table class="tpl">']
    out.append(
        '<tr><th colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
        '<th colspan="7">申请人情况</th></tr>'
        '<tr><th rowspan="2">自然人</th><th colspan="5">法人或其他组织</th><th rowspan="2">总计</th></tr><tr>'
        + "".join(f"<th>{escape(c.label)}</th>" for c in T.REQUEST_COLUMNS[1:6])
        + "</tr>"
    )
    results = [r for r in rows if r.group is not None or r.key == "other"]
    group_sizes: dict[str, int] = {}
    for r in rows:
        if r.group and r.group != "results":
            group_sizes[r.group] = group_sizes.get(r.group, 0) + 1
    seen_groups: set[str] = set()
    for r in rows:
        nums = "".join(_num(r.key, c, values, marks, doubts, fixed) for c in cols)
        head = ""
        if r is results[0]:
            head += f'<td class="lbl" rowspan="{len(results)}">{escape(T.REQUESTS_GROUP_LABELS["results"])}</td>'
        if r.group and r.group != "results":
            if r.group not in seen_groups:
                seen_groups.add(r.group)
                head += f'<td class="lbl" rowspan="{group_sizes[r.group]}">{escape(T.REQUESTS_GROUP_LABELS[r.group])}</td>'
            head += f'<td class="lbl">{escape(r.label)}</td>'
        elif r in results:
            head += f'<td class="lbl" colspan="2">{escape(r.label)}</td>'
        else:
            head += f'<td class="lbl" colspan="3">{escape(r.label)}</td>'
        out.append(f"<tr>{head}{nums}</tr>")
    out.append("</table>")
    return "".join(out)


def review_table(values: Values, marks: Marks | None = None, doubts: Marks | None = None,
                 fixed: Marks | None = None) -> str:
    """Table 四: 行政复议 (5 columns) and 行政诉讼 (two blocks of 5)."""
    marks = marks or {}
    labels = [c.label for c in T.REVIEW_COLUMNS]
    out = [STYLE, '<table class="tpl">']
    out.append('<tr><th colspan="5">行政复议</th><th colspan="10">行政诉讼</th></tr>')
    out.append(
        "<tr>" + "".join(f'<th rowspan="2">{escape(x)}</th>' for x in labels)
        + '<th colspan="5">未经复议直接起诉</th><th colspan="5">复议后起诉</th></tr>'
    )
    out.append("<tr>" + "".join(f"<th>{escape(x)}</th>" for x in labels * 2) + "</tr>")
    out.append(
        "<tr>" + "".join(_num(r.key, c.key, values, marks, doubts, fixed)
                         for r in T.REVIEW_ROWS for c in T.REVIEW_COLUMNS) + "</tr>"
    )
    out.append("</table>")
    return "".join(out)

"""What every renderer prints, whatever the format: the report's tables as printed rows.

A report dict in the data-contract shape (agency, year, template, published, active,
requests, review_litigation; None = a blank cell) becomes:

- `title` / `closing` lines, in one of the title styles real reports use;
- `sections`: (heading, paragraph, statutory key) — the report's own, or the six statutory
  headings with one short paragraph each;
- table 二 as `ActiveBlock`s (one per 第二十条 item: its column labels and rows);
- table 三 as `RequestRow`s (printed label, group label, position in its group);
- table 四 as its fifteen values in block order.

Every label comes from disclosure/template.py. A report may carry `labels` to print a
row or group label differently from the template (a garbled copy):
`{"requests": {"unable.not_held": "1.本机关不掌握"}, "groups": {"unable": "（四）无价提供"}}`.
Formats decide only how these rows look.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import template as T
from ..model import DisclosureError
from ..parse.sections import statutory_key

BLANK_MARKERS = ("/", "-", "—", "")
TITLE_STYLES = ("split", "year_first", "agency_first")

# why: the 勾稽关系 corner cell and the applicant header are printed the same by every format
REQUESTS_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = "申请人情况"
ORGANISATIONS = "法人或其他组织"
ACTIVE_CONTENT = "信息内容"
REVIEW = "行政复议"
LITIGATION = "行政诉讼"
REVIEW_BLOCK_LABELS = ("未经复议直接起诉", "复议后起诉")

DEFAULT_PARAGRAPHS = {
    "overview": "本年度，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
                "不断完善政府信息公开工作机制，依法做好主动公开和依申请公开工作，政务公开水平进一步提升。",
    "active": "本机关通过门户网站、政务新媒体等渠道及时主动公开政府信息，重点领域信息公开持续深化，具体情况如下表。",
    "requests": "本机关严格按照法定时限和程序办理政府信息公开申请，答复内容规范完整，具体情况如下表。",
    "review": "本年度因政府信息公开工作被申请行政复议、提起行政诉讼的情况如下表。",
    "problems": "本年度政府信息公开工作仍存在公开内容不够全面、政策解读形式较为单一等问题。"
                "下一步，本机关将进一步健全工作机制，加强业务培训，持续提升政务公开质量。",
    "other": "本机关严格落实《政府信息公开信息处理费管理办法》，本年度未收取信息处理费，无其他需要报告的事项。",
}


def required(report: dict, key: str):
    try:
        return report[key]
    except (KeyError, TypeError):
        raise DisclosureError(f"要生成的报告缺少 {key!r}") from None


def version_of(report: dict) -> str:
    v = str(required(report, "template"))
    if v not in T.TEMPLATES:
        raise DisclosureError(f"无法生成模板 {v!r} 的报告（只支持 {'、'.join(T.TEMPLATES)}）")
    return v


# --- values ------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")


@dataclass(frozen=True)
class Numbers:
    """How numbers and blanks are printed."""

    blank: str = ""  # "/", "-", "—" or "" (a truly empty cell)
    fullwidth: bool = False  # ０１２ instead of 012
    thousands: bool = False  # 1,234

    def __post_init__(self):
        if self.blank not in BLANK_MARKERS:
            raise ValueError(f"blank marker must be one of {BLANK_MARKERS!r}")

    def __call__(self, value) -> str:
        if value is None:
            return self.blank
        if isinstance(value, float) and not value.is_integer():
            text = f"{value:,.6f}" if self.thousands else f"{value:.6f}"
            text = text.rstrip("0").rstrip(".")
        else:
            text = f"{int(value):,}" if self.thousands else str(int(value))
        return text.translate(_FULLWIDTH) if self.fullwidth else text


# --- title, date, sections -------------------------------------------------------------------


def title_lines(report: dict, style: str = "split", spaced: bool = True) -> list[str]:
    """The title as printed: `split` puts the agency on its own line above the year line."""
    agency, year = required(report, "agency"), required(report, "year")
    gap = " " if spaced else ""
    if style == "split":
        return [agency, f"{year}{gap}年度政府信息公开工作年度报告"]
    if style == "year_first":
        return [f"{year}年{agency}政府信息公开工作年度报告"]
    if style == "agency_first":
        return [f"{agency}{year}年政府信息公开工作年度报告"]
    raise ValueError(f"title style must be one of {TITLE_STYLES!r}")


def title_text(report: dict) -> str:
    return "".join(title_lines(report, "year_first"))


def chinese_date(iso: str | None) -> str | None:
    """`2024-01` -> `2024年1月`, `2024-01-20` -> `2024年1月20日`."""
    if not iso:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", iso)
    if not m:
        raise DisclosureError(f"发布日期 {iso!r} 不是 YYYY-MM 或 YYYY-MM-DD")
    y, mo, d = m.groups()
    return f"{int(y)}年{int(mo)}月" + (f"{int(d)}日" if d else "")


def closing_lines(report: dict) -> list[str]:
    """Signature and date at the end of the report; the date is `published` as printed."""
    date = chinese_date(report.get("published"))
    return [required(report, "agency")] + ([date] if date else [])


@dataclass(frozen=True)
class Section:
    heading: str
    text: str
    key: str | None  # statutory section key, for placing the tables


def sections(report: dict) -> list[Section]:
    given = report.get("sections")
    if given:
        out = []
        for s in given:
            heading = s.get("heading") or ""
            title = re.sub(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*", "", heading)
            out.append(Section(heading, s.get("text") or "", statutory_key(title) if title else None))
        return out
    agency = required(report, "agency")
    return [Section(s.heading, DEFAULT_PARAGRAPHS[s.key].format(agency=agency), s.key) for s in T.SECTIONS]


# which table follows which statutory section
TABLE_AFTER_SECTION = {"active": T.TABLE_ACTIVE, "requests": T.TABLE_REQUESTS, "review": T.TABLE_REVIEW}


def placed_tables(report: dict) -> list[tuple[Section | None, str | None]]:
    """Reading order: (section, None) for narrative, (None, table key) for a table.

    A table follows the section that introduces it; tables whose section the report
    lacks come after the last section that precedes them in the template.
    """
    present = [t for t in T.TABLE_KEYS if report.get(t)]
    order: list[tuple[Section | None, str | None]] = []
    for s in sections(report):
        order.append((s, None))
        t = TABLE_AFTER_SECTION.get(s.key or "")
        if t in present:
            order.append((None, t))
            present.remove(t)
    order += [(None, t) for t in present]
    return order


# --- table 二 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveBlock:
    item: str  # 第二十条第（一）项
    columns: tuple[str, ...]  # column labels after 信息内容
    rows: tuple[tuple[str, str, tuple], ...]  # (row key, printed label, values)


def active_blocks(report: dict) -> list[ActiveBlock]:
    version = version_of(report)
    data = report.get(T.TABLE_ACTIVE) or {}
    overrides = (report.get("labels") or {}).get(T.TABLE_ACTIVE, {})
    blocks: list[ActiveBlock] = []
    for row in T.template(version).table(T.TABLE_ACTIVE).rows:
        if row.key not in data:
            continue
        values = tuple(data[row.key].get(c.key) for c in row.columns)
        printed = (row.key, overrides.get(row.key, row.label), values)
        cols = tuple(c.label for c in row.columns)
        last = blocks[-1] if blocks else None
        if last and last.item == row.section and last.columns == cols:
            blocks[-1] = ActiveBlock(last.item, cols, last.rows + (printed,))
        else:
            blocks.append(ActiveBlock(row.section, cols, (printed,)))
    return blocks


def active_width(blocks: list[ActiveBlock]) -> int:
    """Grid columns of table 二: 信息内容 and the widest block's columns."""
    return max(len(b.columns) for b in blocks) + 1


def spans(total: int, n: int) -> list[int]:
    """How `n` cells share `total` grid columns (the first ones take the remainder)."""
    base, extra = divmod(total, n)
    return [base + (1 if i < extra else 0) for i in range(n)]


# --- table 三 ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    key: str
    label: str  # as printed, without its group label
    group: str | None  # key of its second-level group (denied, unable, …), if any
    group_label: str | None
    index_in_group: int
    group_size: int
    in_results: bool  # under 三、本年度办理结果
    values: tuple


def request_rows(report: dict) -> list[RequestRow]:
    """The rows of table 三 the report has, in printed order, with their groups."""
    data = report.get(T.TABLE_REQUESTS) or {}
    labels = report.get("labels") or {}
    row_over, group_over = labels.get(T.TABLE_REQUESTS, {}), labels.get("groups", {})
    rows = [r for r in T.REQUEST_ROWS_ANY if r.key in data]
    keys = {r.key for r in rows}
    if "other" in keys and keys & {"other.no_correction", "other.unpaid_fee", "other.other"}:
        raise DisclosureError("报告同时有（六）其他处理的单行和它的三个子行")
    out = []
    for r in rows:
        group = r.group if r.group not in (None, "results") else None
        members = [x for x in rows if x.group == group] if group else [r]
        in_results = r.outcome or r.key == "total"
        out.append(RequestRow(
            key=r.key,
            label=row_over.get(r.key, r.label),
            group=group,
            group_label=group_over.get(group, T.REQUESTS_GROUP_LABELS[group]) if group else None,
            index_in_group=members.index(r),
            group_size=len(members),
            in_results=in_results,
            values=tuple(data[r.key].get(c) for c in T.REQUEST_COLUMN_KEYS),
        ))
    return out


def results_label(report: dict) -> str:
    return (report.get("labels") or {}).get("groups", {}).get("results", T.REQUESTS_GROUP_LABELS["results"])


def applicant_columns() -> tuple[str, ...]:
    """自然人, the five organisation columns, 总计."""
    return tuple(c.label for c in T.REQUEST_COLUMNS)


# --- table 四 ------------------------------------------------------------------------------------


def review_values(report: dict) -> tuple:
    data = report.get(T.TABLE_REVIEW) or {}
    return tuple(data.get(b.key, {}).get(c.key) for b in T.REVIEW_ROWS for c in T.REVIEW_COLUMNS)


def review_columns() -> tuple[str, ...]:
    return tuple(c.label for c in T.REVIEW_COLUMNS)

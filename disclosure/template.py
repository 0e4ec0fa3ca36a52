"""The national annual-report template, as data.

Two layouts are in force: 国办公开办函〔2021〕30号 ("2021", reports for 2021 on) and
国办公开办函〔2019〕60号 ("2019", reports for 2019 and 2020, and some agencies later).
Everything else (parser, store, checks, SQL, dashboard) reads the template from here,
so a label or key is written exactly once.

Keys follow docs/report-schema.md.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

TEMPLATE_2021 = "2021"
TEMPLATE_2019 = "2019"
TEMPLATE_LEGACY = "legacy"

TABLE_ACTIVE = "active"
TABLE_REQUESTS = "requests"
TABLE_REVIEW = "review_litigation"
TABLE_KEYS = (TABLE_ACTIVE, TABLE_REQUESTS, TABLE_REVIEW)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    variants: tuple[str, ...] = ()
    unit: str = "件"  # "万元" for money columns
    signed: bool = False  # may be negative (the 2019 template's 本年增/减)


@dataclass(frozen=True)
class Row:
    key: str
    label: str  # the official wording, without the group label
    columns: tuple[Column, ...]
    group: str | None = None  # key of the Group this row sits under
    variants: tuple[str, ...] = ()  # wordings seen in real reports (old or garbled)
    outcome: bool = False  # counts toward 三（七）总计
    section: str | None = None  # table 二: the 第二十条 item it is printed under

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    key: str
    number: str  # 二 / 三 / 四
    title: str
    rows: tuple[Row, ...]
    groups: tuple[Group, ...] = ()
    title_variants: tuple[str, ...] = ()

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @property
    def row_keys(self) -> tuple[str, ...]:
        return tuple(r.key for r in self.rows)

    def group(self, key: str) -> Group:
        for g in self.groups:
            if g.key == key:
                return g
        raise KeyError(key)


@dataclass(frozen=True)
class Section:
    key: str
    number: str  # 一 … 六
    title: str
    variants: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"{self.number}、{self.title}"


@dataclass(frozen=True)
class Template:
    version: str
    name: str  # the circular that defines it
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    markers: tuple[str, ...] = field(default=())  # header words only this layout prints

    def table(self, key: str) -> Table:
        for t in self.tables:
            if t.key == key:
                return t
        raise KeyError(key)


# --- sections -------------------------------------------------------------------------

SECTIONS = (
    Section("overview", "一", "总体情况"),
    Section("active", "二", "主动公开政府信息情况"),
    Section("requests", "三", "收到和处理政府信息公开申请情况"),
    Section(
        "review",
        "四",
        "政府信息公开行政复议、行政诉讼情况",
        variants=("因政府信息公开工作被申请行政复议、提起行政诉讼情况", "政府信息公开行政复议和行政诉讼情况"),
    ),
    Section(
        "problems",
        "五",
        "存在的主要问题及改进情况",
        variants=("政府信息公开工作存在的主要问题及改进情况",),
    ),
    Section("other", "六", "其他需要报告的事项"),
)

# --- table 三: requests -----------------------------------------------------------------

REQUEST_COLUMNS = (
    Column("natural_person", "自然人"),
    Column("commercial", "商业企业", variants=("商业", "企业")),
    Column("research", "科研机构", variants=("科研",)),
    Column("public_interest", "社会公益组织", variants=("社会公益", "社会组织")),
    Column("legal_services", "法律服务机构", variants=("法律服务", "中介机构")),
    Column("other_org", "其他"),
    Column("total", "总计"),
)
REQUEST_COLUMN_KEYS = tuple(c.key for c in REQUEST_COLUMNS)
APPLICANT_COLUMN_KEYS = REQUEST_COLUMN_KEYS[:-1]

REQUEST_GROUPS = (
    Group("results", "三、本年度办理结果"),
    Group("denied", "（三）不予公开"),
    Group("unable", "（四）无法提供", variants=("无价提供",)),
    Group("not_processed", "（五）不予处理"),
    Group("other", "（六）其他处理"),
)


def _request_row(key, label, group=None, variants=(), outcome=True):
    return Row(key, label, REQUEST_COLUMNS, group=group, variants=tuple(variants), outcome=outcome)


_REQUEST_HEAD = (
    _request_row("new_received", "一、本年新收政府信息公开申请数量",
                 variants=("一、本年新收到政府信息公开申请数量",), outcome=False),
    _request_row("carried_over", "二、上年结转政府信息公开申请数量", outcome=False),
    _request_row("granted", "（一）予以公开", group="results"),
    _request_row("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                 group="results"),
    _request_row("denied.state_secret", "1.属于国家秘密", group="denied"),
    _request_row("denied.prohibited_by_law", "2.其他法律行政法规禁止公开", group="denied",
                 variants=("2.其他法律、行政法规规定禁止公开", "2.其他法律行政止公开")),
    _request_row("denied.three_securities", "3.危及“三安全一稳定”", group="denied"),
    _request_row("denied.third_party", "4.保护第三方合法权益", group="denied"),
    _request_row("denied.internal_affairs", "5.属于三类内部事务信息", group="denied"),
    _request_row("denied.process_info", "6.属于四类过程性信息", group="denied"),
    _request_row("denied.enforcement_file", "7.属于行政执法案卷", group="denied"),
    _request_row("denied.inquiry", "8.属于行政查询事项", group="denied"),
    _request_row("unable.not_held", "1.本机关不掌握相关政府信息", group="unable"),
    _request_row("unable.needs_creation", "2.没有现成信息需要另行制作", group="unable"),
    _request_row("unable.unclear", "3.补正后申请内容仍不明确", group="unable"),
    _request_row("not_processed.complaint", "1.信访举报投诉类申请", group="not_processed",
                 variants=("1.住房举报投诉类申请",)),
    _request_row("not_processed.duplicate", "2.重复申请", group="not_processed"),
    _request_row("not_processed.publication", "3.要求提供公开出版物", group="not_processed"),
    _request_row("not_processed.excessive", "4.无正当理由大量反复申请", group="not_processed"),
    _request_row("not_processed.confirmation", "5.要求行政机关确认或重新出具已获取信息",
                 group="not_processed"),
)
_REQUEST_OTHER_SPLIT = (
    _request_row("other.no_correction",
                 "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", group="other",
                 variants=("1.申请人无正当理由逾期不予补正，行政机关不再处理其政府信息公开申请",)),
    _request_row("other.unpaid_fee",
                 "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                 group="other"),
    _request_row("other.other", "3.其他", group="other"),
)
_REQUEST_OTHER_SINGLE = (_request_row("other", "（六）其他处理"),)
_REQUEST_TAIL = (
    _request_row("total", "（七）总计", group="results", outcome=False),
    _request_row("carried_forward", "四、结转下年度继续办理", outcome=False),
)

REQUEST_ROWS_2021 = _REQUEST_HEAD + _REQUEST_OTHER_SPLIT + _REQUEST_TAIL
REQUEST_ROWS_2019 = _REQUEST_HEAD + _REQUEST_OTHER_SINGLE + _REQUEST_TAIL
# Every row a document of either layout may carry, in printed order: the parser aligns
# against this, so a 2021 report printed with the single （六） row still parses.
REQUEST_ROWS_ANY = _REQUEST_HEAD + _REQUEST_OTHER_SPLIT + _REQUEST_OTHER_SINGLE + _REQUEST_TAIL

_REQUEST_TITLE = "收到和处理政府信息公开申请情况"

# --- table 四: review and litigation ------------------------------------------------------

REVIEW_COLUMNS = (
    Column("upheld", "结果维持"),
    Column("corrected", "结果纠正"),
    Column("other", "其他结果"),
    Column("pending", "尚未审结"),
    Column("total", "总计"),
)
REVIEW_ROWS = (
    Row("review", "行政复议", REVIEW_COLUMNS),
    Row("litigation_direct", "行政诉讼·未经复议直接起诉", REVIEW_COLUMNS, variants=("未经复议直接起诉",)),
    Row("litigation_after_review", "行政诉讼·复议后起诉", REVIEW_COLUMNS, variants=("复议后起诉",)),
)
_REVIEW_TITLE = "政府信息公开行政复议、行政诉讼情况"

# --- table 二: proactive disclosure --------------------------------------------------------

_C_ISSUED = Column("issued", "本年制发件数")
_C_REPEALED = Column("repealed", "本年废止件数")
_C_IN_FORCE = Column("in_force", "现行有效件数")
_C_DECISIONS = Column("decisions", "本年处理决定数量", variants=("处理决定数量",))
_C_FEE_AMOUNT = Column("amount_wan", "本年收费金额（单位：万元）", unit="万元")

ACTIVE_ROWS_2021 = (
    Row("regulations", "规章", (_C_ISSUED, _C_REPEALED, _C_IN_FORCE), section="第二十条第（一）项"),
    Row("normative_documents", "行政规范性文件", (_C_ISSUED, _C_REPEALED, _C_IN_FORCE),
        variants=("规范性文件",), section="第二十条第（一）项"),
    Row("licensing", "行政许可", (_C_DECISIONS,), section="第二十条第（五）项"),
    Row("penalty", "行政处罚", (_C_DECISIONS,), section="第二十条第（六）项"),
    Row("enforcement", "行政强制", (_C_DECISIONS,), section="第二十条第（六）项"),
    Row("fees", "行政事业性收费", (_C_FEE_AMOUNT,), section="第二十条第（八）项"),
)

_C_MADE = Column("made", "本年新制作数量")
_C_PUBLISHED = Column("published", "本年新公开数量")
_C_TOTAL_PUBLISHED = Column("total_published", "对外公开总数量")
_C_PREVIOUS = Column("previous", "上一年项目数量")
_C_CHANGE = Column("change", "本年增/减", signed=True)
_C_DECISIONS_2019 = Column("decisions", "处理决定数量")
_C_PROJECTS = Column("projects", "采购项目数量")
_C_PROCUREMENT_AMOUNT = Column("amount_wan", "采购总金额", unit="万元")
_DOC_COLUMNS_2019 = (_C_MADE, _C_PUBLISHED, _C_TOTAL_PUBLISHED)
_ITEM_COLUMNS_2019 = (_C_PREVIOUS, _C_CHANGE, _C_DECISIONS_2019)

ACTIVE_ROWS_2019 = (
    Row("regulations", "规章", _DOC_COLUMNS_2019, section="第二十条第（一）项"),
    Row("normative_documents", "规范性文件", _DOC_COLUMNS_2019,
        variants=("行政规范性文件",), section="第二十条第（一）项"),
    Row("licensing", "行政许可", _ITEM_COLUMNS_2019, section="第二十条第（五）项"),
    Row("other_services", "其他对外管理服务事项", _ITEM_COLUMNS_2019, section="第二十条第（五）项"),
    Row("penalty", "行政处罚", _ITEM_COLUMNS_2019, section="第二十条第（六）项"),
    Row("enforcement", "行政强制", _ITEM_COLUMNS_2019, section="第二十条第（六）项"),
    Row("fees", "行政事业性收费", (_C_PREVIOUS, _C_CHANGE), section="第二十条第（八）项"),
    Row("procurement", "政府集中采购", (_C_PROJECTS, _C_PROCUREMENT_AMOUNT), section="第二十条第（九）项"),
)
_ACTIVE_TITLE = "主动公开政府信息情况"

# --- the two templates ----------------------------------------------------------------------

TEMPLATES: dict[str, Template] = {
    TEMPLATE_2021: Template(
        TEMPLATE_2021,
        "国办公开办函〔2021〕30号",
        SECTIONS,
        (
            Table(TABLE_ACTIVE, "二", _ACTIVE_TITLE, ACTIVE_ROWS_2021),
            Table(TABLE_REQUESTS, "三", _REQUEST_TITLE, REQUEST_ROWS_2021, REQUEST_GROUPS),
            Table(TABLE_REVIEW, "四", _REVIEW_TITLE, REVIEW_ROWS),
        ),
        markers=("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额"),
    ),
    TEMPLATE_2019: Template(
        TEMPLATE_2019,
        "国办公开办函〔2019〕60号",
        SECTIONS,
        (
            Table(TABLE_ACTIVE, "二", _ACTIVE_TITLE, ACTIVE_ROWS_2019),
            Table(TABLE_REQUESTS, "三", _REQUEST_TITLE, REQUEST_ROWS_2019, REQUEST_GROUPS),
            Table(TABLE_REVIEW, "四", _REVIEW_TITLE, REVIEW_ROWS),
        ),
        markers=("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                 "其他对外管理服务事项", "政府集中采购"),
    ),
}


def template(version: str) -> Template:
    try:
        return TEMPLATES[version]
    except KeyError:
        raise KeyError(f"unknown template version {version!r}") from None


def default_template_for_year(year: int | None) -> str:
    """The layout a report for `year` should use by the circulars."""
    return TEMPLATE_2019 if year is not None and year < 2021 else TEMPLATE_2021


# Outcome rows of table 三 whose sum must equal （七）总计. A document has either the three
# other.* rows or the single `other` row, never both.
OUTCOME_ROW_KEYS = tuple(r.key for r in REQUEST_ROWS_ANY if r.outcome)


def request_row(key: str) -> Row:
    for r in REQUEST_ROWS_ANY:
        if r.key == key:
            return r
    raise KeyError(key)


def row_label(table_key: str, row_key: str, version: str = TEMPLATE_2021) -> str:
    """The full display label of a row, with its group: （三）不予公开 · 1.属于国家秘密."""
    if table_key == TABLE_REQUESTS:
        r = request_row(row_key)
        if r.group and r.group != "results":
            return f"{REQUESTS_GROUP_LABELS[r.group]}·{r.label}"
        return r.label
    tbl = template(version).table(table_key)
    try:
        return tbl.row(row_key).label
    except KeyError:
        other = TEMPLATE_2019 if version == TEMPLATE_2021 else TEMPLATE_2021
        return template(other).table(table_key).row(row_key).label


@lru_cache(maxsize=None)
def column(table_key: str, row_key: str, column_key: str, version: str = TEMPLATE_2021) -> Column:
    """The Column of a cell (its label, unit, sign), from `version`'s layout first."""
    if table_key == TABLE_REQUESTS:
        return {c.key: c for c in REQUEST_COLUMNS}[column_key]
    if table_key == TABLE_REVIEW:
        return {c.key: c for c in REVIEW_COLUMNS}[column_key]
    for v in (version, TEMPLATE_2019 if version == TEMPLATE_2021 else TEMPLATE_2021):
        tbl = template(v).table(table_key)
        if row_key in tbl.row_keys:
            for c in tbl.row(row_key).columns:
                if c.key == column_key:
                    return c
    raise KeyError((table_key, row_key, column_key))


def column_label(table_key: str, row_key: str, column_key: str, version: str = TEMPLATE_2021) -> str:
    return column(table_key, row_key, column_key, version).label


REQUESTS_GROUP_LABELS = {g.key: g.label for g in REQUEST_GROUPS}
TABLE_TITLES = {TABLE_ACTIVE: _ACTIVE_TITLE, TABLE_REQUESTS: _REQUEST_TITLE, TABLE_REVIEW: _REVIEW_TITLE}
TABLE_NUMBERS = {TABLE_ACTIVE: "二", TABLE_REQUESTS: "三", TABLE_REVIEW: "四"}


def cell_label(table_key: str, row_key: str, column_key: str, version: str = TEMPLATE_2021) -> str:
    """How a cell is named to users: 表三“（四）无法提供·1.本机关不掌握相关政府信息”自然人."""
    return (f"表{TABLE_NUMBERS[table_key]}“{row_label(table_key, row_key, version)}”"
            f"{column_label(table_key, row_key, column_key, version)}")


_ROW_ORDER = {(t.key, r.key): i for tpl in TEMPLATES.values() for t in tpl.tables for i, r in enumerate(t.rows)}
_ROW_ORDER.update({(TABLE_REQUESTS, r.key): i for i, r in enumerate(REQUEST_ROWS_ANY)})
_COLUMN_ORDER = {c.key: i for i, c in enumerate(REQUEST_COLUMNS + REVIEW_COLUMNS)}


def printed_order(key: tuple[str, str, str]) -> tuple[int, int, str]:
    """Sort key of a cell (table, row, column) within its table: the template's printed order."""
    t, r, c = key
    return _ROW_ORDER.get((t, r), 999), _COLUMN_ORDER.get(c, 99), c

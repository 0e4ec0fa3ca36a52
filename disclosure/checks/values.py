"""Single cells: negative counts, fractional counts, values out of range, blanks where the
template wants 0."""
from __future__ import annotations

from .. import template as T
from ..metrics import address
from ..parse.ranges import label_of, shown_raw, unit_of
from ..parse.values import MAX_COUNT, MAX_MONEY, out_of_range, parse_number
from ..wording import first_few
from .catalog import ERROR, WARNING, rule


def _column(rep, t, r, c) -> T.Column | None:
    try:
        return T.column(t, r, c, rep.version)
    except KeyError:
        return None


@rule(
    "VAL.NEGATIVE", ERROR, "values",
    title="数值为负",
    message="{cell}为 {actual}，不应为负数",
    doc="件数和金额不能为负。2019 年模板表二的“本年增/减”列可以为负，不在此列。",
    example="某局表二“行政处罚”本年处理决定数量填 -3。",
)
def negative(rule, corpus):
    for rep in corpus.reports:
        for (t, r, c), v in rep.cells.items():
            if v is None or v >= 0:
                continue
            col = _column(rep, t, r, c)
            if not (col is not None and col.signed):
                yield rule.finding(rep, [address(t, r, c)], expected="≥ 0", actual=v,
                                   cell=T.cell_label(t, r, c, rep.version))


@rule(
    "VAL.NOT_INTEGER", ERROR, "values",
    title="件数不是整数",
    message="{cell}为 {actual}，件数应为整数",
    doc="以“件”计的单元格（申请数、决定数、复议诉讼数等）应为整数；以“万元”计的金额列可以有小数。",
    example="某县表三“（一）予以公开”自然人填 2.5。",
)
def not_integer(rule, corpus):
    for rep in corpus.reports:
        for (t, r, c), v in rep.cells.items():
            if v is None or type(v) is int or v.is_integer():
                continue
            col = _column(rep, t, r, c)
            if col is not None and col.unit == "件":
                yield rule.finding(rep, [address(t, r, c)], expected="整数", actual=v,
                                   cell=T.cell_label(t, r, c, rep.version))


@rule(
    "VAL.RANGE", ERROR, "values",
    title="数值超出合理范围",
    message="{cell}印有 {printed}，{reason}",
    doc="单元格的数值大得不可能：件数超过 10 亿、金额超过 1 万亿元（10⁸ 万元），或超过 2⁵³"
        "（此后双精度数不能精确表示每个整数，加总会出错）。这样的值按原文保存、照常参与其他核查；"
        "位数多到无法作为数值保存的（数百位数字），单元格按空白存储并保留原文，在此列出而不作为“留空”。"
        "多为录入错误（粘贴了别的内容、多打了一串数字）。",
    example="某局表三“本年新收政府信息公开申请数量”自然人印有 10000000000000000000000000000000000000000。",
)
def value_range(rule, corpus):
    lowest = min(MAX_MONEY, MAX_COUNT)  # no value below every limit is out of range: most cells
    for rep in corpus.reports:
        version = rep.version
        printed = rep.raw
        for (t, r, c), v in rep.cells.items():
            if v is not None and -lowest <= v <= lowest:
                continue
            raw = printed.get((t, r, c)) or ""
            if v is None:
                # a number no double holds was stored blank, its text kept
                parsed = parse_number(raw) if raw.strip() else None
                reason = out_of_range(parsed.value) if parsed is not None else None
            else:
                reason = out_of_range(v, unit_of(t, r, c, version))
            if reason:
                yield rule.finding(rep, [address(t, r, c)], expected="合理范围内的数值", actual=shown_raw(raw) or v,
                                   cell=label_of(t, r, c, version), printed=shown_raw(raw) or v, reason=reason)


def _printed_number(raw: str | None) -> bool:
    """A blank cell whose text is a number: one too long to store (VAL.RANGE), not a blank."""
    return bool(raw and raw.strip()) and parse_number(raw) is not None


@rule(
    "VAL.BLANK", WARNING, "values",
    title="单元格留空",
    message="表{table}有 {count} 个单元格留空或填“/”等符号，应填 0：{first}",
    doc="模板要求没有数据的单元格填 0。留空或填“/”“-”“—”“无”的单元格按空白存储（不当作 0），"
        "每张表报一条，列出全部空白单元格；含空白单元格的加总不作判断（不报勾稽错误）。",
    example="上海市人民政府办公厅 2019 年报告表三“（一）予以公开”等行的总计列留空。",
)
def blank(rule, corpus):
    for rep in corpus.reports:
        if None not in rep.cells.values():
            continue
        printed = rep.raw
        for t in T.TABLE_KEYS:
            blanks = [(r, c) for (_t, r, c) in rep.sorted_cells(t)
                      if rep.cells[(t, r, c)] is None and not _printed_number(printed.get((t, r, c)))]
            if not blanks:
                continue
            version = rep.version
            cells = [address(t, r, c) for r, c in blanks]
            raws = {address(t, r, c): printed.get((t, r, c)) or "" for r, c in blanks}
            first = first_few((T.cell_label(t, r, c, version) for r, c in blanks), 3)
            yield rule.finding(rep, cells, expected=0, actual=sorted(set(raws.values())),
                               evidence={"printed": raws}, table=T.TABLE_NUMBERS[t],
                               count=len(blanks), first=first)


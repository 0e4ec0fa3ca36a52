"""What the narrative says, on its own: an empty problems section, fees said and denied."""
from __future__ import annotations

import re
from decimal import Decimal

from .. import template as T
from ..metrics import address
from ..parse.labels import core
from .catalog import WARNING, rule
from .prose import NUM, number, quote, sentences

_SHORTCOMINGS = re.compile(
    r"问题|不足|差距|短板|薄弱|弱项|有待|不够|不高|不强|不深|不细|欠缺|缺乏|滞后|还需|仍需|尚需|亟需|需要进一步|"
    r"不到位|不规范|不及时|不全面|不完善|不平衡|不统一|较少|单一|偏少|偏低|较弱"
)
_DENIAL = re.compile(r"(?:无|没有|不存在|未发现|未存在|暂未发现)[^。;,]{0,8}?(?:问题|不足)")
_PROBLEMS = next(s.heading for s in T.SECTIONS if s.key == "problems")
MIN_CONTENT = 20  # characters of content (no punctuation, numbering) a real problems section exceeds


def problems_emptiness(text: str) -> str | None:
    """Why a problems section says nothing (Chinese), or None when it names a shortcoming."""
    content = core(text)
    if len(content) < MIN_CONTENT:
        return "为空" if not content else f"只有“{text.strip()[:20]}”"
    flat = "".join(text.split())
    stripped = _DENIAL.sub("", flat)
    if _DENIAL.search(flat) and not _SHORTCOMINGS.search(stripped):
        return "称没有问题"
    if not _SHORTCOMINGS.search(flat):
        return "是套话，没有指出任何问题"
    return None


@rule(
    "NARR.PROBLEMS_EMPTY", WARNING, "narrative",
    title="“存在的主要问题”未写实",
    message="“{heading}”一节{why}",
    doc="第五部分应写出本机关政府信息公开工作存在的具体问题和改进措施。内容为空、只写“无”、"
        "只称没有问题，或通篇没有指出任何不足（问题、不足、差距、有待、不够……一词都没有）的套话，报出。"
        "缺少第五部分本身由 STRUCT.SECTIONS 报出。",
    example="某街道办事处报告第五部分只写“无。”。",
)
def problems_empty(rule, corpus):
    for rep in corpus.reports:
        section = rep.section("problems")
        if section is None:
            continue
        why = problems_emptiness(section.text)
        if why:
            yield rule.finding(rep, [], expected="写明存在的问题及改进情况", actual=section.text[:200],
                               evidence={"printed_heading": section.heading}, why=why, heading=_PROBLEMS)


_FEE = r"信息处理费"
_AMOUNT = r"(?P<n>\d+(?:\.\d+)?|" + NUM + r")(?P<unit>万元|元)"
_CHARGED = re.compile(r"(?:收取|收缴|征收)了?[^。;,]{0,16}?" + _FEE + r"(?:共计|共|合计|总计|为)?" + _AMOUNT)
_COLLECTED_NONE = (
    re.compile(r"(?:未|没有|无|不|免)(?:收取|收缴|收费|产生|发生|征收|收)[^。;,]{0,12}?" + _FEE),
    re.compile(_FEE + r"[^。;,]{0,6}?为?(?:0|零)(?:元|万元)"),
)
_CHARGES_NONE = (  # no fee is ever asked: contradicts fee notices counted in table 三
    re.compile(r"(?:未|没有)(?:发出|出具|开具|送达)[^。;,]{0,8}?收费通知"),
    re.compile(r"(?:不|免|未)(?:收取|收)任何费用"),
    re.compile(r"免(?:收|除|予收取)[^。;,]{0,6}?" + _FEE),
)


def _amount(m) -> Decimal | None:
    raw = m["n"]
    n = Decimal(raw) if re.fullmatch(r"\d+(?:\.\d+)?", raw) else (Decimal(number(raw)) if number(raw) is not None else None)
    return n


def fee_statements(report):
    """(charged: [(amount, unit, sentence)], collected_none: [sentence], charges_none: [sentence])."""
    charged, none, never = [], [], []
    for s in sentences(report):
        if "费" not in s.text:
            continue
        m = _CHARGED.search(s.text)
        if m:
            amount = _amount(m)
            if amount:
                charged.append((amount, m["unit"], s.text))
                continue
            if amount == 0:
                none.append(s.text)
                continue
        if any(p.search(s.text) for p in _CHARGES_NONE):
            never.append(s.text)
            none.append(s.text)
        elif any(p.search(s.text) for p in _COLLECTED_NONE):
            none.append(s.text)
    return charged, none, never


@rule(
    "NARR.FEE_CONFLICT", WARNING, "narrative",
    title="信息处理费说法矛盾",
    message="信息处理费前后矛盾：“{said}”与“{denied}”",
    doc="报告一处说收取了信息处理费（金额大于 0），另一处说未收取；或表三“（六）2.申请人逾期未按收费通知要求缴纳费用”"
        "记有申请（即发过收费通知），正文却说未发出收费通知、不收取任何费用。"
        "“未收取信息处理费”与表三的逾期未缴费并不矛盾（通知发了，费没收到），不报。",
    example="某局第一部分称“全年收取信息处理费 200 元”，第六部分称“本年度未收取信息处理费”。",
)
def fee_conflict(rule, corpus):
    for rep in corpus.reports:
        charged, none, never = fee_statements(rep)
        if charged and none:
            amount, unit, said = charged[0]
            yield rule.finding(rep, [], expected=f"{amount}{unit}", actual=0,
                               evidence={"charged": [quote(t, 200) for _, _, t in charged],
                                         "denied": [quote(t, 200) for t in none]},
                               said=quote(said, 40), denied=quote(none[0], 40))
        unpaid = rep.value(T.TABLE_REQUESTS, "other.unpaid_fee", "total")
        if unpaid and never:
            cell = address(T.TABLE_REQUESTS, "other.unpaid_fee", "total")
            said = f"{T.cell_label(T.TABLE_REQUESTS, 'other.unpaid_fee', 'total')}为 {int(unpaid)}"
            yield rule.finding(rep, [cell], expected=unpaid, actual=0,
                               evidence={"denied": [quote(t, 200) for t in never]},
                               said=said, denied=quote(never[0], 40))

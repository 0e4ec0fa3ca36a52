"""The narrative against the tables and against the report's own year."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import template as T
from ..metrics import address, exact_sum, plain
from .catalog import WARNING, rule
from .prose import NUM, Sentence, number, quote, sentences

R, V = T.TABLE_REQUESTS, T.TABLE_REVIEW
_UNIT = r"(?:件|个|宗|起|条|份|次|人次)"
_REQUEST_WORDS = r"(?:政府信息公开申请|信息公开申请|依申请公开申请|依申请公开事项|依申请公开)"
_RECEIVED = re.compile(
    r"(?:受理|收到|接收|接到|新收)(?P<gap>[^。;,]{0,12}?)" + _REQUEST_WORDS
    + r"(?:数量|总数|件数)?(?:为|共计|共|合计|总计|累计|达)?(?P<n>" + NUM + r")" + _UNIT
)
_RECEIVED_NONE = (
    re.compile(r"(?:未|没有|无|暂无)(?:收到|受理|接到|接收|新收)(?P<gap>[^。;,]{0,10}?)" + _REQUEST_WORDS),
    re.compile(r"(?:未|没有|无)(?:发生|产生)?依申请公开(?:事项|申请|情况)(?P<gap>)"),
    re.compile(r"(?:政府信息公开申请|依申请公开申请?)(?:数量|件数|总数)?为?(?:0|零)(?P<gap>)" + _UNIT),
)
_REVIEW_WORD = r"行政复议"
_LAWSUIT_WORD = r"(?:行政)?诉讼"
_COUNT_AFTER = r"(?:案件|申请)?(?:共计|共|合计|总计|为)?(?P<n>" + NUM + r")" + r"(?:件|个|宗|起|次)"
_NONE_BEFORE = r"(?:未|没有|无)(?:发生|出现|收到|被)?(?P<gap>[^。;,]{0,24}?)"
_NOT_ABOUT_COUNT = re.compile(r"纠错|纠正|败诉|撤销|确认违法|以来")
_CLAIMS = {
    "review": (re.compile(_REVIEW_WORD + _COUNT_AFTER), re.compile(_NONE_BEFORE + _REVIEW_WORD)),
    "lawsuits": (re.compile(_LAWSUIT_WORD + _COUNT_AFTER), re.compile(_NONE_BEFORE + r"(?:行政复议(?:和|、|或|及)(?:提起)?)?" + _LAWSUIT_WORD)),
}
_REVIEW_PARTS = tuple(c.key for c in T.REVIEW_COLUMNS if c.key != "total")
_LAWSUIT_BLOCKS = ("litigation_direct", "litigation_after_review")


@dataclass
class Claim:
    what: str  # received / review / lawsuits
    count: int  # 0 for "none"
    sentence: Sentence


def claims(report) -> list[Claim]:
    """What the narrative says it received, and how many reviews and lawsuits it had."""
    out: list[Claim] = []
    for s in sentences(report):
        text = s.text
        # every pattern below names 申请, 复议 or 诉讼: a sentence without them claims nothing
        asks, disputes = "申请" in text, "复议" in text or "诉讼" in text
        if not (asks or disputes):
            continue
        for m in (_RECEIVED.finditer(text) if asks else ()):
            n = number(m["n"])
            if n is not None and not re.search("结转|上年", m["gap"]):
                out.append(Claim("received", n, s))
        for pattern in (_RECEIVED_NONE if asks else ()):
            m = pattern.search(text)
            if m and not re.search("结转|上年", m["gap"]):
                out.append(Claim("received", 0, s))
                break
        about_disclosure = "公开" in text or s.section == "review"
        if not (about_disclosure and disputes):
            continue
        for what, (count_re, none_re) in _CLAIMS.items():
            m = count_re.search(text)
            if m and number(m["n"]) is not None:
                out.append(Claim(what, number(m["n"]), s))
                continue
            m = none_re.search(text)
            if m and not _NOT_ABOUT_COUNT.search(m["gap"] + text[m.end():m.end() + 8]):
                out.append(Claim(what, 0, s))
    return out


def _value(rep, t, r, c):
    v = rep.value(t, r, c)
    return 0 if v is None else v


def _review_counts(rep, blocks) -> tuple[list[str], set] | None:
    """(cells, the counts the table supports: its total and the sum of its results).

    None when table 四 is all blank, or holds a negative number (VAL.NEGATIVE's: no count
    can be read from it). A count that matches either the total or the results is taken:
    where those two differ, T4.SUM reports it.
    """
    keys = [(V, b, c) for b in blocks for c in _REVIEW_PARTS + ("total",)]
    values = [rep.value(*k) for k in keys]
    if all(v is None for v in values) or any(v is not None and v < 0 for v in values):
        return None
    total = exact_sum(_value(rep, V, b, "total") for b in blocks)
    parts = exact_sum(_value(rep, V, b, c) for b in blocks for c in _REVIEW_PARTS)
    return [address(V, b, "total") for b in blocks], {total, parts}


def _received_counts(rep):
    """(cells, counts the table supports, what it counts, cells that count some) or None."""
    new = rep.value(R, "new_received", "total")
    if new is None or rep.negative_in(R):
        return None
    carried = rep.value(R, "carried_over", "total") or 0
    outcome_rows = [r.key for r in T.REQUEST_ROWS_ANY if r.outcome] + ["total"]
    handled = {r: rep.value(R, r, "total") for r in outcome_rows if rep.value(R, r, "total")}
    # a table "counts some" when it received some, or handled more than it carried over
    handled_sum = max(handled.get("total", 0), exact_sum(v for r, v in handled.items() if r != "total"))
    counted = new if new else (handled_sum if handled_sum > carried else 0)
    some_cells = [address(R, "new_received", "total")] if new else [address(R, r, "total") for r in handled]
    return [address(R, "new_received", "total")], {exact_sum([new]), exact_sum([new, carried])}, counted, some_cells


@rule(
    "TXT.REQUESTS", WARNING, "text",
    title="正文与表格数字矛盾",
    message="正文“{quote}”与表{table}不符：正文为 {actual} 件，表中为 {expected} 件",
    doc="正文所说的申请、复议、诉讼数应与表格一致：正文称未收到申请而表三记有申请；"
        "“受理/收到政府信息公开申请 N 件”不等于表三本年新收总计（也不等于新收加上年结转）；"
        "“行政复议 N 件”“行政诉讼 N 件”（或称没有复议、诉讼）既不等于表四的总计，也不等于各项结果之和"
        "（两者不等时由 T4.SUM 报出）。表中有负数时不作判断（由 VAL.NEGATIVE 报出）。"
        "阿拉伯数字和汉字数字（二十一件）都能识别；复议、诉讼只读提到“公开”的句子。",
    example="神池县教育科技局 2023 年报告正文称“全年我局未收到政府信息公开申请”，表三（四）1 却记有 1 件。",
)
def requests_text(rule, corpus):
    for rep in corpus.reports:
        if rep.legacy:
            continue
        seen: set[tuple] = set()
        received = None  # what table 三 supports: worked out once, for the report's first claim
        for c in claims(rep):
            if c.what == "received":
                if received is None:
                    received = (_received_counts(rep),)
                counts = received[0]
                if counts is None:
                    continue
                cells, supported, counted, some_cells = counts
                if c.count == 0:
                    if not counted:
                        continue
                    cells, expected = some_cells, counted
                elif c.count in supported:
                    continue
                else:
                    expected = rep.value(R, "new_received", "total")
                table = T.TABLE_NUMBERS[R]
            else:
                blocks = ("review",) if c.what == "review" else _LAWSUIT_BLOCKS
                counts = _review_counts(rep, blocks)
                if counts is None:
                    continue
                cells, supported = counts
                if c.count in supported:
                    continue
                expected = exact_sum(_value(rep, V, b, "total") for b in blocks)
                table = T.TABLE_NUMBERS[V]
            key = tuple(cells)
            if key in seen:
                continue
            seen.add(key)
            yield rule.finding(rep, cells, expected=plain(expected), actual=c.count,
                               evidence={"sentence": quote(c.sentence.text, 200), "claim": c.what},
                               quote=quote(c.sentence.text), table=table)


_YEAR_LED = re.compile(r"^(?:[(][一二三四五六七八九十]{1,3}[)]|[一二三四五六七八九十]{1,3}[、.]|\d{1,2}[.、])?"
                       r"(?P<y>(?:19|20)\d{2})年度?(?P<after>,|我|本(?:局|机关|单位|部门|委|办|院|中心|级)|全(?:年|市|区|县|省|局|镇|乡|委|办))")
_FUTURE = re.compile(r"将|计划|拟|力争|继续|持续|进一步|要|争取|预计")
_PERIOD = re.compile(r"统计(?:期限|时限|时间|周期|区间|期间|范围)[^。]{0,10}?(?P<y>(?:19|20)\d{2})年")
_PERIOD_END = re.compile(r"统计(?:期限|时限|时间|周期|区间|期间|范围)[^。]{0,30}?(?:至|到|-|—)(?P<y>(?:19|20)\d{2})年12月31日")
_NAMED = re.compile(r"(?P<y>(?:19|20)\d{2})年度?[^。,;]{0,24}?(?:政府)?信息公开(?:工作)?年度?报告")


def year_slips(report) -> list[tuple[int, str]]:
    """(year, sentence) where the narrative treats another year as the report's year."""
    year = report.year
    out = []
    for s in sentences(report):
        text = s.text
        m = _YEAR_LED.match(text)
        if m:
            y = int(m["y"])
            future = y > year and _FUTURE.search(text)
            if y != year and year - 2 <= y <= year + 1 and not future:
                out.append((y, text))
                continue
        m = _PERIOD.search(text) or _PERIOD_END.search(text)
        if m and int(m["y"]) != year:
            out.append((int(m["y"]), text))
            continue
        m = _NAMED.search(text)
        if m and s.section == "preamble" and int(m["y"]) != year:
            out.append((int(m["y"]), text))
    return out


@rule(
    "TXT.YEAR", WARNING, "text",
    title="正文年份错误",
    message="正文把 {years} 年当作报告年度（本报告为 {expected} 年度）：“{quote}”{more}",
    doc="正文以别的年份作报告年度：以“上一年（或前两年、下一年）+ 年，我局/全市……”开头的句子，"
        "不是报告年度的统计期限，导语中称“XXXX 年度政府信息公开工作年度报告”而年份不对。"
        "正当地提到往年或来年的不算：“2022 年以来”“与 2022 年相比”等只在句中出现的年份，"
        "以及讲下一年计划的句子（“2024 年，我们将……”）。",
    example="2023 年度报告中写“2022 年，我局共主动公开政府信息 120 条”，是照抄上年报告未改年份。",
)
def wrong_year(rule, corpus):
    for rep in corpus.reports:
        slips = year_slips(rep)
        if not slips:
            continue
        years = sorted({y for y, _ in slips})
        more = f"等 {len(slips)} 处" if len(slips) > 1 else ""
        yield rule.finding(rep, [], expected=rep.year, actual=years[0] if len(years) == 1 else years,
                           evidence={"sentences": [quote(t, 200) for _, t in slips]},
                           quote=quote(slips[0][1]), more=more, years="、".join(map(str, years)))

"""The report's shape against the national template: sections, tables, labels, layout."""
from __future__ import annotations

import re

from .. import template as T
from ..metrics import address
from ..parse.labels import similarity
from ..parse.sections import numeral_value, statutory_key
from ..wording import first_few
from .catalog import ERROR, INFO, WARNING, rule

R = T.TABLE_REQUESTS
_NUMBERED = re.compile(r"^\s*([一二三四五六七八九十]{1,2})\s*[、.．]\s*(.*)$")
_SUBHEADING = re.compile(r"^\s*(?:[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）]|\d{1,2}\s*[.、．])\s*(\S.{1,40})$")
_STATUTORY = {s.key: s for s in T.SECTIONS}
RENAMED_MIN = 0.6  # a heading this close to a missing statutory title (or in its place) is it renamed
DEMOTED_MIN = 0.8  # a subheading this close to a statutory title is that section demoted


def _title_of(heading: str) -> tuple[int, str]:
    m = _NUMBERED.match(heading)
    return (numeral_value(m.group(1)), m.group(2).strip()) if m else (0, heading.strip())


def _best(title: str, keys) -> tuple[str | None, float]:
    best, score = None, 0.0
    for k in keys:
        s = _STATUTORY[k]
        sim = max(similarity(lbl, title) for lbl in (s.title,) + s.variants)
        if sim > score:
            best, score = k, sim
    return best, score


def section_issues(report) -> list[str]:
    """How the top-level headings deviate from the six statutory sections, in Chinese."""
    printed = [s for s in report.sections if s.heading]
    issues: list[str] = []
    seen: set[str] = set()
    unmatched = []
    for s in printed:
        number, title = _title_of(s.heading)
        if s.key in _STATUTORY and s.key not in seen:
            seen.add(s.key)
            want = _STATUTORY[s.key]
            if number != numeral_value(want.number):
                issues.append(f"“{s.heading}”序号应为“{want.number}”")
        else:
            unmatched.append((s, title))
    missing = [k for k in _STATUTORY if k not in seen]
    for k in list(missing):
        demoted = _demoted_as(report, k)
        if demoted:
            issues.append(f"“{_STATUTORY[k].heading}”降为小标题“{demoted}”")
            missing.remove(k)
    for s, title in unmatched:
        key, score = _best(title, missing)
        if key is None or score < RENAMED_MIN:
            # a heading numbered where a statutory section is missing stands in its place
            number = _title_of(s.heading)[0]
            key = next((k for k in missing if numeral_value(_STATUTORY[k].number) == number), None)
        if key is not None:
            issues.append(f"“{s.heading}”应为“{_STATUTORY[key].heading}”")
            missing.remove(key)
        else:
            issues.append(f"多出“{s.heading}”")
    issues += [f"缺少“{_STATUTORY[k].heading}”" for k in missing]
    return issues


def _demoted_as(report, key: str) -> str | None:
    """The subheading (（一）…, 1.…) inside another section that carries this section's title."""
    for s in report.sections:
        for line in s.text.split("\n"):
            m = _SUBHEADING.match(line)
            if m and "。" not in m.group(1) and _best(m.group(1), [key])[1] >= DEMOTED_MIN:
                return line.strip()
    return None


@rule(
    "STRUCT.SECTIONS", WARNING, "structure",
    title="章节结构不合模板",
    message="章节与法定六部分不同：{summary}",
    doc="报告正文应依次为六个法定部分：一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
        "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项。"
        "列出每一处偏离：缺少、多出、改名（标题与缺少的法定部分相近，或占了它的序号）、序号不对，"
        "以及法定部分（连同其统计表）被降为别的部分下的小标题。"
        "标题措辞略有不同（如“政府信息公开工作存在的主要问题及改进情况”）不算改名。",
    example="神池县教育科技局 2023 年报告自拟“二、工作概述”“三、政府信息公开情况”，把主动公开、依申请公开、"
            "复议诉讼三部分降为“三”下的（一）（二）（三），问题与其他事项编为四、五。",
)
def sections(rule, corpus):
    for rep in corpus.reports:
        if rep.legacy:
            continue
        issues = section_issues(rep)
        if issues:
            yield rule.finding(rep, [], expected=[s.heading for s in T.SECTIONS],
                               actual=[s.heading for s in rep.sections if s.heading],
                               evidence={"issues": issues}, summary="；".join(issues))


@rule(
    "STRUCT.TABLE_MISSING", ERROR, "structure",
    title="缺少法定统计表",
    message="缺少法定统计表或表中没有数字：{tables}",
    doc="表二（主动公开）、表三（依申请公开）、表四（复议诉讼）三张统计表都必须有，且填有数字（0 也是数字）。"
        "读不出某张表、或表中全部留空时报出。",
    example="某镇报告只有文字，没有表三和表四。",
)
def table_missing(rule, corpus):
    for rep in corpus.reports:
        if rep.legacy:
            continue
        missing = [t for t in T.TABLE_KEYS
                   if not any(v is not None for (tt, _r, _c), v in rep.cells.items() if tt == t)]
        if missing:
            names = "、".join(f"表{T.TABLE_NUMBERS[t]}（{T.TABLE_TITLES[t]}）" for t in missing)
            yield rule.finding(rep, [], expected=list(T.TABLE_KEYS), actual=[t for t in T.TABLE_KEYS if t not in missing],
                               evidence={"missing": missing}, tables=names)


@rule(
    "STRUCT.LABELS", INFO, "structure",
    title="表格标签与模板措辞不同",
    message="{count} 处表格标签与模板措辞不同：{first}",
    doc="表格的行、列、分组标签应与模板措辞一致。错字、漏字、旧模板措辞都会列出（印制的标签与模板标签各一），"
        "只差标点、空格、编号的不算。",
    example="洪泽区人民政府 2023 年报告把“2.其他法律行政法规禁止公开”印成“2.其他法律行政止公开”。",
)
def labels(rule, corpus):
    for rep in corpus.reports:
        if not rep.deviations:
            continue
        pairs = [f"“{d.printed}”应为“{d.expected}”" for d in rep.deviations]
        first = first_few(pairs, 2, "；")
        yield rule.finding(rep, [], expected=[d.expected for d in rep.deviations],
                           actual=[d.printed for d in rep.deviations],
                           evidence={"labels": [{"table": d.table, "row": d.row, "kind": d.kind,
                                                 "printed": d.printed, "expected": d.expected}
                                                for d in rep.deviations]},
                           count=len(pairs), first=first)


@rule(
    "STRUCT.OLD_TEMPLATE", WARNING, "structure",
    title="沿用 2019 年旧模板",
    message="{report_year} 年度报告沿用 2019 年模板：{what}",
    doc="2021 年度起应使用国办公开办函〔2021〕30号模板。表二印的是 2019 年模板的列（本年新制作数量、上一年项目数量等），"
        "或表三“（六）其他处理”只印一行、没有分为三项的，报出。（六）只印一行的报告，办理结果合计按这一行计算，"
        "不另报勾稽错误。",
    example="洪泽区人民政府 2023 年报告表三“（六）其他处理”只有一行，没有分为“1.申请人无正当理由逾期不补正……”等三项。",
)
def old_template(rule, corpus):
    for rep in corpus.reports:
        if rep.year < 2021 or rep.legacy:
            continue
        what, cells = [], []
        if rep.template == T.TEMPLATE_2019:
            what.append("表二为 2019 年模板的列")
        if rep.has(R, "other"):
            what.append("表三“（六）其他处理”只有一行、未分三项")
            cells = [address(R, "other", c) for c in T.REQUEST_COLUMN_KEYS if rep.has(R, "other", c)]
        if what:
            yield rule.finding(rep, cells, expected=T.TEMPLATE_2021, actual=T.TEMPLATE_2019,
                               report_year=rep.year, what="；".join(what))

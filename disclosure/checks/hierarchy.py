"""A government's report, which covers its region, against its subordinates' reports.

By 《条例》第五十条 a county-or-higher government's annual report covers its region; the
registry says who is below it (`parent`): its departments and the governments one
level down, each of which covers its own region in turn.
"""
from __future__ import annotations

from collections import defaultdict

from .. import template as T
from ..metrics import address, exact_sum
from ..wording import first_few
from .timing import covers_region
from .catalog import HIERARCHY, WARNING, rule

# additive cells: every cell of tables 三 and 四, and table 二's decision counts and fees
_ACTIVE_ADDITIVE = {("licensing", "decisions"), ("penalty", "decisions"), ("enforcement", "decisions"),
                    ("fees", "amount_wan")}


def _additive(key) -> bool:
    t, r, c = key
    return t in (T.TABLE_REQUESTS, T.TABLE_REVIEW) or (t == T.TABLE_ACTIVE and (r, c) in _ACTIVE_ADDITIVE)


@rule(
    "HIER.SUM", WARNING, "hierarchy", scope=HIERARCHY,
    title="汇总报告与下级之和不符",
    message="{row}：本报告为 {actual}，{n} 个下级机关报告之和为 {expected}（{columns}）",
    doc="县级以上人民政府的年度报告涵盖本行政区域，其表三、表四各单元格及表二的行政许可、行政处罚、行政强制、"
        "行政事业性收费，应等于登记在其下的直属机关（登记的上级为该政府的机关：本级部门、政府办公室和下一级政府）"
        "同一年度报告之和（名录中该年度不要求报告、也没有报告的下级不计）。"
        "登记的下级有任何一家该年度应报而没有报告、或相关单元格留空时不作判断（缺报由 MISSING.REPORT 报出）。"
        "逐行报出，金额按十进制精确相加。",
    example="某县政府汇总报告新收申请总计 120 件，县直部门和各乡镇报告之和为 134 件。",
)
def hierarchy_sum(rule, corpus):
    children = defaultdict(list)
    for a in corpus.agencies:
        if a.parent and a.registered:
            children[a.parent].append(a)
    for rep in corpus.reports:
        if not covers_region(rep.info) or rep.legacy:
            continue
        # the subordinates of that year: those the registry expects then, or that reported anyway
        kids = [k for k in children.get(rep.agency, [])
                if rep.year in k.expected or (k.agency_id, rep.year) in corpus.by_agency_year]
        subs = [corpus.by_agency_year.get((k.agency_id, rep.year)) for k in kids]
        if not kids or any(s is None or s.legacy for s in subs):
            continue
        by_row = defaultdict(list)
        for key in rep.sorted_cells(T.TABLE_ACTIVE) + rep.sorted_cells(T.TABLE_REQUESTS) + rep.sorted_cells(T.TABLE_REVIEW):
            own = rep.cells[key]
            if not _additive(key) or own is None:
                continue
            parts = [s.cells.get(key) for s in subs]
            if any(p is None for p in parts):
                continue
            total = exact_sum(parts)
            if total != exact_sum([own]):
                by_row[key[:2]].append((key, own, total))
        for (t, r), diffs in by_row.items():
            version = rep.version
            names = first_few((T.column_label(t, r, c, version) for (_t, _r, c), _o, _s in diffs), 3)
            first = diffs[0]
            yield rule.finding(
                rep, [address(*k) for k, _o, _s in diffs], expected=first[2], actual=first[1],
                evidence={"children": [s.agency for s in subs],
                          "cells": {address(*k): {"own": o, "sum": s} for k, o, s in diffs}},
                row=f"表{T.TABLE_NUMBERS[t]}“{T.row_label(t, r, version)}”", n=len(subs), columns=names,
            )

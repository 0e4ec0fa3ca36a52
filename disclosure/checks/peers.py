"""An agency against its peers: the same kind of agency, at the same level, the same year.

Kind and level come from the registry (the `agencies` table); agencies it cannot place
have no peers and are not compared.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict

from .. import kinds as K
from ..metrics import HEADLINE, RATIO
from .catalog import INFO, MISSING, PEERS, WARNING, rule

PEER_MIN = 4  # fewer peers than this give no median to speak of
OUTLIER_Z = 3.5  # robust z-score (median / MAD on log scale) beyond which a value is far out
OUTLIER_FACTOR = 5  # … and at least this many times the peer median (or a fifth of it)
MAD_FLOOR = 0.35  # log-scale spread never taken below this (peers that all report alike)
OUTLIER_MIN = 20  # the larger of value and peer median at least this: 6 reviews against 0 is no news
MISSING_MIN = 3  # peers that do have the year's report: one or two peers are no pattern
ZERO_PEER_MIN = 4
ZERO_SHARE = 0.8  # peers reporting more than zero
ZERO_MEDIAN = 10  # "substantial": the peer median at least this

_COMPARED = tuple(m for m in HEADLINE if m.kind != RATIO)


def group_label(kind: str, level: str) -> str:
    """`县级教育`: a peer group as users read it."""
    return f"{K.level(level).label}{K.kind(kind).label}"


class Peers:
    """A peer group's values of one metric, and each member's statistics against the
    others (the group without it), from the group sorted once: O(n log n) for the group
    instead of a list of the other peers per member. Every figure is computed with the same
    floating-point operations as over that list (statistics.median, log1p), so it is the
    same to the last bit."""

    def __init__(self, values: list):
        self.values = values
        self.n = len(values)
        self.sorted = sorted(values)
        self.logs = [math.log1p(v) for v in values]
        self._sorted_logs = sorted(self.logs)
        self._deviations: dict[float, list[float]] = {}  # centre -> sorted |log - centre| of all members

    @staticmethod
    def _median_without(ordered: list, k: int):
        """statistics.median of `ordered` (sorted) without its element at index k."""
        m = len(ordered) - 1
        at = (lambda j: ordered[j] if j < k else ordered[j + 1])
        if m % 2 == 1:
            return at(m // 2)
        return (at(m // 2 - 1) + at(m // 2)) / 2

    def median_others(self, i: int):
        """The median of the other members' values."""
        return self._median_without(self.sorted, bisect_left(self.sorted, self.values[i]))

    def robust_z(self, i: int) -> tuple[float, float]:
        """(z, peer median): how far log(1+x) lies from the other peers' median, in MADs."""
        own = self.logs[i]
        centre = self._median_without(self._sorted_logs, bisect_left(self._sorted_logs, own))
        devs = self._deviations.get(centre)
        if devs is None:  # a group has at most three distinct centres (removed below, at, above the middle)
            devs = self._deviations[centre] = sorted(abs(v - centre) for v in self.logs)
        mad = self._median_without(devs, bisect_left(devs, abs(own - centre)))
        spread = max(1.4826 * mad, MAD_FLOOR)
        return (own - centre) / spread, math.expm1(centre)

    def percentile(self, i: int) -> float:
        """Where the member's value lies among the others' (ties count half)."""
        x = self.values[i]
        below = bisect_left(self.sorted, x)
        same = bisect_right(self.sorted, x) - below - 1
        return round(100 * (below + 0.5 * same) / (self.n - 1), 1)

    def nonzero_share(self, i: int) -> float:
        """The share of the other members whose value is above zero."""
        above = self.n - bisect_right(self.sorted, 0)
        return (above - (self.values[i] > 0)) / (self.n - 1)


def _peer_values(corpus):
    """(report, metric, its value, the group's Peers, its index there, the group) for every
    member of every peer group, metric by metric."""
    for (kind, level, year), reports in corpus.peer_groups().items():
        for m in _COMPARED:
            values = [(r, r.metric(m)) for r in reports]
            # a negative count is VAL.NEGATIVE's, and no measure of anything
            values = [(r, v) for r, v in values if v is not None and v >= 0]
            if len(values) < 2:
                continue
            peers = Peers([v for _, v in values])
            for i, (r, x) in enumerate(values):
                yield r, m, x, peers, i, (kind, level, year)


@rule(
    "PEER.OUTLIER", INFO, "peers", scope=PEERS,
    title="远离同类机关",
    message="{metric} {actual}，远{direction}同类机关（{group}，{n} 家）的中位数 {expected}，位于第 {percentile} 百分位",
    doc="同一年度、同一层级、同一类型的机关（按登记信息）之间比较主要指标（disclosure/metrics.py 中的件数和金额指标）："
        "在对数尺度上用中位数和绝对中位差（MAD）计算稳健 z 值，|z| ≥ 3.5 且与中位数相差 5 倍以上时报出；"
        "本机关的值和同类中位数都小于 20 时不报（同类多为 0 时，几件复议并不说明问题）。"
        "同类机关少于 4 家不比较；值为 0 的情形由 PEER.ZERO 判断。证据给出同类中位数、所处百分位和 z 值。",
    example="某县市场监督管理局 2023 年行政处罚 9800 件，同省同级 40 家市场监管局中位数 310 件，位于第 100 百分位。",
)
def outlier(rule, corpus):
    for rep, m, x, peers, i, (kind, level, _year) in _peer_values(corpus):
        n = peers.n - 1
        if x == 0 or n < PEER_MIN:
            continue
        z, med = peers.robust_z(i)
        ratio = (x + 1) / (med + 1)
        if abs(z) < OUTLIER_Z or 1 / OUTLIER_FACTOR < ratio < OUTLIER_FACTOR or max(x, med) < OUTLIER_MIN:
            continue
        pct = peers.percentile(i)
        yield rule.finding(rep, m.cells, expected=round(med, 2), actual=x,
                           evidence={"metric": m.key, "peer_median": round(med, 2), "percentile": pct,
                                     "z": round(z, 2), "peers": n, "kind": kind, "level": level},
                           metric=m.label, direction="高于" if z > 0 else "低于", group=group_label(kind, level),
                           n=n, percentile=pct)


@rule(
    "PEER.ZERO", WARNING, "peers", scope=PEERS,
    title="同类普遍有而本机关为 0",
    message="{metric}为 0，而同类机关（{group}）{n} 家中 {share}% 不为 0，中位数 {expected}",
    doc="同一年度、同一层级、同一类型的机关大多（80% 以上）有实在的数量（中位数 10 以上），本机关却填 0，"
        "可能漏报：如市场监督管理局行政处罚为 0、市政府一年没有收到一件政府信息公开申请。同类少于 4 家不比较。",
    example="某市市场监督管理局 2023 年行政处罚填 0，同级 12 家市场监管局中位数 860 件。",
)
def zero(rule, corpus):
    for rep, m, x, peers, i, (kind, level, _year) in _peer_values(corpus):
        n = peers.n - 1
        if x != 0 or n < ZERO_PEER_MIN:
            continue
        share = peers.nonzero_share(i)
        med = peers.median_others(i)
        if share >= ZERO_SHARE and med >= ZERO_MEDIAN:
            yield rule.finding(rep, m.cells, expected=med, actual=0,
                               evidence={"metric": m.key, "peer_median": med, "nonzero_share": round(share, 3),
                                         "peers": n, "kind": kind, "level": level},
                               metric=m.label, group=group_label(kind, level), n=n, share=round(share * 100))


@rule(
    "MISSING.REPORT", WARNING, "peers", scope=MISSING,
    title="缺少年度报告",
    message="{report_year} 年度报告缺失：{group} {have}/{n} 家有该年度报告",
    doc="机构名录中该年度应报的机关（名录的应报年度 years 列：空白为每年都应报，“-”为不要求报告，"
        "或写明年度，如 2023、2019-2024、2021-）没有该年度报告入库，而同类机关（同一层级、同一类型的登记机关中"
        "该年度应报或已有报告的）半数以上、且至少 3 家有该年度报告；或者同一上级的登记机关（如市政府的各部门）"
        "同样半数以上、且至少 3 家有该年度报告——市直部门往往是全市唯一的同类机关。"
        "可能是没有发布，也可能是还没有收集到。",
    example="某县教育局 2022 年度报告缺失，而同市其余 9 个县教育局都有 2022 年度报告；"
            "市审计局 2020 年度报告缺失，而同属市政府的其余 30 个部门都有 2020 年度报告。",
)
def missing(rule, corpus):
    years_of = defaultdict(set)
    for r in corpus.reports:
        years_of[r.agency_id].add(r.year)
    found: dict[tuple[int, int], tuple] = {}
    for label, members in _missing_groups(corpus):
        # the years to look at: the corpus's own (a check of some years), else every year a
        # member is expected or has a report (a year nobody has gives no finding either way)
        years = corpus.years or {y for a in members for y in a.expected | years_of[a.agency_id]}
        for year in sorted(years):
            have = sum(year in years_of[a.agency_id] for a in members)
            # the year's peers of an agency missing it: the members the registry expects that
            # year, or that reported anyway, less the agency itself
            peers = sum(year in a.expected or year in years_of[a.agency_id] for a in members) - 1
            if have < MISSING_MIN or have * 2 < peers:
                continue
            for a in members:
                if year in a.expected and year not in years_of[a.agency_id]:
                    found.setdefault((a.agency_id, year), (a, label, have, peers))
    for (_, year), (a, label, have, peers) in sorted(found.items(), key=lambda kv: (kv[1][0].name, kv[0][1])):
        yield rule.finding_for(a.agency_id, a.name, year, None, [], expected="有报告", actual="无报告",
                               evidence={"peers_with_report": have, "peers": peers, "group": label},
                               group=label, have=have, n=peers, report_year=year)


def _missing_groups(corpus):
    """(label, members): the registered agencies of one kind and level, then those of one
    parent — a city's departments are each the only one of their kind in the city, but
    all of them publish when their government's other departments do."""
    by_kind, by_parent = defaultdict(list), defaultdict(list)
    for a in corpus.agencies:
        if not a.registered:
            continue
        if a.placed:
            by_kind[(a.kind, a.level)].append(a)
        if a.parent:
            by_parent[a.parent].append(a)
    for (kind, level), members in by_kind.items():
        yield f"同类机关（{group_label(kind, level)}）", members
    for parent, members in by_parent.items():
        yield f"同属{parent}的机关", members

"""Plausible statistics for each agency and year, with continuity between years.

Each agency gets a profile from its kind and level (public security, natural resources,
housing and governments receive many applications, townships few; market regulation and
public security issue many penalties, the approval bureau many licences) times an
agency's own size; each year moves it by a smooth random trend. A year's tables then
satisfy every identity of the template by construction:

- table 三 is drawn column by column: carried over = last year's carried forward,
  carried forward a small share of what was open, the rest split over the outcome rows,
  so new + carried over = total + carried forward and total = sum of outcomes; row totals
  are sums of the six applicant columns;
- table 四: each block's total is the sum of its four outcomes;
- table 二 (2021): the stock of normative documents in force evolves as
  in force = last year's + issued − repealed; (2019): 上一年项目数量 follows last year's
  count plus its 本年增/减, 对外公开总数量 accumulates what is published.

Everything is drawn from generators seeded by (seed, agency, purpose), so one agency's
numbers do not depend on which other agencies are generated.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

import numpy as np

from .. import template as T
from .city import Agency

APPLICANTS = T.APPLICANT_COLUMN_KEYS


def rng(seed: int, *parts) -> np.random.Generator:
    """A generator for one purpose, independent of every other draw."""
    digest = hashlib.sha256(":".join(map(str, (seed, *parts))).encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))


@dataclass(frozen=True)
class Rates:
    """What a county-level agency of a kind handles in a year (expected values)."""

    requests: float
    licensing: float = 0.0
    penalty: float = 0.0
    enforcement: float = 0.0
    fees: float = 0.0  # 万元 of 行政事业性收费
    normative: float = 1.0  # normative documents issued
    commercial: float = 0.04  # share of applications from companies
    legal: float = 0.02  # share from law firms


KIND_RATES: dict[str, Rates] = {
    "government": Rates(70, normative=6, commercial=0.05, legal=0.03),
    "government_office": Rates(6, normative=2),
    "public_security": Rates(60, licensing=3500, penalty=4200, enforcement=320, fees=45, normative=1, legal=0.08),
    "natural_resources": Rates(85, licensing=420, penalty=45, enforcement=3, fees=260, normative=2,
                               commercial=0.12, legal=0.06),
    "housing": Rates(45, licensing=650, penalty=35, enforcement=2, fees=30, normative=2, commercial=0.10),
    "market_regulation": Rates(18, licensing=2600, penalty=380, enforcement=55, fees=8, normative=1,
                               commercial=0.15),
    "administrative_approval": Rates(9, licensing=16000, normative=1, commercial=0.12),
    "urban_management": Rates(11, licensing=320, penalty=1500, enforcement=110, normative=1),
    "ecology": Rates(12, licensing=90, penalty=38, enforcement=6, normative=1, commercial=0.10),
    "transport": Rates(10, licensing=1300, penalty=520, enforcement=22, fees=15, normative=1),
    "health": Rates(10, licensing=320, penalty=150, enforcement=4, fees=6, normative=1),
    "human_resources": Rates(16, licensing=60, penalty=6, normative=2),
    "education": Rates(12, licensing=35, normative=2),
    "agriculture": Rates(6, licensing=160, penalty=40, enforcement=2, normative=1),
    "water": Rates(4, licensing=45, penalty=12, fees=20, normative=1),
    "emergency": Rates(3, licensing=30, penalty=60, enforcement=3, normative=1),
    "culture_tourism": Rates(3, licensing=110, penalty=28, normative=1),
    "civil_affairs": Rates(5, licensing=12, normative=1),
    "justice": Rates(4, licensing=8, normative=1),
    "finance": Rates(4, normative=2),
    "development_reform": Rates(5, licensing=25, normative=2, commercial=0.12),
    "industry": Rates(3, licensing=5, normative=1, commercial=0.15),
    "commerce": Rates(2, licensing=20, penalty=3, normative=1, commercial=0.15),
    "statistics": Rates(2, penalty=4, normative=0.3),
    "medical_security": Rates(4, penalty=8, normative=1),
    "veterans": Rates(3, normative=0.5),
    "audit": Rates(1.5, normative=0.3),
    "petitions": Rates(2, normative=0.3),
    "financial_affairs": Rates(2, penalty=2, normative=0.5, commercial=0.2),
    "state_assets": Rates(2, normative=1, commercial=0.2),
    "sports": Rates(1, licensing=3, normative=0.3),
    "ethnic_religious": Rates(1, licensing=4, normative=0.3),
    "civil_air_defense": Rates(2, licensing=15, penalty=2, fees=25, normative=0.3),
    "government_affairs": Rates(0.8, normative=0.5),
    "grain_reserves": Rates(0.8, licensing=6, penalty=1, normative=0.3),
    "science": Rates(1.5, normative=1),
    "township": Rates(1.2, licensing=15, penalty=8, enforcement=0.5, normative=0.3),
}

# city agencies deal with more than county ones; the city government most of all (it is
# the front door of many requests about land, housing and demolition)
LEVEL_SCALE = {"city": 3.0, "county": 1.0, "township": 1.0}
CITY_GOVERNMENT_REQUESTS = 9.0

# Where the year's outcomes go (table 三, shares of what is closed). Fees notices are rare.
OUTCOME_SHARES = {
    "granted": 0.46, "partially_granted": 0.07,
    "denied.state_secret": 0.002, "denied.prohibited_by_law": 0.004, "denied.three_securities": 0.003,
    "denied.third_party": 0.01, "denied.internal_affairs": 0.006, "denied.process_info": 0.016,
    "denied.enforcement_file": 0.006, "denied.inquiry": 0.012,
    "unable.not_held": 0.22, "unable.needs_creation": 0.03, "unable.unclear": 0.02,
    "not_processed.complaint": 0.03, "not_processed.duplicate": 0.028, "not_processed.publication": 0.004,
    "not_processed.excessive": 0.005, "not_processed.confirmation": 0.01,
    "other.no_correction": 0.022, "other.unpaid_fee": 0.0, "other.other": 0.03,
}
REVIEW_SHARES = {"upheld": 0.62, "corrected": 0.1, "other": 0.18, "pending": 0.1}


@dataclass(frozen=True)
class Shift:
    """From `year` on, `metric` is multiplied by `factor` (a persistent level change)."""

    metric: str  # requests / licensing / penalty / enforcement
    year: int
    factor: float


@dataclass(frozen=True)
class Profile:
    rates: Rates
    size: float  # the agency's own scale against its peers
    shifts: tuple[Shift, ...] = ()
    zero: frozenset[str] = field(default_factory=frozenset)  # metrics it never reports
    min_requests: int = 0  # a floor on new applications (an agency that reports a token few)

    def factor(self, metric: str, year: int) -> float:
        f = 1.0
        for s in self.shifts:
            if s.metric == metric and year >= s.year:
                f *= s.factor
        return 0.0 if metric in self.zero else f


def profile(agency: Agency, seed: int) -> Profile:
    base = KIND_RATES.get(agency.kind, Rates(2))
    g = rng(seed, agency.name, "profile")
    scale = LEVEL_SCALE[agency.level]
    req = base.requests * scale
    if agency.kind == "government" and agency.level == "city":
        req = base.requests * CITY_GOVERNMENT_REQUESTS
    rates = replace(
        base,
        requests=req,
        licensing=base.licensing * scale,
        penalty=base.penalty * (scale * 0.6 if agency.level == "city" else 1.0),  # cities enforce through districts
        enforcement=base.enforcement * (scale * 0.6 if agency.level == "city" else 1.0),
        fees=base.fees * scale,
        normative=base.normative * (2.0 if agency.level == "city" else 1.0),
    )
    # peers differ, but within a band: a real outlier is the supervisor's finding
    return Profile(rates, size=float(np.exp(g.normal(0.0, 0.3))))


def year_trends(agency: Agency, years: list[int], seed: int) -> dict[int, dict[str, float]]:
    """Smooth multiplicative year factors per metric: a random walk around 1."""
    g = rng(seed, agency.name, "trend")
    out: dict[int, dict[str, float]] = {}
    level = {m: 1.0 for m in ("requests", "licensing", "penalty", "enforcement", "fees", "normative")}
    drift = {m: g.normal(0.0, 0.04) for m in level}
    for y in years:
        out[y] = dict(level)
        for m in level:
            level[m] *= float(np.exp(drift[m] + g.normal(0.0, 0.1)))
    return out


# --- one year -----------------------------------------------------------------------------


def _count(g: np.random.Generator, mean: float) -> int:
    """A count around `mean`: Poisson for small means, a log-normal spread for larger ones
    (a year's count of a busy agency does not jump by chance)."""
    if mean <= 0:
        return 0
    if mean < 10:
        return int(g.poisson(mean))
    return int(round(mean * float(np.exp(g.normal(0.0, 0.1)))))


def request_table(g: np.random.Generator, new_total: int, carried_over: dict[str, int], template: str,
                  rates: Rates, cf_share: float) -> dict[str, dict[str, int]]:
    """Table 三 for one year; `carried_over` is last year's carried forward, per column."""
    shares = np.array([1.0 - rates.commercial - rates.legal - 0.012, rates.commercial, 0.004, 0.003,
                       rates.legal, 0.005])
    new = dict(zip(APPLICANTS, map(int, g.multinomial(new_total, shares / shares.sum()))))
    rows = [r.key for r in (T.REQUEST_ROWS_2021 if template == T.TEMPLATE_2021 else T.REQUEST_ROWS_2019)]
    outcome_rows = [k for k in rows if T.request_row(k).outcome]
    probs = np.array([OUTCOME_SHARES.get(k, OUTCOME_SHARES["other.no_correction"] + OUTCOME_SHARES["other.other"])
                      for k in outcome_rows])
    probs = probs / probs.sum()
    table: dict[str, dict[str, int]] = {k: {} for k in rows}
    for c in APPLICANTS:
        open_ = new[c] + carried_over.get(c, 0)
        cf = int(g.binomial(open_, cf_share)) if open_ else 0
        closed = open_ - cf
        split = g.multinomial(closed, probs) if closed else np.zeros(len(outcome_rows), dtype=int)
        table["new_received"][c] = new[c]
        table["carried_over"][c] = carried_over.get(c, 0)
        for k, n in zip(outcome_rows, split):
            table[k][c] = int(n)
        table["total"][c] = closed
        table["carried_forward"][c] = cf
    for k in rows:
        table[k]["total"] = sum(table[k][c] for c in APPLICANTS)
    return table


def review_table(g: np.random.Generator, requests: int, government: bool) -> dict[str, dict[str, int]]:
    weights = np.array(list(REVIEW_SHARES.values()))
    means = {"review": 0.025, "litigation_direct": 0.012, "litigation_after_review": 0.005}
    out = {}
    for block, share in means.items():
        n = int(g.poisson(requests * share * (1.5 if government else 1.0)))
        parts = g.multinomial(n, weights / weights.sum()) if n else [0, 0, 0, 0]
        row = dict(zip(REVIEW_SHARES, map(int, parts)))
        row["total"] = n
        out[block] = row
    return out


@dataclass
class Stock:
    """What carries over from one year to the next, besides table 三."""

    regulations: int = 0  # in force
    normative: int = 0  # in force (template 2021)
    published_regulations: int = 0  # 对外公开总数量 (template 2019)
    published_normative: int = 0
    items: dict[str, int] = field(default_factory=dict)  # 上一年项目数量 by row (template 2019)


def active_2021(g, agency: Agency, p: Profile, trend: dict[str, float], year: int, stock: Stock) -> dict:
    r = p.rates
    makes_regulations = agency.kind == "government" and agency.level == "city"
    out: dict[str, dict] = {}
    for key, issued_mean, attr in (("regulations", 2.5 if makes_regulations else 0, "regulations"),
                                   ("normative_documents", r.normative * p.size * trend["normative"], "normative")):
        in_force = getattr(stock, attr)
        issued = _count(g, issued_mean)
        repealed = int(g.binomial(in_force, 0.06)) if in_force else 0
        now = in_force + issued - repealed
        setattr(stock, attr, now)
        out[key] = {"issued": issued, "repealed": repealed, "in_force": now}
    for key in ("licensing", "penalty", "enforcement"):
        mean = getattr(r, key) * p.size * trend[key] * p.factor(key, year)
        out[key] = {"decisions": _count(g, mean)}
    fee = r.fees * p.size * trend["fees"]
    out["fees"] = {"amount_wan": round(float(fee * np.exp(g.normal(0, 0.1))), 2) if fee else 0}
    return out


_ITEM_ROWS_2019 = ("licensing", "other_services", "penalty", "enforcement")


def active_2019(g, agency: Agency, p: Profile, trend: dict[str, float], year: int, stock: Stock) -> dict:
    r = p.rates
    makes_regulations = agency.kind == "government" and agency.level == "city"
    out: dict[str, dict] = {}
    for key, mean, attr in (("regulations", 2.5 if makes_regulations else 0, "published_regulations"),
                            ("normative_documents", r.normative * p.size * trend["normative"], "published_normative")):
        made = _count(g, mean)
        published = made
        total = getattr(stock, attr) + published
        setattr(stock, attr, total)
        out[key] = {"made": made, "published": published, "total_published": total}
    for key in _ITEM_ROWS_2019:
        rate = {"other_services": r.licensing * 0.05}.get(key, getattr(r, key, 0.0))
        metric = key if key != "other_services" else "licensing"
        decisions = _count(g, rate * p.size * trend[metric] * p.factor(metric, year))
        previous = stock.items.get(key)
        if previous is None:  # the agency's list of items the first year we see it
            previous = int(round(min(400, 4 * np.sqrt(rate)) * float(np.exp(g.normal(0, 0.2))))) if rate else 0
        change = int(g.integers(-2, 4)) if previous else 0
        change = max(change, -previous)
        stock.items[key] = previous + change
        out[key] = {"previous": previous, "change": change, "decisions": decisions}
    fee_items = stock.items.get("fees")
    if fee_items is None:
        fee_items = int(g.integers(1, 6)) if r.fees else 0
    fee_change = int(g.integers(-1, 2)) if fee_items else 0
    fee_change = max(fee_change, -fee_items)
    stock.items["fees"] = fee_items + fee_change
    out["fees"] = {"previous": fee_items, "change": fee_change}
    projects = _count(g, 6 * p.size * (3 if agency.level == "city" else 1))
    out["procurement"] = {"projects": projects,
                          "amount_wan": round(float(projects * 38.5 * np.exp(g.normal(0, 0.3))), 2) if projects else 0}
    return out


@dataclass
class YearTables:
    """The true tables of one report, before any injected problem."""

    template: str
    active: dict
    requests: dict
    review_litigation: dict


def series(agency: Agency, years: list[int], templates: dict[int, str], seed: int,
           prof: Profile | None = None) -> dict[int, YearTables]:
    """The agency's true tables for every year, each continuing the year before."""
    p = prof or profile(agency, seed)
    trends = year_trends(agency, years, seed)
    g0 = rng(seed, agency.name, "start")
    stock = Stock(
        regulations=int(g0.integers(25, 60)) if agency.kind == "government" and agency.level == "city" else 0,
        normative=int(round(p.rates.normative * p.size * float(g0.uniform(4, 9)))),
        published_regulations=int(g0.integers(40, 90)) if agency.kind == "government" and agency.level == "city" else 0,
        published_normative=int(round(p.rates.normative * p.size * float(g0.uniform(6, 14)))),
    )
    expected = p.rates.requests * p.size * trends[years[0]]["requests"]
    first_cf = {c: 0 for c in APPLICANTS}
    if expected >= 10:  # a busy agency starts with some applications open from the year before
        first_cf["natural_person"] = int(g0.poisson(expected * 0.04))
    carried = first_cf
    out: dict[int, YearTables] = {}
    for y in years:
        g = rng(seed, agency.name, y, "tables")
        tr = trends[y]
        tpl = templates[y]
        new_total = max(p.min_requests, _count(g, p.rates.requests * p.size * tr["requests"] * p.factor("requests", y)))
        cf_share = float(g.uniform(0.0, 0.07)) if new_total >= 8 else 0.0
        requests = request_table(g, new_total, carried, tpl, p.rates, cf_share)
        carried = {c: requests["carried_forward"][c] for c in APPLICANTS}
        review = review_table(g, new_total, agency.is_government)
        make = active_2021 if tpl == T.TEMPLATE_2021 else active_2019
        active = make(g, agency, p, tr, y, stock)
        out[y] = YearTables(tpl, active, requests, review)
    return out


# --- governments: their report covers their region ------------------------------------------

# table 二 cells a government's report sums over its subordinates (the rest are its own)
ACTIVE_ADDITIVE = (("licensing", "decisions"), ("penalty", "decisions"), ("enforcement", "decisions"),
                   ("fees", "amount_wan"))
_OTHER_SPLIT = ("other.no_correction", "other.unpaid_fee", "other.other")


def aggregate(own: YearTables, children: list[YearTables]) -> YearTables:
    """A government's tables: its own stock of documents and items, and for every additive
    cell (tables 三 and 四, table 二's decisions and fees) the sum of its subordinates'.
    A subordinate printing （六） as one row adds it to 3.其他 of a split table."""
    requests = {row: {c: 0 for c in cols} for row, cols in own.requests.items()}
    for ch in children:
        for row, cols in ch.requests.items():
            target = row
            if row not in requests:
                target = "other.other" if row == "other" else "other"
            for c, v in cols.items():
                requests[target][c] += v
    review = {b: {c: sum(ch.review_litigation[b][c] for ch in children) for c in cols}
              for b, cols in own.review_litigation.items()}
    active = {row: dict(cols) for row, cols in own.active.items()}
    for row, col in ACTIVE_ADDITIVE:
        if col in active.get(row, {}):
            parts = [ch.active.get(row, {}).get(col) for ch in children]
            total = sum(p for p in parts if p is not None)
            active[row][col] = round(total, 2) if col == "amount_wan" else int(total)
    return YearTables(own.template, active, requests, review)

"""Running the catalog over the store, keeping its findings, and reviewing them.

A rule's findings depend on a part of the store, its *scope* (catalog.SCOPES), and each
finding is kept with the *unit* of that part it came from:

    report     r<agency_id>:<year>          the report itself
    agency     a<agency_id>                 the agency's reports of every year (cross-year rules)
    peers      p<kind>:<level>:<year>       a peer group (its statistics from report_metrics)
    missing    m<year>                      the registered agencies expected that year
    hierarchy  h<agency_id>:<year>          a government's report with its subordinates' that year
    copies     s<agency_id>:<year>          a report with the reports of its year its text signature meets

A check of what a write changed (`check_changes`: the agencies and years of the reports a
batch stored or replaced) recomputes exactly the units those changes touch and replaces
their findings; a full run (`run_checks`) recomputes every unit, part by part, so memory
follows the largest part, not the store. Both give the same findings.

Reviews live apart, keyed by the finding's fingerprint (agency, year, rule, cells), and no
run deletes one: a supervisor's "confirmed" or "dismissed" meets its finding again after
re-ingest and re-check.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from time import perf_counter
from typing import Iterable

import pandas as pd

from ..metrics import HEADLINE, plain
from ..model import DisclosureError
from . import corpus as C
from .catalog import AGENCY, COPIES, HIERARCHY, MISSING, PEERS, REPORT, Finding, Rule, catalog
from .timing import covers_region

CONFIRMED, DISMISSED = "confirmed", "dismissed"
REVIEW_STATES = {CONFIRMED: "已确认", DISMISSED: "已排除"}
PART_REPORTS = 1000  # reports loaded whole at a time in a full run: a worker holds about this many
STALE_KEY = "findings_stale"  # settings: why the stored findings are out of date, if they are


@dataclass
class CheckRun:
    findings: list[Finding]
    seconds: float
    reports: int
    rule_seconds: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # a rule that crashed, in Chinese
    units: int = 0  # parts of the store checked
    full: bool = True
    count: int = 0  # findings found (a full run stores them as it goes and keeps no list)
    phases: dict[str, float] = field(default_factory=dict)


def unit_of(rule: Rule, f: Finding, agencies: dict[int, C.Agency]) -> str:
    if rule.scope == REPORT:
        return f"r{f.agency_id}:{f.year}"
    if rule.scope == AGENCY:
        return f"a{f.agency_id}"
    if rule.scope == PEERS:
        a = agencies[f.agency_id]
        return f"p{a.kind}:{a.level}:{f.year}"
    if rule.scope == MISSING:
        return f"m{f.year}"
    if rule.scope == COPIES:
        return f"s{f.agency_id}:{f.year}"
    return f"h{f.agency_id}:{f.year}"


class _Runner:
    """Runs rules on parts of the store and gathers their findings with their units."""

    def __init__(self, rules: list[Rule], agencies: dict[int, C.Agency], sink=None, keep: bool = True):
        self.rules = rules
        self.agencies = agencies
        self.findings: dict[str, tuple[str, Finding]] = {}  # fingerprint -> (unit, finding), not yet sunk
        self.seconds: dict[str, float] = defaultdict(float)
        self.errors: dict[str, str] = {}
        self.reports = 0
        self.sink = sink  # where found findings go, part by part (the store), so memory stays flat
        self.keep = keep
        self.kept: list[Finding] = []
        self.rows: list[tuple] = []  # findings as table rows, made where they were found (a worker)
        self.count = 0
        self.phases: dict[str, float] = {}  # seconds of a full run's steps, for the bench

    def flush(self) -> None:
        """Hand the findings gathered so far to the sink, as table rows (and keep them, when asked)."""
        if self.keep:
            self.kept += [f for _, f in self.findings.values()]
        self.count += len(self.findings)
        self.rows += [_row(unit, f) for unit, f in self.findings.values()]
        self.findings = {}
        if self.sink is not None and self.rows:
            self.sink(self.rows)
            self.rows = []

    def __getstate__(self):  # a part's runner comes back from a worker without its sink
        return {**self.__dict__, "sink": None}

    def absorb(self, other: "_Runner") -> None:
        """The findings, times and errors of a part checked elsewhere (rows made there)."""
        other.flush()
        self.kept += other.kept
        self.count += other.count
        self.rows += other.rows
        for code, secs in other.seconds.items():
            self.seconds[code] += secs
        for code, error in other.errors.items():
            self.errors.setdefault(code, error)
        self.flush()

    def run(self, scope: str, corpus: C.Corpus, units: set[str] | None = None) -> None:
        """The scope's rules over `corpus`; findings outside `units` (when given) are not
        this part's to keep (a part loads what its units need, and may see more)."""
        for rule in self.rules:
            if rule.scope != scope or rule.code in self.errors:
                continue
            start = perf_counter()
            try:
                for f in rule.check(rule, corpus):
                    unit = unit_of(rule, f, self.agencies)
                    if units is None or unit in units:
                        self.findings.setdefault(f.fingerprint, (unit, f))
            except Exception as exc:  # one broken rule must not take the others' findings with it
                self.errors[rule.code] = f"规则 {rule.code} 运行出错：{type(exc).__name__}: {exc}"
            self.seconds[rule.code] += perf_counter() - start


def _rules(codes: set[str] | None) -> list[Rule]:
    return [r for r in catalog() if not codes or r.code in codes]


# --- the parts of the store ------------------------------------------------------------------

def _report_index(con) -> pd.DataFrame:
    """report_id, agency_id, year of every stored report."""
    return con.execute("SELECT report_id, agency_id, year FROM reports").df()


def _families(agencies: dict[int, C.Agency], index: pd.DataFrame) -> list[tuple[int | None, list[int]]]:
    """(parent's agency id or None, its subordinates' ids): every agency in exactly one
    family, families with reports only, in a stable order."""
    by_name = {a.name: a.agency_id for a in agencies.values()}
    reporting = set(index["agency_id"].tolist())
    families: dict[int | None, list[int]] = defaultdict(list)
    for aid in sorted(reporting):
        families[by_name.get(agencies[aid].parent)].append(aid)
    return sorted(families.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def _parts(families, counts: dict[int, int], limit: int = PART_REPORTS):
    """Families grouped into parts of about `limit` reports (a larger family is a part alone)."""
    part: list[tuple[int | None, list[int]]] = []
    size = 0
    for family in families:
        n = sum(counts.get(a, 0) for a in family[1])
        if part and size + n > limit:
            yield part
            part, size = [], 0
        part.append(family)
        size += n
    if part:
        yield part


def _governments(agencies: dict[int, C.Agency]) -> set[int]:
    """Agencies whose report covers their region (the parents HIER.SUM compares)."""
    return {aid for aid, a in agencies.items() if covers_region(a)}


def _metric_reports(con, agencies: dict[int, C.Agency], where: str, params: dict) -> list[C.StoredReport]:
    """Reports with only their headline metrics (from report_metrics), for the peer rules."""
    names = [m.key for m in HEADLINE]
    cols = ", ".join(f'm."{k}"' for k in names)
    frame = con.execute(
        f"""SELECT r.report_id, r.agency_id, r.year, r.template, r.published, {cols}
            FROM reports r JOIN agencies a USING (agency_id) LEFT JOIN report_metrics m USING (report_id)
            WHERE {where}""", params).fetchall()
    out = []
    for rid, aid, year, template, published, *values in frame:
        info = agencies[aid]
        rep = C.StoredReport(rid, info.name, aid, year, template, published, info)
        rep._metrics = {k: (None if v is None or v != v else plain(v)) for k, v in zip(names, values)}
        out.append(rep)
    return out


def _presence(con, agencies: dict[int, C.Agency], years: list[int]) -> list[C.Presence]:
    """Which agency has a report for which year (nothing else): what MISSING.REPORT counts."""
    rows = con.execute("SELECT agency_id, year FROM reports WHERE list_contains($years, year)",
                       {"years": list(years)}).fetchall()
    return [C.Presence(agencies[aid].name, aid, y) for aid, y in rows]


# --- a full run ------------------------------------------------------------------------------

PARALLEL_MIN = 6000  # reports from which a full run checks its parts in worker processes


def _full(con, runner: _Runner, codes: set[str] | None) -> None:
    agencies = runner.agencies
    index = _report_index(con)
    runner.reports = len(index)
    ids_of = index.groupby("agency_id")["report_id"].apply(list).to_dict()
    counts = {a: len(v) for a, v in ids_of.items()}
    governments = _governments(agencies)
    # reports whole, a part (families of subordinates) at a time: their own rules, their
    # cross-year rules, and the parent's report against them
    jobs = []
    for part in _parts(_families(agencies, index), counts):
        members = sorted({a for _, kids in part for a in kids})
        parents = sorted({p for p, _ in part if p is not None and p in governments and p in ids_of})
        wanted = sorted({rid for a in set(members) | set(parents) for rid in ids_of.get(a, [])})
        jobs.append((wanted, members, parents))
    workers = min(os.cpu_count() or 1, 4)
    all_agencies = list(agencies.values())

    def groups() -> None:
        """Peer groups from report_metrics, several groups at a time; each year's presence."""
        started = perf_counter()
        for where, params in _peer_batches(con, agencies):
            runner.run(PEERS, C.Corpus(_metric_reports(con, agencies, where, params), all_agencies))
            runner.flush()
        for year in sorted(set(index["year"].tolist())):
            runner.run(MISSING, C.Corpus(_presence(con, agencies, [year]), all_agencies, years={year}))
            runner.flush()
        if any(r.scope == COPIES for r in runner.rules):
            from . import copies

            for year in sorted(set(index["year"].tolist())):  # a year at a time: only reports that have a candidate
                runner.run(COPIES, copies.corpus_for(con, agencies, [year]))
                runner.flush()
        runner.phases["groups"] = perf_counter() - started

    started = perf_counter()
    payloads = C.stream(con, [wanted for wanted, _m, _p in jobs])
    if runner.reports >= PARALLEL_MIN and workers > 1 and len(jobs) > 1:
        # the groups are worked out here while the workers finish their last parts
        _parts_in_workers(runner, zip(payloads, jobs), codes, workers, meanwhile=groups)
    else:
        for payload, (_w, members, parents) in zip(payloads, jobs):
            runner.absorb(_check_part(payload, members, parents, runner.rules, agencies, runner.keep))
        groups()
    runner.phases["parts"] = perf_counter() - started


def _check_part(payload: C.Payload, members: list[int], parents: list[int], rules: list[Rule],
                agencies: dict[int, C.Agency], keep: bool = True) -> _Runner:
    """A part's own rules, cross-year rules and its parents' HIER.SUM (here or in a worker)."""
    runner = _Runner(rules, agencies, keep=keep)
    loaded = C.build(payload, agencies)
    member_set, parent_set = set(members), set(parents)
    all_agencies = list(agencies.values())
    own = [r for r in loaded if r.agency_id in member_set]
    runner.run(REPORT, C.Corpus(own, all_agencies))
    runner.run(AGENCY, C.Corpus(own, all_agencies))
    heads = [r for r in loaded if r.agency_id in parent_set]
    if heads:
        runner.run(HIERARCHY, C.Corpus(heads, all_agencies, context=loaded))
    runner.flush()  # rows made here, in parallel, not by the process that stores them
    runner.agencies = {}  # not sent back
    return runner


_WORKER: dict = {}


def _worker_start(codes: set[str] | None, agencies: dict[int, C.Agency], keep: bool) -> None:
    _WORKER.update(rules=_rules(codes), agencies=agencies, keep=keep)


def _worker_part(payload: C.Payload, members: list[int], parents: list[int]) -> _Runner:
    return _check_part(payload, members, parents, _WORKER["rules"], _WORKER["agencies"], _WORKER["keep"])


def _parts_in_workers(runner: _Runner, parts, codes, workers: int, meanwhile=None) -> None:
    """Parts checked by worker processes (disclosure/workers.py) while this one fetches the
    next: the database has one connection, and fetching stays here."""
    from collections import deque

    from .. import workers as W

    fetching = storing = 0.0

    def absorb(future) -> None:
        nonlocal storing
        part = future.result()
        t = perf_counter()
        runner.absorb(part)
        storing += perf_counter() - t

    t0 = perf_counter()
    with W.pool(workers, _worker_start, (codes, runner.agencies, runner.keep)) as pool:
        runner.phases["start workers"] = perf_counter() - t0
        pending: deque = deque()
        parts = iter(parts)
        while True:
            t = perf_counter()
            try:
                payload, (_wanted, members, parents) = next(parts)
            except StopIteration:
                break
            fetching += perf_counter() - t
            pending.append(pool.submit(_worker_part, payload, members, parents))
            while len(pending) > workers:
                absorb(pending.popleft())
        if meanwhile is not None:
            meanwhile()
        while pending:
            absorb(pending.popleft())
    runner.phases["fetch"], runner.phases["store"] = fetching, storing


def _peer_batches(con, agencies: dict[int, C.Agency], limit: int = 20000):
    groups = con.execute(
        """SELECT a.kind, a.level, r.year, count(*) AS n FROM reports r JOIN agencies a USING (agency_id)
           WHERE a.kind IS NOT NULL AND a.level IS NOT NULL GROUP BY ALL ORDER BY ALL""").fetchall()
    batch: list[list] = []
    size = 0
    for kind, level, year, n in groups:
        if batch and size + n > limit:
            yield _group_filter(batch)
            batch, size = [], 0
        batch.append([kind, level, year])
        size += n
    if batch:
        yield _group_filter(batch)


def _group_filter(groups: list[list]) -> tuple[str, dict]:
    keys = [f"{k}\x1f{lv}\x1f{y}" for k, lv, y in groups]
    return ("list_contains($groups, a.kind || chr(31) || a.level || chr(31) || CAST(r.year AS VARCHAR))",
            {"groups": keys})


# --- what a write changed ----------------------------------------------------------------------

def _touched(agencies: dict[int, C.Agency], changes: set[tuple[int, int]]):
    """(governments and years, peer groups) that changes of these agencies and years touch."""
    by_name = {a.name: a.agency_id for a in agencies.values()}
    governments = _governments(agencies)
    heads = set()
    for a, y in changes:
        parent = by_name.get(agencies[a].parent) if a in agencies else None
        for head in (a, parent):
            if head is not None and head in governments:
                heads.add((head, y))
    groups = {(agencies[a].kind, agencies[a].level, y) for a, y in changes
              if a in agencies and agencies[a].placed}
    return heads, groups


def _units(agencies: dict[int, C.Agency], changes: set[tuple[int, int]]) -> set[str]:
    """Every unit whose findings changes of these agencies and years can change."""
    heads, groups = _touched(agencies, changes)
    return ({f"r{a}:{y}" for a, y in changes} | {f"a{a}" for a, _ in changes} | {f"h{a}:{y}" for a, y in heads}
            | {f"p{k}:{lv}:{y}" for k, lv, y in groups} | {f"m{y}" for _, y in changes})


def _changed(con, runner: _Runner, changes: set[tuple[int, int]], units: set[str],
             copy_pairs: set[tuple[int, int]] = frozenset()) -> None:
    """Recompute `units`, those the changes (agency id, year) touch."""
    agencies = runner.agencies
    all_agencies = list(agencies.values())
    heads, groups = _touched(agencies, changes)
    touched_agencies = {a for a, _ in changes}
    years = {y for _, y in changes}

    # the touched agencies' reports whole (their own rules, their years), and a government's
    # report with its subordinates' of that year
    kids_of = defaultdict(list)
    for a in agencies.values():
        if a.parent and a.registered:
            kids_of[a.parent].append(a.agency_id)
    pairs = [[aid, y] for head, y in heads for aid in (head, *kids_of.get(agencies[head].name, []))]
    wanted = [r[0] for r in con.execute(
        """SELECT report_id FROM reports WHERE list_contains($agencies, agency_id)
           OR list_contains($pairs, [agency_id, year])""",
        {"agencies": sorted(touched_agencies), "pairs": pairs or [[-1, -1]]}).fetchall()]
    loaded = C.load_reports(con, sorted(wanted), agencies)
    runner.reports = sum(1 for r in loaded if (r.agency_id, r.year) in changes)
    own = [r for r in loaded if r.agency_id in touched_agencies]
    runner.run(REPORT, C.Corpus([r for r in own if (r.agency_id, r.year) in changes], all_agencies), units)
    runner.run(AGENCY, C.Corpus(own, all_agencies), units)
    head_reports = [r for r in loaded if (r.agency_id, r.year) in heads]
    if head_reports:
        runner.run(HIERARCHY, C.Corpus(head_reports, all_agencies, context=loaded), units)
    if groups:
        where, params = _group_filter([list(g) for g in groups])
        runner.run(PEERS, C.Corpus(_metric_reports(con, agencies, where, params), all_agencies), units)
    runner.run(MISSING, C.Corpus(_presence(con, agencies, sorted(years)), all_agencies, years=years), units)
    if copy_pairs:
        _changed_copies(con, runner, copy_pairs, units)


def _copy_pairs(con, runner: _Runner, changes: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (agency id, year) whose XA.COPY findings a write may change (checks/copies.py
    `touched`): their units are cleared with the others' before anything is recomputed."""
    if not changes or not any(r.scope == COPIES for r in runner.rules):
        return set()
    from . import copies

    return copies.touched(con, changes)


def _changed_copies(con, runner: _Runner, pairs: set[tuple[int, int]], units: set[str]) -> None:
    from . import copies

    ids = [r[0] for r in con.execute("SELECT report_id FROM reports WHERE list_contains($pairs, [agency_id, year])",
                                     {"pairs": [[a, y] for a, y in pairs]}).fetchall()]
    if ids:
        runner.run(COPIES, copies.corpus_for(con, runner.agencies, sorted({y for _, y in pairs}), ids), units)


# --- entry points ------------------------------------------------------------------------------

def run_checks(con, codes: set[str] | None = None, store: bool = True, keep: bool = True) -> CheckRun:
    """Check every stored report with every rule (or those in `codes`); store the findings,
    replacing all of them (those of `codes` only, when given). With `keep`, the run's
    findings are returned too (a national run stores them part by part and keeps none)."""
    return _run(con, None, codes, store, keep)


def _run(con, changes: set | None, codes: set[str] | None, store: bool, keep: bool) -> CheckRun:
    """A full run (changes None) or a check of what changed: findings stored as they are
    found (the units being recomputed cleared first), inside the caller's transaction."""
    start = perf_counter()
    sink = _Sink(con) if store else None
    runner = _Runner(_rules(codes), C.load_agencies(con), sink=sink, keep=keep)
    if changes is None:
        if store:
            _clear(con, None, codes)
        _full(con, runner, codes)
        units = None
    else:
        copy_pairs = _copy_pairs(con, runner, changes)
        units = (_units(runner.agencies, changes) | {f"s{a}:{y}" for a, y in copy_pairs}) if changes else set()
        if store and units:
            _clear(con, units, codes)
        if changes:
            _changed(con, runner, changes, units, copy_pairs)
    runner.flush()
    if sink is not None:
        sink.close()
    run = CheckRun(runner.kept, perf_counter() - start, runner.reports, dict(runner.seconds),
                   list(runner.errors.values()), units=0 if units is None else len(units),
                   full=changes is None, count=runner.count, phases=dict(runner.phases))
    if store:
        _finish(con, run, codes)
    return run


def check_changes(con, changes: Iterable[tuple[int, int]], codes: set[str] | None = None,
                  store: bool = True) -> CheckRun:
    """Check what a write changed: `changes` are the (agency id, year) of the reports stored,
    replaced or removed. Replaces the findings of the units they touch only."""
    return _run(con, set(changes), codes, store, keep=True)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _clear(con, units: set[str] | None, codes: set[str] | None) -> None:
    """The findings about to be recomputed go: these units' (all, for a full run), of the
    rules in `codes` only when given. Inside the caller's transaction (the write path's)."""
    only = "" if not codes else " AND list_contains($codes, rule)"
    params = {} if not codes else {"codes": sorted(codes)}
    if units is None:
        con.execute(f"DELETE FROM findings WHERE true{only}", params or None)
    elif units:
        con.execute(f"DELETE FROM findings WHERE list_contains($units, unit){only}",
                    {**params, "units": sorted(units)})


class _Sink:
    """Findings on their way to the table, inserted some tens of thousands at a time (an
    insert per part cost more than its rows)."""

    ROWS = 25_000

    def __init__(self, con):
        self.con = con
        self.pending: list[tuple] = []

    def __call__(self, rows: list[tuple]) -> None:
        self.pending += rows
        if len(self.pending) >= self.ROWS:
            self.close()

    def close(self) -> None:
        if self.pending:
            _insert(self.con, self.pending)
            self.pending = []


def _row(unit: str, f: Finding) -> tuple:
    """A finding as a row of the findings table (its JSON columns as text)."""
    return (f.fingerprint, f.rule, f.severity, f.report_id, f.agency_id, f.agency, f.year, _json(list(f.cells)),
            f.message, _json(f.expected), _json(f.actual), _json(f.evidence), unit)


def _insert(con, found: list[tuple]) -> None:
    rows = pd.DataFrame.from_records(
        found, columns=["fingerprint", "rule", "severity", "report_id", "agency_id", "agency", "year", "cells",
                        "message", "expected", "actual", "evidence", "unit"],
    ).astype({"report_id": "Int64"})
    if len(rows):
        con.register("_findings", rows)
        try:
            con.execute(
                """INSERT INTO findings (fingerprint, rule, severity, report_id, agency_id, agency, year, cells,
                                         message, expected, actual, evidence, unit)
                   SELECT fingerprint, rule, severity, report_id, agency_id, agency, year,
                          from_json(cells, '["VARCHAR"]'), message, expected, actual, evidence, unit
                   FROM _findings
                   ON CONFLICT (fingerprint) DO UPDATE SET rule = excluded.rule, severity = excluded.severity,
                       report_id = excluded.report_id, agency_id = excluded.agency_id, message = excluded.message,
                       expected = excluded.expected, actual = excluded.actual, evidence = excluded.evidence,
                       unit = excluded.unit, checked_at = now()"""
            )
        finally:
            con.unregister("_findings")


def _finish(con, run: CheckRun, codes: set[str] | None) -> None:
    """The catalog as it ran, a line of check_runs, and whether the findings are now current."""
    from ..store.db import set_setting

    rules = pd.DataFrame.from_records(
        [(r.code, r.severity, r.family, r.title, r.message, r.doc) for r in catalog()],
        columns=["code", "severity", "family", "title", "message", "doc"],
    )
    con.execute("DELETE FROM rules")
    con.register("_rules", rules)
    try:
        con.execute("INSERT INTO rules SELECT code, severity, family, title, message, doc FROM _rules")
    finally:
        con.unregister("_rules")
    con.execute("INSERT INTO check_runs (seconds, reports, findings, scope) VALUES (?, ?, ?, ?)",
                [run.seconds, run.reports, run.count, "full" if run.full else "changes"])
    if run.errors:
        set_setting(con, STALE_KEY, "；".join(run.errors))
    elif run.full and not codes:
        con.execute("DELETE FROM settings WHERE key = ?", [STALE_KEY])


def stale(con) -> str | None:
    """Why the stored findings are out of date (an upgrade, a rule that crashed), if they are."""
    row = con.execute("SELECT value FROM settings WHERE key = ?", [STALE_KEY]).fetchone()
    return row[0] if row else None


def review(con, ref: str, state: str | None, note: str | None = None, user: str | None = None) -> dict:
    """Confirm or dismiss (state None: reopen) the finding whose fingerprint starts with `ref`."""
    if state is not None and state not in REVIEW_STATES:
        raise DisclosureError(f"审核状态应为 {'、'.join(REVIEW_STATES)} 之一")
    ref = ref.strip().lower()
    if len(ref) < 4:
        raise DisclosureError("发现编号太短：至少给出前 4 位")
    rows = con.execute(
        "SELECT fingerprint, agency, year, rule, cells, message FROM findings WHERE starts_with(fingerprint, ?)",
        [ref],
    ).fetchall()
    if not rows:
        raise DisclosureError(f"没有编号为 {ref} 的发现（先运行 disclosure check）")
    if len(rows) > 1:
        raise DisclosureError(f"编号 {ref} 对应 {len(rows)} 条发现，请多给几位")
    fp, agency, year, rule, cells, message = rows[0]
    if state is None:
        con.execute("DELETE FROM reviews WHERE fingerprint = ?", [fp])
    else:
        con.execute(
            """INSERT INTO reviews (fingerprint, agency, year, rule, cells, state, note, reviewed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (fingerprint) DO UPDATE SET state = excluded.state, note = excluded.note,
                   reviewed_at = excluded.reviewed_at""",
            [fp, agency, year, rule, list(cells), state, note, datetime.now()],
        )
    return {"fingerprint": fp, "agency": agency, "year": year, "rule": rule, "message": message,
            "state": state, "note": note}

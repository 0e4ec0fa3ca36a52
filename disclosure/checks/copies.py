"""A report whose text was copied from another agency's report of the same year.

The rule (XA.COPY) and what its scope loads: a report with the other reports of its year
whose text signatures share an LSH bucket with its own (checks/similarity.py), never all
pairs. A report's findings depend on its text and its candidates' only, so a write checks
the reports it changed, the reports their new signatures meet, and those whose findings
named them before (`touched`): the same findings as a full run.
"""
from __future__ import annotations

import json
from collections import defaultdict

import numpy as np

from . import corpus as C
from . import similarity as S
from .catalog import COPIES, WARNING, rule
from .prose import quote

RULE = "XA.COPY"
THRESHOLD = 0.5  # 雷同率 from which a report counts as copied (the evaluation schemes' 内容雷同 > 50%)


@rule(
    RULE, WARNING, "cross_agency", scope=COPIES,
    title="与其他机关报告雷同",
    message="与{other} {report_year} 年度报告雷同 {ratio}%{more}",
    doc="同一年度不同机关的报告比较“一、总体情况”和“五、存在的主要问题及改进情况”两部分（其余部分是统计表的引言或固定表述）："
        "去掉本机关名称、把数字一律视为相同、忽略空格和标点后，按 6 个字的片段计算本报告文字有多少出现在另一机关的报告中（雷同率），"
        "达到 50% 及以上时报出，证据给出雷同率和相同的句子。两部分合计少于 200 字的报告不比较。"
        "为适应全国一年 1.5–2.5 万份报告的规模，不做两两比较：每份报告入库时计算文字的 MinHash 签名并按局部敏感哈希分桶，"
        "只比较同桶的报告（文字重合约一半的两份报告被找到的概率约 99%）。两份报告互相雷同时各报一条，说明中名列雷同率最高的一家。",
    example="某县教育局 2023 年报告的总体情况和存在问题与某县卫健委的报告只差机关名称和数字，雷同率 96%。",
)
def copied(rule, corpus):
    by_id = {r.report_id: r for r in (*corpus.reports, *corpus.by_agency_year.values())}
    for rep in corpus.reports:
        own = _text(rep)
        if len(own[0]) < S.MIN_CHARS:
            continue
        matches = []
        for other_id in corpus.candidates.get(rep.report_id, ()):
            other = by_id.get(other_id)
            if other is None or other.agency_id == rep.agency_id:
                continue
            theirs = _text(other)
            ratio = S.containment(own[1], theirs[1])
            if ratio >= THRESHOLD:
                matches.append((ratio, other, theirs))
        if not matches:
            continue
        matches.sort(key=lambda m: (-m[0], m[1].agency))
        ratio, top, theirs = matches[0]
        more = f"，另有 {len(matches) - 1} 家机关的报告雷同" if len(matches) > 1 else ""
        evidence = {"ratio": round(ratio, 3), "matches": [
            {"agency_id": o.agency_id, "agency": o.agency, "report_id": o.report_id, "ratio": round(r, 3),
             "sentences": [quote(s, 120) for s in S.shared_sentences(own[2], t[1])]}
            for r, o, t in matches]}
        yield rule.finding(rep, [], expected=f"< {THRESHOLD * 100:g}%", actual=round(ratio * 100, 1),
                           evidence=evidence, other=top.agency, report_year=rep.year, ratio=f"{ratio * 100:.0f}", more=more)


def _text(rep) -> tuple[str, np.ndarray, list]:
    """(comparable text, its shingles' hashes, sentences) of a report, worked out once."""
    found = getattr(rep, "_copy_text", None)
    if found is None:
        text, sentences = S.report_text([(s.key, s.text) for s in rep.sections], rep.names)
        found = rep._copy_text = (text, S.hashed(S.shingles(text)), sentences)
    return found


# --- what the scope loads -------------------------------------------------------------------

_SHARERS = """
    WITH s AS (
        SELECT g.report_id, g.band, g.bucket, r.year
        FROM report_signatures g JOIN reports r USING (report_id)
        WHERE list_contains($years, r.year)
    )
    SELECT DISTINCT a.report_id AS a, b.report_id AS b
    FROM s a JOIN s b ON a.year = b.year AND a.band = b.band AND a.bucket = b.bucket AND a.report_id <> b.report_id
    WHERE $all OR list_contains($ids, a.report_id) OR list_contains($ids, b.report_id)
"""
def sharers(con, years: list[int], ids: list[int]) -> set[int]:
    """The reports sharing a bucket with these, either way."""
    rows = con.execute(_SHARERS, {"years": list(years), "all": False, "ids": list(ids)}).fetchall()
    wanted = set(ids)
    return {x for a, b in rows for x in (a, b) if x not in wanted}


CHUNK = 500_000  # pairs estimated at a time


def candidates(con, years: list[int], ids: list[int] | None = None) -> dict[int, list[int]]:
    """report id -> the reports of its year that share a bucket with it and whose signatures
    estimate that its share found there may reach the threshold (of these reports, or all)."""
    pairs = con.execute(_SHARERS, {"years": list(years), "all": ids is None, "ids": list(ids or [])}).fetchnumpy()
    a, b = np.asarray(pairs["a"], dtype=np.int64), np.asarray(pairs["b"], dtype=np.int64)
    if ids is not None:
        keep = np.isin(a, np.asarray(list(ids), dtype=np.int64))
        a, b = a[keep], b[keep]
    if not len(a):
        return {}
    involved = np.unique(np.concatenate([a, b]))
    rows = con.execute("""SELECT report_id, shingles, hashvalues FROM report_minhash
                          WHERE list_contains($ids, report_id) ORDER BY report_id""",
                       {"ids": involved.tolist()}).fetchall()
    if not rows:
        return {}
    order = np.array([rid for rid, _n, _h in rows], dtype=np.int64)
    counts = np.array([n for _r, n, _h in rows], dtype=np.float64)
    values = np.array([h for _r, _n, h in rows], dtype=np.uint32).reshape(len(rows), -1)
    ia = np.minimum(np.searchsorted(order, a), len(order) - 1)
    ib = np.minimum(np.searchsorted(order, b), len(order) - 1)
    known = (order[ia] == a) & (order[ib] == b)
    a, b, ia, ib = a[known], b[known], ia[known], ib[known]
    out: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(a), CHUNK):
        s = slice(start, start + CHUNK)
        share = S.estimated_share(values[ia[s]], values[ib[s]], counts[ia[s]], counts[ib[s]])
        for x, y in zip(a[s][share >= S.ESTIMATE_FLOOR].tolist(), b[s][share >= S.ESTIMATE_FLOOR].tolist()):
            out[x].append(y)
    return {k: sorted(v) for k, v in out.items()}


def load(con, report_ids, agencies: dict[int, C.Agency]) -> list[C.StoredReport]:
    """These reports with only what the rule reads: the compared sections and their names."""
    ids = sorted(set(report_ids))
    if not ids:
        return []
    out: dict[int, C.StoredReport] = {}
    for rid, aid, year, template, published, printed in con.execute(
            """SELECT report_id, agency_id, year, template, published, printed_agency FROM reports
               WHERE list_contains($ids, report_id)""", {"ids": ids}).fetchall():
        info = agencies[aid]
        rep = C.StoredReport(rid, info.name, aid, year, template, published, info)
        rep.names = (printed, info.name)
        out[rid] = rep
    for rid, ordinal, heading, key, text in con.execute(
            """SELECT report_id, ordinal, heading, section_key, text FROM sections
               WHERE list_contains($ids, report_id) AND list_contains($keys, section_key)
               ORDER BY report_id, ordinal""", {"ids": ids, "keys": list(S.SECTIONS)}).fetchall():
        out[rid].sections.append(C.Section(ordinal, heading, key, text))
    return list(out.values())


def corpus_for(con, agencies: dict[int, C.Agency], years: list[int], ids: list[int] | None = None) -> C.Corpus:
    """The reports to check (these, or every one of the years that has a candidate) with their candidates."""
    found = candidates(con, years, ids)
    own = sorted(found) if ids is None else sorted(ids)
    loaded = {r.report_id: r for r in load(con, set(own) | {c for v in found.values() for c in v}, agencies)}
    checked = [loaded[i] for i in own if i in loaded]
    return C.Corpus(checked, list(agencies.values()), context=list(loaded.values()), candidates=found)


def touched(con, changes: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The (agency id, year) whose XA.COPY findings a write of `changes` may change: those
    changed, those their signatures meet now, those whose findings named them before."""
    years = sorted({y for _, y in changes})
    out = set(changes)
    pairs = [[a, y] for a, y in changes]
    changed_ids = [r[0] for r in con.execute(
        "SELECT report_id FROM reports WHERE list_contains($pairs, [agency_id, year])", {"pairs": pairs}).fetchall()]
    if changed_ids:
        met = sharers(con, years, changed_ids)  # any bucket either way: a superset of who may be affected
        if met:
            out |= {(a, y) for a, y in con.execute(
                "SELECT agency_id, year FROM reports WHERE list_contains($ids, report_id)", {"ids": sorted(met)}).fetchall()}
    for aid, year, evidence in con.execute(
            "SELECT agency_id, year, evidence FROM findings WHERE rule = $rule AND list_contains($years, year)",
            {"rule": RULE, "years": years}).fetchall():
        named = json.loads(evidence) if isinstance(evidence, str) else (evidence or {})
        if any((m.get("agency_id"), year) in changes for m in named.get("matches", [])):
            out.add((aid, year))
    return out

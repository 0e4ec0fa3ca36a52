"""Versions of a report: every document stored for an agency and year, which one of them
is current, and reports nothing names yet (待确认).

A document arrives (disclosure/store/ingest.py → ops.store_reports → here):

- the same document again (its hash, at the identity it has in the store, or wherever a
  person put it), read by the same parser: nothing changes; read by another parser (or
  `ingest --reparse`): its version's rows are replaced in place, and the corrections made
  on it are applied again (disclosure/store/corrections.py);
- a report nothing names (no agency or no year): a `pending` version, out of `reports`
  (and so of every analysis and rule) until a person assigns them (`move`);
- a new document of an agency and year: a new version. It becomes the current one when
  there is none, or when it is at least as complete as the current one (every table the
  current one has, no fewer filled cells, no fewer of the statutory parts); otherwise it is
  kept as a `candidate` and the outcome says why in one line. A person may compare the
  versions and choose one (`choose`).

`reports` holds a copy of the current version's row (the same report_id): every query,
rule and index keeps reading it as before. A version's rows (cells, sections, label
deviations) stay under its own report_id whether it is current or not, so choosing a
version moves no cell.

Functions here write inside the caller's transaction (the write path's) and collect in a
`Batch` what they changed; `Batch.finish` writes the queued rows, applies corrections,
recomputes the metrics of the reports that changed and returns the (agency_id, year)
whose checks must run.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime

from .. import template as T
from ..model import PARSER_VERSION, DisclosureError, Report
from ..parse.identity import unidentified
from . import corrections, db, metrics_table, signatures

CURRENT, CANDIDATE, SUPERSEDED, PENDING = "current", "candidate", "superseded", "pending"
STATUS_LABELS = {CURRENT: "当前版本", CANDIDATE: "候选版本", SUPERSEDED: "旧版本", PENDING: "待确认"}
DOCUMENT, PERSON = "document", "person"  # who said which agency and year the version is

# what happened to a stored document (ingest outcomes; db.STORED / REPLACED / UNCHANGED too)
KEPT = "candidate"  # stored as a candidate: the current version stays
WAITING = "pending"  # stored as pending: agency or year to be assigned
REPARSED = "reparsed"  # the same document parsed again, its rows replaced

NOT_REPLACED = "，未替换已有报告；可在报告详情中比较后选用"
ASSIGN_HINT = "；已存为待确认，请在“导入”页指定机关和年度（或 disclosure assign {id} --agency 名称 --year 年度）"

# the columns `reports` copies from the current version
REPORT_COLUMNS = ("report_id", "agency_id", "year", "template", "published", "printed_agency", "source_path",
                  "source_name", "sha256", "format", "extractor", "parser_version", "ingested_at", "notes", "review",
                  "cells_total", "cells_filled", "source_url")


@dataclass(frozen=True)
class Completeness:
    """What "at least as complete" compares: the tables a version has, its filled cells and
    the statutory parts of its text."""

    tables: tuple[str, ...]
    filled: int
    statutory: int


def completeness(report: Report) -> Completeness:
    tables = tuple(t for t in T.TABLE_KEYS if any(report.tables.get(t, {}).values()))
    filled = sum(v.value is not None for _t, _r, _c, v in report.cells())
    return Completeness(tables, filled, len({s.key for s in report.sections if s.key}))


def shortfall(new: Completeness, current: Completeness) -> str | None:
    """Why `new` is less complete than `current`, in one line; None when it is not."""
    missing = [t for t in T.TABLE_KEYS if t in current.tables and t not in new.tables]
    if missing:
        return "新文件缺少" + "、".join(f"表{T.TABLE_NUMBERS[t]}" for t in missing)
    if new.filled < current.filled:
        return f"新文件填写的单元格比已有报告少（{new.filled} 个，已有报告 {current.filled} 个）"
    if new.statutory < current.statutory:
        return f"新文件的正文缺少部分内容（{new.statutory} 个部分，已有报告 {current.statutory} 个）"
    return None


@dataclass
class Saved:
    """What storing (or moving, or choosing) a version did."""

    status: str  # stored / replaced / unchanged / candidate / pending / reparsed
    report_id: int  # the version's
    agency_id: int | None
    year: int | None = None
    agency: str | None = None  # its agency's name (as printed, while pending)
    reason: str | None = None  # candidate: why the current version stays; pending: what is unknown


@dataclass
class Version:
    report_id: int
    agency_id: int | None
    year: int | None
    status: str
    identity_by: str
    sha256: str
    parser_version: str
    printed_agency: str | None
    reason: str | None
    completeness: Completeness


_VERSION_SQL = """SELECT report_id, agency_id, year, status, identity_by, sha256, parser_version, printed_agency,
                         reason, tables, cells_filled, statutory FROM report_versions"""


def _versions(con, where: str, params: list) -> list[Version]:
    return [Version(*row[:9], Completeness(tuple(row[9] or ()), row[10], row[11]))
            for row in con.execute(f"{_VERSION_SQL} WHERE {where} ORDER BY report_id", params).fetchall()]


def version(con, report_id: int) -> Version:
    found = _versions(con, "report_id = ?", [report_id])
    if not found:
        raise DisclosureError(f"没有编号为 {report_id} 的报告版本")
    return found[0]


def current(con, agency_id: int, year: int) -> Version | None:
    """The current version of (agency_id, year): the one `reports` holds (found by its index)."""
    row = db.one(con, "SELECT report_id FROM reports WHERE agency_id = ? AND year = ?", [agency_id, year])
    return version(con, row[0]) if row else None


class Batch:
    """What a write changed: rows still to insert, versions re-parsed (their corrections to
    apply again), replacements (the old version's corrections to offer on the new one),
    reports whose metrics change, and the (agency_id, year) whose checks must run."""

    def __init__(self, user: str, batch: str | None = None):
        self.user, self.batch = user, batch
        self.rows = db._Rows()
        self.reparsed: set[int] = set()
        self.offers: list[tuple[int, int]] = []
        self.touched: set[int] = set()
        self.changes: set[tuple[int, int]] = set()

    def changed(self, report_id: int, agency_id: int | None, year: int | None) -> None:
        self.touched.add(report_id)
        if agency_id is not None and year is not None:
            self.changes.add((agency_id, year))

    def finish(self, con) -> set[tuple[int, int]]:
        self.rows.insert(con)
        corrections.reapply(con, sorted(self.reparsed))
        corrected = corrections.corrected(con, [old for old, _new in self.offers])
        for old, new in self.offers:
            if old in corrected:
                corrections.offer(con, old, new)
        metrics_table.update(con, sorted(self.touched))
        signatures.update(con, sorted(self.touched))  # those no longer current lose theirs
        return self.changes


# --- a document arrives --------------------------------------------------------------------------

def store(con, items: list[tuple[Report, object]], user: str = "", batch: str | None = None,
          versions: list[int | None] | None = None) -> tuple[list[Saved], set[tuple[int, int]]]:
    """Store several (report, agency) as versions: each new document becomes the current
    report of its agency and year unless it is less complete than the one there; the same
    file read by the same parser changes nothing. Returns the Saved of each, in the order
    given, and the (agency_id, year) whose checks must run.

    An insert per table for the whole batch instead of per report: a report's own three
    bulk inserts cost more than its rows. Any error is raised, and the caller's
    transaction rolls the batch back (it may then store the reports one by one to find the
    one at fault). Metrics of the reports that changed are computed here (report_metrics).
    `versions`: for each report, the stored version it is a new parse of (ingest --reparse).
    """
    work = Batch(user, batch)
    wanted = versions or [None] * len(items)
    saved = [stage(con, report, agency, work, v) for (report, agency), v in zip(items, wanted)]
    return saved, work.finish(con)


def stage(con, report: Report, agency, batch: Batch, version_id: int | None = None) -> Saved:
    """Store `report` (its agency resolved as `agency`, a registry.Agency) as a version; its
    rows are queued in `batch`. `version_id`: the stored version this is a new parse of
    (`ingest --reparse`)."""
    if agency is None and report.agency is not None:
        from ..registry import Agency

        agency = Agency(name=report.agency, inferred=True)
    named = report.agency is not None and report.year is not None
    aid = db.upsert_agency(con, agency, registered=False) if named else None
    year = report.year if named else None
    mine = _target(con, report.sha256, aid, year, version_id)
    if mine is not None:
        if version_id is None and mine.parser_version == PARSER_VERSION:
            for table in ("report_versions", "reports"):  # a collected copy of a file given before keeps its URL
                con.execute(f"UPDATE {table} SET source_path = ?, source_url = coalesce(?, source_url) "
                            "WHERE report_id = ?", [report.path, report.source_url or None, mine.report_id])
            return _saved(con, db.UNCHANGED, mine.report_id, mine.reason if mine.status in (CANDIDATE, PENDING) else None)
        return _reparse(con, mine, report, aid, year, batch)
    rid = db.one(con, "SELECT nextval('report_ids')")[0]
    if not named:
        _insert(con, rid, None, report.year, PENDING, report, batch, reason=_pending_reason(report, rid))
        batch.rows.add(rid, report)
        return _saved(con, WAITING, rid, _pending_reason(report, rid))
    _insert(con, rid, aid, year, CANDIDATE, report, batch)
    batch.rows.add(rid, report)
    arrived = Version(rid, aid, year, CANDIDATE, DOCUMENT, report.sha256, PARSER_VERSION, report.agency, None,
                      completeness(report))
    return _place(con, arrived, batch, agency.name)


def _pending_reason(report: Report, rid: int) -> str:
    return (unidentified(report) or "无法确定报告的机关名称和年度") + ASSIGN_HINT.format(id=rid)


def _target(con, sha: str, aid: int | None, year: int | None, version_id: int | None) -> Version | None:
    """The stored version this document is: the one asked for; else the one with its hash at
    the identity the parse gives (pending ones for a report nothing names); else the one a
    person has put elsewhere (an assigned or corrected report keeps its identity)."""
    if version_id is not None:
        return version(con, version_id)
    same = _versions(con, "sha256 = ?", [sha])
    here = [v for v in same if (v.status == PENDING if aid is None else (v.agency_id, v.year) == (aid, year))]
    if here:
        return here[0]
    moved = [v for v in same if v.identity_by == PERSON]
    return moved[0] if moved else None


def _reparse(con, mine: Version, report: Report, aid: int | None, year: int | None, batch: Batch) -> Saved:
    """The same document parsed again: its version's rows replaced, its place kept unless
    the parse now names it otherwise and no person has said who it is."""
    rid = mine.report_id
    batch.rows.drop(rid)  # parsed twice in one batch: the first rows were never written
    for table in ("cells", "sections", "label_deviations"):
        con.execute(f"DELETE FROM {table} WHERE report_id = ?", [rid])
    _update_parse(con, rid, report)
    batch.rows.add(rid, report)
    batch.reparsed.add(rid)
    if mine.identity_by == PERSON or (aid is None and mine.status == PENDING) \
            or (aid is not None and (aid, year) == (mine.agency_id, mine.year)):
        if mine.status == PENDING:
            con.execute("UPDATE report_versions SET year = ?, printed_agency = ?, reason = ? WHERE report_id = ?",
                        [report.year, report.agency, _pending_reason(report, rid), rid])
        elif mine.status == CURRENT:
            _copy_to_reports(con, rid)
            batch.changed(rid, mine.agency_id, mine.year)
        return _saved(con, REPARSED, rid, version(con, rid).reason)
    if aid is None:  # it was named, and the new parse names nothing: a person must say
        _leave(con, mine, batch)
        con.execute("UPDATE report_versions SET status = 'pending', agency_id = NULL, year = ?, reason = ? "
                    "WHERE report_id = ?", [report.year, _pending_reason(report, rid), rid])
        return _saved(con, REPARSED, rid, version(con, rid).reason)
    saved = move(con, rid, aid, year, batch, by=DOCUMENT)
    saved.status = REPARSED
    return saved


# --- where a version stands ----------------------------------------------------------------------

def _place(con, v: Version, batch: Batch, agency: str | None = None) -> Saved:
    """Version `v` (written, with its agency and year; `agency` its agency's name when known)
    takes its place: current when its agency and year have none or it is at least as
    complete as the current one; else a candidate, saying why."""
    rid = v.report_id
    cur = current(con, v.agency_id, v.year)
    if cur is not None and cur.report_id != rid:
        why = shortfall(v.completeness, cur.completeness)
        if why:
            con.execute("UPDATE report_versions SET status = 'candidate', reason = ? WHERE report_id = ?",
                        [why + NOT_REPLACED, rid])
            return _saved(con, KEPT, rid, why + NOT_REPLACED, v, agency)
        _supersede(con, cur, rid, batch)
    _make_current(con, v, batch)
    return _saved(con, db.STORED if cur is None else db.REPLACED, rid, None, v, agency)


def _make_current(con, v: Version, batch: Batch) -> None:
    con.execute("UPDATE report_versions SET status = 'current', reason = NULL WHERE report_id = ?", [v.report_id])
    _copy_to_reports(con, v.report_id)
    batch.changed(v.report_id, v.agency_id, v.year)


def _copy_to_reports(con, rid: int) -> None:
    """The current version's row in `reports` (written again whole: its agency or parse changed)."""
    con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
    cols = ", ".join(REPORT_COLUMNS)
    picked = ", ".join("coalesce(v.printed_agency, a.name)" if c == "printed_agency" else f"v.{c}"
                       for c in REPORT_COLUMNS)
    con.execute(f"INSERT INTO reports ({cols}) SELECT {picked} FROM report_versions v "
                f"JOIN agencies a USING (agency_id) WHERE v.report_id = ?", [rid])


def _supersede(con, cur: Version, new_rid: int, batch: Batch) -> None:
    """The current version gives way to `new_rid`; its corrections are offered on the new one."""
    con.execute("DELETE FROM reports WHERE report_id = ?", [cur.report_id])
    con.execute("UPDATE report_versions SET status = 'superseded', reason = NULL WHERE report_id = ?", [cur.report_id])
    batch.changed(cur.report_id, cur.agency_id, cur.year)
    batch.offers.append((cur.report_id, new_rid))


def _leave(con, v: Version, batch: Batch) -> None:
    """Version `v` leaves its agency and year: when it was current, the most complete of the
    others there (if any) becomes current."""
    if v.status != CURRENT:
        return
    con.execute("DELETE FROM reports WHERE report_id = ?", [v.report_id])
    batch.changed(v.report_id, v.agency_id, v.year)
    others = [o for o in _versions(con, "agency_id = ? AND year = ? AND status IN ('candidate', 'superseded')",
                                   [v.agency_id, v.year]) if o.report_id != v.report_id]
    if others:
        best = max(others, key=lambda o: (len(o.completeness.tables), o.completeness.filled,
                                          o.completeness.statutory, o.report_id))
        _make_current(con, best, batch)


def move(con, rid: int, agency_id: int, year: int, batch: Batch, by: str = PERSON) -> Saved:
    """Version `rid` is the report of (agency_id, year) (a person assigned or corrected it, or
    a new parse names it so): it leaves where it was and takes its place there."""
    v = version(con, rid)
    if v.status != PENDING and (v.agency_id, v.year) == (agency_id, year):
        if by == PERSON:
            con.execute("UPDATE report_versions SET identity_by = ? WHERE report_id = ?", [by, rid])
        return _saved(con, db.UNCHANGED, rid, v.reason)
    _leave(con, v, batch)
    con.execute("""UPDATE report_versions SET agency_id = ?, year = ?, identity_by = ?, status = 'candidate',
                       status_at = ?, status_by = ? WHERE report_id = ?""",
                [agency_id, year, by, datetime.now(), batch.user, rid])
    return _place(con, version(con, rid), batch)


def choose(con, rid: int, batch: Batch) -> Saved:
    """A person chose version `rid` as its agency's report for its year, whatever its completeness."""
    v = version(con, rid)
    if v.status == PENDING:
        raise DisclosureError("这份报告尚待确认：请先指定机关和年度")
    if v.status == CURRENT:
        return _saved(con, db.UNCHANGED, rid)
    cur = current(con, v.agency_id, v.year)
    if cur is not None:
        _supersede(con, cur, rid, batch)
    _make_current(con, v, batch)
    con.execute("UPDATE report_versions SET status_at = ?, status_by = ? WHERE report_id = ?",
                [datetime.now(), batch.user, rid])
    return _saved(con, db.REPLACED if cur is not None else db.STORED, rid)


# --- rows ------------------------------------------------------------------------------------------

def _saved(con, status: str, rid: int, reason: str | None = None, v: Version | None = None,
           agency: str | None = None) -> Saved:
    if v is not None and agency is not None:
        return Saved(status, rid, v.agency_id, v.year, agency, reason)
    row = db.one(con, """SELECT v.agency_id, v.year, coalesce(a.name, v.printed_agency) FROM report_versions v
                         LEFT JOIN agencies a USING (agency_id) WHERE v.report_id = ?""", [rid])
    return Saved(status, rid, row[0], row[1], row[2], reason)


def _parse_values(report: Report) -> list:
    c = completeness(report)
    values = [v.value for _t, _r, _c, v in report.cells()]
    return [report.template, report.published, report.agency, report.path, os.path.basename(report.path),
            report.sha256, report.format, report.extractor, PARSER_VERSION, list(report.notes), list(report.review),
            json.dumps(report.identity, ensure_ascii=False) if report.identity else None, len(values),
            sum(v is not None for v in values), list(c.tables), c.statutory, report.source_url or None]


_PARSE_COLUMNS = ("template", "published", "printed_agency", "source_path", "source_name", "sha256", "format",
                  "extractor", "parser_version", "notes", "review", "identity", "cells_total", "cells_filled",
                  "tables", "statutory", "source_url")


def _insert(con, rid: int, aid: int | None, year: int | None, status: str, report: Report, batch: Batch,
            reason: str | None = None) -> None:
    cols = ("report_id", "agency_id", "year", "status", "ingested_by", "batch", "reason", *_PARSE_COLUMNS)
    con.execute(f"INSERT INTO report_versions ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [rid, aid, year, status, batch.user, batch.batch, reason, *_parse_values(report)])


def _update_parse(con, rid: int, report: Report) -> None:
    sets = ", ".join(f"{c} = ?" for c in _PARSE_COLUMNS)
    con.execute(f"UPDATE report_versions SET {sets} WHERE report_id = ?", [*_parse_values(report), rid])

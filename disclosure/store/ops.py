"""Every write operation the store knows, in one place (run through disclosure/store/writes.py).

Each takes the write context and JSON arguments and returns JSON: it may run in another
process than the caller's (the one that serves the database).
"""
from __future__ import annotations

import os
from functools import partial
from time import perf_counter

from ..model import DisclosureError, Report
from . import db
from .writes import ERRORS, FINDINGS, RECTIFICATION, REGISTRY, REPORTS, REVIEWS, SETTINGS, operation

FAILED = "failed"


@operation("migrate", (), "升级数据库")
def migrate(ctx) -> None:
    """Nothing more: opening the file for writing brought its schema up to date."""


# --- reports ----------------------------------------------------------------------------------

def wire(report: Report) -> dict:
    """A parsed report as an operation's argument: the data contract's JSON with every
    cell's provenance, and where its document lies in the documents folder."""
    out = report.to_json(provenance=True)
    out["document"] = {"size": report.document_size, "ending": report.document_ending}
    return out


def unwire(data: dict) -> Report:
    report = Report.from_json(data)
    doc = data.get("document") or {}
    report.document_size, report.document_ending = doc.get("size"), doc.get("ending") or ""
    return report


def _registry(con):
    """The database's registry; one that was never given any takes data/agencies.csv when
    it exists (the registry a clone ships), as a first ingest always did."""
    from ..registry import DEFAULT_PATH, load_registry

    if not db.synced(con) and DEFAULT_PATH.exists():
        db.sync_registry(con, load_registry(DEFAULT_PATH))
    return db.registry(con)


@operation("store_reports", (REPORTS, FINDINGS, ERRORS, RECTIFICATION), "导入报告", transactions=True)
def store_reports(ctx, reports: list[dict], errors: list[dict] = (), check: bool = True,
                  batch: str | None = None) -> dict:
    """Store a batch of parsed reports as versions (disclosure/store/versions.py), and record
    the files that failed, in one transaction with the checks of what it changed; when that
    transaction fails, each report in a transaction of its own, so only the one at fault
    fails. `batch` names the ingest (an upload) the files came with; a report's "version"
    key, when given, is the stored version it is a new parse of (ingest --reparse).

    Returns {"outcomes": [{status, agency, year, report_id, reason}] in the order given
    (status stored / replaced / unchanged / candidate / pending / reparsed / failed),
    "errors": rule errors of the checks, "seconds": {"store", "check"}}."""
    items = [(unwire(r), r.get("version")) for r in reports]
    registry = _registry(ctx.con)
    store = partial(_store, ctx.con, registry=registry, user=ctx.user, batch=batch)
    seconds = {"store": 0.0, "check": 0.0}
    try:
        with ctx.transaction():
            start = perf_counter()
            outcomes, changes = store(items)
            _record(ctx.con, errors)
            seconds["store"] = perf_counter() - start
            rule_errors = _check(ctx.con, changes) if check else []
            seconds["check"] = perf_counter() - start - seconds["store"]
    except CheckFailed as failed:  # the checks could not run: the reports are stored without them
        with ctx.transaction():
            outcomes, _changes = store(items)
            _record(ctx.con, errors)
            _mark_stale(ctx.con, failed.reason)
        rule_errors = [failed.reason]
    except Exception:
        outcomes, rule_errors = [], []
        for report, version in items:
            try:
                with ctx.transaction():
                    (outcome,), changes = store([(report, version)])
                    rule_errors += _check(ctx.con, changes) if check else []
            except Exception as exc:
                reason = f"写入数据库失败：{type(exc).__name__}: {exc}"
                with ctx.transaction():
                    db.record_error(ctx.con, report.path, reason, report.sha256)
                outcome = {"status": FAILED, "agency": report.agency, "year": report.year, "reason": reason}
            outcomes.append(outcome)
        with ctx.transaction():
            _record(ctx.con, errors)
    return {"outcomes": outcomes, "errors": rule_errors, "seconds": seconds}


def _store(con, items: list[tuple[Report, int | None]], registry, user: str, batch: str | None
           ) -> tuple[list[dict], set[tuple[int, int]]]:
    from . import versions

    staged = [(r, registry.resolve(r.agency) if r.agency else None) for r, _v in items]
    saved, changes = versions.store(con, staged, user, batch, [v for _r, v in items])
    outcomes = [{"status": s.status, "agency": s.agency, "year": s.year, "report_id": s.report_id,
                 "reason": s.reason} for s in saved]
    return outcomes, changes


def _record(con, errors) -> None:
    for e in errors:
        db.record_error(con, e["path"], e["reason"], e.get("sha256"))


class CheckFailed(DisclosureError):
    """The check run itself failed (not one rule: those are reported and the others run)."""


def _check(con, changes) -> list[str]:
    from ..checks.run import check_changes

    if not changes:
        return []
    try:
        errors = check_changes(con, changes).errors
    except Exception as exc:
        raise CheckFailed(_check_failure(exc)) from exc
    if not errors:  # a finding a crashed rule did not produce has not gone away
        _settle(con)
    return errors


def _settle(con) -> None:
    from ..rectify import settle

    settle(con)


def _check_failure(exc: Exception) -> str:
    return f"检查失败：{type(exc).__name__}: {exc}；发现列表未更新（仍是上次检查的结果）"


def with_checks(ctx, change):
    """A change to stored reports and the checks of what it changed, in one transaction:
    `change()` returns (its result, the (agency_id, year) it changed). When the checks
    themselves fail, the change is made alone, with the findings marked out of date.
    Returns (the result, rule errors)."""
    try:
        with ctx.transaction():
            result, changes = change()
            errors = _check(ctx.con, changes)
    except CheckFailed as failed:
        with ctx.transaction():
            result, _changes = change()
            _mark_stale(ctx.con, failed.reason)
        errors = [failed.reason]
    return result, errors


def _mark_stale(con, why: str) -> None:
    from ..checks.run import STALE_KEY

    db.set_setting(con, STALE_KEY, why)


@operation("record_errors", (ERRORS,), "记录导入失败的文件")
def record_errors(ctx, errors: list[dict]) -> None:
    _record(ctx.con, errors)


# --- the registry -----------------------------------------------------------------------------

@operation("sync_registry", (REGISTRY, SETTINGS), "同步机构名录")
def sync_registry(ctx, path: str | None = None, agencies: list[dict] | None = None, force: bool = False) -> dict:
    """The database's registry becomes the one in the CSV file at `path`, or these
    `agencies` (registry.Agency fields); with neither, the database keeps its own (a
    database that never had one takes data/agencies.csv). {"changed": whether the
    registry says anything new, "agencies": how many it lists}."""
    from ..registry import Registry, load_registry

    if path is not None:
        if not os.path.exists(path):
            raise DisclosureError("机构名录文件不存在", path)
        registry = load_registry(path)
    elif agencies is not None:
        registry = Registry(agencies_of(agencies))
    else:
        changed = not db.synced(ctx.con)
        registry = _registry(ctx.con)
        return {"changed": changed and len(registry) > 0, "agencies": len(registry)}
    return {"changed": db.sync_registry(ctx.con, registry, force=force), "agencies": len(registry)}


def agencies_of(rows: list[dict]) -> list:
    """registry.Agency of sync_registry's `agencies` argument (registry_rows)."""
    from ..registry import Agency

    return [Agency(**{**a, "aliases": tuple(a.get("aliases") or ()),
                      "years": None if a.get("years") is None else tuple(map(tuple, a["years"]))}) for a in rows]


def registry_rows(registry) -> list[dict]:
    """A registry as sync_registry's `agencies` argument."""
    from dataclasses import asdict

    fields = ("name", "aliases", "province", "province_code", "city", "city_code", "county", "county_code",
              "level", "kind", "parent", "years")
    return [{k: v for k, v in asdict(a).items() if k in fields} for a in registry]


# --- checks and reviews -----------------------------------------------------------------------

@operation("check", (FINDINGS, SETTINGS, RECTIFICATION), "检查全部报告", transactions=True)
def check(ctx, codes: list[str] | None = None) -> dict:
    """Every rule (or those in `codes`) over the whole store. When the run itself fails, the
    findings stay as they were, marked out of date, and the error says so."""
    from ..checks.run import run_checks

    try:
        with ctx.transaction():
            run = run_checks(ctx.con, set(codes) if codes else None, keep=False)
            if not run.errors and not codes:
                _settle(ctx.con)
    except Exception as exc:
        why = _check_failure(exc)
        with ctx.transaction():
            _mark_stale(ctx.con, why)
        raise DisclosureError(why) from exc
    return {"findings": run.count, "reports": run.reports, "seconds": run.seconds, "errors": run.errors,
            "phases": run.phases}


@operation("export_parquet", (), "导出 Parquet")
def export_parquet(ctx, folder: str) -> dict:
    """Every analytic table as Parquet in `folder`, for read-only dashboards (replicas).
    Run by the database's owner, whose connection sees one committed state."""
    from .replica import export

    return export(ctx.con, folder)


@operation("review", (REVIEWS,), "审核发现")
def review(ctx, fingerprint: str, state: str | None, note: str | None = None) -> dict:
    from ..checks.run import review as do_review

    return do_review(ctx.con, fingerprint, state, note, user=ctx.user)


# operations of their own modules, registered on import
from . import registry_ops, report_ops  # noqa: E402,F401

from .. import rectify as _rectify  # noqa: E402,F401  registers the rectification's operations
from ..collect import state as _collect_state  # noqa: E402,F401  registers the collection's operations

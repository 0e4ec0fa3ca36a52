"""Write operations a person makes on stored reports: choose a version, assign the agency
and year of reports nothing names (待确认) or of a whole upload, correct a cell, an agency
or a year, and decide on corrections offered on a new version.

Each changes versions (disclosure/store/versions.py) and corrections
(disclosure/store/corrections.py) and checks what it changed in the same transaction
(ops.with_checks): both the agency and year a report leaves and the ones it joins.
"""
from __future__ import annotations

from datetime import datetime

from ..model import DisclosureError
from ..registry import Agency, clean
from . import corrections as K
from . import db
from . import versions as V
from .ops import _registry, with_checks
from .writes import FINDINGS, REGISTRY, REPORTS, operation

FIRST_YEAR = 2008  # the regulations on government information disclosure took effect
IDENTITY_FIELDS = {"agency": K.AGENCY, "机关": K.AGENCY, "year": K.YEAR, "年度": K.YEAR}
ASSIGNED = "人工指定机关和年度"  # the reason logged when a person gives none


def _outcome(saved: V.Saved) -> dict:
    return {"status": saved.status, "report_id": saved.report_id, "agency": saved.agency, "year": saved.year,
            "reason": saved.reason}


def find_report(con, agency: str, year: int) -> int:
    """The current version of `agency`'s report for `year` (the name as the registry knows
    it, an alias, or as stored)."""
    registry = _registry(con)
    names = list(dict.fromkeys([registry.resolve(agency).name, clean(agency), agency]))
    row = db.one(con, """SELECT r.report_id FROM reports r JOIN agencies a USING (agency_id)
                         WHERE list_contains(?, a.name) AND r.year = ? ORDER BY list_position(?, a.name) LIMIT 1""",
                 [names, int(year), names])
    if row is None:
        raise DisclosureError(f"数据库中没有{agency} {year} 年度的报告（disclosure reports 列出全部）")
    return row[0]


def _year(value) -> int:
    try:
        year = int(str(value).strip().rstrip("年度").rstrip("年"))
    except (TypeError, ValueError):
        raise DisclosureError(f"年度“{value}”不是年份") from None
    last = datetime.now().year
    if not FIRST_YEAR <= year <= last:
        raise DisclosureError(f"年度应在 {FIRST_YEAR} 至 {last} 之间，而不是 {year}")
    return year


def placed(registry, name: str, region: str | None) -> Agency:
    """The agency `name` names, read within `region` (a division: 山西省忻州市神池县, 神池县)
    when the name itself says no region (教育局)."""
    name = clean(name)
    if not name:
        raise DisclosureError("请填写机关名称")
    if region and clean(region):
        area = registry.divisions.place(clean(region))
        if area.division is None or area.end != len(clean(region)):
            raise DisclosureError(f"无法确定地区“{region}”：请写出完整的区划名称，如 山西省忻州市神池县")
        own = registry.divisions.place(name)
        if own.division is None:
            name = registry.divisions.full_name(area.division) + name[own.start:]
    return registry.resolve(name)


def _identify(con, rid: int, agency: Agency | None, year: int | None, note: str, work: V.Batch) -> V.Saved:
    """Version `rid` is `agency`'s report for `year` (None: as it is): logged as corrections
    of its agency and year, then moved there."""
    v = V.version(con, rid)
    before = db.one(con, "SELECT name FROM agencies WHERE agency_id = ?", [v.agency_id]) if v.agency_id else None
    old_name = before[0] if before else v.printed_agency
    name = agency.name if agency is not None else old_name
    new_year = year if year is not None else v.year
    if name is None or new_year is None:
        raise DisclosureError(f"报告 {rid}：{'机关名称' if name is None else '年度'}未知，请一并指定")
    aid = db.upsert_agency(con, agency) if agency is not None else v.agency_id
    if aid is None:
        aid = db.upsert_agency(con, _registry(con).resolve(name))
    if v.status == V.PENDING or name != old_name:
        K.record_identity(con, rid, K.AGENCY, old_name, name, note, work.user)
    if v.status == V.PENDING or new_year != v.year:
        K.record_identity(con, rid, K.YEAR, v.year, new_year, note, work.user)
    return V.move(con, rid, aid, new_year, work)


@operation("assign_reports", (REPORTS, FINDINGS, REGISTRY), "指定报告的机关和年度", transactions=True)
def assign_reports(ctx, report_ids: list[int], agency: str | None = None, year=None, region: str | None = None,
                   note: str | None = None) -> dict:
    """These versions (reports nothing names, or all the files of an upload) are the reports
    of `agency` (else of the agency each document names, read within `region` when its name
    gives none) for `year` (else the year each names). Each moves to its agency and year and
    takes its place there as any new document does (current, or a candidate when less
    complete than the one there). {"outcomes": [...] in the order given, "errors"}; a report
    that cannot be assigned gets status "failed" with the reason, the others go on."""
    if not report_ids:
        raise DisclosureError("请选择要指定的报告")
    given_year = _year(year) if year not in (None, "") else None
    note = (note or "").strip() or ASSIGNED

    def change():
        registry = _registry(ctx.con)
        work = V.Batch(ctx.user)
        outcomes = []
        for rid in report_ids:
            try:
                v = V.version(ctx.con, int(rid))
                name = agency or (v.printed_agency if v.status == V.PENDING else None)
                if name is None and v.status == V.PENDING:
                    raise DisclosureError(f"报告 {rid}：文中没有机关名称，请填写")
                found = placed(registry, name, region) if name else None
                if found is None and region:
                    own = db.one(ctx.con, "SELECT name FROM agencies WHERE agency_id = ?", [v.agency_id])
                    found = placed(registry, own[0], region)
                outcomes.append(_outcome(_identify(ctx.con, v.report_id, found, given_year, note, work)))
            except DisclosureError as exc:
                outcomes.append({"status": "failed", "report_id": rid, "reason": exc.reason})
        return outcomes, work.finish(ctx.con)

    outcomes, errors = with_checks(ctx, change)
    return {"outcomes": outcomes, "errors": errors}


@operation("choose_version", (REPORTS, FINDINGS), "选用报告版本", transactions=True)
def choose_version(ctx, report_id: int) -> dict:
    """Version `report_id` becomes its agency's report for its year (a person compared it
    with the current one); the corrections of the one it replaces are offered on it."""
    def change():
        work = V.Batch(ctx.user)
        saved = V.choose(ctx.con, int(report_id), work)
        return _outcome(saved), work.finish(ctx.con)

    outcome, errors = with_checks(ctx, change)
    return {**outcome, "errors": errors}


@operation("correct", (REPORTS, FINDINGS, REGISTRY), "更正报告", transactions=True)
def correct(ctx, cell: str, value=None, note: str | None = None, report_id: int | None = None,
            agency: str | None = None, year=None) -> dict:
    """A person's correction of one cell (`table.row.column`; `value` None or 空 for blank),
    or of the report's agency (`cell` "agency") or year ("year"), with the reason `note`;
    the report is version `report_id`, or `agency`'s current report for `year`. Logged,
    applied over the parse, and the checks of what it changed run again."""
    if not (note or "").strip():
        raise DisclosureError("请写明更正的原因（--note）")
    field = IDENTITY_FIELDS.get(str(cell).strip().lower(), K.CELL)

    def change():
        rid = int(report_id) if report_id is not None else find_report(ctx.con, agency, _year(year))
        v = V.version(ctx.con, rid)
        work = V.Batch(ctx.user)
        if field == K.CELL:
            done = K.correct_cell(ctx.con, rid, str(cell).strip(), value, note, ctx.user)
            if v.status == V.CURRENT:
                work.changed(rid, v.agency_id, v.year)
            return {**done, "status": "corrected"}, work.finish(ctx.con)
        if v.status == V.PENDING:
            raise DisclosureError("这份报告尚待确认：请用 disclosure assign 指定机关和年度")
        if field == K.AGENCY:
            if value is None or not clean(str(value)):
                raise DisclosureError("请给出正确的机关名称")
            saved = _identify(ctx.con, rid, _registry(ctx.con).resolve(clean(str(value))), None, note, work)
        else:
            saved = _identify(ctx.con, rid, None, _year(value), note, work)
        return {**_outcome(saved), "cell": field}, work.finish(ctx.con)

    done, errors = with_checks(ctx, change)
    return {**done, "errors": errors}


def _rechecked(ctx, rid: int, work: V.Batch) -> None:
    v = V.version(ctx.con, rid)
    if v.status == V.CURRENT:
        work.changed(rid, v.agency_id, v.year)


@operation("decide_correction", (REPORTS, FINDINGS), "处理上一版本的更正", transactions=True)
def decide_correction(ctx, correction_ids: list[int], apply: bool) -> dict:
    """Corrections offered on a new version (they were made on the one it replaced): applied
    to it (`apply`) as this user's, or declined."""
    def change():
        work = V.Batch(ctx.user)
        for cid in correction_ids:
            _rechecked(ctx, K.decide_offer(ctx.con, int(cid), bool(apply), ctx.user), work)
        return len(correction_ids), work.finish(ctx.con)

    n, errors = with_checks(ctx, change)
    return {"corrections": n, "errors": errors}


@operation("withdraw_correction", (REPORTS, FINDINGS), "撤销更正", transactions=True)
def withdraw_correction(ctx, correction_id: int) -> dict:
    """An active cell correction undone: the cell is what the document's parse gives."""
    def change():
        work = V.Batch(ctx.user)
        _rechecked(ctx, K.withdraw(ctx.con, int(correction_id)), work)
        return int(correction_id), work.finish(ctx.con)

    cid, errors = with_checks(ctx, change)
    return {"correction_id": cid, "errors": errors}

"""Write operations on the database's registry from the 机构名录 page: add or edit an agency,
retire one.

An edit is validated as data/agencies.csv is (registry.agency_from_row for the row, a
Registry of all the agencies for names, aliases, regions and parents) and replaces the
database's registry in one statement (db.sync_registry). A renamed agency keeps its
reports (its row is renamed, its subordinates follow it, and the reviews of its findings
are keyed by the new name). Reports filed under an agency outside the registry whose name
the new registry now knows (an alias just added) move to the registered agency. Then the
checks a registry change needs run again, in the same transaction: for an edit of one agency
that leaves its kind, level and parent (its name, aliases, region, years; a retirement after a
year), that agency's units in every stored year (its reports, its peer group, its government's
hierarchy, each year's expected reports) and those of the reports that moved; for anything
else (a new agency, another kind, level or parent, one struck off, a whole CSV) all of them,
as any peer group, expectation or hierarchy may have moved.
"""
from __future__ import annotations

from dataclasses import replace

from .. import registry_years as Y
from ..checks.catalog import fingerprint
from ..model import DisclosureError
from ..registry import Registry, agency_from_row, clean
from . import db
from . import versions as V
from .ops import _check_failure, _mark_stale, agencies_of
from .writes import FINDINGS, REGISTRY, REPORTS, SETTINGS, operation


def _apply(ctx, agencies: list, renamed: tuple[str, str] | None = None, only: str | None = None) -> dict:
    """The registry becomes `agencies` (validated), stored reports follow it, and the checks
    run again: those of agency `only`'s every year when the change is about it alone and
    leaves its kind, level and parent (its peer group and the hierarchy it is in) as they
    were (names, aliases, region, years), else all of them."""
    from ..checks.run import check_changes, run_checks

    registry = Registry(agencies)  # raises DisclosureError naming each problem
    con = ctx.con

    def change() -> tuple[int, set[tuple[int, int]]]:
        if renamed:
            _rename(con, *renamed)
        db.sync_registry(con, registry, force=True)
        return _follow(con, registry, ctx.user)

    try:
        with ctx.transaction():
            moved, changes = change()
            if only is None:
                errors = run_checks(con).errors
            else:
                aid = db.one(con, "SELECT agency_id FROM agencies WHERE name = ?", [only])[0]
                years = [r[0] for r in con.execute("SELECT DISTINCT year FROM reports").fetchall()]
                errors = check_changes(con, changes | {(aid, y) for y in years}).errors
    except DisclosureError:
        raise
    except Exception as exc:  # the checks could not run: the registry changes, its findings marked out of date
        why = _check_failure(exc)
        with ctx.transaction():
            moved, _changes = change()
            _mark_stale(con, why)
        errors = [why]
    return {"agencies": len(registry), "moved": moved, "errors": errors}


def _rename(con, old: str, new: str) -> None:
    """The agency row `old` is called `new` from now on: its reports, subordinates and
    reviews go with it."""
    clash = db.one(con, """SELECT a.agency_id, count(v.report_id) FROM agencies a
                           LEFT JOIN report_versions v USING (agency_id) WHERE a.name = ? GROUP BY ALL""", [new])
    if clash is not None:
        if clash[1]:
            raise DisclosureError(f"已有名为“{new}”的机关（存有报告），不能把“{old}”改为这个名称")
        con.execute("DELETE FROM agencies WHERE agency_id = ?", [clash[0]])
    con.execute("UPDATE agencies SET name = ? WHERE name = ?", [new, old])
    con.execute("UPDATE agencies SET parent = ? WHERE parent = ?", [new, old])
    for fp, year, rule, cells in con.execute("SELECT fingerprint, year, rule, cells FROM reviews WHERE agency = ?",
                                             [old]).fetchall():
        con.execute("UPDATE reviews SET fingerprint = ?, agency = ? WHERE fingerprint = ?",
                    [fingerprint(new, year, rule, cells), new, fp])


def _follow(con, registry: Registry, user: str) -> tuple[int, set[tuple[int, int]]]:
    """Versions filed under an agency outside the registry whose name it now knows move to
    the registered agency: how many moved, and the (agency_id, year) they changed."""
    rows = con.execute("""SELECT v.report_id, a.name FROM report_versions v JOIN agencies a USING (agency_id)
                          WHERE NOT coalesce(a.registered, false) AND v.identity_by = 'document'
                          ORDER BY v.report_id""").fetchall()
    work = V.Batch(user)
    n = 0
    for rid, name in rows:
        found = registry.get(name)
        if found is None or found.name == name:
            continue
        aid = db.one(con, "SELECT agency_id FROM agencies WHERE name = ?", [found.name])[0]
        V.move(con, rid, aid, V.version(con, rid).year, work, by=V.DOCUMENT)
        n += 1
    return n, work.finish(con)


def _listed(con) -> list:
    return list(db.registry(con))


@operation("registry_save", (REGISTRY, SETTINGS, FINDINGS, REPORTS), "修改机构名录", transactions=True)
def registry_save(ctx, agency: dict, original: str | None = None) -> dict:
    """Add an agency to the database's registry, or change the one called `original`:
    `agency` holds the registry's columns as text, as a row of the CSV does (name, aliases,
    province…, level, kind, parent, years). {"agencies": how many the registry lists,
    "moved": reports that moved to a registered agency, "errors": of the checks}."""
    new = agency_from_row(agency)
    listed = _listed(ctx.con)
    names = {a.name for a in listed}
    renamed = None
    if original:
        original = clean(original)
        if original not in names:
            raise DisclosureError(f"机构名录中没有“{original}”")
        listed = [a for a in listed if a.name != original]
        if new.name != original:
            if new.name in names:
                raise DisclosureError(f"机构名录中已有“{new.name}”")
            renamed = (original, new.name)
            listed = [replace(a, parent=new.name) if a.parent == original else a for a in listed]
    elif new.name in names:
        raise DisclosureError(f"机构名录中已有“{new.name}”；要修改它，请在列表中选中后编辑")
    before = next((a for a in _listed(ctx.con) if a.name == original), None)
    placed_as_before = before is not None and (before.kind, before.level, clean(before.parent)) == (
        new.kind, new.level, clean(new.parent))
    return _apply(ctx, [*listed, new], renamed, only=new.name if placed_as_before else None)


@operation("registry_retire", (REGISTRY, SETTINGS, FINDINGS, REPORTS), "撤销机构", transactions=True)
def registry_retire(ctx, agency: str, last_year: int | None = None) -> dict:
    """An agency no longer expected to report: after `last_year` (its 应报年度 end there), or,
    without one, struck from the registry (its reports stay, under an agency the registry
    does not list). An agency others answer to cannot be struck while they do."""
    name = clean(agency)
    listed = _listed(ctx.con)
    found = next((a for a in listed if a.name == name), None)
    if found is None:
        raise DisclosureError(f"机构名录中没有“{name}”")
    if last_year is None:
        below = [a.name for a in listed if a.parent == name]
        if below:
            raise DisclosureError(f"“{name}”是{'、'.join(below[:5])}{'等' if len(below) > 5 else ''}的上级机关，"
                                  "请先修改它们的上级机关")
        return _apply(ctx, [a for a in listed if a.name != name])
    cut = replace(found, years=Y.until(found.years, int(last_year)))
    return _apply(ctx, [cut if a.name == name else a for a in listed], only=name)


@operation("registry_replace", (REGISTRY, SETTINGS, FINDINGS, REPORTS), "替换机构名录", transactions=True)
def registry_replace(ctx, agencies: list[dict]) -> dict:
    """The registry becomes these agencies (ops.registry_rows of a registry read from a CSV
    the user uploaded), as an edit does: validated, reports following it, every check run."""
    return _apply(ctx, agencies_of(agencies))

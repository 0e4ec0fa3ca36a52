"""Rectification (整改): confirmed findings sent to their agencies with a deadline, followed up.

    待整改       sent, not yet fixed, deadline not passed
    逾期未整改   sent, not fixed, deadline passed (worked out when read: `status`)
    已整改       the agency's corrected report was ingested and the finding no longer appears
                 (settled automatically by `settle`, with the date and the document)

Writes are operations (registered here, imported by disclosure/store/ops.py): `rectify_send`,
`rectify_withdraw`; `settle` runs inside the write that re-checked the reports (store_reports,
check), after a check with no rule error only: a finding a crashed rule did not produce has
not gone away.
"""
from __future__ import annotations

from datetime import date

from .model import DisclosureError
from .store.writes import RECTIFICATION, operation

PENDING, FIXED, OVERDUE = "pending", "fixed", "overdue"
STATE_LABELS = {PENDING: "待整改", OVERDUE: "逾期未整改", FIXED: "已整改"}


def status(state: str, deadline, today: date | None = None) -> str:
    """pending / overdue / fixed: a pending rectification past its deadline is overdue."""
    if state == FIXED:
        return FIXED
    today = today or date.today()
    due = deadline if isinstance(deadline, date) else date.fromisoformat(str(deadline)[:10])
    return OVERDUE if due < today else PENDING


def _deadline(text: str) -> date:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        raise DisclosureError(f"整改期限应写作 YYYY-MM-DD，而不是 {text!r}") from None


@operation("rectify_send", (RECTIFICATION,), "下发整改")
def send(ctx, fingerprints: list[str], deadline: str, note: str | None = None) -> dict:
    """Send these confirmed findings for rectification by `deadline` (a finding sent again
    gets the new deadline and note; one already fixed stays fixed)."""
    from .checks.run import CONFIRMED

    due = _deadline(deadline)
    con = ctx.con
    found = con.execute(
        """SELECT f.fingerprint, f.agency_id, f.agency, f.year, f.rule, f.cells, f.message, f.report_id,
                  r.sha256, coalesce(v.state, 'open')
           FROM findings f LEFT JOIN reports r USING (report_id) LEFT JOIN reviews v USING (fingerprint)
           WHERE list_contains($fps, f.fingerprint)""", {"fps": list(fingerprints)}).fetchall()
    known = {row[0] for row in found}
    missing = [fp for fp in fingerprints if fp not in known]
    if missing:
        raise DisclosureError(f"没有这些发现：{'、'.join(missing[:5])}（先运行 disclosure check）")
    unconfirmed = [f"{row[2]} {row[3]} {row[4]}" for row in found if row[9] != CONFIRMED]
    if unconfirmed:
        raise DisclosureError(f"只有已确认的问题才能下发整改，以下问题尚未确认：{'；'.join(unconfirmed[:5])}")
    sent = 0
    for fp, aid, agency, year, rule, cells, message, rid, sha, _state in found:
        done = con.execute("SELECT state FROM rectifications WHERE fingerprint = ?", [fp]).fetchone()
        if done and done[0] == FIXED:
            continue
        con.execute(
            """INSERT INTO rectifications (fingerprint, agency_id, agency, year, rule, cells, message, report_id,
                                           sent_sha256, deadline, note, sent_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (fingerprint) DO UPDATE SET deadline = excluded.deadline, note = excluded.note,
                   sent_at = now(), sent_by = excluded.sent_by""",
            [fp, aid, agency, year, rule, list(cells), message, rid, sha, due, note, ctx.user])
        sent += 1
    return {"sent": sent, "deadline": due.isoformat()}


@operation("rectify_withdraw", (RECTIFICATION,), "撤回整改")
def withdraw(ctx, fingerprints: list[str]) -> dict:
    """Take back rectifications not yet fixed (sent by mistake)."""
    n = ctx.con.execute("SELECT count(*) FROM rectifications WHERE list_contains($fps, fingerprint) AND state = $s",
                        {"fps": list(fingerprints), "s": PENDING}).fetchone()[0]
    ctx.con.execute("DELETE FROM rectifications WHERE list_contains($fps, fingerprint) AND state = $s",
                    {"fps": list(fingerprints), "s": PENDING})
    return {"withdrawn": n}


def settle(con) -> int:
    """Mark fixed every pending rectification whose agency's report was ingested again after
    it was sent (another document) and whose finding is gone; returns how many. Runs in
    the caller's transaction, after its check."""
    changed = con.execute(
        """SELECT x.fingerprint, r.report_id, r.source_name, r.sha256
           FROM rectifications x
           JOIN reports r ON r.agency_id = x.agency_id AND r.year = x.year
           WHERE x.state = 'pending'
             AND r.ingested_at > x.sent_at
             AND (x.sent_sha256 IS NULL OR r.sha256 <> x.sent_sha256)
             AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.fingerprint = x.fingerprint)""").fetchall()
    for fp, rid, name, sha in changed:
        con.execute("""UPDATE rectifications SET state = 'fixed', fixed_at = now(), fixed_report_id = ?,
                           fixed_document = ?, fixed_sha256 = ? WHERE fingerprint = ?""", [rid, name, sha, fp])
    return len(changed)


def listing(con, scope: dict | None = None, today: date | None = None):
    """The rectifications in `scope` (queries/rectifications.sql) with their status as of `today`."""
    from . import queries

    params = {"years": [], "regions": [], "levels": [], "kinds": [], **(scope or {})}
    return queries.run(con, "rectifications", today=(today or date.today()).isoformat(), **params)

"""Corrections by a person: a cell's value, or a report's agency or year, set by a reviewer
with a reason (table `corrections`, migration 013, which is also the log: who, when, the
value before, the new value, why).

A cell correction overrides the parse where every reader looks, in `cells` (the rules,
the metrics, the pages and the exports see the corrected value; `queries/report_cells.sql`
says which cells a person corrected). The store replaces a version's cell rows when the
same document is parsed again (a new parser, `ingest --reparse`): `reapply` then writes
its active corrections over the new parse, noting what the parse now gives. A new
document version replacing a corrected one does not take the corrections over silently:
`offer` puts each on it as `offered`, unless the new document already prints the
corrected value, until a person applies or declines it.

An agency or year correction moves its version (disclosure/store/versions.py `move`);
here it is only logged.
"""
from __future__ import annotations

import json
import math
from datetime import datetime

from .. import template as T
from ..model import DisclosureError
from ..parse.values import out_of_range
from . import db

CELL, AGENCY, YEAR = "cell", "agency", "year"
ACTIVE, OFFERED, DECLINED, REPLACED, WITHDRAWN = "active", "offered", "declined", "replaced", "withdrawn"
STATE_LABELS = {ACTIVE: "已生效", OFFERED: "待确认是否沿用", DECLINED: "未沿用", REPLACED: "已被再次更正",
                WITHDRAWN: "已撤销"}
FIELD_LABELS = {AGENCY: "机关", YEAR: "年度"}
MANUAL_REF = "人工更正"  # the provenance of a cell the document did not have
BLANK_WORDS = ("空", "空白", "无", "-", "/", "—", "")
ADDRESS_HINT = "单元格写作 表.行.列，例如 requests.granted.total（disclosure show 机关 年度 列出全部单元格）"


# --- values and addresses ----------------------------------------------------------------------

def read_value(text) -> int | float | None:
    """A value as a person types it: a number (1,234 and 25.1 too), or 空/空白/无/-// for a
    blank cell."""
    if text is None:
        return None
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = text
    else:
        s = str(text).strip().replace(",", "").replace("，", "")
        if s in BLANK_WORDS:
            return None
        try:
            value = float(s)
        except ValueError:
            raise DisclosureError(f"“{text}”不是数字；空白单元格请写“空”") from None
    if not math.isfinite(value):
        raise DisclosureError(f"“{text}”不是有限的数字")
    return int(value) if float(value).is_integer() else float(value)


def printed(value) -> str:
    """A corrected value as the table would print it."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def address_of(table: str, row: str, column: str) -> str:
    return f"{table}.{row}.{column}"


def split(address: str) -> tuple[str, str, str]:
    from ..metrics import split_address

    try:
        return split_address(address)
    except ValueError:
        raise DisclosureError(f"没有单元格“{address}”；{ADDRESS_HINT}") from None


def column_of(template: str, address: str) -> T.Column:
    """The template's column of a cell a report of `template` can have (else a one-line error)."""
    table, row, column = split(address)
    version = template if template in T.TEMPLATES else T.TEMPLATE_2021
    try:
        if table == T.TABLE_REQUESTS:
            T.request_row(row)
        elif table == T.TABLE_ACTIVE:
            if row not in T.template(version).table(table).row_keys:
                raise KeyError(row)
        elif table != T.TABLE_REVIEW:
            raise KeyError(table)
        return T.column(table, row, column, version)
    except KeyError:
        raise DisclosureError(f"{version} 版模板中没有单元格“{address}”；{ADDRESS_HINT}") from None


def label(template: str, address: str) -> str:
    """How a cell is named to people: 表三“（一）予以公开”自然人."""
    table, row, column = split(address)
    version = template if template in T.TEMPLATES else T.TEMPLATE_2021
    try:
        return T.cell_label(table, row, column, version)
    except KeyError:
        return address


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- correcting --------------------------------------------------------------------------------

def _version_row(con, rid: int) -> tuple:
    row = db.one(con, """SELECT v.template, v.sha256, coalesce(a.name, v.printed_agency), v.year, v.status
                         FROM report_versions v LEFT JOIN agencies a USING (agency_id)
                         WHERE v.report_id = ?""", [rid])
    if row is None:
        raise DisclosureError(f"没有编号为 {rid} 的报告版本")
    return row


def _note(note: str | None) -> str:
    note = (note or "").strip()
    if not note:
        raise DisclosureError("请写明更正的原因（--note）")
    return note


def _cell(con, rid: int, address: str) -> tuple | None:
    t, r, c = split(address)
    return db.one(con, "SELECT value, raw FROM cells WHERE report_id = ? AND table_key = ? AND row_key = ? "
                       "AND column_key = ?", [rid, t, r, c])


def _plain(value):
    return None if value is None else (int(value) if float(value).is_integer() else value)


def correct_cell(con, rid: int, address: str, value, note: str | None, user: str) -> dict:
    """Set one cell of version `rid` to `value` (None: blank), logged with `note`."""
    note = _note(note)
    template, sha, agency, year, _status = _version_row(con, rid)
    col = column_of(template, address)
    value = read_value(value)
    if value is not None and value < 0 and not col.signed:
        raise DisclosureError(f"{label(template, address)}不能为负数")
    why = out_of_range(value, col.unit or "件")
    if why:
        raise DisclosureError(f"{value}：{why}")
    before = _cell(con, rid, address)
    if before is not None and _plain(before[0]) == value:
        raise DisclosureError(f"{label(template, address)}已经是{printed(value) or '空白'}，无需更正")
    prior = db.one(con, "SELECT correction_id, parsed FROM corrections WHERE report_id = ? AND field = 'cell' "
                        "AND address = ? AND state = 'active'", [rid, address])
    parsed = prior[1] if prior else (None if before is None else _json({"value": _plain(before[0]), "raw": before[1]}))
    if prior:
        con.execute("UPDATE corrections SET state = 'replaced' WHERE correction_id = ?", [prior[0]])
    cid = _insert(con, rid, sha, CELL, address, None if before is None else _json(_plain(before[0])), _json(value),
                  parsed, note, user, ACTIVE, agency, year)
    _set_cell(con, rid, address, value)
    refresh_counts(con, [rid])
    return {"correction_id": cid, "report_id": rid, "agency": agency, "year": year, "cell": address,
            "label": label(template, address), "old": None if before is None else _plain(before[0]),
            "absent": before is None, "new": value}


def record_identity(con, rid: int, field: str, old, new, note: str | None, user: str) -> int:
    """Log a person's agency or year for version `rid` (the move itself is versions.move's)."""
    note = _note(note)
    _template, sha, agency, year, _status = _version_row(con, rid)
    con.execute("UPDATE corrections SET state = 'replaced' WHERE report_id = ? AND field = ? AND state = 'active'",
                [rid, field])
    return _insert(con, rid, sha, field, None, _json(old), _json(new), None, note, user, ACTIVE, agency, year)


def _insert(con, rid, sha, field, address, old, new, parsed, note, user, state, agency, year, source=None) -> int:
    return db.one(con, 
        """INSERT INTO corrections (report_id, sha256, field, address, old_value, new_value, parsed, note, user_name,
                                    corrected_at, state, source_id, agency, year)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING correction_id""",
        [rid, sha, field, address, old, new, parsed, note, user, datetime.now(), state, source, agency, year],
    )[0]


def _set_cell(con, rid: int, address: str, value, raw: str | None = None) -> None:
    t, r, c = split(address)
    raw = printed(value) if raw is None else raw
    hit = con.execute("UPDATE cells SET value = ?, raw = ? WHERE report_id = ? AND table_key = ? AND row_key = ? "
                      "AND column_key = ? RETURNING 1", [value, raw, rid, t, r, c]).fetchall()
    if not hit:
        con.execute("INSERT INTO cells (report_id, table_key, row_key, column_key, value, raw, ref, confidence) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, 1.0)", [rid, t, r, c, value, raw, MANUAL_REF])


def _drop_cell(con, rid: int, address: str) -> None:
    t, r, c = split(address)
    con.execute("DELETE FROM cells WHERE report_id = ? AND table_key = ? AND row_key = ? AND column_key = ?",
                [rid, t, r, c])


def refresh_counts(con, report_ids: list[int]) -> None:
    """Cells, filled cells and tables of these versions (and their `reports` row) from their
    stored cells, after a person changed some."""
    if not report_ids:
        return
    ids = {"ids": list(report_ids)}
    counted = """(SELECT report_id, count(*) AS n, count(value) AS filled,
                         list(DISTINCT table_key ORDER BY table_key) AS tables
                  FROM cells WHERE report_id IN (SELECT unnest($ids)) GROUP BY report_id) c"""
    con.execute(f"""UPDATE report_versions SET cells_total = c.n, cells_filled = c.filled, tables = c.tables
                    FROM {counted} WHERE report_versions.report_id = c.report_id""", ids)
    con.execute(f"""UPDATE reports SET cells_total = c.n, cells_filled = c.filled
                    FROM {counted} WHERE reports.report_id = c.report_id""", ids)


# --- after a re-parse, and on a new version ------------------------------------------------------

def reapply(con, report_ids: list[int]) -> None:
    """The active cell corrections of these versions written again over their new parse
    (noting what the parse now gives)."""
    if not report_ids:
        return
    found = con.execute("SELECT correction_id, report_id, address, new_value FROM corrections "
                        "WHERE field = 'cell' AND state = 'active' AND list_contains($ids, report_id)",
                        {"ids": list(report_ids)}).fetchall()
    for cid, rid, address, new in found:
        now = _cell(con, rid, address)
        parsed = None if now is None else _json({"value": _plain(now[0]), "raw": now[1]})
        con.execute("UPDATE corrections SET parsed = ? WHERE correction_id = ?", [parsed, cid])
        _set_cell(con, rid, address, json.loads(new))
    refresh_counts(con, sorted({rid for _cid, rid, _a, _n in found}))


def corrected(con, report_ids: list[int]) -> set[int]:
    """Those of these versions that have a cell correction in force."""
    if not report_ids:
        return set()
    return {r[0] for r in con.execute("SELECT DISTINCT report_id FROM corrections WHERE field = 'cell' "
                                      "AND state = 'active' AND list_contains($ids, report_id)",
                                      {"ids": list(report_ids)}).fetchall()}


def offer(con, old_rid: int, new_rid: int) -> int:
    """The active cell corrections of version `old_rid` offered on `new_rid`, which replaced
    it; those the new document already agrees with, or that it has already, are left out.
    Returns how many were offered."""
    _template, sha, agency, year, _status = _version_row(con, new_rid)
    have = {(a, s) for a, s in con.execute(
        "SELECT address, source_id FROM corrections WHERE report_id = ? AND state IN ('active', 'offered')",
        [new_rid]).fetchall()}
    addresses = {a for a, _s in have}
    sources = {s for _a, s in have if s is not None}
    n = 0
    for cid, address, new, note, user, source in con.execute(
            "SELECT correction_id, address, new_value, note, user_name, source_id FROM corrections "
            "WHERE report_id = ? AND field = 'cell' AND state = 'active' ORDER BY correction_id", [old_rid]).fetchall():
        origin = source or cid
        if address in addresses or origin in sources:
            continue
        now = _cell(con, new_rid, address)
        if now is not None and _plain(now[0]) == json.loads(new):
            continue  # the new document prints what the person had set
        value = None if now is None else _json(_plain(now[0]))
        parsed = None if now is None else _json({"value": _plain(now[0]), "raw": now[1]})
        _insert(con, new_rid, sha, CELL, address, value, new, parsed, note, user, OFFERED, agency, year, origin)
        n += 1
    return n


def decide_offer(con, cid: int, apply: bool, user: str) -> int:
    """Apply an offered correction to its version (as `user`'s, now) or decline it; returns
    the version's report_id."""
    row = db.one(con, "SELECT report_id, address, new_value, state FROM corrections WHERE correction_id = ?",
                      [cid])
    if row is None or row[3] != OFFERED:
        raise DisclosureError(f"没有待确认的更正 {cid}")
    rid, address, new, _state = row
    if not apply:
        con.execute("UPDATE corrections SET state = 'declined' WHERE correction_id = ?", [cid])
        return rid
    now = _cell(con, rid, address)
    con.execute("UPDATE corrections SET state = 'replaced' WHERE report_id = ? AND field = 'cell' AND address = ? "
                "AND state = 'active'", [rid, address])
    con.execute("UPDATE corrections SET state = 'active', user_name = ?, corrected_at = ?, old_value = ? "
                "WHERE correction_id = ?", [user, datetime.now(), None if now is None else _json(_plain(now[0])), cid])
    _set_cell(con, rid, address, json.loads(new))
    refresh_counts(con, [rid])
    return rid


def withdraw(con, cid: int) -> int:
    """Undo an active cell correction: the cell is what the parse gives again. Returns the
    version's report_id."""
    row = db.one(con, "SELECT report_id, address, parsed, state, field FROM corrections WHERE correction_id = ?",
                      [cid])
    if row is None or row[3] != ACTIVE or row[4] != CELL:
        raise DisclosureError(f"没有生效中的单元格更正 {cid}")
    rid, address, parsed, _state, _field = row
    if parsed is None:
        _drop_cell(con, rid, address)
    else:
        was = json.loads(parsed)
        _set_cell(con, rid, address, was["value"], was["raw"] or "")
    con.execute("UPDATE corrections SET state = 'withdrawn' WHERE correction_id = ?", [cid])
    refresh_counts(con, [rid])
    return rid


def active(con, rid: int) -> list[dict]:
    """The corrections in force on version `rid`, oldest first (what `disclosure show` marks)."""
    cols = ("correction_id", "field", "address", "old_value", "new_value", "parsed", "note", "user_name",
            "corrected_at")
    rows = con.execute(f"SELECT {', '.join(cols)} FROM corrections WHERE report_id = ? AND state = 'active' "
                       "ORDER BY correction_id", [rid]).fetchall()
    out = []
    for row in rows:
        d = dict(zip(cols, row))
        parsed = json.loads(d["parsed"]) if d["parsed"] else None
        out.append({"id": d["correction_id"], "field": d["field"], "cell": d["address"],
                    "parsed": parsed["value"] if parsed else None, "parsed_absent": d["field"] == CELL and not parsed,
                    "before": json.loads(d["old_value"]) if d["old_value"] else None,
                    "value": json.loads(d["new_value"]) if d["new_value"] else None,
                    "note": d["note"], "by": d["user_name"], "at": d["corrected_at"].isoformat(timespec="seconds")})
    return out

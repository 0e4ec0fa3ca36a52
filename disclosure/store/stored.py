"""A stored report read back in the data contract's shape (`disclosure show`): the values
as the store holds them, a person's corrections applied, and marked (key `corrections`),
with the versions of its agency and year (key `versions`; docs/report-schema.md)."""
from __future__ import annotations

import json

from .. import template as T
from ..model import LabelDeviation, Report, SectionText, Value
from . import corrections, db


def report(con, report_id: int) -> Report:
    """Version `report_id` as a Report (cells, sections, label deviations, source, notes)."""
    row = db.one(con, """SELECT coalesce(a.name, v.printed_agency), v.year, v.template, v.published, v.source_path,
                                v.sha256, v.format, v.extractor, v.notes, v.review, v.identity
                         FROM report_versions v LEFT JOIN agencies a USING (agency_id) WHERE v.report_id = ?""",
                 [report_id])
    if row is None:
        raise KeyError(report_id)
    agency, year, template, published, path, sha, fmt, extractor, notes, review, identity = row
    tables: dict = {}
    cells = con.execute("SELECT table_key, row_key, column_key, value, raw, page, ref, confidence FROM cells "
                        "WHERE report_id = ?", [report_id]).fetchall()
    for t, r, c, value, raw, page, ref, confidence in sorted(cells, key=lambda row: T.printed_order(row[:3])):
        plain = None if value is None else (int(value) if float(value).is_integer() else value)
        tables.setdefault(t, {}).setdefault(r, {})[c] = Value(plain, raw or "", page, ref, confidence)
    sections = [SectionText(*s) for s in con.execute(
        "SELECT ordinal, heading, section_key, text FROM sections WHERE report_id = ? ORDER BY ordinal",
        [report_id]).fetchall()]
    deviations = [LabelDeviation(t, r, printed, expected, kind) for t, r, kind, printed, expected in con.execute(
        "SELECT table_key, row_key, kind, printed, expected FROM label_deviations WHERE report_id = ? ORDER BY rowid",
        [report_id]).fetchall()]
    return Report(agency, year, template, published, tables, sections, deviations, path, sha, fmt, extractor,
                  list(notes or ()), list(review or ()), json.loads(identity) if identity else {})


def contract(con, report_id: int) -> dict:
    """The report of version `report_id` as `disclosure parse --json` prints one, with its
    corrections (what the parse gave, the value set, who, when, why) and its versions."""
    out = report(con, report_id).to_json()
    out["source"]["parser_version"] = db.one(con, "SELECT parser_version FROM report_versions WHERE report_id = ?",
                                             [report_id])[0]
    out["corrections"] = corrections.active(con, report_id)
    cols = ("report_id", "status", "source_name", "sha256", "ingested_at", "ingested_by", "cells_filled", "tables",
            "reason")
    out["versions"] = [
        {**dict(zip(cols, v)), "ingested_at": v[4].isoformat(timespec="seconds"), "tables": list(v[7] or ())}
        for v in con.execute(f"""SELECT {', '.join('v.' + c for c in cols)} FROM report_versions v
                                 JOIN report_versions me ON me.agency_id = v.agency_id AND me.year = v.year
                                 WHERE me.report_id = ? ORDER BY v.report_id""", [report_id]).fetchall()]
    return out

"""The DuckDB store: schema migrations and writing one parsed report.

The schema lives in `schema/NNN_name.sql` files, applied in order and recorded in
`schema_version`; a database made by an older version is brought up to date on open.
A report's identity is its agency and year: storing it again replaces its rows in one
transaction, so a failure leaves what was stored before untouched.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .. import registry_years
from ..model import PARSER_VERSION, Report

SCHEMA_DIR = Path(__file__).with_name("schema")
STORED, REPLACED, UNCHANGED = "stored", "replaced", "unchanged"


def migrations() -> list[tuple[int, str, Path]]:
    out = []
    for p in sorted(SCHEMA_DIR.glob("*.sql")):
        m = re.match(r"(\d+)_(.+)\.sql$", p.name)
        if m:
            out.append((int(m.group(1)), m.group(2), p))
    return out


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the schema files the database has not seen; returns the version reached."""
    current = schema_version(con)
    for version, name, path in migrations():
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        current = version
    return current


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, when writable, create or upgrade) the database at `path`."""
    if read_only:
        return duckdb.connect(path, read_only=True)
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    con = duckdb.connect(path)
    migrate(con)
    return con


@dataclass
class Saved:
    status: str  # stored / replaced / unchanged
    report_id: int
    agency_id: int


_AGENCY_FIELDS = ("aliases", "province", "province_code", "city", "city_code", "county", "county_code",
                  "level", "kind", "parent", "inferred", "registered", "years")


def upsert_agency(con, agency, registered: bool = False) -> int:
    """The agency's id, its row brought up to date with what the registry says of it.

    `agency` is a registry.Agency (or anything with its fields); an agency once
    registered stays registered until the registry is synced again.
    """
    values = [
        list(agency.aliases), agency.province or None, agency.province_code or None, agency.city or None,
        agency.city_code or None, agency.county or None, agency.county_code or None, agency.level or None,
        agency.kind or None, agency.parent or None, bool(agency.inferred), registered,
        registry_years.stored(agency.years),
    ]
    row = con.execute("SELECT agency_id, registered FROM agencies WHERE name = ?", [agency.name]).fetchone()
    if row is None:
        cols = ", ".join(("name",) + _AGENCY_FIELDS)
        marks = ", ".join("?" * (len(_AGENCY_FIELDS) + 1))
        return con.execute(
            f"INSERT INTO agencies ({cols}) VALUES ({marks}) RETURNING agency_id", [agency.name, *values]
        ).fetchone()[0]
    if row[1] and not registered:
        return row[0]  # a registered agency keeps the registry's word
    sets = ", ".join(f"{f} = ?" for f in _AGENCY_FIELDS)
    con.execute(f"UPDATE agencies SET {sets} WHERE agency_id = ?", [*values, row[0]])
    return row[0]


def sync_registry(con, registry) -> int:
    """Every registered agency in the agencies table (expected to report, even before it has);
    the registry's file is remembered as the database's (see registry_path)."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("UPDATE agencies SET registered = false")
        for agency in registry:
            upsert_agency(con, agency, registered=True)
        if registry.path:
            set_setting(con, REGISTRY_PATH, str(Path(registry.path).resolve()))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(registry)


REGISTRY_PATH = "registry_path"


def get_setting(con, key: str) -> str | None:
    row = con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(con, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])


def registry_path(con) -> str | None:
    """The registry file the database was last synced with, if it still exists."""
    path = get_setting(con, REGISTRY_PATH)
    return path if path and os.path.exists(path) else None


def save_report(con, report: Report, data: bytes | None = None, agency=None) -> Saved:
    """Store `report` under `agency` (a registry.Agency; by default one named as printed).

    Unchanged (same file, same parser) leaves the rows alone; otherwise the report's
    rows are replaced in one transaction.
    """
    if agency is None:
        from ..registry import Agency

        agency = Agency(name=report.agency, inferred=True)
    con.execute("BEGIN TRANSACTION")
    try:
        aid = upsert_agency(con, agency, registered=False)
        old = con.execute(
            "SELECT report_id, sha256, parser_version FROM reports WHERE agency_id = ? AND year = ?",
            [aid, report.year],
        ).fetchone()
        if old and old[1] == report.sha256 and old[2] == PARSER_VERSION:
            con.execute("UPDATE reports SET source_path = ? WHERE report_id = ?", [report.path, old[0]])
            con.execute("COMMIT")
            return Saved(UNCHANGED, old[0], aid)
        if old:
            rid = old[0]
            for table in ("cells", "sections", "label_deviations"):
                con.execute(f"DELETE FROM {table} WHERE report_id = ?", [rid])
            con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
        else:
            rid = con.execute("SELECT nextval('report_ids')").fetchone()[0]
        _insert_report(con, rid, aid, report)
        if data is not None:
            con.execute(
                "INSERT INTO documents VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                [report.sha256, os.path.basename(report.path), report.format, data],
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return Saved(REPLACED if old else STORED, rid, aid)


def _insert_report(con, rid: int, aid: int, report: Report) -> None:
    con.execute(
        """INSERT INTO reports (report_id, agency_id, year, template, published, printed_agency,
               source_path, source_name, sha256, format, extractor, parser_version, notes, review)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [rid, aid, report.year, report.template, report.published, report.agency, report.path,
         os.path.basename(report.path), report.sha256, report.format, report.extractor, PARSER_VERSION,
         list(report.notes), list(report.review)],
    )
    cells = [
        (rid, t, r, c, None if v.value is None else float(v.value), v.raw, v.page, v.ref, float(v.confidence))
        for t, r, c, v in report.cells()
    ]
    _bulk_insert(con, "cells", cells, ["report_id", "table_key", "row_key", "column_key", "value", "raw", "page", "ref", "confidence"])
    sections = [(rid, s.ordinal, s.heading, s.key, s.text) for s in report.sections]
    _bulk_insert(con, "sections", sections, ["report_id", "ordinal", "heading", "section_key", "text"])
    devs = [(rid, d.table, d.row, d.kind, d.printed, d.expected) for d in report.deviations]
    _bulk_insert(con, "label_deviations", devs, ["report_id", "table_key", "row_key", "kind", "printed", "expected"])


def _bulk_insert(con, table: str, rows: list[tuple], columns: list[str]) -> None:
    """Insert through a DataFrame: DuckDB's executemany costs a statement per row."""
    if not rows:
        return
    frame = pd.DataFrame.from_records(rows, columns=columns)
    con.register("_bulk_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _bulk_rows")
    finally:
        con.unregister("_bulk_rows")


def record_error(con, path: str, reason: str, sha256: str | None = None) -> None:
    con.execute("INSERT INTO ingest_errors (path, sha256, reason) VALUES (?, ?, ?)", [path, sha256, reason])

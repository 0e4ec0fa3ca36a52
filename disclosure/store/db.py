"""The DuckDB store: schema migrations and writing parsed reports.

The schema lives in `schema/NNN_name.sql` files, applied in order and recorded in
`schema_version`; a database made by an older version is brought up to date on open.
A report's identity is its agency and year: storing it again replaces its rows in one
transaction (its own, or its batch's), so a failure leaves what was stored before untouched.
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
    return save_reports(con, [(report, data, agency)])[0]


def save_reports(con, items: list[tuple[Report, bytes | None, object]]) -> list[Saved]:
    """Store several (report, data, agency) in one transaction, each as save_report does.

    A transaction and an insert per table for the whole batch instead of per report: a
    report's own commit and its three bulk inserts cost more than its rows. All or
    nothing: any error rolls the whole batch back and is raised, so the caller can store
    the reports one by one to find the one at fault.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        rows = _Rows()
        saved = [_stage(con, report, data, agency, rows) for report, data, agency in items]
        rows.insert(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return saved


def _stage(con, report: Report, data: bytes | None, agency, rows: "_Rows") -> Saved:
    """Write the report's row now (so a later report of the same batch sees it) and queue
    its cells, sections, deviations and document in `rows`."""
    if agency is None:
        from ..registry import Agency

        agency = Agency(name=report.agency, inferred=True)
    aid = upsert_agency(con, agency, registered=False)
    old = con.execute(
        "SELECT report_id, sha256, parser_version FROM reports WHERE agency_id = ? AND year = ?",
        [aid, report.year],
    ).fetchone()
    if old and old[1] == report.sha256 and old[2] == PARSER_VERSION:
        con.execute("UPDATE reports SET source_path = ? WHERE report_id = ?", [report.path, old[0]])
        return Saved(UNCHANGED, old[0], aid)
    if old:
        rid = old[0]
        rows.drop(rid)  # replaced by a later file of the same batch: its rows were never written
        for table in ("cells", "sections", "label_deviations"):
            con.execute(f"DELETE FROM {table} WHERE report_id = ?", [rid])
        con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
    else:
        rid = con.execute("SELECT nextval('report_ids')").fetchone()[0]
    _insert_report(con, rid, aid, report)
    rows.add(rid, report, data)
    return Saved(REPLACED if old else STORED, rid, aid)


_CELL_COLUMNS = ["report_id", "table_key", "row_key", "column_key", "value", "raw", "page", "ref", "confidence"]
_SECTION_COLUMNS = ["report_id", "ordinal", "heading", "section_key", "text"]
_DEVIATION_COLUMNS = ["report_id", "table_key", "row_key", "kind", "printed", "expected"]
_DOCUMENT_COLUMNS = ["sha256", "name", "format", "bytes"]


class _Rows:
    """The child rows of a batch of reports, written with one insert per table."""

    def __init__(self):
        self.cells: list[tuple] = []
        self.sections: list[tuple] = []
        self.deviations: list[tuple] = []
        self.documents: dict[str, tuple] = {}  # by sha256: a file stored twice is kept once

    def add(self, rid: int, report: Report, data: bytes | None) -> None:
        self.cells += [
            (rid, t, r, c, None if v.value is None else float(v.value), v.raw, v.page, v.ref, float(v.confidence))
            for t, r, c, v in report.cells()
        ]
        self.sections += [(rid, s.ordinal, s.heading, s.key, s.text) for s in report.sections]
        self.deviations += [(rid, d.table, d.row, d.kind, d.printed, d.expected) for d in report.deviations]
        if data is not None:
            self.documents.setdefault(report.sha256, (report.sha256, os.path.basename(report.path), report.format, data))

    def drop(self, rid: int) -> None:
        self.cells = [row for row in self.cells if row[0] != rid]
        self.sections = [row for row in self.sections if row[0] != rid]
        self.deviations = [row for row in self.deviations if row[0] != rid]

    def insert(self, con) -> None:
        _bulk_insert(con, "cells", self.cells, _CELL_COLUMNS)
        _bulk_insert(con, "sections", self.sections, _SECTION_COLUMNS)
        _bulk_insert(con, "label_deviations", self.deviations, _DEVIATION_COLUMNS)
        _bulk_insert(con, "documents", list(self.documents.values()), _DOCUMENT_COLUMNS, "ON CONFLICT DO NOTHING")


def _insert_report(con, rid: int, aid: int, report: Report) -> None:
    con.execute(
        """INSERT INTO reports (report_id, agency_id, year, template, published, printed_agency,
               source_path, source_name, sha256, format, extractor, parser_version, notes, review)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [rid, aid, report.year, report.template, report.published, report.agency, report.path,
         os.path.basename(report.path), report.sha256, report.format, report.extractor, PARSER_VERSION,
         list(report.notes), list(report.review)],
    )


def _bulk_insert(con, table: str, rows: list[tuple], columns: list[str], conflict: str = "") -> None:
    """Insert through a DataFrame: DuckDB's executemany costs a statement per row."""
    if not rows:
        return
    frame = pd.DataFrame.from_records(rows, columns=columns)
    con.register("_bulk_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM _bulk_rows {conflict}")
    finally:
        con.unregister("_bulk_rows")


def record_error(con, path: str, reason: str, sha256: str | None = None) -> None:
    con.execute("INSERT INTO ingest_errors (path, sha256, reason) VALUES (?, ?, ?)", [path, sha256, reason])

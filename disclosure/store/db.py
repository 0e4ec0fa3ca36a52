"""The DuckDB store: schema migrations and writing parsed reports.

The schema lives in `schema/NNN_name.sql` files (or `NNN_name.py` with `migrate(con,
db_path)` where rows must move, such as documents out to the documents folder), applied
in order and recorded in `schema_version`; a database made by an older version is
brought up to date on open. A report's identity is its agency and year: storing it again
replaces its rows.

These functions write without opening transactions of their own: the write path
(disclosure/store/writes.py) runs each operation in its transaction; `save_reports`
and `sync_registry_now` wrap one around themselves for library use (tests, benches).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .. import registry_years
from ..model import PARSER_VERSION, Report
from . import files, metrics_table, signatures

SCHEMA_DIR = Path(__file__).with_name("schema")
STORED, REPLACED, UNCHANGED = "stored", "replaced", "unchanged"


def migrations() -> list[tuple[int, str, Path]]:
    out = []
    for p in sorted(SCHEMA_DIR.iterdir()):
        m = re.match(r"(\d+)_(.+)\.(sql|py)$", p.name)
        if m:
            out.append((int(m.group(1)), m.group(2), p))
    return sorted(out)


def latest_version() -> int:
    return migrations()[-1][0]


def outdated(con) -> bool:
    """Whether the database lacks a migration (read-only connections cannot apply it)."""
    if not schema_version(con):
        return True
    seen = {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()}
    return any(version not in seen for version, _name, _path in migrations())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, db_path: str | None = None) -> int:
    """Apply the schema files the database has not seen (any it lacks, in order: files
    added on two branches both reach a database that saw one); returns the version
    reached. Derived tables (report_metrics) are brought up to date with them."""
    current = schema_version(con)
    seen = {r[0] for r in con.execute("SELECT version FROM schema_version").fetchall()} if current else set()
    for version, name, path in migrations():
        if version in seen:
            continue
        with transaction(con):
            if path.suffix == ".py":
                _python_migration(path).migrate(con, db_path or database_path(con))
            else:
                con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [version, name])
        current = max(current, version)
    with transaction(con):
        metrics_table.ensure(con)
    return current


def _python_migration(path: Path):
    spec = importlib.util.spec_from_file_location(f"disclosure_migration_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def transaction(con):
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def database_path(con) -> str:
    """The file `con` has open (where its documents folder is)."""
    return con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()[0]


def connect(path: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, when writable, create or upgrade) the database at `path`.

    Only the database's owner opens it writable (disclosure/store/writes.py): the dashboard
    that serves it, or a writer holding its lock."""
    if read_only:
        return duckdb.connect(path, read_only=True)
    parent = os.path.dirname(os.path.abspath(path))
    os.makedirs(parent, exist_ok=True)
    con = duckdb.connect(path)
    migrate(con, path)
    return con


@dataclass
class Saved:
    status: str  # stored / replaced / unchanged
    report_id: int
    agency_id: int


_AGENCY_FIELDS = ("aliases", "province", "province_code", "city", "city_code", "county", "county_code",
                  "level", "kind", "parent", "inferred", "registered", "years")


def _agency_values(agency, registered: bool) -> list:
    return [
        list(agency.aliases), agency.province or None, agency.province_code or None, agency.city or None,
        agency.city_code or None, agency.county or None, agency.county_code or None, agency.level or None,
        agency.kind or None, agency.parent or None, bool(agency.inferred), registered,
        registry_years.stored(agency.years),
    ]


def upsert_agency(con, agency, registered: bool = False) -> int:
    """The agency's id, its row brought up to date with what the registry says of it.

    `agency` is a registry.Agency (or anything with its fields); an agency once
    registered stays registered until the registry is synced again.
    """
    values = _agency_values(agency, registered)
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


def registry_digest(registry) -> str:
    """What the registry says, hashed: the same agencies give the same digest, whatever
    file (or edit) they came from."""
    rows = sorted(json.dumps([a.name, *_agency_values(a, True)], ensure_ascii=False, default=str) for a in registry)
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def sync_registry(con, registry, force: bool = False) -> bool:
    """The database's registry becomes `registry`: every registered agency in the agencies
    table (expected to report, even before it has), in one statement; nothing to do when
    it says what the database's registry says already (its digest). The file it came
    from, if any, is noted (settings.registry_path). Returns whether anything changed."""
    digest = registry_digest(registry)
    if registry.path:
        set_setting(con, REGISTRY_PATH, str(Path(registry.path).resolve()))
    if not force and get_setting(con, REGISTRY_DIGEST) == digest:
        return False
    rows = [[a.name, *_agency_values(a, True)] for a in registry]
    con.execute("UPDATE agencies SET registered = false WHERE registered")
    if rows:
        con.register("_registry_rows", _registry_table(rows))
        try:
            cols = ", ".join(("name",) + _AGENCY_FIELDS)
            sets = ", ".join(f"{f} = excluded.{f}" for f in _AGENCY_FIELDS)
            con.execute(f"INSERT INTO agencies ({cols}) SELECT {cols} FROM _registry_rows "
                        f"ON CONFLICT (name) DO UPDATE SET {sets}")
        finally:
            con.unregister("_registry_rows")
    set_setting(con, REGISTRY_DIGEST, digest)
    return True


def _registry_table(rows: list[list]):
    """The registry's rows as Arrow, typed as the agencies table is (a column that is blank
    in every row would otherwise have no type)."""
    import pyarrow as pa

    text = pa.string()
    schema = pa.schema([("name", text), ("aliases", pa.list_(text)), *[(f, text) for f in _AGENCY_FIELDS[1:10]],
                        ("inferred", pa.bool_()), ("registered", pa.bool_()),
                        ("years", pa.list_(pa.struct([("first", pa.int32()), ("last", pa.int32())])))])
    return pa.Table.from_pylist([dict(zip(schema.names, r)) for r in rows], schema=schema)


def sync_registry_now(con, registry, force: bool = False) -> bool:
    """sync_registry in a transaction of its own (library use)."""
    with transaction(con):
        return sync_registry(con, registry, force)


REGISTRY_PATH = "registry_path"
REGISTRY_DIGEST = "registry_digest"


def get_setting(con, key: str) -> str | None:
    row = con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def set_setting(con, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])


_REGISTRIES: dict[str, object] = {}  # digest -> Registry: rebuilt only when the registry changed


def registry(con):
    """The database's registry (its registered agencies) as a registry.Registry, which
    resolves printed names to agencies; one per process for each version of it."""
    from ..registry import Agency, Registry

    digest = get_setting(con, REGISTRY_DIGEST) or ""
    found = _REGISTRIES.get(digest)
    if found is not None:
        return found
    rows = con.execute(
        """SELECT name, aliases, province, province_code, city, city_code, county, county_code, level, kind, parent,
                  years FROM agencies WHERE registered ORDER BY name""").fetchall()
    agencies = [
        Agency(name=n, aliases=tuple(al or ()), province=p or "", province_code=pc or "", city=c or "",
               city_code=cc or "", county=co or "", county_code=coc or "", level=lv or "", kind=k or "other",
               parent=pa or "", years=registry_years.from_stored(y))
        for n, al, p, pc, c, cc, co, coc, lv, k, pa, y in rows
    ]
    found = Registry(agencies)
    _REGISTRIES.clear()  # one version at a time is enough
    _REGISTRIES[digest] = found
    return found


def synced(con) -> bool:
    """Whether the database was ever given a registry."""
    return get_setting(con, REGISTRY_DIGEST) is not None


def registry_path(con) -> str | None:
    """The registry file the database was last synced with, if it still exists."""
    path = get_setting(con, REGISTRY_PATH)
    return path if path and os.path.exists(path) else None


def save_report(con, report: Report, data: bytes | None = None, agency=None) -> Saved:
    """Store `report` under `agency` (a registry.Agency; by default one named as printed),
    in a transaction of its own (library use; the write path uses store_reports).

    Unchanged (same file, same parser) leaves the rows alone; otherwise the report's
    rows are replaced.
    """
    return save_reports(con, [(report, data, agency)])[0]


def save_reports(con, items: list[tuple[Report, bytes | None, object]]) -> list[Saved]:
    """store_reports in a transaction of its own; documents given as bytes go to the
    database's documents folder first."""
    path = database_path(con)
    for report, data, _agency in items:
        if data is not None:
            store_document(path, report, data)
    with transaction(con):
        return store_reports(con, [(report, agency) for report, _data, agency in items])


def store_document(db_path: str, report: Report, data: bytes) -> None:
    """The report's source document in the documents folder (its size and ending noted
    on the report, for its row in `documents`)."""
    report.document_size = len(data)
    report.document_ending = files.suffix(os.path.basename(report.path), report.format)
    files.put(db_path, report.sha256, data, report.document_ending)


def store_reports(con, items: list[tuple[Report, object]]) -> list[Saved]:
    """Store several (report, agency), each replacing the stored report of its agency and
    year unless it is the same file read by the same parser.

    An insert per table for the whole batch instead of per report: a report's own three
    bulk inserts cost more than its rows. Any error is raised, and the caller's
    transaction rolls the batch back (it may then store the reports one by one to find
    the one at fault). Metrics of the stored reports are computed here (report_metrics).
    """
    rows = _Rows()
    saved = [_stage(con, report, agency, rows) for report, agency in items]
    rows.insert(con)
    changed = [s.report_id for s in saved if s.status != UNCHANGED]
    metrics_table.update(con, changed)
    signatures.update(con, changed)
    return saved


def _stage(con, report: Report, agency, rows: "_Rows") -> Saved:
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
        con.execute("UPDATE reports SET source_path = ?, source_url = coalesce(?, source_url) WHERE report_id = ?",
                    [report.path, report.source_url or None, old[0]])
        return Saved(UNCHANGED, old[0], aid)
    if old:
        rid = old[0]
        rows.drop(rid)  # replaced by a later file of the same batch: its rows were never written
        for table in ("cells", "sections", "label_deviations", metrics_table.TABLE):
            con.execute(f"DELETE FROM {table} WHERE report_id = ?", [rid])
        con.execute("DELETE FROM reports WHERE report_id = ?", [rid])
    else:
        rid = con.execute("SELECT nextval('report_ids')").fetchone()[0]
    _insert_report(con, rid, aid, report)
    rows.add(rid, report)
    return Saved(REPLACED if old else STORED, rid, aid)


_CELL_COLUMNS = ["report_id", "table_key", "row_key", "column_key", "value", "raw", "page", "ref", "confidence"]
_SECTION_COLUMNS = ["report_id", "ordinal", "heading", "section_key", "text"]
_DEVIATION_COLUMNS = ["report_id", "table_key", "row_key", "kind", "printed", "expected"]
_DOCUMENT_COLUMNS = ["sha256", "name", "format", "size", "ending"]


class _Rows:
    """The child rows of a batch of reports, written with one insert per table."""

    def __init__(self):
        self.cells: list[tuple] = []
        self.sections: list[tuple] = []
        self.deviations: list[tuple] = []
        self.documents: dict[str, tuple] = {}  # by sha256: a file stored twice is kept once

    def add(self, rid: int, report: Report) -> None:
        self.cells += [
            (rid, t, r, c, None if v.value is None else float(v.value), v.raw, v.page, v.ref, float(v.confidence))
            for t, r, c, v in report.cells()
        ]
        self.sections += [(rid, s.ordinal, s.heading, s.key, s.text) for s in report.sections]
        self.deviations += [(rid, d.table, d.row, d.kind, d.printed, d.expected) for d in report.deviations]
        if report.document_size is not None:  # its file is in the documents folder
            self.documents.setdefault(report.sha256, (report.sha256, os.path.basename(report.path), report.format,
                                                      report.document_size, report.document_ending))

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
    values = [v.value for _t, _r, _c, v in report.cells()]
    con.execute(
        """INSERT INTO reports (report_id, agency_id, year, template, published, printed_agency,
               source_path, source_name, sha256, format, extractor, parser_version, notes, review,
               cells_total, cells_filled, source_url)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [rid, aid, report.year, report.template, report.published, report.agency, report.path,
         os.path.basename(report.path), report.sha256, report.format, report.extractor, PARSER_VERSION,
         list(report.notes), list(report.review), len(values), sum(v is not None for v in values),
         report.source_url or None],
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

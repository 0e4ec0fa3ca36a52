"""The analytic tables as Parquet, and read-only dashboards over them (replicas).

    export(con, folder)     every table of the store as <folder>/<table>.parquet, plus
                            manifest.json; written beside the folder and renamed into place,
                            so a replica never reads half an export
    Replica(folder)         an in-memory DuckDB whose tables are views over those files,
                            with the store's macros and views, which the dashboard reads
                            like the database itself (`disclosure serve --replica FOLDER`)

A province serves its figures to many offices this way: the database host exports after
each day's ingest (or on a timer), the export is copied wherever dashboards run, and no
dashboard holds the database file. The documents folder is not part of an export.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import datetime

import duckdb

from ..model import DisclosureError
from .db import migrations, schema_version

MANIFEST = "manifest.json"
# the store's tables an export carries (documents' bytes live in the documents folder)
TABLES = ("schema_version", "agencies", "reports", "report_versions", "corrections", "cells", "sections", "label_deviations", "documents",
          "report_metrics", "rules", "findings", "reviews", "check_runs", "ingest_errors", "settings",
          "data_versions", "write_log", "rectifications", "collect_sources", "collect_runs", "collect_source_runs")


def export(con, folder: str) -> dict:
    """Write every table of the database `con` has open as Parquet under `folder`."""
    folder = os.path.abspath(folder)
    parent = os.path.dirname(folder)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=os.path.basename(folder) + ".", suffix=".tmp", dir=parent)
    counts = {}
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for table in TABLES:
            if table not in present:
                continue
            target = os.path.join(tmp, f"{table}.parquet")
            con.execute(f"COPY (SELECT * FROM {table}) TO '{_literal(target)}' (FORMAT parquet, COMPRESSION zstd)")
            counts[table] = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        manifest = {"exported_at": datetime.now().isoformat(timespec="seconds"),
                    "schema_version": schema_version(con), "rows": counts}
        with open(os.path.join(tmp, MANIFEST), "w", encoding="utf-8") as fh:
            json.dump(manifest, fh, ensure_ascii=False, indent=1)
        old = None
        if os.path.exists(folder):
            old = folder + ".old"
            shutil.rmtree(old, ignore_errors=True)
            os.replace(folder, old)
        os.replace(tmp, folder)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def _literal(path: str) -> str:
    return path.replace("'", "''")


def _definitions() -> list[str]:
    """The store's macros and views, from its migrations (defined once, there)."""
    out = []
    for _version, _name, path in migrations():
        if path.suffix != ".sql":
            continue
        for statement in duckdb.extract_statements(path.read_text(encoding="utf-8")):
            text = statement.query.strip()
            code = " ".join(line for line in text.splitlines() if not line.strip().startswith("--"))
            head = " ".join(code.split()[:4]).upper()
            if head.startswith(("CREATE MACRO", "CREATE VIEW", "CREATE OR REPLACE MACRO", "CREATE OR REPLACE VIEW")):
                out.append(text)
    return out


class Replica:
    """A read-only copy of a store's tables for a dashboard: views over an export."""

    closed = False

    def __init__(self, folder: str):
        self.path = os.path.abspath(folder)
        manifest = os.path.join(self.path, MANIFEST)
        if not os.path.exists(manifest):
            raise DisclosureError("不是 disclosure export --parquet 导出的目录（缺少 manifest.json）", self.path)
        with open(manifest, encoding="utf-8") as fh:
            self.manifest = json.load(fh)
        self.stamp = os.stat(manifest).st_mtime_ns
        self.con = duckdb.connect(":memory:")
        for name in os.listdir(self.path):
            if name.endswith(".parquet"):
                table = name[: -len(".parquet")]
                self.con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{_literal(os.path.join(self.path, name))}')")
        for definition in _definitions():
            self.con.execute(definition)

    def cursor(self):
        return self.con.cursor()

    def current(self) -> bool:
        """Whether the export on disk is still the one this replica reads."""
        try:
            return os.stat(os.path.join(self.path, MANIFEST)).st_mtime_ns == self.stamp
        except OSError:
            return False

"""The collection's state in the database, written through the one write path.

Operations (registered here, imported by disclosure/store/ops.py):

    collect_sources_set   the list of sources the 采集 page edits (replaced whole)
    collect_start         a run begins: its sources are remembered, its id returned
    collect_source_done   one source finished: what it found, what was new, what failed, and
                          the state of every URL it fetched (validators, hash, links)
    collect_finish        the run's totals

Reading (`known_urls`, `known_documents`) goes through `writes.reading`, wherever the owner is.
"""
from __future__ import annotations

import json
from datetime import datetime

from ..store.writes import COLLECT, operation, reading

URL_FIELDS = ("url", "source", "kind", "etag", "last_modified", "sha256", "path", "published", "title", "page",
              "status", "reason", "fetched_at")


def _upsert_sources(con, sources: list[dict]) -> None:
    for s in sources:
        con.execute("""INSERT INTO collect_sources (url, agency) VALUES (?, ?)
                       ON CONFLICT (url) DO UPDATE SET agency = coalesce(excluded.agency, collect_sources.agency)""",
                    [s["url"], s.get("agency") or None])


@operation("collect_sources_set", (COLLECT,), "保存采集来源")
def set_sources(ctx, sources: list[dict]) -> dict:
    """The sources become these (url, agency); runs and URL states stay."""
    ctx.con.execute("DELETE FROM collect_sources")
    _upsert_sources(ctx.con, sources)
    return {"sources": len(sources)}


@operation("collect_start", (COLLECT,), "开始采集")
def start(ctx, sources: list[dict], folder: str) -> dict:
    _upsert_sources(ctx.con, sources)
    run_id = ctx.con.execute(
        "INSERT INTO collect_runs (user_name, folder, sources) VALUES (?, ?, ?) RETURNING run_id",
        [ctx.user, folder, len(sources)]).fetchone()[0]
    return {"run_id": run_id}


@operation("collect_source_done", (COLLECT,), "记录采集结果")
def source_done(ctx, run_id: int, source: str, agency: str | None, found: int, new: int, unchanged: int,
                failures: list[dict], urls: list[dict]) -> dict:
    con = ctx.con
    con.execute(
        """INSERT OR REPLACE INTO collect_source_runs (run_id, source, agency, found, new, unchanged, failed, failures)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
        [run_id, source, agency or None, found, new, unchanged, len(failures), json.dumps(failures, ensure_ascii=False)])
    cols = ", ".join(URL_FIELDS)
    marks = ", ".join("?" * len(URL_FIELDS))
    sets = ", ".join(f"{f} = excluded.{f}" for f in URL_FIELDS[1:])
    for u in urls:
        values = [u.get(f) for f in URL_FIELDS]
        values[URL_FIELDS.index("page")] = None if u.get("page") is None else json.dumps(u["page"], ensure_ascii=False)
        values[URL_FIELDS.index("fetched_at")] = u.get("fetched_at") or datetime.now().isoformat(timespec="seconds")
        con.execute(f"INSERT INTO collect_urls ({cols}) VALUES ({marks}) ON CONFLICT (url) DO UPDATE SET {sets}", values)
    return {"urls": len(urls)}


@operation("collect_finish", (COLLECT,), "完成采集")
def finish(ctx, run_id: int, found: int, new: int, failed: int) -> None:
    ctx.con.execute("UPDATE collect_runs SET finished_at = now(), found = ?, new = ?, failed = ? WHERE run_id = ?",
                    [found, new, failed, run_id])


def known_urls(db_path: str) -> dict[str, dict]:
    """Every URL's state from earlier runs (nothing for a database not yet made)."""
    import os

    if not os.path.exists(db_path):
        return {}
    with reading(db_path) as con:
        cur = con.execute(f"SELECT {', '.join(URL_FIELDS)} FROM collect_urls")
        rows = cur.fetchall()
    out = {}
    for row in rows:
        record = dict(zip(URL_FIELDS, row))
        if isinstance(record["page"], str):
            record["page"] = json.loads(record["page"])
        out[record["url"]] = record
    return out


def known_documents(db_path: str, shas: list[str]) -> set[str]:
    """Which of these document hashes the database has seen already: stored as a report, or
    recorded as a file that could not be ingested."""
    import os

    if not shas or not os.path.exists(db_path):
        return set()
    with reading(db_path) as con:
        rows = con.execute(
            """SELECT sha256 FROM reports WHERE list_contains($shas, sha256)
               UNION SELECT sha256 FROM ingest_errors WHERE list_contains($shas, sha256)""",
            {"shas": list(shas)}).fetchall()
    return {r[0] for r in rows}

"""The store at national scale: build a database of N reports, then time what users do to it.

    python bench/scale.py --reports 100000 --db /tmp/scale.duckdb [--out bench/results/scale-100k.txt]

The database is the demo city (disclosure demo, parsed through the real pipeline once and
kept in bench/out/scale-source.duckdb) replicated as many times as N needs: each copy a
city of its own (its own name in every agency name, parent and narrative, its own region
codes, spread over the provinces), its counts multiplied by a factor of its own (1–4:
every identity of the tables still holds, peers differ), its documents in the documents
folder as distinct files (the demo's own PDF, HTML, Word, text and scans, each copy's bytes
marked as its own), its registry in the agencies table. Then it prints:

- file size and bytes per report (database, documents folder);
- a full check: seconds and peak RSS (its own process);
- one new file ingested (CLI, nobody serving): seconds in parse, store and checks;
- a review and an upload of one report, with nobody serving (the CLI's way) and with the
  dashboard serving (its own process's way);
- the registry sync: unchanged (skipped by digest) and changed;
- each dashboard page's first and repeat seconds (AppTest) and the dashboard's peak RSS
  (bench/dashboard.py --pages, its own process).

A benchmark, not a test: tests/test_scale_bench.py runs it at ~2k reports so it keeps working.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from disclosure.store import db as store_db  # noqa: E402
from disclosure.store import files, metrics_table  # noqa: E402

SOURCE = ROOT / "bench" / "out" / "scale-source.duckdb"
CITY = "汐州"  # the demo city's name, in its agencies' names and narrative
# provinces the copies are spread over (name, code)
PROVINCES = [("北京市", "110000"), ("天津市", "120000"), ("河北省", "130000"), ("山西省", "140000"),
             ("内蒙古自治区", "150000"), ("辽宁省", "210000"), ("吉林省", "220000"), ("黑龙江省", "230000"),
             ("上海市", "310000"), ("江苏省", "320000"), ("浙江省", "330000"), ("安徽省", "340000"),
             ("福建省", "350000"), ("江西省", "360000"), ("山东省", "370000"), ("河南省", "410000"),
             ("湖北省", "420000"), ("湖南省", "430000"), ("广东省", "440000"), ("广西壮族自治区", "450000"),
             ("海南省", "460000"), ("重庆市", "500000"), ("四川省", "510000"), ("贵州省", "520000"),
             ("云南省", "530000"), ("西藏自治区", "540000"), ("陕西省", "610000"), ("甘肃省", "620000"),
             ("青海省", "630000"), ("宁夏回族自治区", "640000"), ("新疆维吾尔自治区", "650000")]
# first characters of the copies' city names (with the second below: 两字城市名, never a real one needed)
FIRST = "霖澜岚嵘峤崧嶷巍峥嵩岱峨岷崆峒嵋崇岑峦岫岙岗岭峰嶂"
SECOND = "州阳川原宁安城平"


def city_names(n: int) -> list[str]:
    names = [a + b for b in SECOND for a in FIRST]
    if n > len(names):
        raise SystemExit(f"at most {len(names)} copies of the demo city")
    return names[:n]


def build_source(path: Path, agencies: int | None = None, years: str = "2019-2024") -> None:
    """The demo city through the real pipeline: generated, parsed, stored, checked."""
    out = path.parent / (path.stem + "-demo")
    path.parent.mkdir(parents=True, exist_ok=True)
    cli = [sys.executable, "-m", "disclosure"]
    size = ["--agencies", str(agencies)] if agencies else []
    subprocess.run([*cli, "demo", "--out", str(out), "--quiet", "--years", years, *size], check=True, cwd=ROOT)
    for leftover in (path, Path(str(path) + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.rmtree(str(path) + ".files", ignore_errors=True)
    rc = subprocess.run([*cli, "ingest", str(out / "docs"), "--db", str(path), "--registry",
                         str(out / "agencies.csv"), "--quiet"], cwd=ROOT).returncode
    if rc > 1:
        raise SystemExit(f"building the source database failed ({rc})")


def replicate(source: Path, target: str, reports: int) -> dict:
    """`target` made of as many copies of the source's demo city as `reports` needs."""
    for leftover in (target, target + ".wal", target + ".lock"):
        if os.path.exists(leftover):
            os.remove(leftover)
    shutil.rmtree(target + ".files", ignore_errors=True)
    con = store_db.connect(target)
    con.execute("SET memory_limit = '8GB'")  # the whole copy is one transaction
    con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
    in_city = con.execute("SELECT count(*) FROM src.reports r JOIN src.agencies a USING (agency_id) "
                          "WHERE a.city = ?", [CITY + "市"]).fetchone()[0]
    copies = max(1, math.ceil(reports / in_city))
    names = city_names(copies)
    stride_a = con.execute("SELECT max(agency_id) + 1 FROM src.agencies").fetchone()[0]
    stride_r = con.execute("SELECT max(report_id) + 1 FROM src.reports").fetchone()[0]
    copy_rows = [(k, names[k], *PROVINCES[k % len(PROVINCES)], 1 + (k * 7) % 4, f"{70 + k // len(PROVINCES):02d}")
                 for k in range(copies)]
    con.execute("CREATE TEMP TABLE copies (k INTEGER, name VARCHAR, province VARCHAR, province_code VARCHAR, "
                "factor INTEGER, city_digits VARCHAR)")
    con.executemany("INSERT INTO copies VALUES (?, ?, ?, ?, ?, ?)", copy_rows)
    t = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    # agencies: the city's once per copy (renamed), every other agency once; each copy's
    # province government registered too (the copy's city government answers to it)
    # every name of a copy its own: the city's (汐州 -> 霖州) and each county's, which takes the
    # copy's name before it (临汐区 -> 霖州临汐区), so that no two copies share a division name
    counties = [r[0] for r in con.execute(f"SELECT DISTINCT county FROM src.agencies WHERE city = '{CITY}市' "
                                          "AND county IS NOT NULL ORDER BY 1").fetchall()]

    def renamed(column: str) -> str:
        expr = column
        for county in counties:
            expr = f"replace({expr}, '{county}', k.name || '{county}')"
        return f"replace({expr}, '{CITY}', k.name)"

    con.execute(f"""
        INSERT INTO agencies (agency_id, name, aliases, province, province_code, city, city_code, county, county_code,
                              level, kind, parent, inferred, registered, years)
        SELECT a.agency_id + k.k * {stride_a}, {renamed('a.name')},
               []::VARCHAR[],
               k.province, k.province_code, {renamed('a.city')},
               substr(k.province_code, 1, 2) || k.city_digits || '00',
               {renamed('a.county')},
               CASE WHEN a.county_code IS NULL THEN NULL
                    ELSE substr(k.province_code, 1, 2) || k.city_digits || substr(a.county_code, 5, 2) END,
               a.level, a.kind,
               CASE WHEN a.level = 'city' AND a.kind = 'government' THEN k.province || '人民政府'
                    ELSE {renamed('a.parent')} END,
               a.inferred, a.registered, a.years
        FROM src.agencies a CROSS JOIN copies k
        WHERE a.city = '{CITY}市'""")
    con.execute(f"""
        INSERT INTO agencies (agency_id, name, aliases, province, province_code, city, city_code, county, county_code,
                              level, kind, parent, inferred, registered, years)
        SELECT * FROM src.agencies WHERE city IS DISTINCT FROM '{CITY}市'
          AND name NOT IN (SELECT province || '人民政府' FROM copies)""")
    con.execute(f"""
        INSERT INTO agencies (agency_id, name, province, province_code, level, kind, inferred, registered, years)
        SELECT {stride_a * copies} + row_number() OVER (), p.name, p.province, p.province_code, 'province',
               'government', false, true, []::STRUCT(first INTEGER, last INTEGER)[]
        FROM (SELECT DISTINCT province || '人民政府' AS name, province, province_code FROM copies) p
        WHERE p.name NOT IN (SELECT name FROM agencies)""")
    city_reports = f"""FROM src.reports r JOIN src.agencies a USING (agency_id) CROSS JOIN copies k
                       WHERE a.city = '{CITY}市'"""
    con.execute(f"""
        INSERT INTO reports SELECT r.* REPLACE (r.report_id + k.k * {stride_r} AS report_id,
                                               r.agency_id + k.k * {stride_a} AS agency_id,
                                               {renamed('r.printed_agency')} AS printed_agency,
                                               r.sha256 || '-' || k.k AS sha256)
        {city_reports}""")
    con.execute(f"INSERT INTO reports SELECT r.* FROM src.reports r JOIN src.agencies a USING (agency_id) "
                f"WHERE a.city IS DISTINCT FROM '{CITY}市'")
    # each report its current version (the versions table holds every document of a report)
    con.execute(f"""
        INSERT INTO report_versions SELECT v.* REPLACE (v.report_id + k.k * {stride_r} AS report_id,
                                                       v.agency_id + k.k * {stride_a} AS agency_id,
                                                       {renamed('v.printed_agency')} AS printed_agency,
                                                       v.sha256 || '-' || k.k AS sha256)
        FROM src.report_versions v JOIN src.reports r USING (report_id) JOIN src.agencies a ON a.agency_id = r.agency_id
        CROSS JOIN copies k WHERE a.city = '{CITY}市'""")
    con.execute(f"INSERT INTO report_versions SELECT v.* FROM src.report_versions v JOIN src.reports r USING (report_id) "
                f"JOIN src.agencies a ON a.agency_id = r.agency_id WHERE a.city IS DISTINCT FROM '{CITY}市'")
    scaled = "CASE WHEN x.value IS NULL THEN NULL ELSE x.value * k.factor END"
    con.execute(f"""
        INSERT INTO cells SELECT x.* REPLACE (x.report_id + k.k * {stride_r} AS report_id, {scaled} AS value,
                                             CASE WHEN x.value IS NULL THEN x.raw
                                                  WHEN x.value = trunc(x.value) THEN CAST(CAST({scaled} AS BIGINT) AS VARCHAR)
                                                  ELSE CAST({scaled} AS VARCHAR) END AS raw)
        FROM src.cells x JOIN src.reports r USING (report_id) JOIN src.agencies a USING (agency_id)
        CROSS JOIN copies k WHERE a.city = '{CITY}市' ORDER BY 1""")
    con.execute(f"INSERT INTO cells SELECT x.* FROM src.cells x JOIN src.reports r USING (report_id) "
                f"JOIN src.agencies a USING (agency_id) WHERE a.city IS DISTINCT FROM '{CITY}市'")
    for table in ("sections", "label_deviations"):
        text = f"{renamed('x.text')} AS text" if table == "sections" else None
        extra = f", {text}" if text else ""
        con.execute(f"""
            INSERT INTO {table} SELECT x.* REPLACE (x.report_id + k.k * {stride_r} AS report_id{extra})
            FROM src.{table} x JOIN src.reports r USING (report_id) JOIN src.agencies a USING (agency_id)
            CROSS JOIN copies k WHERE a.city = '{CITY}市' ORDER BY 1""")
        con.execute(f"INSERT INTO {table} SELECT x.* FROM src.{table} x JOIN src.reports r USING (report_id) "
                    f"JOIN src.agencies a USING (agency_id) WHERE a.city IS DISTINCT FROM '{CITY}市'")
    for seq, table, col in (("report_ids", "reports", "report_id"), ("agency_ids", "agencies", "agency_id")):
        top = con.execute(f"SELECT max({col}) FROM {table}").fetchone()[0]
        con.execute(f"SELECT max(nextval('{seq}')) FROM range({top})")  # ids of new rows come after the copies'
    con.execute("COMMIT")
    rows_s = time.perf_counter() - t
    # documents: each copy's bytes its own file under its own hash
    t = time.perf_counter()
    docs_written = _documents(con, source, target, copies, stride_r)
    docs_s = time.perf_counter() - t
    # derived rows and the registry's digest, as the product keeps them
    t = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    ids = [r[0] for r in con.execute("SELECT report_id FROM reports ORDER BY report_id").fetchall()]
    for start in range(0, len(ids), 20000):
        metrics_table.update(con, ids[start:start + 20000])
    con.execute("COMMIT")
    metrics_s = time.perf_counter() - t
    t = time.perf_counter()
    registry = store_db.registry(con)
    with store_db.transaction(con):
        store_db.set_setting(con, store_db.REGISTRY_DIGEST, store_db.registry_digest(registry))
    registry_s = time.perf_counter() - t
    n_reports, n_agencies, n_cells = con.execute(
        "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM agencies), (SELECT count(*) FROM cells)").fetchone()
    con.execute("DETACH src")
    con.close()
    return {"copies": copies, "reports": n_reports, "agencies": n_agencies, "cells": n_cells, "documents": docs_written,
            "seconds": {"rows": rows_s, "documents": docs_s, "metrics": metrics_s, "registry": registry_s}}


def _documents(con, source: Path, target: str, copies: int, stride_r: int) -> int:
    import hashlib

    import pandas as pd

    src_docs = con.execute(f"""SELECT d.sha256, d.name, d.format, d.ending, r.report_id, a.city = '{CITY}市' AS in_city
                               FROM src.documents d JOIN src.reports r USING (sha256) JOIN src.agencies a USING (agency_id)
                               ORDER BY r.report_id""").fetchall()
    rows, moves = [], []
    written = 0
    for sha, name, fmt, ending, rid, in_city in src_docs:
        data = files.read(str(source), sha, ending or "")
        for k in range(copies if in_city else 1):
            own = data + f"\n<!-- {k} -->\n".encode() if in_city else data
            own_sha = hashlib.sha256(own).hexdigest()
            files.put(target, own_sha, own, ending or "")
            written += 1
            rows.append((own_sha, name, fmt, len(own), ending))
            moves.append((rid + k * stride_r if in_city else rid, own_sha))
    con.execute("BEGIN TRANSACTION")
    con.register("_docs", pd.DataFrame(rows, columns=["sha256", "name", "format", "size", "ending"]))
    con.execute("INSERT INTO documents SELECT * FROM _docs ON CONFLICT DO NOTHING")
    con.register("_moves", pd.DataFrame(moves, columns=["report_id", "sha256"]))
    for table in ("reports", "report_versions"):
        con.execute(f"UPDATE {table} SET sha256 = m.sha256 FROM _moves m WHERE {table}.report_id = m.report_id")
    con.execute("COMMIT")
    return written


def _described(path: str) -> dict:
    """What replicate() says of a database built before (--reuse)."""
    from disclosure.store.writes import reading

    with reading(path) as con:
        n_reports, n_agencies, n_cells, n_docs = con.execute(
            "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM agencies), (SELECT count(*) FROM cells), "
            "(SELECT count(*) FROM documents)").fetchone()
    return {"copies": "?", "reports": n_reports, "agencies": n_agencies, "cells": n_cells, "documents": n_docs,
            "seconds": {"rows": 0, "documents": 0, "metrics": 0, "registry": 0}}


def folder_bytes(path: str) -> int:
    total = 0
    for root, _dirs, names in os.walk(path):
        total += sum(os.path.getsize(os.path.join(root, n)) for n in names)
    return total


def _child(code: str, *args: str) -> dict:
    """Run `code` in a Python process of its own; its last line is JSON, to which the peak
    RSS of the process and its own children (check workers) together is added, sampled
    every 0.1 s."""
    import resource

    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    peak = own = child = 0
    watched = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            sizes = [watched.memory_info().rss, *(p.memory_info().rss for p in watched.children(recursive=True))]
            peak, own, child = max(peak, sum(sizes)), max(own, sizes[0]), max([child, *sizes[1:]])
        except psutil.Error:
            pass
        time.sleep(0.1)
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {err[-2000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    result["rss_mb"], result["own_rss_mb"], result["child_rss_mb"] = peak / 2**20, own / 2**20, child / 2**20
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child and the workers it waited for
    result["cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


FULL_CHECK = """
import json, resource, sys, time
from disclosure.store.writes import write
t = time.perf_counter()
run = write(sys.argv[1], "check")
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": time.perf_counter() - t, "findings": run["findings"], "errors": run["errors"],
                  "phases": run["phases"], "main_cpu_s": own.ru_utime + own.ru_stime,
                  "workers_cpu_s": workers.ru_utime + workers.ru_stime}))
"""

ONE_FILE = """
import json, sys, time
from disclosure.store.ingest import ingest_batch
t = time.perf_counter()
result = ingest_batch([sys.argv[2]], sys.argv[1])
print(json.dumps({"seconds": time.perf_counter() - t, "split": result.seconds,
                  "status": [o.status for o in result.outcomes]}))
"""

REVIEW = """
import json, sys, time
from disclosure.store.writes import reading, write
with reading(sys.argv[1]) as con:
    fp = con.execute("SELECT fingerprint FROM findings ORDER BY fingerprint LIMIT 1").fetchone()[0]
times = []
for state in ("confirmed", "dismissed", None):
    t = time.perf_counter()
    write(sys.argv[1], "review", fingerprint=fp, state=state, note="bench")
    times.append(time.perf_counter() - t)
print(json.dumps({"seconds": sorted(times)[1]}))
"""

SERVED = """
import json, sys, time
from disclosure.store import server
from disclosure.store.ingest import ingest_batch
from disclosure.store.writes import write
t = time.perf_counter()
srv = server.serve(sys.argv[1], what="仪表盘", memory_limit="600MB")
opened = time.perf_counter() - t
cur = srv.cursor()
fp = cur.execute("SELECT fingerprint FROM findings ORDER BY fingerprint LIMIT 1").fetchone()[0]
times = []
for state in ("confirmed", "dismissed", None):
    t = time.perf_counter()
    write(sys.argv[1], "review", fingerprint=fp, state=state, note="bench")
    times.append(time.perf_counter() - t)
t = time.perf_counter()
result = ingest_batch([sys.argv[2]], sys.argv[1])
upload = time.perf_counter() - t
print(json.dumps({"open": opened, "review": sorted(times)[1], "upload": upload, "split": result.seconds,
                  "status": [o.status for o in result.outcomes]}))
"""

REGISTRY = """
import json, sys, time
from disclosure.store import db
con = db.connect(sys.argv[1])
t = time.perf_counter()
registry = db.registry(con)
built = time.perf_counter() - t
t = time.perf_counter()
with db.transaction(con):
    same = db.sync_registry(con, registry)
unchanged = time.perf_counter() - t
t = time.perf_counter()
con.execute("BEGIN TRANSACTION")
changed = db.sync_registry(con, registry, force=True)
forced = time.perf_counter() - t
con.execute("ROLLBACK")
con.close()
print(json.dumps({"agencies": len(registry), "build": built, "unchanged": unchanged, "same": same,
                  "changed": forced, "did": changed}))
"""


def new_file(folder: str, serial: int) -> str:
    """A report of an agency the store has not seen (a text file, as an agency publishes)."""
    text = (ROOT / "data" / "samples" / "shenchi-education-2023.txt").read_text(encoding="utf-8")
    path = os.path.join(folder, f"new-{serial}.txt")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("神池县教育科技局", f"神池县第{serial}教育科技局"))
    return path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, required=True, help="at least this many reports")
    ap.add_argument("--db", required=True, help="the database to build (replaced)")
    ap.add_argument("--out", help="also write the figures to this file")
    ap.add_argument("--source", default=str(SOURCE), help="the demo database copied (built when missing)")
    ap.add_argument("--source-agencies", type=int, help="build the source from this many of the city's agencies "
                                                         "(the test's small run)")
    ap.add_argument("--source-years", default="2019-2024", help="years of the source demo")
    ap.add_argument("--no-pages", action="store_true", help="skip the dashboard pages")
    ap.add_argument("--reuse", action="store_true", help="measure the database --db as it is (built before)")
    args = ap.parse_args()
    source = Path(args.source)
    t0 = time.perf_counter()
    if args.reuse and os.path.exists(args.db):
        built, source_s = _described(args.db), 0.0
    else:
        if not source.exists():
            build_source(source, args.source_agencies, args.source_years)
        source_s = time.perf_counter() - t0
        built = replicate(source, args.db, args.reports)
    build_s = time.perf_counter() - t0
    db_bytes = os.path.getsize(args.db) + (os.path.getsize(args.db + ".wal") if os.path.exists(args.db + ".wal") else 0)
    doc_bytes = folder_bytes(args.db + ".files")
    n = built["reports"]
    lines: list[str] = []

    def say(line: str) -> None:  # each figure as soon as it is measured
        lines.append(line)
        print(line, flush=True)

    say(f"# bench/scale.py — {time.strftime('%Y-%m-%d %H:%M')} — {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f} at start")
    say(f"database: {n:,} reports of {built['agencies']:,} agencies ({built['copies']} copies of the demo city), "
        f"{built['cells']:,} cells")
    say(f"built in {build_s:.0f} s (source {source_s:.0f} s, rows {built['seconds']['rows']:.0f} s, "
        f"documents {built['seconds']['documents']:.0f} s, metrics {built['seconds']['metrics']:.0f} s, "
        f"registry {built['seconds']['registry']:.1f} s)")
    say(f"file: {db_bytes / 2**30:.2f} GiB, {db_bytes / n / 1024:.1f} KiB per report; documents folder "
        f"{doc_bytes / 2**30:.2f} GiB, {doc_bytes / n / 1024:.1f} KiB per report ({built['documents']:,} files)")
    full = _child(FULL_CHECK, args.db)
    say(f"full check: {full['seconds']:.1f} s ({full['cpu_s']:.0f} CPU-s: this process {full['main_cpu_s']:.0f}, "
        f"its check workers {full['workers_cpu_s']:.0f}), peak RSS {full['rss_mb']:.0f} MB (the check and its workers; "
        f"itself {full['own_rss_mb']:.0f} MB, largest worker {full['child_rss_mb']:.0f} MB), {full['findings']:,} findings"
        f"{'; errors: ' + '; '.join(full['errors']) if full['errors'] else ''} (load {os.getloadavg()[0]:.1f}); "
        + ", ".join(f"{k} {v:.1f} s" for k, v in full["phases"].items()))
    reg = _child(REGISTRY, args.db)
    say(f"registry sync ({reg['agencies']:,} registered agencies): unchanged {reg['unchanged'] * 1000:.0f} ms "
        f"(skipped by digest), changed {reg['changed']:.2f} s (one statement); building the resolver "
        f"from the database {reg['build']:.2f} s (once per process)")
    folder = tempfile.mkdtemp(prefix="scale-")
    try:
        one = _child(ONE_FILE, args.db, new_file(folder, 1))
        s = one["split"]
        say(f"one-file ingest, CLI, nobody serving: {one['seconds']:.2f} s end to end (parse {s['parse']:.2f} s, "
            f"store {s['store']:.2f} s, checks {s['check']:.2f} s), peak RSS {one['rss_mb']:.0f} MB "
            f"[{', '.join(one['status'])}] (load {os.getloadavg()[0]:.1f})")
        review = _child(REVIEW, args.db)
        say(f"review, CLI, nobody serving: {review['seconds'] * 1000:.0f} ms (opens the file, writes, closes)")
        served = _child(SERVED, args.db, new_file(folder, 2))
        s = served["split"]
        say(f"dashboard serving: opening the database {served['open']:.2f} s; review {served['review'] * 1000:.0f} ms; "
            f"upload of one report {served['upload']:.2f} s end to end (parse {s['parse']:.2f} s, store "
            f"{s['store']:.2f} s, checks {s['check']:.2f} s) [{', '.join(served['status'])}]")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    if not args.no_pages:
        pages = subprocess.run([sys.executable, str(ROOT / "bench" / "dashboard.py"), "--db", args.db, "--pages",
                                "--runs", "3"], capture_output=True, text=True, cwd=ROOT)
        for line in (pages.stdout if pages.returncode == 0 else f"dashboard pages failed: {pages.stderr[-1500:]}").splitlines():
            say(line)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""XA.COPY at the scale of a national year: N reports' narratives, their signatures and LSH
buckets, the candidates (the rule's own query, checks/copies.py), the exact measure of each.

Each narrative is half sentences from the demo's wording pools (the boilerplate reports
share) and half the agency's own (random characters standing for its own facts); 1% are
copied whole from another agency with the name put in. `--boilerplate` makes every sentence
come from the pools: the worst case, where most reports are alike.

    .venv/bin/python bench/copies.py [N] [--boilerplate]   (default 20000; prints each figure as measured)

Nothing is written to the repository's data; the database is a temporary file.
"""
from __future__ import annotations

import os
import random
import re
import sys
import tempfile
import time

import duckdb
import pandas as pd
import psutil

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from disclosure.checks import similarity as S  # noqa: E402
from disclosure.demo import narrative as N  # noqa: E402

POOLS = [N.OPENERS, N.ACTIVE_PARAS, N.REQUEST_PARAS, N.MANAGEMENT_PARAS, N.PLATFORM_PARAS, N.SUPERVISION_PARAS]
DETAILS = [N.ACTIVE_DETAILS, N.REQUEST_DETAILS, N.MANAGEMENT_DETAILS, N.PLATFORM_DETAILS, N.SUPERVISION_DETAILS]


def fill(text: str, rng: random.Random, agency: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: agency if m.group(1) in ("agency", "gov", "short") else str(rng.randint(1, 900)), text)


def _own(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n)) + "。"


def narrative(rng: random.Random, agency: str, boilerplate: bool) -> tuple[str, str]:
    own = (lambda: "") if boilerplate else (lambda: _own(rng, rng.randint(30, 60)))
    overview = "".join(fill(rng.choice(pool), rng, agency) + fill(rng.choice(d), rng, agency) + own()
                       for pool, d in zip(POOLS, DETAILS + [N.SUPERVISION_DETAILS]))
    problems = fill(rng.choice(N.PROBLEM_OPENERS), rng, agency) + "".join(
        f"{N.ORDINALS[i]}{p}；" for i, p in enumerate(rng.sample(N.PROBLEMS, rng.randint(2, 4)))) + own() + "".join(
        fill(m, rng, agency) for m in rng.sample(N.MEASURES, 2))
    return overview, problems


def main(n: int, boilerplate: bool) -> None:
    from disclosure.checks import copies

    rng = random.Random(1)
    names = [f"测试{i}局" for i in range(n)]
    texts = [narrative(rng, a, boilerplate) for a in names]
    copied = rng.sample(range(n), n // 100)
    for i in copied:  # copied from another agency, its own name put in
        j = rng.randrange(n)
        texts[i] = tuple(t.replace(names[j], names[i]) for t in texts[j])
    proc = psutil.Process()
    t = time.perf_counter()
    buckets, minhashes, grams = [], [], {}
    for i, (a, (o, p)) in enumerate(zip(names, texts)):
        text, _sentences = S.report_text([("overview", o), ("problems", p)], (a,))
        g = S.shingles(text)
        grams[i] = S.hashed(g)
        values = S.signature(g)
        buckets += [(i, b, k) for b, k in enumerate(S.band_keys(values))]
        minhashes.append((i, len(g), values.astype("int64").tolist()))
    sig = time.perf_counter() - t
    print(f"reports {n}{' (all boilerplate)' if boilerplate else ''}; signatures {sig:.1f} s "
          f"({1000 * sig / n:.2f} ms a report); mean shingles {sum(len(g) for g in grams.values()) / n:.0f}")
    with tempfile.TemporaryDirectory() as folder:
        con = duckdb.connect(os.path.join(folder, "b.duckdb"))
        con.execute("CREATE TABLE reports (report_id INTEGER, year INTEGER)")
        con.execute("CREATE TABLE report_signatures (report_id INTEGER, band SMALLINT, bucket BIGINT)")
        con.execute("CREATE TABLE report_minhash (report_id INTEGER, shingles INTEGER, hashvalues UINTEGER[])")
        con.register("r", pd.DataFrame({"report_id": range(n), "year": 2024}))
        con.register("b", pd.DataFrame(buckets, columns=["report_id", "band", "bucket"]))
        con.register("m", pd.DataFrame(minhashes, columns=["report_id", "shingles", "hashvalues"]))
        con.execute("INSERT INTO reports SELECT * FROM r")
        con.execute("INSERT INTO report_signatures SELECT * FROM b")
        con.execute("INSERT INTO report_minhash SELECT report_id, shingles, CAST(hashvalues AS UINTEGER[]) FROM m")
        t = time.perf_counter()
        shared = con.execute(f"SELECT count(*) FROM ({copies._SHARERS})",  # noqa: S608
                             {"years": [2024], "all": True, "ids": []}).fetchone()[0]
        t_shared = time.perf_counter() - t
        t = time.perf_counter()
        found = copies.candidates(con, [2024])
        t_candidates = time.perf_counter() - t
    pairs = [(a, b) for a, bs in found.items() for b in bs]
    print(f"pairs sharing a bucket {shared} ({shared / n:.1f} a report; all pairs: {n * (n - 1)}), {t_shared:.1f} s; "
          f"candidates after the signature estimate {len(pairs)} ({len(pairs) / n:.1f} a report), {t_candidates:.1f} s")
    t = time.perf_counter()
    hits = {a for a, b in pairs if S.containment(grams[a], grams[b]) >= 0.5}
    verify = time.perf_counter() - t
    recall = len(hits & set(copied)) / len(copied)
    print(f"exact measure of the candidates {verify:.1f} s; reports at ≥ 50%: {len(hits)}; of the copies found "
          f"{recall:.1%}; peak RSS {proc.memory_info().rss / 2**20:.0f} MiB")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 20000, "--boilerplate" in sys.argv)

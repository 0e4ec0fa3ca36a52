"""Each report's text signature for finding copies across agencies (checks/similarity.py):
its MinHash values (`report_minhash`, with the number of shingles) and LSH buckets
(`report_signatures`), computed when the report is stored.

    update(con, report_ids)   (re)compute the buckets of these reports, inside the caller's transaction

A report whose compared sections are too short to mean anything gets no buckets: it is
never a candidate, nor has any.
"""
from __future__ import annotations

import pandas as pd

TABLE, MINHASH = "report_signatures", "report_minhash"
BATCH = 500  # reports read at a time


def _texts(con, ids: list[int]):
    from ..checks.similarity import SECTIONS

    heads = con.execute(
        """SELECT r.report_id, r.printed_agency, a.name FROM reports r JOIN agencies a USING (agency_id)
           WHERE list_contains($ids, r.report_id)""", {"ids": ids}).fetchall()
    sections: dict[int, list] = {}
    for rid, key, text in con.execute(
            """SELECT report_id, section_key, text FROM sections
               WHERE list_contains($ids, report_id) AND list_contains($keys, section_key) ORDER BY report_id, ordinal""",
            {"ids": ids, "keys": list(SECTIONS)}).fetchall():
        sections.setdefault(rid, []).append((key, text))
    for rid, printed, name in heads:
        yield rid, (printed, name), sections.get(rid, [])


def rows_of(con, ids: list[int]) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, list[int]]]]:
    """([(report_id, band, bucket)], [(report_id, shingles, hash values)]) of these reports."""
    from ..checks import similarity as S

    buckets, minhashes = [], []
    for rid, names, sections in _texts(con, ids):
        text, _ = S.report_text(sections, names)
        if len(text) < S.MIN_CHARS:
            continue
        grams = S.shingles(text)
        values = S.signature(grams)
        buckets += [(rid, band, bucket) for band, bucket in enumerate(S.band_keys(values))]
        minhashes.append((rid, len(grams), values.astype("int64").tolist()))
    return buckets, minhashes


def update(con, report_ids) -> None:
    ids = sorted(set(report_ids))
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        for table in (TABLE, MINHASH):
            con.execute(f"DELETE FROM {table} WHERE list_contains($ids, report_id)", {"ids": part})
        buckets, minhashes = rows_of(con, part)
        _insert(con, TABLE, pd.DataFrame.from_records(buckets, columns=["report_id", "band", "bucket"]))
        _insert(con, MINHASH, pd.DataFrame.from_records(minhashes, columns=["report_id", "shingles", "hashvalues"]),
                "report_id, shingles, CAST(hashvalues AS UINTEGER[])")


def _insert(con, table: str, frame: pd.DataFrame, columns: str = "*") -> None:
    if frame.empty:
        return
    con.register("_signature_rows", frame)
    try:
        con.execute(f"INSERT INTO {table} SELECT {columns} FROM _signature_rows")
    finally:
        con.unregister("_signature_rows")

"""Each report's text signature for finding copies across agencies (checks/similarity.py):
its LSH buckets, computed when the report is stored, kept in `report_signatures`.

    update(con, report_ids)   (re)compute the buckets of these reports, inside the caller's transaction

A report whose compared sections are too short to mean anything gets no buckets: it is
never a candidate, nor has any.
"""
from __future__ import annotations

import pandas as pd

TABLE = "report_signatures"
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


def rows_of(con, ids: list[int]) -> list[tuple[int, int, int]]:
    """(report_id, band, bucket) of these reports."""
    from ..checks import similarity as S

    out = []
    for rid, names, sections in _texts(con, ids):
        text, _ = S.report_text(sections, names)
        if len(text) < S.MIN_CHARS:
            continue
        out += [(rid, band, bucket) for band, bucket in enumerate(S.buckets(S.shingles(text)))]
    return out


def update(con, report_ids) -> None:
    ids = sorted(set(report_ids))
    for start in range(0, len(ids), BATCH):
        part = ids[start:start + BATCH]
        con.execute(f"DELETE FROM {TABLE} WHERE list_contains($ids, report_id)", {"ids": part})
        rows = rows_of(con, part)
        if rows:
            frame = pd.DataFrame.from_records(rows, columns=["report_id", "band", "bucket"])
            con.register("_signature_rows", frame)
            try:
                con.execute(f"INSERT INTO {TABLE} SELECT report_id, band, bucket FROM _signature_rows")
            finally:
                con.unregister("_signature_rows")

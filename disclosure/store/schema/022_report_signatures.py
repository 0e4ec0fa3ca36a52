"""Each report's MinHash signature and LSH buckets for finding text copied from another
agency (XA.COPY, disclosure/checks/similarity.py): computed at ingest from then on
(store/signatures.py), and here for the reports already stored."""
from __future__ import annotations

from disclosure.store import signatures


def migrate(con, db_path: str) -> None:
    con.execute("""CREATE TABLE report_signatures (
                       report_id INTEGER NOT NULL,
                       band      SMALLINT NOT NULL,
                       bucket    BIGINT NOT NULL)""")
    # the signature itself, and how many shingles it summarises: a candidate's overlap is
    # estimated from them before it is measured exactly
    con.execute("""CREATE TABLE report_minhash (
                       report_id  INTEGER PRIMARY KEY,
                       shingles   INTEGER NOT NULL,
                       hashvalues UINTEGER[] NOT NULL)""")
    ids = [r[0] for r in con.execute("SELECT report_id FROM reports ORDER BY 1").fetchall()]
    signatures.update(con, ids)

"""The source documents move out of the database file into its documents folder
(disclosure/store/files.py): each BLOB is written under its hash, then the column goes;
the table keeps the hash, the name, the format, the size and the stored file's ending."""
from __future__ import annotations

from disclosure.store import files


def migrate(con, db_path: str) -> None:
    con.execute("ALTER TABLE documents ADD COLUMN size BIGINT")
    con.execute("ALTER TABLE documents ADD COLUMN ending VARCHAR")
    shas = [r[0] for r in con.execute("SELECT sha256 FROM documents").fetchall()]
    for start in range(0, len(shas), 200):  # a few at a time: the BLOBs never all in memory
        for sha, name, fmt, data in con.execute(
            "SELECT sha256, name, format, bytes FROM documents WHERE list_contains(?, sha256)", [shas[start:start + 200]]
        ).fetchall():
            ending = files.suffix(name, fmt)
            files.put(db_path, sha, bytes(data), ending)
            con.execute("UPDATE documents SET size = ?, ending = ? WHERE sha256 = ?", [len(data), ending, sha])
    con.execute("ALTER TABLE documents DROP COLUMN bytes")

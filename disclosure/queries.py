"""SQL lives in queries/*.sql, one file per metric or view; this module only runs them.

Parameters are bound by DuckDB (`$name` in the file), never formatted into the text.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parents[1] / "queries"


@lru_cache(maxsize=None)
def sql(name: str) -> str:
    path = QUERIES_DIR / f"{name}.sql"
    if not path.is_file():
        raise KeyError(f"no query named {name!r} in {QUERIES_DIR}")
    return path.read_text(encoding="utf-8")


def names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def run(con, name: str, **params):
    """The query's result as a pandas DataFrame."""
    return con.execute(sql(name), params or None).df()

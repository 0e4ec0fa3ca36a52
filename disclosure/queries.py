"""SQL lives in queries/*.sql, one file per metric or view; this module only runs them.

Parameters are bound by DuckDB (`$name` in the file), never formatted into the text.
"""
from __future__ import annotations

import re
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


# what each table belongs to, as the write path counts changes (disclosure/store/writes.py):
# a cached result stays good until a domain of a table it reads is written
_TABLE_DOMAINS = {
    "reports": ("reports",), "cells": ("reports",), "sections": ("reports",), "label_deviations": ("reports",),
    "documents": ("reports",), "report_metrics": ("reports",),
    "report_versions": ("reports",), "corrections": ("reports",),  # versions and a person's corrections of them
    "agencies": ("reports", "registry"),  # an ingest adds the agencies it infers
    "findings": ("findings",), "rules": ("findings",), "check_runs": ("findings",),
    "reviews": ("reviews",), "finding_reviews": ("findings", "reviews"),
    "settings": ("settings",), "ingest_errors": ("errors",),
    "collect_sources": ("collect",), "collect_runs": ("collect",), "collect_source_runs": ("collect",),
    "collect_urls": ("collect",), "report_signatures": ("reports",), "report_minhash": ("reports",),
    "rectifications": ("rectification",),
}
_FROM = re.compile(r"\b(?:FROM|JOIN)\s+([A-Za-z_][A-Za-z0-9_]*)", re.IGNORECASE)
_CTE = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)\s+AS\s*\(", re.IGNORECASE)


@lru_cache(maxsize=None)
def domains(name: str) -> tuple[str, ...]:
    """The data domains query `name` reads (every domain when it reads a table not known here)."""
    text = re.sub(r"--[^\n]*", "", sql(name))
    local = {m.lower() for m in _CTE.findall(text)}
    tables = {t.lower() for t in _FROM.findall(text)} - local - {"unnest"}
    out: set[str] = set()
    for t in tables:
        if t not in _TABLE_DOMAINS:
            from .store.writes import DOMAINS

            return DOMAINS
        out.update(_TABLE_DOMAINS[t])
    return tuple(sorted(out))

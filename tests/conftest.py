"""Shared test helpers: where the real reports are, and an exact comparison of a parse."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from disclosure.compare import compare

ROOT = Path(__file__).resolve().parents[1]
# the real reports as their agencies published them, each beside its hand-read
# <name>.expected.json (data/samples/README.md says where each came from)
SAMPLES = ROOT / "data" / "samples"
REAL = SAMPLES


def expected(name: str) -> dict:
    return json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))


def assert_exact(expected_report: dict, actual: dict) -> None:
    """Every expected cell equal (null for blank), no extra non-zero cell, same identity."""
    c = compare(expected_report, actual)
    assert not c.wrong, f"{len(c.wrong)}/{c.total} cells differ: " + "; ".join(
        f"{'.'.join(k)} expected {v!r} got {g!r}" for k, v, g in c.wrong[:12])
    assert not c.extra, f"extra non-zero cells: {c.extra[:12]}"
    assert not c.meta, f"metadata differs: {c.meta}"
    assert actual.get("published") == expected_report.get("published")


def rows(db: str, sql: str, params=None) -> list[tuple]:
    """Rows of a query on a stored database, read as any reader would, whoever owns it (a
    dashboard of this test process, or nobody)."""
    from disclosure.store.writes import reading

    with reading(db) as con:
        return con.execute(sql, params).fetchall()


@pytest.fixture
def tmp_db(tmp_path):
    return str(tmp_path / "t.duckdb")


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory):
    """The dashboard's test corpus (tests/dashboard_corpus.py) ingested and checked, once per session."""
    from . import dashboard_corpus

    folder = tmp_path_factory.mktemp("dashboard")
    return dashboard_corpus.build(str(folder / "corpus.duckdb"), folder)


@pytest.fixture(autouse=True)
def default_limits(monkeypatch):
    """Every test starts from the default limits, and a limit a command line sets in this
    process (it writes the environment, for its workers) is undone after the test."""
    from disclosure import limits

    for limit in limits.ALL:
        monkeypatch.delenv(limit.key, raising=False)

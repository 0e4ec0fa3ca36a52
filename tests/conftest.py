"""Shared test helpers: where the real reports are, and an exact comparison of a parse."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REAL = SHARED / "corpus" / "real"
SAMPLES = ROOT / "data" / "samples"


def _load_compare():
    spec = importlib.util.spec_from_file_location("compare_report", SHARED / "tools" / "compare_report.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


compare_report = _load_compare()


def expected(name: str) -> dict:
    return json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))


def assert_exact(expected_report: dict, actual: dict) -> None:
    """Every expected cell equal (null for blank), no extra non-zero cell, same identity."""
    total, bad, extra, meta = compare_report.compare(expected_report, actual)
    assert not bad, f"{len(bad)}/{total} cells differ: " + "; ".join(f"{'.'.join(k)} expected {v!r} got {g!r}" for k, v, g in bad[:12])
    assert not extra, f"extra non-zero cells: {extra[:12]}"
    assert not meta, f"metadata differs: {meta}"
    assert actual.get("published") == expected_report.get("published")


@pytest.fixture
def tmp_db(tmp_path):
    return str(tmp_path / "t.duckdb")


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory):
    """The dashboard's test corpus (tests/dashboard_corpus.py) ingested and checked, once per session."""
    from . import dashboard_corpus

    folder = tmp_path_factory.mktemp("dashboard")
    return dashboard_corpus.build(str(folder / "corpus.duckdb"), folder)

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


FINDING_COLUMNS = "fingerprint, rule, severity, report_id, agency_id, year, cells, message, expected, actual, evidence, unit"


def _comparable(row) -> tuple:
    return tuple(json.dumps(v, ensure_ascii=False, sort_keys=True) if isinstance(v, (list, dict)) else v for v in row)


def stored_findings(path: str) -> set[tuple]:
    """The findings the database holds, as comparable rows."""
    return {_comparable(r) for r in rows(path, f"SELECT {FINDING_COLUMNS} FROM findings")}


def full_findings(path: str) -> set[tuple]:
    """What a full check run finds over the store as it is (the stored findings left alone)."""
    from disclosure.checks.run import run_checks
    from disclosure.store import db

    con = db.connect(path)
    con.execute("BEGIN TRANSACTION")
    try:
        run_checks(con)
        return {_comparable(r) for r in con.execute(f"SELECT {FINDING_COLUMNS} FROM findings").fetchall()}
    finally:
        con.execute("ROLLBACK")
        con.close()


def assert_checked(path: str, step: str = "") -> None:
    """The stored findings are those a full run finds: a write checked what it changed."""
    stored, full = stored_findings(path), full_findings(path)
    assert stored == full, f"{step}: only stored {sorted(stored - full)[:3]}; only full {sorted(full - stored)[:3]}"


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


@pytest.fixture
def downloads(monkeypatch):
    """The bytes a download button of an AppTest page hands out: `downloads(at, key)` (the
    test runtime's media files, kept for the test to read)."""
    import os

    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test

    kept: list[MemoryMediaFileStorage] = []

    class Kept(MemoryMediaFileStorage):
        def __init__(self, endpoint):
            super().__init__(endpoint)
            kept.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Kept)
    # downloads the page makes only when clicked (data given as a callable) made at once:
    # the test runtime has no click to make them
    import streamlit as st
    from streamlit.elements.widgets.button import ButtonMixin

    made_when_clicked = ButtonMixin.download_button

    def made_now(self, label, data, *args, **kwargs):
        return made_when_clicked(self, label, data() if callable(data) else data, *args, **kwargs)

    monkeypatch.setattr(ButtonMixin, "download_button", made_now)
    monkeypatch.setattr(st, "download_button", lambda *a, **k: made_now(st._main, *a, **k))

    def content(at, key: str) -> bytes:
        [button] = [b for b in at.get("download_button") if b.proto.id.endswith(f"-{key}")]
        name = os.path.basename(button.proto.url)
        for storage in reversed(kept):
            try:
                return storage.get_file(name).content
            except Exception:
                continue
        raise AssertionError(f"no file for the download button {key}")

    return content

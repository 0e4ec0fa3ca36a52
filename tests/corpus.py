"""The real reports in ../shared/corpus/real and how tests compare a parse with them."""
from __future__ import annotations

import json
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
if not REAL.is_dir():  # a worktree beside main: the corpus is beside the projects
    REAL = Path("/work/shared/corpus/real")
TABLES = ("active", "requests", "review_litigation")


def expected(name: str) -> dict:
    return json.loads((REAL / f"{name}.expected.json").read_text(encoding="utf-8"))


def assert_exact(report, want: dict) -> None:
    """Agency, year, template, publication date and every cell as read by hand."""
    got = report.to_json()
    for key in ("agency", "year", "template", "published"):
        assert got[key] == want[key], key
    for t in TABLES:
        assert got[t] == want.get(t, {}), t

"""`disclosure export --parquet DIR` and dashboards that read the export (`serve --replica`):
every page works on the copy, nothing can be written there."""
from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from disclosure.cli import main as cli

from .conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")


def test_an_export_carries_every_table_and_says_what(dashboard_db, tmp_path, capsys):
    folder = tmp_path / "export"
    assert cli(["export", "--parquet", str(folder), "--db", dashboard_db]) == 0
    assert "已导出" in capsys.readouterr().out
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["reports"] > 0 and manifest["rows"]["findings"] > 0
    assert {"reports.parquet", "cells.parquet", "report_metrics.parquet", "findings.parquet"} <= \
        {p.name for p in folder.iterdir()}
    # exported again: replaced whole
    assert cli(["export", "--parquet", str(folder), "--db", dashboard_db]) == 0
    assert not list(tmp_path.glob("export.*"))


def test_a_replica_shows_the_pages_and_refuses_writes(dashboard_db, tmp_path, monkeypatch):
    folder = tmp_path / "export"
    assert cli(["export", "--parquet", str(folder), "--db", dashboard_db]) == 0
    monkeypatch.delenv("DISCLOSURE_DB", raising=False)
    monkeypatch.setenv("DISCLOSURE_REPLICA", str(folder))
    shown = {}
    for page in ("overview", "compare", "requests", "trends", "findings", "leads", "reports", "report", "deck"):
        at = AppTest.from_file(APP, default_timeout=90)
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        shown[page] = at
    assert next(m.value for m in shown["overview"].metric if m.label == "报告数") == "68"
    at = AppTest.from_file(APP, default_timeout=90)
    at.switch_page("views/upload.py").run()
    assert "只读副本" in at.info[0].value and not at.file_uploader

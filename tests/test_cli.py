"""The command line: parse --json, ingest with progress and summary, reports."""
from __future__ import annotations

import json
import subprocess
import sys

from .conftest import REAL, ROOT, assert_exact, expected

SEED = str(REAL / "shenchi-education-2023.txt")


def run(*args, check=False):
    return subprocess.run([sys.executable, "-m", "disclosure", *args], capture_output=True, text=True, cwd=ROOT, check=check)


def test_parse_json_prints_the_contract():
    out = run("parse", SEED, "--json", check=True)
    report = json.loads(out.stdout)
    assert_exact(expected("shenchi-education-2023"), report)
    assert {"agency", "year", "template", "published", "active", "requests", "review_litigation"} <= set(report)


def test_parse_error_is_one_line_and_exit_code_nonzero(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    out = run("parse", str(bad), "--json")
    assert out.returncode == 1
    assert out.stdout == ""
    assert out.stderr.strip().count("\n") == 0 and str(bad) in out.stderr and "空文件" in out.stderr


def test_ingest_shows_progress_and_summary_and_fails_on_any_bad_file(tmp_path):
    db = str(tmp_path / "x.duckdb")
    bad = tmp_path / "junk.txt"
    bad.write_bytes(b"\x00\x01" * 100)
    out = run("ingest", SEED, str(bad), "--db", db)
    assert out.returncode == 1
    assert "[1/2]" in out.stderr and "[2/2]" in out.stderr
    assert "已存储 1" in out.stdout and "失败 1" in out.stdout
    assert f"失败  {bad}: 二进制文件" in out.stdout
    again = run("ingest", SEED, "--db", db)
    assert again.returncode == 0 and "未变化 1" in again.stdout


def test_reports_lists_what_is_stored(tmp_path):
    db = str(tmp_path / "x.duckdb")
    run("ingest", SEED, "--db", db, check=True)
    out = run("reports", "--db", db, check=True)
    line = next(ln for ln in out.stdout.splitlines() if "神池县教育科技局" in ln)
    for field in ("2023", "2021", "txt", "200/200", "2024-01", "shenchi-education-2023.txt"):
        assert field in line
    listed = json.loads(run("reports", "--db", db, "--json", check=True).stdout)
    assert listed[0]["agency"] == "神池县教育科技局" and listed[0]["cells"] == 200


def test_reports_on_a_missing_database_says_so(tmp_path):
    out = run("reports", "--db", str(tmp_path / "none.duckdb"))
    assert out.returncode == 1 and "数据库不存在" in out.stderr

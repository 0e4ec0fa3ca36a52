"""The catalog as an interface: its codes, its doc, the CLI, and reviews that outlive runs."""
from __future__ import annotations

import contextlib
import io
import json
import re
from dataclasses import dataclass

from disclosure.checks import SEVERITIES, catalog
from disclosure.cli import main
from disclosure.checks.docs import catalog_markdown

from .conftest import REAL, ROOT

SEED = REAL / "shenchi-education-2023.txt"
CODES = [
    "T3.BALANCE", "T3.DETAIL_SUM", "T3.COLUMN_SUM", "T4.SUM", "VAL.NEGATIVE", "VAL.NOT_INTEGER", "VAL.RANGE", "VAL.BLANK",
    "TXT.REQUESTS", "TXT.YEAR", "STRUCT.SECTIONS", "STRUCT.TABLE_MISSING", "STRUCT.LABELS", "STRUCT.OLD_TEMPLATE",
    "NARR.PROBLEMS_EMPTY", "NARR.FEE_CONFLICT", "TIME.LATE", "XY.CARRY", "XY.STOCK", "XY.COPY", "YOY.SHIFT",
    "XA.COPY", "PEER.OUTLIER", "PEER.ZERO", "MISSING.REPORT", "HIER.SUM",
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str


def run(*args, check=True) -> Ran:
    """The command line, in this process (a subprocess per command costs seconds of imports)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    if check and code:
        raise AssertionError(f"disclosure {' '.join(args)} exited {code}: {err.getvalue()}")
    return Ran(code, out.getvalue(), err.getvalue())


def test_the_catalog_has_exactly_the_issue_codes_each_documented_in_chinese():
    rules = catalog()
    assert [r.code for r in rules] == CODES
    for r in rules:
        assert r.severity in SEVERITIES
        for text in (r.title, r.message, r.doc, r.example):
            assert CHINESE.search(text), (r.code, text)
        assert "\n" not in r.message


def test_docs_rules_md_is_generated_from_the_catalog():
    on_disk = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert on_disk == catalog_markdown(), "docs/rules.md is stale: run `disclosure rules --markdown > docs/rules.md`"


def test_rules_command_lists_the_catalog():
    out = run("rules").stdout
    assert "T3.DETAIL_SUM" in out and "表三办理结果合计不符" in out and "错误" in out
    listed = json.loads(run("rules", "--json").stdout)
    assert [r["code"] for r in listed] == CODES


def test_ingest_checks_and_check_json_prints_the_findings(tmp_path):
    db = str(tmp_path / "x.duckdb")
    out = run("ingest", str(SEED), "--db", db).stdout
    assert "检查：共 5 条发现（错误 2，警告 2，提示 1）" in out
    found = json.loads(run("check", "--db", db, "--json").stdout)
    detail = [f for f in found if f["rule"] == "T3.DETAIL_SUM"]
    assert len(found) == 5 and len(detail) == 2
    f = detail[0]
    assert {"rule", "severity", "agency", "year", "message", "cells", "expected", "actual"} <= set(f)
    assert f["agency"] == "神池县教育科技局" and f["year"] == 2023 and f["severity"] == "error"
    assert all(c.count(".") >= 2 for c in f["cells"]) and f["review"]["state"] == "open"


def test_a_review_survives_reingest_and_recheck(tmp_path):
    db = str(tmp_path / "x.duckdb")
    run("ingest", str(SEED), "--db", db)
    found = json.loads(run("check", "--db", db, "--json").stdout)
    target = next(f for f in found if f["rule"] == "T3.DETAIL_SUM" and "requests.total.total" in f["cells"])
    out = run("review", target["fingerprint"][:8], "--dismiss", "--note", "原表如此，已电话核实", "--db", db).stdout
    assert out.startswith("已排除") and "T3.DETAIL_SUM" in out
    # a corrected file for the same agency and year replaces the report; the finding stays
    changed = tmp_path / "copy.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("行政处罚\t0", "行政处罚\t3"), encoding="utf-8")
    assert "已替换 1" in run("ingest", str(changed), "--db", db).stdout
    again = json.loads(run("check", "--db", db, "--json").stdout)
    same = next(f for f in again if f["fingerprint"] == target["fingerprint"])
    assert same["review"] == {"state": "dismissed", "note": "原表如此，已电话核实"}
    others = [f for f in again if f["fingerprint"] != target["fingerprint"]]
    assert all(f["review"]["state"] == "open" for f in others)
    assert "【已排除】" in run("check", "--db", db).stdout


def test_review_of_an_unknown_finding_is_a_one_line_error(tmp_path):
    db = str(tmp_path / "x.duckdb")
    run("ingest", str(SEED), "--db", db)
    out = run("review", "ffffffff", "--confirm", "--db", db, check=False)
    assert out.returncode == 1 and out.stderr.strip().count("\n") == 0 and "没有编号为 ffffffff 的发现" in out.stderr


def test_check_of_one_rule_keeps_the_other_rules_findings(tmp_path):
    db = str(tmp_path / "x.duckdb")
    run("ingest", str(SEED), "--db", db)
    only = json.loads(run("check", "--db", db, "--json", "--rule", "STRUCT.LABELS").stdout)
    assert [f["rule"] for f in only] == ["STRUCT.LABELS"]
    assert len(json.loads(run("check", "--db", db, "--json").stdout)) == 5


def test_a_review_can_be_changed_and_reopened(tmp_path):
    db = str(tmp_path / "x.duckdb")
    run("ingest", str(SEED), "--db", db)
    fp = next(f["fingerprint"] for f in json.loads(run("check", "--db", db, "--json").stdout) if f["rule"] == "TXT.REQUESTS")
    run("review", fp, "--dismiss", "--db", db)
    assert run("review", fp, "--confirm", "--note", "正文与表矛盾属实", "--db", db).stdout.startswith("已确认")
    state = {f["fingerprint"]: f["review"] for f in json.loads(run("check", "--db", db, "--json").stdout)}
    assert state[fp] == {"state": "confirmed", "note": "正文与表矛盾属实"}
    run("review", fp, "--reopen", "--db", db)
    state = {f["fingerprint"]: f["review"] for f in json.loads(run("check", "--db", db, "--json").stdout)}
    assert state[fp] == {"state": "open", "note": None}


def test_check_json_prints_a_missing_report_without_a_report(tmp_path):
    from .rulekit import agency, base, store

    db = str(tmp_path / "x.duckdb")
    peers = [agency(f"第{i}县教育局", "education", "county") for i in range(4)]
    store(db, [base(p.name, 2023) for p in peers[:3]], peers)
    [f] = json.loads(run("check", "--db", db, "--json", "--rule", "MISSING.REPORT").stdout)
    assert (f["agency"], f["year"], f["report_id"], f["cells"]) == ("第3县教育局", 2023, None, [])


def test_dashboard_queries_join_findings_and_reviews(tmp_path):
    from disclosure import queries
    from disclosure.store import connect

    db = str(tmp_path / "x.duckdb")
    run("ingest", str(SEED), "--db", db)
    fp = next(f["fingerprint"] for f in json.loads(run("check", "--db", db, "--json").stdout) if f["rule"] == "TXT.REQUESTS")
    run("review", fp, "--confirm", "--db", db)
    con = connect(db, read_only=True)
    try:
        counts = queries.run(con, "finding_counts").set_index("rule")
        assert len(counts) == len(CODES)
        assert counts.loc["T3.DETAIL_SUM", ["findings", "open", "rule_title"]].tolist() == [2, 2, "表三办理结果合计不符"]
        assert counts.loc["TXT.REQUESTS", ["findings", "open", "confirmed"]].tolist() == [1, 0, 1]
        report_id = int(queries.run(con, "reports").report_id.iloc[0])
        mine = queries.run(con, "report_findings", report_id=report_id)
        assert len(mine) == 5 and mine.severity.iloc[0] == "error"
        assert dict(zip(mine.rule, mine.review_state))["TXT.REQUESTS"] == "confirmed"
    finally:
        con.close()

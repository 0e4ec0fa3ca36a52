"""A check that fails is never silent: `ingest` and `check` exit non-zero, name the rule
and the reason, and the summary line does not pass old findings off as new ones."""
from __future__ import annotations

import contextlib
import dataclasses
import io

import pytest

from disclosure.checks.catalog import _RULES
from disclosure.cli import main

from .conftest import REAL

SEED = REAL / "shenchi-education-2023.txt"


def run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def broken_rule(monkeypatch):
    def boom(rule, corpus):
        raise ZeroDivisionError("division by zero")
        yield  # a generator, as every rule is

    monkeypatch.setitem(_RULES, "VAL.BLANK", dataclasses.replace(_RULES["VAL.BLANK"], check=boom))


@pytest.fixture
def unloadable_corpus(monkeypatch):
    import disclosure.checks.corpus as C

    def load_agencies(con, *args, **kwargs):
        raise OverflowError("Conversion Error: Type DOUBLE with value 1e+40 can't be cast to INT64")

    monkeypatch.setattr(C, "load_agencies", load_agencies)


def test_ingest_with_a_crashing_rule_exits_non_zero_naming_rule_and_reason(tmp_path, broken_rule):
    code, out, err = run("ingest", str(SEED), "--db", str(tmp_path / "x.duckdb"), "--quiet")
    assert code == 1
    assert "VAL.BLANK" in err and "ZeroDivisionError: division by zero" in err
    summary = next(line for line in out.splitlines() if line.startswith("检查"))
    assert "1 条规则运行出错，其发现未列入：VAL.BLANK" in summary


def test_check_with_a_crashing_rule_exits_non_zero(tmp_path, broken_rule):
    db = str(tmp_path / "x.duckdb")
    run("ingest", str(SEED), "--db", db, "--quiet", "--no-check")
    code, out, err = run("check", "--db", db)
    assert code == 1 and "规则 VAL.BLANK 运行出错：ZeroDivisionError" in err
    assert "其发现未列入：VAL.BLANK" in out.splitlines()[-1]


def test_a_check_run_that_cannot_start_says_findings_are_stale(tmp_path, unloadable_corpus):
    db = str(tmp_path / "x.duckdb")
    code, out, err = run("ingest", str(SEED), "--db", db, "--quiet")
    assert code == 1
    summary = next(line for line in out.splitlines() if line.startswith("检查"))
    assert summary.startswith("检查未完成：") and "发现列表未更新" in summary and "OverflowError" in summary
    assert "条发现" not in summary  # not the ordinary findings line of the old findings
    assert code == 1 and "1 个文件：已存储 1" in out  # the report is stored all the same
    code, out, err = run("check", "--db", db)
    assert code == 1 and "检查失败：OverflowError" in err and "Traceback" not in err


def test_a_clean_batch_still_exits_zero(tmp_path):
    code, out, _ = run("ingest", str(SEED), "--db", str(tmp_path / "x.duckdb"), "--quiet")
    assert code == 0 and out.splitlines()[-1].startswith("检查：共 ")

"""The template module agrees with the data contract (docs/report-schema.md)."""
from __future__ import annotations

import re

from disclosure import template as T
from disclosure.parse.labels import core

from .conftest import ROOT

SPEC = (ROOT / "docs" / "report-schema.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = SPEC.index(title)
    nxt = SPEC.find("\n## ", start + 1)
    return SPEC[start: nxt if nxt > 0 else None]


def _key_rows(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^\| `([a-z_.]+)` \| ([^|]+?) \|", text, re.M)


def test_request_rows_match_the_contract_in_order():
    rows = _key_rows(_section("## Table 三"))
    keys = [k for k, _ in rows]
    assert keys == [r.key for r in T.REQUEST_ROWS_ANY]
    for key, label in rows:
        # the contract abbreviates some labels (`三（二）部分公开`): it must be part of ours
        spec = core(label.split("—")[0]).removeprefix("三")
        assert spec in core(T.request_row(key).label), (key, label)


def test_request_columns_match_the_contract():
    cols = re.findall(r"`([a-z_]+)` ([\u4e00-\u9fff]+)", _section("## Table 三").split("\n\n")[1])
    assert [k for k, _ in cols] == list(T.REQUEST_COLUMN_KEYS)
    assert [label for _, label in cols] == [c.label for c in T.REQUEST_COLUMNS]


def test_active_rows_match_the_contract_for_both_templates():
    part = _section("## Table 二")
    t2021, t2019 = part.split("Template 2019:")
    for text, version in ((t2021, T.TEMPLATE_2021), (t2019, T.TEMPLATE_2019)):
        rows = _key_rows(text)
        table = T.template(version).table(T.TABLE_ACTIVE)
        assert [k for k, _ in rows] == list(table.row_keys)
        for key, label in rows:
            assert table.row(key).label == label.strip()
        for key in re.findall(r"`([a-z_]+)` [\u4e00-\u9fff]", text):
            assert any(key in r.column_keys for r in table.rows), (version, key)


def test_review_blocks_and_columns_match_the_contract():
    part = _section("## Table 四")
    blocks = re.findall(r"`([a-z_]+)` 行政", part)
    assert blocks == [r.key for r in T.REVIEW_ROWS]
    cols = re.findall(r"`([a-z]+)` (?:结果|其他|尚未|总计)", part)
    assert cols == [c.key for c in T.REVIEW_COLUMNS]


def test_outcome_rows_are_those_between_granted_and_total():
    keys = [r.key for r in T.REQUEST_ROWS_ANY]
    between = keys[keys.index("granted"): keys.index("total")]
    assert list(T.OUTCOME_ROW_KEYS) == between


def test_both_templates_have_the_six_statutory_sections():
    for t in T.TEMPLATES.values():
        assert [s.number for s in t.sections] == list("一二三四五六")

"""The report's shape: sections, statutory tables, label wording, the 2019 layout."""
from __future__ import annotations

from .rulekit import base, check


def _headings(r, *headings):
    """Replace the report's sections by these headings (key from the statutory titles)."""
    from disclosure.parse.sections import split_sections

    lines = []
    for h in headings:
        lines += [h, "本部分内容。存在问题是工作不足。"]
    r["sections"] = [{"heading": s.heading, "key": s.key, "text": s.text} for s in split_sections(lines)]
    return r


STATUTORY = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
             "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def test_missing_extra_and_misnumbered_sections_are_each_listed(tmp_db):
    r = _headings(base(), "一、总体情况", "二、工作亮点", "三、主动公开政府信息情况", "四、收到和处理政府信息公开申请情况",
                  "五、政府信息公开行政复议、行政诉讼情况", "六、存在的主要问题及改进情况")
    [f] = check(tmp_db, [r], rule="STRUCT.SECTIONS")
    issues = f.evidence["issues"]
    assert "多出“二、工作亮点”" in issues
    assert "“三、主动公开政府信息情况”序号应为“二”" in issues
    assert "“六、存在的主要问题及改进情况”序号应为“五”" in issues
    assert "缺少“六、其他需要报告的事项”" in issues
    assert f.expected == list(STATUTORY)


def test_renamed_section_is_named_as_such(tmp_db):
    r = _headings(base(), *STATUTORY[:4], "五、工作中的问题和下一步打算", STATUTORY[5])
    [f] = check(tmp_db, [r], rule="STRUCT.SECTIONS")
    assert f.evidence["issues"] == ["“五、工作中的问题和下一步打算”应为“五、存在的主要问题及改进情况”"]


def test_statutory_section_demoted_to_a_subheading(tmp_db):
    r = _headings(base(), "一、总体情况", "二、政府信息公开情况", "三、存在的主要问题及改进情况", "四、其他需要报告的事项")
    r["sections"][1]["text"] = ("（一）主动公开政府信息情况\n本年主动公开信息。\n（二）收到和处理政府信息公开申请情况\n"
                                "本年收到申请。\n（三）政府信息公开行政复议、行政诉讼情况\n无。")
    [f] = check(tmp_db, [r], rule="STRUCT.SECTIONS")
    assert "“二、主动公开政府信息情况”降为小标题“（一）主动公开政府信息情况”" in f.evidence["issues"]
    assert "多出“二、政府信息公开情况”" in f.evidence["issues"]


def test_the_six_sections_with_an_accepted_variant_title_pass(tmp_db):
    r = _headings(base(), *STATUTORY[:4], "五、政府信息公开工作存在的主要问题及改进情况", STATUTORY[5])
    assert check(tmp_db, [r], rule="STRUCT.SECTIONS") == []


def test_a_missing_table_fires(tmp_db):
    r = base()
    del r["review_litigation"]
    r["active"] = {row: {c: None for c in cols} for row, cols in r["active"].items()}
    [f] = check(tmp_db, [r], rule="STRUCT.TABLE_MISSING")
    assert f.evidence["missing"] == ["active", "review_litigation"]
    assert "表四" in f.message and "表二" in f.message


def test_a_table_of_zeros_is_not_missing(tmp_db):
    r = base()
    r["review_litigation"] = {b: {c: 0 for c in cols} for b, cols in r["review_litigation"].items()}
    assert check(tmp_db, [r], rule="STRUCT.TABLE_MISSING") == []


def test_label_deviations_are_listed_each(tmp_db):
    r = base()
    r["label_deviations"] = [
        {"table": "requests", "row": "denied.prohibited_by_law", "kind": "row",
         "printed": "2.其他法律行政止公开", "expected": "2.其他法律行政法规禁止公开"},
        {"table": "requests", "row": None, "kind": "group", "printed": "（四）无价提供", "expected": "（四）无法提供"},
    ]
    [f] = check(tmp_db, [r], rule="STRUCT.LABELS")
    assert f.actual == ["2.其他法律行政止公开", "（四）无价提供"]
    assert f.severity == "info" and "2 处" in f.message


def test_no_deviation_no_label_finding(tmp_db):
    assert check(tmp_db, [base()], rule="STRUCT.LABELS") == []


def _single_other(r):
    split = [r["requests"].pop(k) for k in ("other.no_correction", "other.unpaid_fee", "other.other")]
    r["requests"]["other"] = {c: sum(row[c] for row in split) for c in split[0]}
    return r


def test_single_other_row_in_a_2021_or_later_report_is_the_old_template(tmp_db):
    [f] = check(tmp_db, [_single_other(base())], rule="STRUCT.OLD_TEMPLATE")
    assert f.cells[0] == "requests.other.natural_person" and len(f.cells) == 7
    assert "（六）其他处理" in f.message


def test_single_other_row_in_a_2020_report_is_its_template(tmp_db):
    r = _single_other(base(year=2020, published="2021-01-20"))
    r["template"] = "2019"
    assert check(tmp_db, [r], rule="STRUCT.OLD_TEMPLATE") == []

"""The narrative on its own: an empty problems section; fees said and denied."""
from __future__ import annotations

import pytest

from .conftest import REAL
from .rulekit import base, check, put, say


@pytest.mark.parametrize("text, why", [
    ("", "为空"),
    ("无。", "只有“无。”"),
    ("本年度我局政府信息公开工作未发现存在的问题，下一步将继续做好相关工作。", "称没有问题"),
    ("下一步，我局将继续认真贯彻落实《条例》，加强组织领导，推动政府信息公开工作再上新台阶。", "是套话，没有指出任何问题"),
])
def test_empty_or_boilerplate_problems_fire(tmp_db, text, why):
    [f] = check(tmp_db, [say(base(), "problems", text)], rule="NARR.PROBLEMS_EMPTY")
    assert f.message == f"“五、存在的主要问题及改进情况”一节{why}"


def test_a_problems_section_that_names_shortcomings_passes(tmp_db):
    # the real section of 神池县教育科技局 2023
    real = REAL.joinpath("shenchi-education-2023.txt").read_text(encoding="utf-8")
    text = real.split("四、存在的主要问题及改进情况")[1].split("五、其他需要报告的事项")[0]
    assert check(tmp_db, [say(base(), "problems", text)], rule="NARR.PROBLEMS_EMPTY") == []


def test_fees_charged_in_one_place_and_denied_in_another(tmp_db):
    r = say(base(), "overview", "2024年，全年收取政府信息公开信息处理费200元。")
    say(r, "other", "本年度未收取信息处理费，无其他需要报告的事项。")
    [f] = check(tmp_db, [r], rule="NARR.FEE_CONFLICT")
    assert "200元" in f.message and "未收取信息处理费" in f.message and f.cells == ()


def test_fees_of_zero_yuan_and_a_denial_agree(tmp_db):
    r = say(base(), "overview", "全年收取政府信息公开信息处理费0元。")
    say(r, "other", "本年度未收取信息处理费。")
    assert check(tmp_db, [r], rule="NARR.FEE_CONFLICT") == []


def test_unpaid_fee_notices_and_no_fee_collected_agree(tmp_db):
    r = base()
    assert r["requests"]["other.unpaid_fee"]["total"] == 6
    say(r, "other", "本年度未收取信息处理费。")
    assert check(tmp_db, [r], rule="NARR.FEE_CONFLICT") == []


def test_unpaid_fee_notices_and_no_notice_ever_sent_conflict(tmp_db):
    r = say(base(), "other", "本机关依申请提供政府信息，不收取任何费用，未发出收费通知。")
    [f] = check(tmp_db, [r], rule="NARR.FEE_CONFLICT")
    assert f.cells == ("requests.other.unpaid_fee.total",) and f.expected == 6
    r = put(r, "requests.other.unpaid_fee.total", 0)
    assert check(tmp_db, [r], rule="NARR.FEE_CONFLICT") == []

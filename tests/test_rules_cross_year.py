"""The same agency across two years: carry-over, stock of documents, copied text, big moves."""
from __future__ import annotations

from .rulekit import base, check, put, say

CARRIED = {"natural_person": 34, "commercial": 0, "research": 0, "public_interest": 0,
           "legal_services": 0, "other_org": 0, "total": 34}


def _last_year(**cells):
    r = base(year=2023, published="2024-01-20")
    r["requests"]["carried_forward"] = dict(CARRIED)
    put(r, "active.regulations.in_force", 10)  # 10 + 1 − 0 = 11, as 2024 prints
    put(r, "active.normative_documents.in_force", 84)  # 84 + 8 − 26 = 66
    say(r, "overview", "2023年，我市围绕优化营商环境和保障民生推进政务公开，开设专题专栏十余个，"
                       "组织新闻发布会，编印政府公报，办理依申请公开事项并全部按期答复。")
    for addr, v in cells.items():
        put(r, addr, v)
    return r


def test_carry_over_differs_from_last_years_carry_forward(tmp_db):
    [f] = check(tmp_db, [_last_year(**{"requests.carried_forward.total": 30}), base()], rule="XY.CARRY")
    assert f.year == 2024 and f.cells == ("requests.carried_over.total",)
    assert (f.expected, f.actual) == (30, 34) and "2023 年报告" in f.message


def test_carry_over_matching_or_blank_is_fine(tmp_db):
    assert check(tmp_db, [_last_year(), base()], rule="XY.CARRY") == []
    assert check(tmp_db, [_last_year(**{"requests.carried_forward.total": None}), base()], rule="XY.CARRY") == []


def test_stock_of_documents_does_not_follow(tmp_db):
    [f] = check(tmp_db, [_last_year(**{"active.normative_documents.in_force": 80}), base()], rule="XY.STOCK")
    assert f.cells == ("active.normative_documents.in_force", "active.normative_documents.issued",
                       "active.normative_documents.repealed")
    assert (f.expected, f.actual) == (62, 66) and f.severity == "warning"


def test_stock_that_follows_or_a_2019_last_year_is_fine(tmp_db):
    assert check(tmp_db, [_last_year(), base()], rule="XY.STOCK") == []
    old = _last_year(**{"active.normative_documents.in_force": 80})
    old["template"] = "2019"
    assert check(tmp_db, [old, base()], rule="XY.STOCK") == []


PROBLEMS_2023 = ("2023年，我市政府信息公开工作取得一定成效，但对照上级要求仍有差距：一是政策解读质量仍需提升，"
                 "个别单位解读内容简单、形式单一；二是政务公开队伍建设还需加强，个别单位人员配备不足、兼职多、流动快。"
                 "下一步，我市将着力提升解读质效，定期组织业务培训，全面提升政务公开工作队伍水平。")


def test_problems_section_copied_from_last_year_with_new_figures(tmp_db):
    last = say(_last_year(), "problems", PROBLEMS_2023)
    now = say(base(), "problems", PROBLEMS_2023.replace("2023年", "2024年"))
    [f] = check(tmp_db, [last, now], rule="XY.COPY")
    assert "五、存在的主要问题及改进情况（100%）" in f.message
    assert f.evidence["sections"] == {"problems": 100.0}


def test_a_rewritten_problems_section_is_not_a_copy(tmp_db):
    last = say(_last_year(), "problems", PROBLEMS_2023)
    now = say(base(), "problems", "对照新要求，我市仍有不足：依申请公开答复的规范性有待提高，部分答复引用条款不准确；"
                                  "政务新媒体更新不及时。2025年将开展答复文书评查，建立新媒体季度通报制度，并把整改情况纳入年度考核。")
    assert check(tmp_db, [last, now], rule="XY.COPY") == []


def test_short_sections_are_alike_by_nature(tmp_db):
    last, now = say(_last_year(), "other", "无。"), say(base(), "other", "无。")
    assert check(tmp_db, [last, now], rule="XY.COPY") == []


def test_headline_metric_moving_more_than_five_times(tmp_db):
    [f] = check(tmp_db, [_last_year(), put(base(), "active.penalty.decisions", 700000)], rule="YOY.SHIFT")
    assert f.cells == ("active.penalty.decisions",)
    assert (f.expected, f.actual) == (3985758, 700000) and "降至 1/5.7" in f.message
    assert f.evidence["history"] == {"2023": 3985758, "2024": 700000}


def test_moves_within_five_times_or_among_small_numbers_are_fine(tmp_db):
    assert check(tmp_db, [_last_year(), put(base(), "active.penalty.decisions", 1000000)], rule="YOY.SHIFT") == []
    last = _last_year(**{"review_litigation.litigation_direct.total": 1, "review_litigation.litigation_after_review.total": 1})
    now = put(base(), "review_litigation.litigation_direct.total", 9)
    put(now, "review_litigation.litigation_after_review.total", 9)  # 2 -> 18: ×6.3 but a handful of cases
    assert check(tmp_db, [last, now], rule="YOY.SHIFT") == []

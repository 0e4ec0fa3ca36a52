"""XA.COPY: a report whose 总体情况 and 存在的问题 were copied from another agency's report of the
same year, found through stored text signatures (no all-pairs comparison)."""
from __future__ import annotations

import random

from disclosure.checks import copies, corpus as C
from disclosure.store import connect

from . import rulekit as K
from .conftest import rows

OVERVIEW = ("本年度，{agency}围绕优化营商环境和重大民生决策，加强政策解读与回应关切，开设网上政策问答专栏，组织新闻发布会和在线访谈"
            "{n}场，及时澄清不实信息，政务舆情回应的时效和质量明显提高。全年在门户网站发布信息{n}条，更新公开指南和目录，"
            "推动基层政务公开标准化规范化建设向村居延伸，编制公开事项清单{n}项，群众获取信息更加便捷。")
PROBLEMS = ("{agency}政府信息公开工作还存在一些不足：一是政策解读的形式不够丰富，图解和视频解读较少；二是基层公开目录更新不够及时，"
            "部分栏目内容较为单薄；三是依申请公开答复的说理还需加强。下一步将加强培训，完善考核，以公开促落实、促规范、促服务。")


def _chars(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(n)) + "。"


def written(agency: str, overview: str = OVERVIEW, problems: str = PROBLEMS, n: int = 12, year: int = 2024) -> dict:
    r = K.base(agency, year)
    K.say(r, "overview", overview.format(agency=agency, n=n))
    return K.say(r, "problems", problems.format(agency=agency, n=n))


def test_a_report_copied_from_another_agency_is_found_with_its_ratio_and_sentences(tmp_db):
    own = random.Random(1)
    reports = [
        written("淮安市教育局"),
        written("淮安市卫生健康委员会", n=37),  # the same text, its own name and figures put in
        written("淮安市民政局", _chars(own, 160), _chars(own, 120)),  # its own words
    ]
    found = {f.agency: f for f in K.check(tmp_db, reports, rule="XA.COPY")}
    assert set(found) == {"淮安市教育局", "淮安市卫生健康委员会"}
    f = found["淮安市卫生健康委员会"]
    assert f.message == "与淮安市教育局 2024 年度报告雷同 100%"
    match = f.evidence["matches"][0]
    assert match["agency"] == "淮安市教育局" and match["ratio"] == 1
    # the shared sentences, as this report prints them
    assert any("开设网上政策问答专栏" in s and "37场" in s for s in match["sentences"])


def test_half_copied_is_found_and_a_little_alike_is_not(tmp_db):
    rng = random.Random(2)
    half = OVERVIEW  # the overview copied, the problems its own: about two thirds of its text
    start = OVERVIEW.index("围绕")
    little = "{agency}" + OVERVIEW[start:start + 40] + _chars(rng, 200)
    reports = [written("淮安市教育局"), written("淮安市交通运输局", overview=half, problems=_chars(rng, 80) + "{agency}"),
               written("淮安市司法局", overview=little, problems=_chars(rng, 100) + "{agency}")]
    found = {f.agency: f for f in K.check(tmp_db, reports, rule="XA.COPY")}
    assert "淮安市交通运输局" in found and "淮安市司法局" not in found
    assert 50 <= found["淮安市交通运输局"].actual < 100


def test_another_year_or_a_short_text_is_no_copy(tmp_db):
    short = written("淮安市民政局", "{agency}全年依法公开。", "无。{agency}")
    again = written("淮安市财政局", year=2023)
    assert K.check(tmp_db, [written("淮安市教育局"), again, short, written("淮安市商务局", "{agency}全年依法公开。", "无。")],
                   rule="XA.COPY") == []


def test_candidates_come_from_signatures_not_all_pairs(tmp_db):
    """Sixty reports in their own words and two copies: the signatures meet for the copies,
    and for only a few of the 1,770 other pairs."""
    rng = random.Random(3)
    reports = [written(f"淮安市第{i}局", _chars(rng, 150), _chars(rng, 100)) for i in range(60)]
    reports += [written("淮安市教育局"), written("淮安市卫生健康委员会")]
    K.store(tmp_db, reports)
    assert rows(tmp_db, "SELECT count(DISTINCT report_id) FROM report_signatures")[0][0] == 62
    con = connect(tmp_db)
    try:
        found = copies.candidates(con, [2024])
        names = {r.report_id: r.agency for r in copies.load(con, list(found), C.load_agencies(con))}
    finally:
        con.close()
    pairs = {frozenset((a, b)) for a, bs in found.items() for b in bs}
    assert frozenset(k for k, v in names.items() if v in ("淮安市教育局", "淮安市卫生健康委员会")) in pairs
    assert len(pairs) < 20

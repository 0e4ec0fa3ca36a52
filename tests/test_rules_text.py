"""The narrative against the tables (TXT.REQUESTS) and against the report year (TXT.YEAR)."""
from __future__ import annotations

from .rulekit import base, check, put, say


def _requests(tmp_db, text, section="overview", **cells):
    r = say(base(), section, text)
    for addr, v in cells.items():
        put(r, addr.replace("__", "."), v)
    return check(tmp_db, [r], rule="TXT.REQUESTS")


def test_received_count_differs_from_new_received(tmp_db):
    [f] = _requests(tmp_db, "2024年，全市共受理政府信息公开申请3120件，均在法定期限内答复。")
    assert f.cells == ("requests.new_received.total",)
    assert (f.expected, f.actual) == (3119, 3120)
    assert "3120" in f.message and "表三" in f.message


def test_received_count_matching_with_or_without_carry_over_is_fine(tmp_db):
    assert _requests(tmp_db, "全年共受理政府信息公开申请3119件。") == []
    assert _requests(tmp_db, "全年共受理政府信息公开申请3153件（含上年结转34件）。") == []


def test_chinese_numerals_are_read(tmp_db):
    assert _requests(tmp_db, "全年共收到政府信息公开申请三千一百一十九件。") == []
    [f] = _requests(tmp_db, "本年度被申请政府信息公开行政复议三百五十件。")
    assert f.cells == ("review_litigation.review.total",) and (f.expected, f.actual) == (351, 350)


def test_no_applications_said_while_the_table_counts_some(tmp_db):
    [f] = _requests(tmp_db, "全年我局未收到政府信息公开申请。")
    assert f.actual == 0 and f.expected == 3119
    assert f.cells == ("requests.new_received.total",)


def test_no_new_applications_while_only_last_years_are_handled_is_fine(tmp_db):
    cells = {f"requests__new_received__{c}": 0 for c in
             ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")}
    r = say(base(), "overview", "本年度未收到政府信息公开申请。")
    for addr, v in cells.items():
        put(r, addr.replace("__", "."), v)
    for row in r["requests"]:
        if row not in ("new_received", "carried_over"):
            r["requests"][row] = {c: 0 for c in r["requests"][row]}
    put(r, "requests.granted.natural_person", 30)  # handled 30 of the 34 carried over
    put(r, "requests.granted.total", 30)
    assert check(tmp_db, [r], rule="TXT.REQUESTS") == []


def test_reviews_and_lawsuits_against_table_four(tmp_db):
    text = "政府信息公开行政复议351件；政府信息公开行政诉讼40件。"
    [f] = _requests(tmp_db, text)
    assert f.cells == ("review_litigation.litigation_direct.total", "review_litigation.litigation_after_review.total")
    assert (f.expected, f.actual) == (46, 40)
    assert _requests(tmp_db, "政府信息公开行政复议351件；政府信息公开行政诉讼46件。") == []


def test_review_count_matching_the_parts_when_the_total_is_wrong_is_left_to_t4(tmp_db):
    r = put(base(), "review_litigation.review.total", 0)
    say(r, "overview", "政府信息公开行政复议351件。")
    assert check(tmp_db, [r], rule="TXT.REQUESTS") == []


def test_reviews_not_about_disclosure_are_not_read(tmp_db):
    # a justice bureau handles reviews as its business: a sentence without 公开 is not a claim
    assert _requests(tmp_db, "全年办理行政复议案件120件，审结率100%。") == []


def test_no_review_said_while_table_four_counts_some(tmp_db):
    [f] = _requests(tmp_db, "本年度没有发生因政府信息公开引起的行政复议。")
    assert f.cells == ("review_litigation.review.total",) and f.actual == 0


def test_year_led_sentence_of_another_year_fires(tmp_db):
    r = say(base(), "overview", "2023年，我市坚持以习近平新时代中国特色社会主义思想为指导。")
    [f] = check(tmp_db, [r], rule="TXT.YEAR")
    assert f.actual == 2023 and f.expected == 2024
    assert "2023年，我市" in f.message


def test_statistics_period_of_another_year_fires(tmp_db):
    r = base()
    r["sections"].insert(0, {"heading": None, "key": "preamble",
                             "text": "本报告所列数据统计期限自2023年1月1日至2023年12月31日。"})
    [f] = check(tmp_db, [r], rule="TXT.YEAR")
    assert f.actual == 2023


def test_legitimate_references_to_other_years_are_not_flagged(tmp_db):
    r = say(base(), "overview", "2024年，我市政务公开水平进一步提升，与2023年相比申请量有所增加。"
                                "2023年以来，我市持续推进标准化建设。")
    say(r, "problems", "存在的问题是解读形式单一。\n2025年，我市将继续加强政策解读。")
    assert check(tmp_db, [r], rule="TXT.YEAR") == []


def test_lines_are_normalised_as_each_line_alone_would_be():
    # the narrative is NFKC-normalised once per text, not once per line: the same result
    import random

    from disclosure.parse.values import normalize, normalize_lines

    pool = "２０２３年，本局\t 全年\n\n收到申请\u3000ＡＢ（一）\u00a0e\u0301\u2028ﬁ①\r\n"
    for seed in range(300):
        rng = random.Random(seed)
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 60)))
        assert normalize_lines(text) == [normalize(line) for line in text.split("\n")], repr(text)


def test_the_quick_nfkc_is_nfkc():
    import random
    import unicodedata

    from disclosure.parse.values import nfkc

    from .conftest import REAL

    real = [p.read_text(encoding="utf-8") for p in REAL.glob("*.txt")] + [(REAL / "shanghai-office-2019.html").read_text(encoding="utf-8")]
    pool = "２０２３年，（一）本局收到ＡＢＣ申请：\u3000e\u0301Ｅ\u0301ﬁ①㈠ｶﾞ﹐…\u00a0。；！？"
    samples = real + ["".join(random.Random(i).choice(pool) for _ in range(random.Random(i).randint(0, 40)))
                      for i in range(500)]
    for text in samples:
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text[:80])

"""The agency registry: real agencies, name variants, inference from names, the CSV."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from disclosure import kinds as K
from disclosure.model import DisclosureError
from disclosure.registry import COLUMNS, Agency, Registry, load_registry

from .conftest import REAL, ROOT, expected

HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def shipped() -> Registry:
    return Registry.load(ROOT / "data" / "agencies.csv")


@pytest.fixture(scope="module")
def empty() -> Registry:
    return Registry()


def write(tmp_path: Path, *rows: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "agencies.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding=encoding)
    return path


# --- the real agencies ---------------------------------------------------------------------

@pytest.mark.parametrize(
    "name, region, codes, level, kind, parent",
    [
        ("神池县教育科技局", "山西省忻州市神池县", ("140000", "140900", "140927"), "county", "education", "神池县人民政府"),
        ("洪泽区人民政府", "江苏省淮安市洪泽区", ("320000", "320800", "320813"), "county", "government", "淮安市人民政府"),
        ("淮安市人民政府", "江苏省淮安市", ("320000", "320800", ""), "city", "government", "江苏省人民政府"),
        ("上海市人民政府办公厅", "上海市", ("310000", "", ""), "province", "government_office", "上海市人民政府"),
    ],
)
def test_real_agencies_resolve_with_their_codes_level_and_kind(shipped, name, region, codes, level, kind, parent):
    a = shipped.resolve(name)
    assert (a.name, a.region, (a.province_code, a.city_code, a.county_code)) == (name, region, codes)
    assert (a.level, a.kind, a.parent, a.inferred) == (level, kind, parent, False)
    assert shipped.resolve(parent).inferred is False  # parents are registered too


def test_every_real_report_agency_is_registered(shipped):
    names = [expected(p.name.removesuffix(".expected.json"))["agency"] for p in sorted(REAL.glob("*.expected.json"))]
    assert len(names) == 4
    assert [shipped.resolve(n).inferred for n in names] == [False] * 4


def test_parents_form_the_government_hierarchy(shipped):
    assert [a.name for a in shipped.children("淮安市人民政府")] == ["洪泽区人民政府"]
    assert [a.name for a in shipped.children("神池县人民政府")] == ["神池县教育科技局"]
    assert [a.name for a in shipped.children("上海市人民政府")] == ["上海市人民政府办公厅"]
    assert shipped.resolve("江苏省人民政府").parent == ""


def test_default_registry_is_the_shipped_file():
    assert load_registry().resolve("淮安市洪泽区人民政府").name == "洪泽区人民政府"


# --- name variants -------------------------------------------------------------------------

@pytest.mark.parametrize(
    "variant",
    ["洪泽区人民政府", "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府", "洪泽区政府",
     "洪泽区 人民政府", "\u3000淮安市洪泽区人民政府 ", "江苏淮安洪泽区人民政府"],
)
def test_name_variants_resolve_to_one_agency(shipped, variant):
    a = shipped.resolve(variant)
    assert (a.name, a.county_code, a.inferred) == ("洪泽区人民政府", "320813", False)


def test_full_width_and_spaced_names_resolve(shipped):
    assert shipped.resolve("上海市人民政府　办公厅").name == "上海市人民政府办公厅"
    assert shipped.resolve("忻州市神池县教育科技局").name == "神池县教育科技局"


def test_variants_of_an_unlisted_agency_are_inferred_as_one(empty):
    a, b = empty.resolve("淮安市清江浦区教育局"), empty.resolve("清江浦区教育局")
    assert a == b and a.name == "清江浦区教育局" and a.inferred


# --- inference from the name ---------------------------------------------------------------

def test_unlisted_agency_is_placed_from_its_name(empty):
    a = empty.resolve("神池县教育科技局")
    assert (a.province, a.province_code, a.city, a.city_code, a.county, a.county_code) == (
        "山西省", "140000", "忻州市", "140900", "神池县", "140927")
    assert (a.level, a.kind, a.kind_label, a.parent, a.inferred) == ("county", "education", "教育", "神池县人民政府", True)


@pytest.mark.parametrize(
    "name, region_code, level, kind, parent",
    [
        ("淮安市人民政府", "320800", "city", "government", "江苏省人民政府"),  # a prefecture-level 市
        ("原平市人民政府", "140981", "county", "government", "忻州市人民政府"),  # a county-level 市
        ("上海市黄浦区人民政府", "310101", "county", "government", "上海市人民政府"),  # municipality district
        ("仙桃市卫生健康委员会", "429004", "county", "health", "仙桃市人民政府"),  # county under the province
        ("上海市教育委员会", "310000", "province", "education", "上海市人民政府"),
        ("洪泽区人民政府办公室", "320813", "county", "government_office", "洪泽区人民政府"),
        ("和田地区生态环境局", "653200", "city", "ecology", "和田地区行政公署"),
        ("恩施州人民政府", "422800", "city", "government", "湖北省人民政府"),  # short form of 自治州
        ("公安县人民政府", "421022", "county", "government", "荆州市人民政府"),  # 公安 the county, not 公安 the kind
        ("淮安经济技术开发区管理委员会", "320800", "county", "development_zone", "淮安市人民政府"),
        ("国家税务总局淮安市洪泽区税务局", "320813", "county", "tax", "洪泽区人民政府"),
    ],
)
def test_region_level_kind_and_parent_are_inferred(empty, name, region_code, level, kind, parent):
    a = empty.resolve(name)
    assert (a.region_code, a.level, a.kind, a.parent, a.inferred) == (region_code, level, kind, parent, True)


def test_township_is_placed_under_its_county_and_its_registered_government(shipped):
    a = shipped.resolve("淮安市洪泽区高良涧街道办事处")
    assert (a.county_code, a.level, a.kind, a.parent) == ("320813", "township", "township", "洪泽区人民政府")
    assert shipped.resolve("洪泽区老子山镇人民政府").level == "township"


@pytest.mark.parametrize(
    "unit, kind",
    [
        ("教体局", "education"), ("公安局", "public_security"), ("市场监督管理局", "market_regulation"),
        ("自然资源和规划局", "natural_resources"), ("住房和城乡建设局", "housing"),
        ("人力资源和社会保障局", "human_resources"), ("卫生健康委员会", "health"), ("生态环境局", "ecology"),
        ("交通运输局", "transport"), ("发展和改革局", "development_reform"), ("财政局", "finance"),
        ("民政局", "civil_affairs"), ("司法局", "justice"), ("农业农村局", "agriculture"), ("水利局", "water"),
        ("商务局", "commerce"), ("文化和旅游局", "culture_tourism"), ("应急管理局", "emergency"), ("审计局", "audit"),
        ("统计局", "statistics"), ("医疗保障局", "medical_security"), ("行政审批局", "administrative_approval"),
        ("城市管理局", "urban_management"), ("退役军人事务局", "veterans"), ("林业局", "forestry"),
        ("地方金融监督管理局", "financial_affairs"), ("信访局", "petitions"), ("大数据管理局", "data"),
        ("人民防空办公室", "civil_air_defense"), ("人民政府办公室", "government_office"), ("政府", "government"),
        ("城关镇人民政府", "township"), ("档案馆", "archives"), ("老干部活动中心", "other"),
    ],
)
def test_kind_comes_from_the_one_table_of_keywords(empty, unit, kind):
    assert empty.resolve("神池县" + unit).kind == kind


def test_kinds_and_levels_are_read_by_key_or_chinese_label():
    assert K.kind("教育") is K.kind("education") and K.level("县级") is K.level("county")
    assert len({k.key for k in K.KINDS}) == len({k.label for k in K.KINDS}) == len(K.KINDS)
    with pytest.raises(DisclosureError, match="未知的机关类型"):
        K.kind("教委")


# --- shared division names -----------------------------------------------------------------

def test_a_shared_district_name_is_not_placed_without_its_city(empty):
    a = empty.resolve("朝阳区教育委员会")
    assert (a.province_code, a.city_code, a.county_code, a.parent) == ("", "", "", "")
    assert "北京市朝阳区" in a.note and "吉林省长春市朝阳区" in a.note
    assert a.kind == "education" and a.inferred


@pytest.mark.parametrize(
    "name, code",
    [("北京市朝阳区教育委员会", "110105"), ("长春市朝阳区教育局", "220104"), ("吉林省朝阳区教育局", "220104")],
)
def test_a_shared_district_name_is_placed_by_the_rest_of_the_name(empty, name, code):
    assert empty.resolve(name).county_code == code


def test_a_province_does_not_settle_a_name_shared_within_it(empty):
    a = empty.resolve("江苏省鼓楼区教育局")  # 南京市鼓楼区 and 徐州市鼓楼区
    assert a.county_code == "" and "南京市鼓楼区" in a.note and "徐州市鼓楼区" in a.note


def test_a_registered_agency_with_a_shared_name_is_found_by_its_registered_name(tmp_path):
    path = write(tmp_path,
                 "北京市人民政府,,北京市,110000,,,,,province,government,",
                 "朝阳区人民政府,,北京市,110000,,,朝阳区,110105,county,government,北京市人民政府")
    reg = Registry.load(path)
    assert reg.resolve("朝阳区人民政府").inferred is False
    assert reg.resolve("北京市朝阳区人民政府").name == "朝阳区人民政府"
    assert reg.resolve("长春市朝阳区人民政府").inferred is True


# --- the CSV the user edits ----------------------------------------------------------------

def error_of(path: Path) -> str:
    with pytest.raises(DisclosureError) as exc:
        Registry.load(path)
    return str(exc.value)


def test_unknown_kind_is_reported_with_its_line(tmp_path):
    msg = error_of(write(tmp_path,
                         "神池县人民政府,,山西省,140000,忻州市,140900,神池县,140927,county,government,",
                         "神池县教育科技局,,山西省,140000,忻州市,140900,神池县,140927,county,教委,神池县人民政府"))
    assert str(tmp_path / "agencies.csv") in msg and "第3行" in msg and "未知的机关类型“教委”" in msg


def test_unknown_level_is_reported_with_its_line(tmp_path):
    msg = error_of(write(tmp_path, "神池县人民政府,,山西省,140000,忻州市,140900,神池县,140927,区级,government,"))
    assert "第2行" in msg and "未知的层级“区级”" in msg


def test_missing_parent_is_reported_with_its_line(tmp_path):
    msg = error_of(write(tmp_path, "神池县教育科技局,,山西省,140000,忻州市,140900,神池县,140927,county,education,神池县人民政府"))
    assert "第2行" in msg and "上级机关“神池县人民政府”不在名录中" in msg


def test_duplicate_alias_is_reported_with_both_lines(tmp_path):
    msg = error_of(write(tmp_path,
                         "淮安市人民政府,,江苏省,320000,淮安市,320800,,,city,government,",
                         "洪泽区人民政府,洪泽区政府,江苏省,320000,淮安市,320800,洪泽区,320813,county,government,淮安市人民政府",
                         "淮阴区人民政府,洪泽区政府,江苏省,320000,淮安市,320800,淮阴区,320804,county,government,淮安市人民政府"))
    assert "第4行：名称或别名“洪泽区政府”与第3行的“洪泽区人民政府”重复" in msg
    assert "第3行：" not in msg  # an alias that respells its own name is no duplicate


def test_duplicate_name_is_reported_with_both_lines(tmp_path):
    row = "上海市人民政府,,上海市,310000,,,,,province,government,"
    assert "第3行：名称“上海市人民政府”重复（第2行已有）" in error_of(write(tmp_path, row, row))


def test_two_spellings_of_one_agency_are_reported(tmp_path):
    msg = error_of(write(tmp_path,
                         "淮安市人民政府,,江苏省,320000,淮安市,320800,,,city,government,",
                         "洪泽区人民政府,,江苏省,320000,淮安市,320800,洪泽区,320813,county,government,淮安市人民政府",
                         "淮安市洪泽区人民政府,,江苏省,320000,淮安市,320800,洪泽区,320813,county,government,淮安市人民政府"))
    assert "第4行" in msg and "同一机关的不同写法" in msg


def test_region_that_contradicts_the_codes_is_reported(tmp_path):
    msg = error_of(write(tmp_path, "山西省人民政府,,江苏省,140000,,,,,province,government,"))
    assert "第2行" in msg and "province_code 140000 是“山西省”，不是“江苏省”" in msg
    msg = error_of(write(tmp_path, "神池县人民政府,,江苏省,320000,,,神池县,140927,county,government,"))
    assert "第2行" in msg and "“神池县”不在“江苏省”之内" in msg
    msg = error_of(write(tmp_path, "神池县教育科技局,,江苏省,320000,淮安市,320800,洪泽区,320813,county,education,"))
    assert "第2行" in msg and "名称中的地区（山西省忻州市神池县）与所填地区（江苏省淮安市洪泽区）不一致" in msg


def test_header_without_a_required_column_is_reported(tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text("name,province,level,kind\n神池县人民政府,山西省,county,government\n", encoding="utf-8")
    msg = error_of(path)
    assert "第1行" in msg and "缺少列" in msg and "county_code" in msg


def test_codes_are_filled_from_names_and_labels_are_accepted(tmp_path):
    reg = Registry.load(write(tmp_path,
                              "忻州市人民政府,,山西省,,忻州市,,,,市级,人民政府,",
                              "神池县人民政府,,山西省,,忻州市,,神池县,,县级,人民政府,忻州市人民政府"))
    a = reg.resolve("神池县人民政府")
    assert (a.province_code, a.city_code, a.county_code, a.level, a.kind) == ("140000", "140900", "140927", "county", "government")


def test_excel_files_with_bom_or_gbk_are_read(tmp_path):
    row = "上海市人民政府,,上海市,310000,,,,,province,government,"
    for encoding in ("utf-8-sig", "gbk"):
        assert Registry.load(write(tmp_path, row, ",,,,,,,,,,", encoding=encoding)).resolve("上海市人民政府").inferred is False


# --- 应报年度 (years) ------------------------------------------------------------------------

def test_real_agencies_are_expected_in_their_reports_year_and_parents_never(shipped):
    assert {a.name: a.years for a in shipped if a.years} == {
        "神池县教育科技局": ((2023, 2023),), "洪泽区人民政府": ((2023, 2023),),
        "淮安市人民政府": ((2024, 2024),), "上海市人民政府办公厅": ((2019, 2019),)}
    assert {a.name for a in shipped if a.years == ()} == {
        "山西省人民政府", "忻州市人民政府", "神池县人民政府", "上海市人民政府", "江苏省人民政府"}


@pytest.mark.parametrize("written, years, saved", [
    ("", None, ""),  # every year
    ("-", (), "-"),  # never: listed only to place others
    ("2023", ((2023, 2023),), "2023"),
    ("2019-2024", ((2019, 2024),), "2019-2024"),
    ("2021-", ((2021, None),), "2021-"),
    ("2019，2021", ((2019, 2019), (2021, 2021)), "2019,2021"),
    ("２０１９－２０２０、2021 - 2022", ((2019, 2022),), "2019-2022"),  # as typed in WPS, joined
    ("2019年度至2020年度；2023年起", ((2019, 2020), (2023, None)), "2019-2020,2023-"),
])
def test_years_column_is_read_and_written_back(tmp_path, written, years, saved):
    reg = Registry.load(write(tmp_path, f"上海市人民政府,,上海市,310000,,,,,province,government,,\"{written}\""))
    assert reg.resolve("上海市人民政府").years == years
    rows = list(csv.DictReader(io.StringIO(reg.save(tmp_path / "saved.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0]["years"] == saved and Registry.load(tmp_path / "saved.csv").agencies == reg.agencies


def test_a_registry_without_the_years_column_expects_every_year(tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text(",".join(c for c in COLUMNS if c != "years") + "\n"
                    "上海市人民政府,,上海市,310000,,,,,province,government,\n", encoding="utf-8")
    assert Registry.load(path).resolve("上海市人民政府").years is None


@pytest.mark.parametrize("value, reason", [
    ("2019-20", "“2019-20”无法识别"),
    ("每年", "“每年”无法识别"),
    ("0", "“0”无法识别"),
    ("2024-2019", "起始年度晚于结束年度"),
    ("1999", "年度 1999 不在 2008–2099 之间"),
])
def test_a_bad_years_value_is_reported_with_file_line_and_value(tmp_path, value, reason):
    msg = error_of(write(tmp_path, "上海市人民政府,,上海市,310000,,,,,province,government,,2019",
                         f"上海市人民政府办公厅,,上海市,310000,,,,,province,government_office,上海市人民政府,{value}"))
    assert str(tmp_path / "agencies.csv") in msg and f"第3行：应报年度（years）“{value}”有误" in msg
    assert reason in msg and "“-”（不要求报告" in msg and "第2行" not in msg


# --- writing it back -----------------------------------------------------------------------

def generated_city() -> list[Agency]:
    """A demo city whose codes are not in the national list, as the demo generator writes."""
    where = dict(province="山西省", province_code="140000", city="云岭市", city_code="149900")
    county = dict(where, county="云溪区", county_code="149902")
    return [
        Agency("云岭市人民政府", aliases=("山西省云岭市人民政府", "云岭市政府办"), level="city", kind="government",
               parent="山西省人民政府", **where),
        Agency("云岭市市场监督管理局", level="city", kind="market_regulation", parent="云岭市人民政府", **where),
        Agency("云溪区人民政府", level="county", kind="government", parent="云岭市人民政府", **county),
        Agency("云溪区教育局", aliases=("云岭市云溪区教育局",), level="county", kind="education",
               parent="云溪区人民政府", **county),
        Agency("云溪区东关街道办事处", level="township", kind="township", parent="云溪区人民政府", **county),
    ]


def test_save_and_load_keep_everything(shipped, tmp_path):
    reg = shipped.upsert(*generated_city())
    saved = reg.save(tmp_path / "agencies.csv")
    again = Registry.load(saved)
    assert sorted(again.agencies, key=lambda a: a.name) == sorted(reg.agencies, key=lambda a: a.name)
    assert len(again) == len(shipped) + 5
    assert saved.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel/WPS read it as UTF-8
    first = saved.read_bytes()
    again.save(saved)
    assert saved.read_bytes() == first


def test_saved_order_does_not_depend_on_insertion_order(shipped, tmp_path):
    a = shipped.upsert(*generated_city()).save(tmp_path / "a.csv").read_bytes()
    b = shipped.upsert(*reversed(generated_city())).save(tmp_path / "b.csv").read_bytes()
    assert a == b
    lines = a.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER
    assert lines.index(next(x for x in lines if x.startswith("云岭市人民政府,"))) < lines.index(
        next(x for x in lines if x.startswith("云溪区教育局,")))


def test_a_generated_city_is_resolved_and_its_unlisted_agencies_placed(shipped):
    reg = shipped.upsert(*generated_city())
    assert reg.resolve("山西省云岭市云溪区教育局").name == "云溪区教育局"
    assert reg.resolve("云岭市政府办").name == "云岭市人民政府"
    unlisted = reg.resolve("云岭市云溪区卫生健康局")
    assert (unlisted.region, unlisted.county_code, unlisted.level, unlisted.parent, unlisted.inferred) == (
        "山西省云岭市云溪区", "149902", "county", "云溪区人民政府", True)
    assert {a.name for a in reg.children("云岭市人民政府")} == {"云岭市市场监督管理局", "云溪区人民政府"}


def test_upsert_replaces_an_agency_of_the_same_name(shipped):
    reg = shipped.upsert(Agency("神池县教育科技局", aliases=("神池县教科局",), province="山西省", province_code="140000",
                                city="忻州市", city_code="140900", county="神池县", county_code="140927",
                                level="county", kind="education", parent="神池县人民政府"))
    assert len(reg) == len(shipped) and reg.resolve("神池县教科局").name == "神池县教育科技局"


def test_upsert_reports_a_parent_that_is_not_there(shipped):
    with pytest.raises(DisclosureError, match="上级机关“云岭市人民政府”不在名录中"):
        shipped.upsert(generated_city()[1])

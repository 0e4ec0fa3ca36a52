"""The demo city: a fictional prefecture-level city in a real province, and its agencies.

汐州市 does not exist. It sits in 江苏省 (320000) under division codes 3299xx, a range
GB/T 2260 gives to no city (Jiangsu's cities are 3201–3213), so its numbers can never be
taken for a real agency's. The city has its government, its general office and ~35
departments; eight districts and counties (329902–329981), each with a government, an
office, ~25 departments and a few townships or streets: about 300 agencies.

Levels and kinds are the registry's keys (`disclosure/kinds.py`); each agency's kind is
the one its name implies there, so the registry's inference and the demo agree.
"""
from __future__ import annotations

from dataclasses import dataclass

PROVINCE, PROVINCE_CODE = "江苏省", "320000"
PROVINCE_GOVERNMENT = "江苏省人民政府"
CITY, CITY_CODE = "汐州市", "329900"


@dataclass(frozen=True)
class County:
    name: str
    code: str
    townships: tuple[str, ...]  # full names of its townships / streets (without the county)

    @property
    def is_district(self) -> bool:
        return self.name.endswith("区")


# Districts have streets (街道办事处); counties and the county-level city towns and townships.
COUNTIES = (
    County("临汐区", "329902", ("东关街道办事处", "西湖街道办事处", "望海街道办事处", "新河街道办事处")),
    County("汐南区", "329903", ("南苑街道办事处", "桥北街道办事处", "白塔街道办事处", "汐南镇人民政府")),
    County("澄港区", "329904", ("港口街道办事处", "澄园街道办事处", "渔湾镇人民政府")),
    County("云梁县", "329921", ("城关镇人民政府", "梁集镇人民政府", "云岭乡人民政府", "石桥镇人民政府")),
    County("桐溪县", "329922", ("桐城镇人民政府", "溪口镇人民政府", "柳庄乡人民政府")),
    County("丰禾县", "329923", ("禾阳镇人民政府", "丰乐镇人民政府", "三河乡人民政府", "青堆镇人民政府")),
    County("望川县", "329924", ("望川镇人民政府", "川东镇人民政府", "杨湖乡人民政府")),
    County("安渠市", "329981", ("安丰街道办事处", "渠北街道办事处", "大营镇人民政府", "沙湾镇人民政府")),
)

# (name after the region, kind key). The city's departments, in the order of a city's
# organisational chart.
CITY_DEPARTMENTS = (
    ("人民政府办公室", "government_office"),
    ("发展和改革委员会", "development_reform"),
    ("教育局", "education"),
    ("科学技术局", "science"),
    ("工业和信息化局", "industry"),
    ("公安局", "public_security"),
    ("民政局", "civil_affairs"),
    ("司法局", "justice"),
    ("财政局", "finance"),
    ("人力资源和社会保障局", "human_resources"),
    ("自然资源和规划局", "natural_resources"),
    ("生态环境局", "ecology"),
    ("住房和城乡建设局", "housing"),
    ("交通运输局", "transport"),
    ("水利局", "water"),
    ("农业农村局", "agriculture"),
    ("商务局", "commerce"),
    ("文化广电和旅游局", "culture_tourism"),
    ("卫生健康委员会", "health"),
    ("退役军人事务局", "veterans"),
    ("应急管理局", "emergency"),
    ("审计局", "audit"),
    ("市场监督管理局", "market_regulation"),
    ("统计局", "statistics"),
    ("医疗保障局", "medical_security"),
    ("行政审批局", "administrative_approval"),
    ("城市管理局", "urban_management"),
    ("信访局", "petitions"),
    ("地方金融监督管理局", "financial_affairs"),
    ("国有资产监督管理委员会", "state_assets"),
    ("体育局", "sports"),
    ("民族宗教事务局", "ethnic_religious"),
    ("人民防空办公室", "civil_air_defense"),
    ("机关事务管理局", "government_affairs"),
    ("粮食和物资储备局", "grain_reserves"),
)

COUNTY_DEPARTMENTS = (
    ("人民政府办公室", "government_office"),
    ("发展和改革局", "development_reform"),
    ("教育局", "education"),
    ("工业和信息化局", "industry"),
    ("公安局", "public_security"),
    ("民政局", "civil_affairs"),
    ("司法局", "justice"),
    ("财政局", "finance"),
    ("人力资源和社会保障局", "human_resources"),
    ("自然资源局", "natural_resources"),
    ("生态环境局", "ecology"),
    ("住房和城乡建设局", "housing"),
    ("交通运输局", "transport"),
    ("水利局", "water"),
    ("农业农村局", "agriculture"),
    ("商务局", "commerce"),
    ("文化广电和旅游局", "culture_tourism"),
    ("卫生健康委员会", "health"),
    ("退役军人事务局", "veterans"),
    ("应急管理局", "emergency"),
    ("审计局", "audit"),
    ("市场监督管理局", "market_regulation"),
    ("统计局", "statistics"),
    ("医疗保障局", "medical_security"),
    ("行政审批局", "administrative_approval"),
    ("城市管理局", "urban_management"),
)


@dataclass(frozen=True)
class Agency:
    """One agency of the city, as the registry lists it."""

    name: str
    level: str  # city / county / township
    kind: str
    parent: str
    county: str = ""  # "" for the city's own agencies
    county_code: str = ""
    short: str = ""  # the name after its region (公安局), for wording
    aliases: tuple[str, ...] = ()

    @property
    def is_government(self) -> bool:
        return self.kind == "government"

    @property
    def region_code(self) -> str:
        return self.county_code or CITY_CODE

    def registry_row(self) -> dict:
        """The agency as the registry holds it (`disclosure.registry.Agency`'s fields)."""
        return {
            "name": self.name, "aliases": self.aliases,
            "province": PROVINCE, "province_code": PROVINCE_CODE,
            "city": CITY, "city_code": CITY_CODE,
            "county": self.county, "county_code": self.county_code,
            "level": self.level, "kind": self.kind, "parent": self.parent,
        }


def city_agencies() -> list[Agency]:
    """Every agency of the city, governments first within each region (~290)."""
    gov = CITY + "人民政府"
    out = [Agency(gov, "city", "government", PROVINCE_GOVERNMENT, short="人民政府")]
    out += [Agency(CITY + d, "city", k, gov, short=d) for d, k in CITY_DEPARTMENTS]
    for c in COUNTIES:
        cgov = c.name + "人民政府"
        # a district agency is printed with or without the city in front (汐州市临汐区教育局)
        alias = lambda n: (CITY + n,)  # noqa: E731
        out.append(Agency(cgov, "county", "government", gov, c.name, c.code, "人民政府", alias(cgov)))
        out += [Agency(c.name + d, "county", k, cgov, c.name, c.code, d, alias(c.name + d))
                for d, k in COUNTY_DEPARTMENTS]
        out += [Agency(c.name + t, "township", "township", cgov, c.name, c.code, t) for t in c.townships]
    return out


def select(agencies: list[Agency], n: int | None) -> list[Agency]:
    """A smaller city of about `n` agencies that keeps its shape: the governments, and from
    each region its first departments and townships (an agency's parent is always kept)."""
    if n is None or n >= len(agencies):
        return list(agencies)
    if n < 1:
        raise ValueError("a demo city needs at least one agency")
    by_parent: dict[str, list[Agency]] = {}
    for a in agencies:
        by_parent.setdefault(a.parent, []).append(a)
    governments = [a for a in agencies if a.is_government][:max(1, min(n // 6 + 1, 9))]
    chosen = {a.name for a in governments}
    # round-robin over the kept governments' other children, so every region gets some
    queues = [[c for c in by_parent.get(g.name, []) if not c.is_government] for g in governments]
    while len(chosen) < n and any(queues):
        for q in queues:
            if q and len(chosen) < n:
                chosen.add(q.pop(0).name)
    return [a for a in agencies if a.name in chosen]

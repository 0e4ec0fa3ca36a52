"""Agency levels and kinds, as data: the one place that names them.

Peer rules group agencies by (kind, level, year), hierarchy rules walk `parent` links,
the dashboard filters by level and kind, and the registry (`registry.py`) infers the kind
of an agency it does not know from its name with the keywords below. Each level and
kind has a stable English key (stored, used in code and SQL) and a Chinese label (shown).

A government's general office (人民政府办公厅 at province level, 办公室 below) is its own
kind, `government_office`, with the government as `parent`: its annual report covers the
office as one department among the others, so it is compared with other offices, not
with governments, and counted among the government's subordinates. Where an office's
report really is the government's own, record that agency as `government` in
data/agencies.csv.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import DisclosureError


@dataclass(frozen=True)
class Level:
    key: str
    label: str
    rank: int  # 0 national … 4 township: smaller is higher


LEVELS: tuple[Level, ...] = (
    Level("national", "国家级", 0),
    Level("province", "省级", 1),
    Level("city", "市级", 2),
    Level("county", "县级", 3),
    Level("township", "乡镇级", 4),
)


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    # Substrings of an agency's name (after its region) that mark this kind. KINDS is
    # searched in order and the first kind with a keyword in the name wins, so the order
    # settles overlaps: 教育科技局 is 教育 not 科技, 人民政府办公室 is an office not a
    # government, 人民防空办公室 is 人防 not an office, 镇人民政府 is a township.
    keywords: tuple[str, ...] = ()


KINDS: tuple[Kind, ...] = (
    Kind("township", "街道/乡镇", ("街道", "乡人民政府", "镇人民政府", "苏木人民政府")),
    Kind("public_security", "公安", ("公安",)),
    Kind("education", "教育", ("教育", "教体局")),
    Kind("market_regulation", "市场监管", ("市场监督管理", "市场监管")),
    Kind("natural_resources", "自然资源", ("自然资源", "国土资源", "规划和国土")),
    Kind("housing", "住建", ("住房和城乡建设", "住房城乡建设", "住建", "城乡建设")),
    Kind("human_resources", "人社", ("人力资源和社会保障", "人力资源社会保障", "人社")),
    Kind("health", "卫健", ("卫生健康", "卫健", "卫生和计划生育", "卫生计生", "卫生局")),
    Kind("ecology", "生态环境", ("生态环境", "环境保护", "环保局")),
    Kind("transport", "交通", ("交通运输", "交通局")),
    Kind("tax", "税务", ("税务",)),
    Kind("development_reform", "发展和改革", ("发展和改革", "发展改革", "发改")),
    Kind("finance", "财政", ("财政",)),
    Kind("civil_affairs", "民政", ("民政局", "民政厅", "民政事务")),  # not 民政: 人民政府 holds it
    Kind("justice", "司法", ("司法",)),
    Kind("agriculture", "农业农村", ("农业农村", "农业和农村", "农业", "农牧", "畜牧")),
    Kind("water", "水利", ("水利", "水务")),
    Kind("commerce", "商务", ("商务",)),
    Kind("culture_tourism", "文化和旅游", ("文化和旅游", "文化旅游", "文旅", "文化广电", "文广")),
    Kind("emergency", "应急管理", ("应急管理", "应急局")),
    Kind("audit", "审计", ("审计",)),
    Kind("statistics", "统计", ("统计",)),
    Kind("medical_security", "医疗保障", ("医疗保障", "医保")),
    Kind("administrative_approval", "行政审批", ("行政审批", "政务服务")),
    Kind("urban_management", "城市管理", ("城市管理", "城管", "综合行政执法")),
    Kind("veterans", "退役军人事务", ("退役军人",)),
    Kind("forestry", "林业", ("林业", "林草")),
    Kind("financial_affairs", "金融", ("金融",)),
    Kind("petitions", "信访", ("信访",)),
    Kind("data", "数据", ("大数据", "数据")),
    Kind("state_assets", "国资", ("国有资产", "国资")),
    Kind("industry", "工业和信息化", ("工业和信息化", "经济和信息化", "工信", "经信", "工业信息化")),
    Kind("science", "科技", ("科学技术", "科技")),
    Kind("sports", "体育", ("体育",)),
    Kind("ethnic_religious", "民族宗教", ("民族宗教", "民族事务", "宗教事务")),
    Kind("civil_air_defense", "人防", ("人民防空", "人防")),
    Kind("foreign_affairs", "外事", ("外事", "外办")),
    Kind("grain_reserves", "粮食和物资储备", ("粮食",)),
    Kind("rural_revitalization", "乡村振兴", ("乡村振兴", "扶贫")),
    Kind("archives", "档案", ("档案",)),
    Kind("government_affairs", "机关事务", ("机关事务",)),
    Kind("development_zone", "开发区", ("开发区", "高新技术产业", "园区", "新区管理委员会")),
    Kind("government_office", "政府办公室", ("办公厅", "政府办公室", "政府办")),
    Kind("government", "人民政府", ("人民政府", "行政公署")),
    Kind("other", "其他"),
)

_LEVEL_BY = {x: lv for lv in LEVELS for x in (lv.key, lv.label)}
_KIND_BY = {x: k for k in KINDS for x in (k.key, k.label)}


def level(key_or_label: str) -> Level:
    """The level with this key or Chinese label (`county` / `县级`)."""
    try:
        return _LEVEL_BY[key_or_label.strip()]
    except KeyError:
        names = "、".join(f"{lv.key}/{lv.label}" for lv in LEVELS)
        raise DisclosureError(f"未知的层级“{key_or_label}”，应为 {names} 之一") from None


def kind(key_or_label: str) -> Kind:
    """The kind with this key or Chinese label (`education` / `教育`)."""
    try:
        return _KIND_BY[key_or_label.strip()]
    except KeyError:
        raise DisclosureError(
            f"未知的机关类型“{key_or_label}”，应为 disclosure/kinds.py 中的键或中文名（如 education 或 教育）"
        ) from None


def kind_of_name(text: str) -> Kind | None:
    """The first kind whose keyword occurs in `text` (an agency name without its region)."""
    for k in KINDS:
        if any(w in text for w in k.keywords):
            return k
    return None

"""Whether a piece of printed text names an agency, and which.

A title, a signature or a file name holds the agency's name among other words; what is
left once they are cut away is an agency when it ends as agency names end (局, 委员会,
人民政府, …), when it is a region (`淮安市` stands for its government, as in `淮安市2023年
政府信息公开工作年度报告`), or when the registry lists it, by name or alias (`市科委`,
`县教科局`: abbreviations only the registry can tell). The name stays as the document
gives it; the registry's name for it rides along (the store files the report under it).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .values import normalize

if TYPE_CHECKING:
    from ..registry import Registry

_AGENCY_END = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|局|委员会|委|厅|办|院|署|中心|处|所|室|街道办事处|办事处|街道|镇|乡|公司|队|站|会|部|馆|社|集团"
    r"|海关|支行|分行|监狱|台|开发区|园区|示范区|试验区|合作区|保税区|管理区)$"
)
# a region alone names its government; zones and parks are run by committees, not governments
_REGION_END = re.compile(r"(?:省|自治区|市|自治州|州|地区|盟|县|自治县|旗|自治旗|区|林区|特区)$")
_NOT_A_GOVERNMENT = re.compile(r"(?:开发区|园区|示范区|试验区|合作区|保税区|景区|管理区|片区|功能区|集聚区|工业区|产业区)$")
_BRACKETS = r"【】\[\]（）()“”\"《》〈〉「」『』|:：,，、"
_EDGE_PUNCT = re.compile(rf"^[{_BRACKETS}]+|[{_BRACKETS}]+$")
_JOINING = re.compile(r"^关于|(?:关于|的)$")
_SENTENCE = re.compile(r"[。，；;！？!?]")
_NOT_AN_AGENCY = re.compile(
    r"(?:网站|门户|平台|专栏|栏目|首页|公众号)$"  # a site's name ends in 站 too
    r"|^(?:全|本|我|各|该)(?:省|市|州|县|区|旗|镇|乡|街道|局|委|办|厅|院|机关|单位|部门|系统)"  # 全县, 本局: not a name
)
_TRAILING_ASIDE = re.compile(r"\([^()]*\)$")  # 中共XX县委宣传部（XX县人民政府新闻办公室）


def clean_agency(text: str) -> str:
    """The name without the brackets, quotes and joining words a title puts around it."""
    t = _JOINING.sub("", _EDGE_PUNCT.sub("", normalize(text)))
    t = _EDGE_PUNCT.sub("", t)
    return t + ")" if t.count("(") > t.count(")") else t  # the aside's bracket, stripped as an edge


def looks_like_agency(text: str) -> bool:
    t = _TRAILING_ASIDE.sub("", normalize(text))
    return 2 < len(t) <= 40 and bool(_AGENCY_END.search(t)) and not _SENTENCE.search(t) and not _NOT_AN_AGENCY.search(t)


def region_government(text: str) -> str | None:
    """`淮安市` -> `淮安市人民政府`: a text that is nothing but division names, as its
    government's name (None for anything else)."""
    t = normalize(text)
    if not _REGION_END.search(t) or _NOT_A_GOVERNMENT.search(t) or len(t) > 20:
        return None
    from ..divisions import national  # here: the national list loads only when a title needs it

    placed = national().place(t)
    if placed.start != 0 or placed.end != len(t) or (placed.division is None and not placed.candidates):
        return None
    return t + ("行政公署" if t.endswith(("地区", "盟")) else "人民政府")


@dataclass(frozen=True)
class Named:
    """An agency a text names: `name` as the document names it (the text as printed, or
    the government of a region printed alone), `printed` as printed, and `registered` the
    registry's name for it when that is another (an abbreviation or alias resolved)."""

    name: str
    printed: str
    registered: str | None = None


def name_agency(text: str, registry: "Registry | None" = None) -> Named | None:
    """The agency `text` names, or None when it does not look like one, nor is a name or
    alias the registry lists (`市科委`)."""
    printed = clean_agency(text)
    if len(printed) < 2 or len(printed) > 40 or _SENTENCE.search(printed):
        return None
    own = region_government(printed) or (printed if looks_like_agency(printed) else None)
    if registry is not None:
        found = registry.get(own or printed)
        if found is not None:
            return Named(own or printed, printed, found.name if found.name != (own or printed) else None)
    return Named(own, printed) if own else None

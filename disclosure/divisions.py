"""The national administrative divisions, and where an agency's name places it.

`disclosure/data/divisions.csv` (see its README) lists every province-, prefecture- and
county-level division with its GB/T 2260 code. An agency's name starts with a chain of
division names, outermost first, each possibly left out: `江苏省淮安市洪泽区人民政府`,
`淮安市洪泽区人民政府` and `洪泽区人民政府` all place the agency in 320813. `place()`
reads that chain. A name that is shared (北京市朝阳区 / 长春市朝阳区) is settled by the
other names in the chain, or stays unplaced with its candidates listed: never a guess.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

DATA = Path(__file__).with_name("data") / "divisions.csv"

# Prefixes of vertically managed agencies that come before the region (国家税务总局淮安市税务局).
_NATIONAL_PREFIXES = ("国家税务总局",)

# Ethnic-group names, longest first, stripped from autonomous divisions to form their
# common short name: 恩施土家族苗族自治州 -> 恩施州, 石柱土家族自治县 -> 石柱县.
_ETHNIC = sorted(
    """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 拉祜 水
    东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒
    乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各""".split(),
    key=len,
    reverse=True,
)
_AUTONOMOUS = re.compile(r"^(.+?)自治(州|县|旗)$")
# Provinces and prefectures are often named without their unit: 江苏, 淮安经济技术开发区.
_BARE = re.compile(r"^(.{2,}?)(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|省|市|地区|盟)$")


@dataclass(frozen=True)
class Division:
    code: str  # six digits, GB/T 2260
    name: str  # 神池县
    type: str  # 县 / 市辖区 / 县级市 / 地级市 / 自治州 / 直辖市 … ("" for one not in the national list)
    level: str  # province / city / county (keys of kinds.LEVELS)
    parent_code: str = ""


@dataclass(frozen=True)
class Placement:
    """Where a name's leading chain of division names puts it."""

    division: Division | None  # the innermost division named, when it is certain
    start: int = 0  # where the division names begin (after 国家税务总局 and the like)
    end: int = 0  # where they end
    candidates: tuple[Division, ...] = ()  # the divisions a shared name could be, when uncertain


def short_name(d: Division) -> str | None:
    """The common short form of an autonomous division's name, if it has one."""
    m = _AUTONOMOUS.match(d.name)
    if not m:
        return None
    stem, unit = m.groups()
    place = stem
    while (token := _ethnic_suffix(place)) is not None:
        place = place[: -len(token)]
    return place + unit if place != stem else None


def bare_name(d: Division) -> str | None:
    """A province's or prefecture's name without its unit (江苏, 淮安, 和田, 广西)."""
    if d.level == "county" or d.type == "自治州":
        return None
    m = _BARE.match(d.name)
    return m.group(1) if m else None


def _ethnic_suffix(stem: str) -> str | None:
    # One-character names count only with 族 (白族, not 白); a place keeps two characters.
    for e in _ETHNIC:
        for token in (e + "族", e) if len(e) > 1 else (e + "族",):
            if stem.endswith(token) and len(stem) - len(token) >= 2:
                return token
    return None


class Divisions:
    """A set of divisions with a name index; the national list plus any the registry adds."""

    def __init__(self, divisions: Iterable[Division]):
        self.by_code: dict[str, Division] = {d.code: d for d in divisions}
        self._by_name: dict[str, dict[str, Division]] = {}
        for d in self.by_code.values():
            for n in filter(None, (d.name, short_name(d), bare_name(d))):
                self._by_name.setdefault(n, {})[d.code] = d
        self._longest = max((len(n) for n in self._by_name), default=0)
        self._above: dict[str, frozenset[str]] = {}  # code -> codes of itself and its ancestors

    @classmethod
    def load(cls, path: Path = DATA) -> "Divisions":
        with open(path, encoding="utf-8", newline="") as f:
            return cls(Division(**row) for row in csv.DictReader(f))

    def with_extra(self, extra: Iterable[Division]) -> "Divisions":
        """These divisions and `extra` (divisions a registry declares that the national list lacks)."""
        extra = [d for d in extra if d.code not in self.by_code]
        return Divisions([*self.by_code.values(), *extra]) if extra else self

    def get(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def named(self, name: str) -> list[Division]:
        """Divisions with this name or short name (more than one when it is shared)."""
        return list(self._by_name.get(name, {}).values())

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent_code) if d.parent_code else None

    def lineage(self, d: Division) -> list[Division]:
        """`d` and its ancestors, outermost first: [山西省, 忻州市, 神池县]."""
        out = [d]
        while (p := self.parent(out[0])) is not None:
            out.insert(0, p)
        return out

    def within(self, inner: Division, outer: Division) -> bool:
        """True when `inner` is `outer` or lies inside it."""
        above = self._above.get(inner.code)
        if above is None:  # asked for every name of every agency a registry lists: worked out once
            above = self._above[inner.code] = frozenset(x.code for x in self.lineage(inner))
        return outer.code in above and self.by_code.get(outer.code) == outer

    def full_name(self, d: Division) -> str:
        return "".join(x.name for x in self.lineage(d))

    def unique_name(self, d: Division) -> str:
        """The shortest form that names `d` alone: 洪泽区, but 北京市朝阳区."""
        if len(self.named(d.name)) <= 1:
            return d.name
        p = self.parent(d)
        return (self.unique_name(p) if p else "") + d.name

    def government_name(self, d: Division) -> str:
        """Name of the division's government: 神池县人民政府; 和田地区行政公署."""
        return d.name + ("行政公署" if d.type in ("地区", "盟") else "人民政府")

    def place(self, text: str) -> Placement:
        """Read the chain of division names at the start of `text` (already normalised)."""
        start = next((len(p) for p in _NATIONAL_PREFIXES if text.startswith(p)), 0)
        chain: list[list[Division]] = []
        pos = end = start
        while (found := self._match_at(text, pos)) is not None:
            length, cands = found
            if chain:
                # A later name must lie inside an earlier one, which settles shared names
                # (吉林省朝阳区 is 长春市朝阳区); one that does not is a word of the agency's
                # own name (城区, 矿区), not part of its region.
                cands = [c for c in cands if any(c.code != o.code and self.within(c, o) for o in chain[-1])]
                if not cands:
                    break
            chain.append(cands)
            pos += length
            end = pos
        if not chain:
            return Placement(None, start, start)
        last = chain[-1]
        if len(last) == 1:
            return Placement(last[0], start, end)
        return Placement(None, start, end, tuple(sorted(last, key=lambda d: d.code)))

    def _match_at(self, text: str, pos: int) -> tuple[int, list[Division]] | None:
        for length in range(min(self._longest, len(text) - pos), 1, -1):
            hit = self._by_name.get(text[pos : pos + length])
            if hit:
                return length, list(hit.values())
        return None


@lru_cache(maxsize=1)
def national() -> Divisions:
    """The divisions the package ships (loaded once)."""
    return Divisions.load()

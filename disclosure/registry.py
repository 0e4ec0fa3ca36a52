"""The agency registry: who each agency is, where it sits, what kind it is, whom it answers to.

`data/agencies.csv` is the registry the user edits (Excel/WPS: UTF-8, with or without BOM;
GBK as Excel's plain "CSV" writes it is read too). Columns:

    name, aliases, province, province_code, city, city_code, county, county_code, level, kind, parent[, years]

- `aliases`: other spellings, `;`-separated.
- region: names and GB/T 2260 codes (`disclosure/data/divisions.csv`); give either, the
  other is filled in. A code the national list lacks (a generated demo city, an abolished
  county) is taken as written. Districts of 北京/天津/上海/重庆 have no city.
- `level`, `kind`: keys or Chinese labels of `disclosure/kinds.py` (`county`/`县级`).
- `parent`: the agency this one answers to, by name: a department's parent is its
  government; a government's parent is the next government up. The departments of a
  government are its children at the same level; lower governments are its children
  one level down (`Registry.children`).
- `years` (应报年度, optional): the years the agency is expected to publish a report:
  blank = every year, `-` = never (listed only to place others), `2023`, `2019-2024`,
  `2021-`, `2019,2021` (`disclosure/registry_years.py`).

`Registry.resolve(name)` finds an agency by exact name or alias, then by normalised name
(full-width/half-width, spaces, 政府/人民政府, and with or without the province/city
prefix: `淮安市洪泽区人民政府` = `洪泽区人民政府`). An agency not in the registry is
inferred from its name (`inferred=True`): the region from the leading division names,
the level from the division (a 县级市 is county level, 街道/乡/镇 township), the kind from
`kinds.KINDS`, and the parent from the region's government.
"""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import kinds as K
from . import registry_years as Y
from .divisions import Division, Divisions, national
from .model import DisclosureError
from .parse.values import normalize

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "agencies.csv"
COLUMNS = (
    "name", "aliases",
    "province", "province_code", "city", "city_code", "county", "county_code",
    "level", "kind", "parent", "years",
)
OPTIONAL_COLUMNS = ("years",)  # a registry written before the column still reads
_REGION_PARTS = ("province", "city", "county")
_NATIONAL_NAME = re.compile(r"^(国务院|国家|中华人民共和国|中央)")


@dataclass(frozen=True)
class Agency:
    name: str
    aliases: tuple[str, ...] = ()
    province: str = ""
    province_code: str = ""
    city: str = ""
    city_code: str = ""
    county: str = ""
    county_code: str = ""
    level: str = ""  # key of kinds.LEVELS; "" when it cannot be told
    kind: str = "other"  # key of kinds.KINDS
    parent: str = ""  # canonical name of the agency it answers to
    years: Y.Spans | None = None  # years it is expected to report: None every year, () never
    inferred: bool = False  # placed from its name, not found in the registry
    note: str = ""  # for an inferred agency: what could not be told, in Chinese
    line: int = field(default=0, compare=False, repr=False)  # its row in the CSV, for error messages

    @property
    def region_code(self) -> str:
        """Code of the innermost division the agency sits in ("" when unknown)."""
        return self.county_code or self.city_code or self.province_code

    @property
    def region(self) -> str:
        """Full region name: 山西省忻州市神池县, 上海市黄浦区."""
        return self.province + self.city + self.county

    @property
    def level_label(self) -> str:
        return K.level(self.level).label if self.level else "未知"

    @property
    def kind_label(self) -> str:
        return K.kind(self.kind).label


def clean(name: str) -> str:
    """An agency name as displayed: NFKC, no spaces."""
    return normalize(name or "")


def _key_text(name: str) -> str:
    # 洪泽区政府 and 洪泽区人民政府 are one name (but 政府采购中心 is not a 人民政府).
    return re.sub(r"(?<!人民)政府(?=$|办)", "人民政府", clean(name))


class Registry:
    """Agencies by name, with inference for the ones not listed."""

    def __init__(self, agencies: Iterable[Agency] = (), divisions: Divisions | None = None,
                 path: str | os.PathLike | None = None):
        self.path = Path(path) if path else None
        self._national = divisions or national()
        problems = _Problems()
        declared: dict[str, Division] = {}  # divisions the national list lacks, by code
        completed = []
        for a in agencies:
            a, chain = _complete_region(a, self._national, problems)
            completed.append(a)
            for d in chain:
                if self._national.get(d.code) is None and declared.setdefault(d.code, d).name != d.name:
                    problems.add(a, f"区划代码 {d.code} 已被用作“{declared[d.code].name}”，不能又是“{d.name}”")
        self.divisions = self._national.with_extra(declared.values())
        self._agencies: dict[str, Agency] = {}
        self._exact: dict[str, str] = {}  # key text of a name or alias -> canonical name
        self._placed: dict[tuple[str, str], str] = {}  # (division code, rest of name) -> canonical name
        for a in completed:
            self._index(a, problems)
        self._agencies = {
            name: replace(a, parent=self._parent_of(a, problems)) for name, a in self._agencies.items()
        }
        self._check_cycles(problems)
        problems.raise_if_any(self.path)

    # --- reading and writing -------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike = DEFAULT_PATH, divisions: Divisions | None = None) -> "Registry":
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DisclosureError(f"无法读取机关名录：{exc.strerror}", str(path)) from None
        return cls(_read_rows(data, path), divisions, path)

    def save(self, path: str | os.PathLike | None = None) -> Path:
        """Write the registry as data/agencies.csv is written: UTF-8 with BOM (so Excel
        reads it), keys for level and kind, one agency a row, grouped by region."""
        target = Path(path) if path else self.path or DEFAULT_PATH
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(self.csv_text(), encoding="utf-8-sig")
        tmp.replace(target)
        self.path = target
        return target

    def csv_text(self) -> str:
        """The registry as data/agencies.csv holds it (written with a BOM, so Excel reads it)."""
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow(COLUMNS)
        for a in sorted(self._agencies.values(), key=_save_order):
            out.writerow([row_of(a)[c] for c in COLUMNS])
        return buf.getvalue()

    def upsert(self, *agencies: Agency) -> "Registry":
        """A registry with these agencies added, or replacing the ones of the same name.
        Add a whole batch at once: parents may come in the same call as their children."""
        merged = dict(self._agencies)
        for a in agencies:
            merged[clean(a.name)] = replace(a, name=clean(a.name), aliases=tuple(filter(None, map(clean, a.aliases))),
                                            parent=clean(a.parent), inferred=False, note="", line=0)
        return Registry(merged.values(), self._national, self.path)

    # --- looking up ----------------------------------------------------------------------

    @property
    def agencies(self) -> tuple[Agency, ...]:
        return tuple(self._agencies.values())

    def __len__(self) -> int:
        return len(self._agencies)

    def __iter__(self):
        return iter(self._agencies.values())

    def get(self, name: str) -> Agency | None:
        """The registered agency this name or any variant of it names; None if not listed."""
        key = _key_text(name)
        if key in self._exact:
            return self._agencies[self._exact[key]]
        placement = self.divisions.place(key)
        if placement.division is not None:
            hit = self._placed.get((placement.division.code, key[placement.end:]))
            if hit:
                return self._agencies[hit]
        return None

    def __contains__(self, name: str) -> bool:
        return self.get(name) is not None

    def resolve(self, name: str) -> Agency:
        """The registered agency, or one inferred from the name (`inferred=True`)."""
        found = self.get(name)
        return found if found is not None else self.infer(name)

    def children(self, name: str) -> list[Agency]:
        """Agencies whose parent is this one: its departments and the governments below it."""
        parent = self.get(name)
        if parent is None:
            return []
        return [a for a in self._agencies.values() if a.parent == parent.name]

    # --- inference -----------------------------------------------------------------------

    def infer(self, name: str) -> Agency:
        """Place an agency from its name alone."""
        key = _key_text(name)
        if not key:
            raise DisclosureError("机关名称为空")
        placement = self.divisions.place(key)
        rest = key[placement.end:]
        kind = K.kind_of_name(rest) or (K.kind("government") if not rest and placement.end else K.kind("other"))
        d = placement.division
        if d is None:
            return self._unplaced(key, kind, placement)
        # Named by the shortest form of its region that is unique, so that variants of
        # one agency (淮安市清江浦区教育局, 清江浦区教育局) are inferred as one; a name whose
        # region is not spelt in full (淮安经济技术开发区, 恩施州) is kept as it is.
        full = placement.start == 0 and key[: placement.end].endswith(d.name)
        return Agency(
            name=self.divisions.unique_name(d) + rest if full else key,
            level=_inferred_level(d, kind),
            kind=kind.key,
            parent=self._inferred_parent(d, kind),
            inferred=True,
            **_region_fields(d, self.divisions),
        )

    def _unplaced(self, name: str, kind: K.Kind, placement) -> Agency:
        levels = {c.level for c in placement.candidates}
        if kind.key == "township":
            level = "township"
        elif len(levels) == 1:
            level = levels.pop()
        elif not placement.candidates and _NATIONAL_NAME.match(name):
            level = "national"
        else:
            level = ""
        if placement.candidates:
            shared = name[placement.start : placement.end]
            options = "、".join(self.divisions.full_name(c) for c in placement.candidates)
            note = f"“{shared}”不止一处（{options}），名称中没有可区分的上级区划，未确定所在地区"
        elif level == "national":
            note = ""
        else:
            note = "名称中没有可识别的行政区划，未确定所在地区"
        return Agency(name=name, level=level, kind=kind.key, inferred=True, note=note)

    def _inferred_parent(self, d: Division, kind: K.Kind) -> str:
        # A government answers to the government one level up; everything else in a
        # region (departments, offices, townships, zones) to the region's government.
        if kind.key == "government":
            up = self.divisions.parent(d)
            if up is None:
                return ""
            d = up
        own = self.divisions.government_name(d)
        found = self.get(own)
        return found.name if found else self.divisions.unique_name(d) + own[len(d.name):]

    # --- building ------------------------------------------------------------------------

    def _index(self, a: Agency, problems: "_Problems") -> None:
        if not a.name:
            problems.add(a, "名称为空")
            return
        if a.name in self._agencies:
            problems.add(a, f"名称“{a.name}”重复（{problems.where(self._agencies[a.name])}已有）")
            return
        self._agencies[a.name] = a
        region = self.divisions.get(a.region_code) if a.region_code else None
        for text in (a.name, *a.aliases):
            key = _key_text(text)
            if self._exact.get(key) == a.name:
                continue  # an alias that only respells the name (洪泽区政府 for 洪泽区人民政府)
            if key in self._exact:
                other = self._agencies[self._exact[key]]
                problems.add(a, f"名称或别名“{text}”与{problems.where(other)}的“{other.name}”重复")
                continue
            self._exact[key] = a.name
            placed = self._placed_key(key, region, a, problems)
            if placed is None:
                continue
            holder = self._placed.get(placed)
            if holder and holder != a.name:
                problems.add(a, f"“{text}”与{problems.where(self._agencies[holder])}的“{holder}”是同一机关的不同写法")
            else:
                self._placed[placed] = a.name

    def _placed_key(self, key: str, region: Division | None, a: Agency, problems) -> tuple[str, str] | None:
        """(division code, rest of name) under which a name's variants find the agency."""
        placement = self.divisions.place(key)
        named = placement.division
        if named is None and region is not None:
            # A shared name (朝阳区) counts as the one the row's region says, if it is among them.
            named = next((c for c in placement.candidates if self.divisions.within(region, c)), None)
        if named is None:
            return None
        if region is not None and not self.divisions.within(region, named):
            problems.add(a, f"名称中的地区（{self.divisions.full_name(named)}）与所填地区"
                            f"（{self.divisions.full_name(region)}）不一致")
            return None
        return named.code, key[placement.end:]

    def _parent_of(self, a: Agency, problems: "_Problems") -> str:
        if not a.parent:
            return ""
        found = self._exact.get(_key_text(a.parent))
        if found is None:
            p = self.get(a.parent)
            found = p.name if p else None
        if found is None:
            problems.add(a, f"上级机关“{a.parent}”不在名录中")
            return a.parent
        if found == a.name:
            problems.add(a, "上级机关不能是自己")
        return found

    def _check_cycles(self, problems: "_Problems") -> None:
        for a in self._agencies.values():
            if a.parent == a.name:
                continue  # reported already
            path, cur = [a.name], a
            while cur.parent and cur.parent in self._agencies:
                cur = self._agencies[cur.parent]
                if cur.name in path:
                    if cur.name == a.name:
                        problems.add(a, "上级机关形成循环：" + " → ".join([*path, a.name]))
                    break
                path.append(cur.name)


# --- rows ------------------------------------------------------------------------------

def _read_rows(data: bytes, path: Path) -> list[Agency]:
    text = _decode(data, path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL_COLUMNS]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("缺少列 " + "、".join(missing))
        if unknown:
            parts.append("不认识的列 " + "、".join(unknown))
        raise DisclosureError(f"第1行（表头）：{'；'.join(parts)}；应为 {','.join(COLUMNS)}", str(path))
    reader.fieldnames = header
    agencies, problems = [], []
    for row in reader:
        values = {k: v for k, v in row.items() if k in COLUMNS}
        if not any((v or "").strip() for v in values.values()):
            continue  # Excel leaves rows of empty cells at the end
        try:
            agencies.append(agency_from_row(values, reader.line_num))
        except DisclosureError as exc:
            problems.append(exc.reason)
    if problems:
        raise DisclosureError("；".join(problems), str(path))
    return agencies


def agency_from_row(row: dict[str, str], line: int = 0) -> Agency:
    """One agency from a row of the registry's columns, as text (a line of the CSV, or the
    fields of the 机构名录 page): level and kind as keys or Chinese labels, aliases
    `;`-separated, years as `registry_years` reads them. A row that says too little raises
    DisclosureError naming its line (or its name)."""
    values = {c: "" for c in COLUMNS}
    values.update((k, (v or "").strip()) for k, v in row.items() if k in COLUMNS)
    where = f"第{line}行" if line else f"“{values['name']}”"
    if not clean(values["name"]):
        raise DisclosureError(f"{where}：名称为空")
    try:
        level = K.level(values["level"]).key if values["level"] else ""
        kind = K.kind(values["kind"]).key if values["kind"] else ""
    except DisclosureError as exc:
        raise DisclosureError(f"{where}：{exc.reason}") from None
    if not level or not kind:
        raise DisclosureError(f"{where}：“{values['name']}”缺少{'层级（level）' if not level else '机关类型（kind）'}")
    try:
        years = Y.parse(values["years"])
    except ValueError as exc:
        raise DisclosureError(f"{where}：应报年度（years）“{values['years']}”有误：{exc}；{Y.HINT}") from None
    return Agency(
        name=clean(values["name"]),
        aliases=tuple(clean(x) for x in re.split(r"[;；]", values["aliases"]) if clean(x)),
        province=values["province"], province_code=values["province_code"],
        city=values["city"], city_code=values["city_code"],
        county=values["county"], county_code=values["county_code"],
        level=level, kind=kind, parent=clean(values["parent"]), years=years, line=line,
    )


def row_of(agency: Agency) -> dict[str, str]:
    """An agency as a row of the registry's columns (what the CSV holds), the inverse of
    agency_from_row."""
    return {"name": agency.name, "aliases": ";".join(agency.aliases), "province": agency.province,
            "province_code": agency.province_code, "city": agency.city, "city_code": agency.city_code,
            "county": agency.county, "county_code": agency.county_code, "level": agency.level,
            "kind": agency.kind, "parent": agency.parent, "years": Y.text(agency.years)}


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")  # Excel's plain "CSV" on a Chinese Windows
    except UnicodeDecodeError:
        raise DisclosureError("文件既不是 UTF-8 也不是 GBK 编码；请在 Excel/WPS 中另存为“CSV UTF-8”", str(path)) from None


def _save_order(a: Agency):
    rank = K.level(a.level).rank if a.level else 9
    first = {"government": 0, "government_office": 1}.get(a.kind, 2)
    return (a.province_code, a.city_code, a.county_code, rank, first, a.name)


class _Problems:
    """Problems found while building a registry, each tied to the row it comes from."""

    def __init__(self):
        self.items: list[tuple[int, str]] = []

    @staticmethod
    def where(a: Agency) -> str:
        return f"第{a.line}行" if a.line else f"“{a.name}”"

    def add(self, a: Agency, reason: str) -> None:
        self.items.append((a.line, f"第{a.line}行：{reason}" if a.line else f"“{a.name}”：{reason}"))

    def raise_if_any(self, path: Path | None) -> None:
        if self.items:
            ordered = [text for _, text in sorted(self.items, key=lambda x: x[0])]
            raise DisclosureError("；".join(dict.fromkeys(ordered)), str(path) if path else None)


# --- regions ---------------------------------------------------------------------------

class _BadRegion(Exception):
    pass


def _complete_region(a: Agency, divisions: Divisions, problems: _Problems) -> tuple[Agency, list[Division]]:
    """The agency with each missing region code filled from its name (and name from its
    code), and the divisions of its region, outermost first. Checks the region is one
    place: codes of the right level, each inside the one before."""
    fields: dict[str, str] = {}
    chain: list[Division] = []
    try:
        for part in _REGION_PARTS:
            d = _region_part(a, part, chain[-1] if chain else None, divisions)
            fields[part], fields[part + "_code"] = (d.name, d.code) if d else ("", "")
            chain += [d] if d else []
        if a.level and a.level != "national":
            if not chain:
                raise _BadRegion(f"{K.level(a.level).label}机关需填写所在地区（至少 province 和 province_code）")
            if K.level(chain[-1].level).rank > K.level(a.level).rank:
                raise _BadRegion(f"层级为{K.level(a.level).label}，所填地区却是{K.level(chain[-1].level).label}区划")
    except _BadRegion as exc:
        problems.add(a, str(exc))
        return a, []
    return replace(a, **fields), chain


def _region_part(a: Agency, part: str, outer: Division | None, divisions: Divisions) -> Division | None:
    """The province, city or county of a row (None when the row leaves it empty)."""
    name, code = getattr(a, part), getattr(a, part + "_code")
    if not name and not code:
        return None
    if code and not re.fullmatch(r"\d{6}", code):
        raise _BadRegion(f"{part}_code“{code}”不是六位数字代码")
    known = divisions.get(code) if code else _region_named(name, part, outer, divisions)
    if known is None:
        # A division the national list lacks (a generated demo city, an abolished county).
        if not name:
            raise _BadRegion(f"{part}_code {code} 不在全国区划中，请同时填写名称")
        if outer is not None and not code.startswith(outer.code[: 2 if outer.level == "province" else 4]):
            raise _BadRegion(f"{part}_code {code} 与上级区划代码 {outer.code} 不相符")
        return Division(code, name, "", part, outer.code if outer else "")
    if known.level != part:
        raise _BadRegion(f"{part}_code {code} 是“{known.name}”，不是{K.level(part).label}区划")
    if name and name != known.name:
        raise _BadRegion(f"{part}_code {code} 是“{known.name}”，不是“{name}”")
    if outer is not None and not divisions.within(known, outer):
        raise _BadRegion(f"“{known.name}”不在“{outer.name}”之内")
    return known


def _region_named(name: str, part: str, outer: Division | None, divisions: Divisions) -> Division:
    options = [d for d in divisions.named(name) if d.level == part and (outer is None or divisions.within(d, outer))]
    if len(options) != 1:
        raise _BadRegion(f"无法确定“{name}”的区划代码（{'不止一处' if options else '全国区划中没有'}），请填写 {part}_code")
    return options[0]


def _region_fields(d: Division, divisions: Divisions) -> dict[str, str]:
    out: dict[str, str] = {}
    for x in divisions.lineage(d):
        out[x.level], out[x.level + "_code"] = x.name, x.code
    return out


def _inferred_level(d: Division, kind: K.Kind) -> str:
    if kind.key == "township":
        return "township"
    if kind.key == "development_zone":
        # A development zone is run one level below the division that sets it up.
        below = {"province": "city", "city": "county", "county": "township"}
        return below.get(d.level, d.level)
    return d.level


# --- the default registry --------------------------------------------------------------

@lru_cache(maxsize=4)
def _cached(path: str, mtime: float) -> Registry:
    return Registry.load(path)


def load_registry(path: str | os.PathLike | None = None) -> Registry:
    """The registry at `path` (data/agencies.csv by default), reloaded when the file
    changes; an empty registry (inference only) when the default file does not exist."""
    p = Path(path) if path else DEFAULT_PATH
    if not p.exists() and path is None:
        return Registry()
    try:
        mtime = p.stat().st_mtime
    except OSError as exc:
        raise DisclosureError(f"无法读取机关名录：{exc.strerror}", str(p)) from None
    return _cached(str(p), mtime)


def resolve(name: str, path: str | os.PathLike | None = None) -> Agency:
    """`load_registry(path).resolve(name)`."""
    return load_registry(path).resolve(name)

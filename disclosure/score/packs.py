"""Rule packs: how an evaluation scheme turns findings into points.

A pack (YAML, or CSV with one row per deduction) gives:

    name, title, source            what it is and which published scheme it is modelled on
    mode                           从严 (open and confirmed findings count) or 从宽 (confirmed only)
    grades                         得分率 bands for the 通报 (优秀 ≥ 90 …)
    items:                         each with
      key, title, points           分值
      cap                          the most its deductions take (default: its points; 扣完为止)
      source                       the line of the scheme it comes from
      requires                     what must be known to assess it at all: `published` (a date),
                                   `tables: [...]` (printed), `no_blank: [...]` (no blank cell there);
                                   a deduction may have its own (逾期 needs a date)
      deductions:                  each with
        title                      扣分情形, as the scheme words it
        rules | severity | family  which findings it counts (rule codes; or all of a severity
                                   or family)
        points                     what one counts for (−5, −0.5)
        per                        finding (每处) or report (一次)
        above                      {field: value}: only findings whose evidence (or actual)
                                   field is above value (内容雷同 > 50%: {ratio: 0.5})
        missing: true              counts the report's absence (MISSING.REPORT), where the
                                   scheme says 未公开的不得分

Errors name the pack file and the item: a pack that names a rule the catalog lacks is refused.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..model import DisclosureError

PACKS_DIR = Path(__file__).resolve().parents[2] / "data" / "packs"
STRICT, LENIENT = "从严", "从宽"
MODES = {STRICT: "未排除的问题（待审与已确认）均计扣分", LENIENT: "只有已确认的问题计扣分"}
PER_FINDING, PER_REPORT = "finding", "report"
REQUIREMENTS = ("published", "tables", "no_blank")
DEFAULT_GRADES = ((90.0, "优秀"), (80.0, "良好"), (60.0, "合格"), (0.0, "不合格"))


@dataclass(frozen=True)
class Needs:
    """What must be known for a rule to assess a report at all."""
    published: bool = False  # a publication date
    tables: tuple[str, ...] = ()  # these tables printed
    no_blank: tuple[str, ...] = ()  # no blank cell in these tables

    def __or__(self, other: "Needs") -> "Needs":
        return Needs(self.published or other.published, tuple(dict.fromkeys(self.tables + other.tables)),
                     tuple(dict.fromkeys(self.no_blank + other.no_blank)))


@dataclass(frozen=True)
class Deduction:
    title: str
    points: float
    rules: tuple[str, ...] = ()
    severity: tuple[str, ...] = ()
    family: tuple[str, ...] = ()
    per: str = PER_FINDING
    above: tuple[tuple[str, float], ...] = ()
    missing: bool = False  # the report's absence (MISSING.REPORT)
    needs: Needs = Needs()

    def matches(self, rule: str, severity: str, family: str) -> bool:
        return rule in self.rules or severity in self.severity or family in self.family


@dataclass(frozen=True)
class Item:
    key: str
    title: str
    points: float
    deductions: tuple[Deduction, ...]
    cap: float | None = None
    source: str = ""
    needs: Needs = Needs()  # for the item as a whole (each deduction may need more)

    @property
    def limit(self) -> float:
        return self.points if self.cap is None else self.cap


@dataclass(frozen=True)
class Pack:
    name: str
    title: str
    items: tuple[Item, ...]
    mode: str = STRICT
    source: str = ""
    grades: tuple[tuple[float, str], ...] = DEFAULT_GRADES
    path: str = ""

    @property
    def points(self) -> float:
        return sum(i.points for i in self.items)

    def grade(self, rate: float) -> str:
        """The band of a 得分率 (percent of the points)."""
        for floor, label in sorted(self.grades, reverse=True):
            if rate >= floor:
                return label
        return self.grades[-1][1]


def _list(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        return tuple(p for p in value.replace("、", " ").replace(",", " ").replace("，", " ").split() if p)
    return tuple(str(v) for v in value)


def _number(value, what: str, path: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise DisclosureError(f"{what}应为数字，而不是 {value!r}", path) from None


def _above(value, where: str, path: str) -> tuple[tuple[str, float], ...]:
    if not value:
        return ()
    if isinstance(value, str):  # CSV: ratio>0.5
        field_, _, bound = value.partition(">")
        value = {field_.strip(): bound.strip()}
    if not isinstance(value, dict):
        raise DisclosureError(f"{where}：above 应写作 {{字段: 数值}}", path)
    return tuple((str(k), _number(v, f"{where}的阈值", path)) for k, v in value.items())


def _deduction(d: dict, where: str, path: str, known: set[str]) -> Deduction:
    from ..checks.catalog import FAMILIES, SEVERITIES

    title = str(d.get("title") or "").strip()
    if not title:
        raise DisclosureError(f"{where}：扣分情形缺少 title", path)
    rules, severity, family = _list(d.get("rules")), _list(d.get("severity")), _list(d.get("family"))
    missing = bool(d.get("missing"))
    unknown = [r for r in rules if r not in known]
    if unknown:
        raise DisclosureError(f"{where}“{title}”：规则目录中没有 {'、'.join(unknown)}", path)
    bad = [s for s in severity if s not in SEVERITIES] + [f for f in family if f not in FAMILIES]
    if bad:
        raise DisclosureError(f"{where}“{title}”：未知的严重程度或规则类别 {'、'.join(bad)}", path)
    if not (rules or severity or family or missing):
        raise DisclosureError(f"{where}“{title}”：没有说明按哪些规则扣分（rules、severity、family 或 missing）", path)
    per = str(d.get("per") or PER_FINDING)
    per = {"每处": PER_FINDING, "每份": PER_REPORT, "一次": PER_REPORT}.get(per, per)
    if per not in (PER_FINDING, PER_REPORT):
        raise DisclosureError(f"{where}“{title}”：per 应为 finding（每处）或 report（一次）", path)
    points = abs(_number(d.get("points"), f"{where}“{title}”的扣分", path))
    return Deduction(title, points, rules, severity, family, per, _above(d.get("above"), where, path), missing,
                     _needs(d.get("requires"), f"{where}“{title}”", path))


def _needs(requires, where: str, path: str) -> Needs:
    """`requires`: published, {tables: [...]}, {no_blank: [...]} (or, in CSV, `no_blank:requests`)."""
    if not requires:
        return Needs()
    if isinstance(requires, (str, dict)):
        requires = [requires]
    published, tables, no_blank = False, (), ()
    for r in requires:
        if isinstance(r, str) and ":" in r:
            kind, _, what = r.partition(":")
            r = {kind.strip(): what}
        if r == "published":
            published = True
        elif isinstance(r, dict) and set(r) <= {"tables", "no_blank"}:
            tables += _list(r.get("tables"))
            no_blank += _list(r.get("no_blank"))
        else:
            raise DisclosureError(f"{where}：未知的评估前提 {r!r}（可用 {'、'.join(REQUIREMENTS)}）", path)
    return Needs(published, tables, no_blank)


def _item(i: dict, n: int, path: str, known: set[str]) -> Item:
    key = str(i.get("key") or f"item{n}")
    title = str(i.get("title") or "").strip()
    where = f"第 {n} 项“{title or key}”"
    if not title:
        raise DisclosureError(f"{where}缺少 title", path)
    deductions = tuple(_deduction(d, where, path, known) for d in i.get("deductions") or [])
    if not deductions:
        raise DisclosureError(f"{where}没有扣分情形", path)
    cap = i.get("cap")
    return Item(key, title, _number(i.get("points"), f"{where}的分值", path), deductions,
                None if cap in (None, "") else _number(cap, f"{where}的扣分上限", path), str(i.get("source") or ""),
                _needs(i.get("requires"), where, path))


def from_dict(data: dict, path: str, name: str | None = None) -> Pack:
    from ..checks import catalog

    if not isinstance(data, dict) or not data.get("items"):
        raise DisclosureError("评分方案应有 items（评分项目）", path)
    known = {r.code for r in catalog()}
    mode = str(data.get("mode") or STRICT)
    if mode not in MODES:
        raise DisclosureError(f"评分模式应为 {'、'.join(MODES)} 之一，而不是 {mode!r}", path)
    items = tuple(_item(i, n, path, known) for n, i in enumerate(data["items"], start=1))
    keys = [i.key for i in items]
    if len(set(keys)) != len(keys):
        raise DisclosureError("评分项目的 key 有重复", path)
    grades = data.get("grades")
    grades = tuple((float(g["min"]), str(g["label"])) for g in grades) if grades else DEFAULT_GRADES
    return Pack(name or str(data.get("name") or Path(path).stem), str(data.get("title") or Path(path).stem), items,
                mode, str(data.get("source") or ""), grades, path)


CSV_COLUMNS = ("item", "title", "points", "cap", "requires", "source", "deduction", "rules", "severity", "family",
               "per", "deduct", "above", "missing")


def _from_csv(text: str, path: str) -> dict:
    """One row per deduction; an item's own columns may be left blank after its first row.
    Rows whose `item` is `#pack` give the pack's title (title), mode (deduction) and source;
    `requires` lists what the row's deduction needs to be assessed, separated by `;`
    (published; no_blank:requests review_litigation)."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"item", "title", "points", "deduction", "deduct"} - set(reader.fieldnames or [])
    if missing:
        raise DisclosureError(f"CSV 评分方案缺少列：{'、'.join(sorted(missing))}（列见 packs.CSV_COLUMNS）", path)
    data: dict = {"items": []}
    items: dict[str, dict] = {}
    for row in reader:
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if row.get("item") == "#pack":
            data.update(title=row.get("title"), mode=row.get("deduction") or STRICT, source=row.get("source"))
            continue
        if not row.get("item"):
            continue
        item = items.get(row["item"])
        if item is None:
            item = items[row["item"]] = {"key": row["item"], "title": row.get("title"), "points": row.get("points"),
                                         "cap": row.get("cap"), "source": row.get("source"), "deductions": []}
            data["items"].append(item)
        item["deductions"].append({"title": row.get("deduction"), "rules": row.get("rules"),
                                   "requires": [r.strip() for r in (row.get("requires") or "").split(";") if r.strip()],
                                   "severity": row.get("severity"), "family": row.get("family"),
                                   "per": row.get("per"), "points": row.get("deduct"), "above": row.get("above"),
                                   "missing": row.get("missing") in ("1", "true", "是", "yes")})
    return data


def load_pack(path: str | Path) -> Pack:
    path = str(path)
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        raise DisclosureError(f"无法读取评分方案：{exc.strerror or exc}", path) from None
    from ..collect.sources import decode

    text = decode(raw, path)
    if path.lower().endswith(".csv"):
        return from_dict(_from_csv(text, path), path)
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DisclosureError(f"评分方案不是有效的 YAML：{str(exc).splitlines()[0]}", path) from None
    return from_dict(data, path)


def shipped() -> dict[str, Path]:
    """The packs in data/packs/, by name (the file's stem)."""
    if not PACKS_DIR.is_dir():
        return {}
    return {p.stem: p for p in sorted(PACKS_DIR.iterdir()) if p.suffix.lower() in (".yaml", ".yml", ".csv")}


DEFAULT_PACK = "annual-report-10"


def resolve(pack: str | None) -> Pack:
    """A pack by its shipped name or by path (default: DEFAULT_PACK)."""
    choice = pack or DEFAULT_PACK
    found = shipped().get(choice)
    if found is not None:
        return load_pack(found)
    if Path(choice).exists():
        return load_pack(choice)
    names = "、".join(shipped()) or "（无）"
    raise DisclosureError(f"没有名为 {choice} 的评分方案（内置：{names}；也可给出 YAML/CSV 文件路径）")

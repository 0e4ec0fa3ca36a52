"""A small corpus for the dashboard's tests: reports with numbers we choose, rendered as the
documents agencies publish and stored through the real pipeline (render -> parse -> ingest,
with a registry of the agencies and the rule catalog run at the end).

Seven cities of 江苏省, each with its government, 教育局 and 公安局, and one county of 淮安市
with its government and 教育体育局, over 2021–2023; each year's 上年结转 equals last year's
结转下年度. Patterns a supervisor should spot (and the rules find):
- 淮安市公安局 reports no application in 2023 while its peers report dozens (PEER.ZERO);
- 洪泽区教育体育局 has a tenth of its 2022 applications in 2023 (YOY.SHIFT);
- 淮安市教育局 has no 2022 report (MISSING.REPORT);
- 南京市教育局's 2023 report was published in April (TIME.LATE);
- 洪泽区人民政府's 2022 table 三 does not add up: its 总计 is 5 short (T3.*).
The registry also lists, without any report, 江苏省人民政府 (only to place the cities:
never expected) and 洪泽区公安局 (expected from 2023 on, so missing in 2023 only).
"""
from __future__ import annotations

import csv
from pathlib import Path

from disclosure import template as T
from disclosure.registry import load_registry
from disclosure.render import content as C
from disclosure.render.text import render_text
from disclosure.store.ingest import ingest

YEARS = (2021, 2022, 2023)
CITIES = {"南京市": 3.0, "无锡市": 1.6, "徐州市": 1.3, "常州市": 1.1, "苏州市": 2.2, "南通市": 1.2, "淮安市": 1.0}
DEPARTMENTS = {"人民政府": ("government", 120), "教育局": ("education", 40), "公安局": ("public_security", 60)}
COUNTY = ("淮安市", "洪泽区", {"人民政府": ("government", 50), "教育体育局": ("education", 30)})


def agencies() -> dict[str, dict]:
    """name -> registry row and applications received in 2021 (natural persons; organisations add a tenth)."""
    out = {}
    for city, scale in CITIES.items():
        for suffix, (kind, base) in DEPARTMENTS.items():
            out[city + suffix] = {"province": "江苏省", "city": city, "county": "", "level": "city", "kind": kind,
                                  "base": int(base * scale)}
    city, county, departments = COUNTY
    for suffix, (kind, base) in departments.items():
        out[county + suffix] = {"province": "江苏省", "city": city, "county": county, "level": "county",
                                "kind": kind, "base": base}
    return out


MISSING = {("淮安市教育局", 2022)}
LATE = {("南京市教育局", 2023): "2024-04-15"}
ZERO = {("淮安市公安局", 2023)}
DROP = {("洪泽区教育体育局", 2023): 0.1}
UNBALANCED = {("洪泽区人民政府", 2022): 5}

# share of what is handled, in the order of the outcome rows (the rest is granted)
SHARES = {
    "partially_granted": 0.10,
    "denied.third_party": 0.04,
    "denied.process_info": 0.03,
    "unable.not_held": 0.15,
    "unable.unclear": 0.03,
    "not_processed.complaint": 0.05,
    "not_processed.duplicate": 0.02,
    "other.other": 0.03,
}
CARRY = 0.08  # share of the year's workload carried into the next year
APPLICANTS = T.APPLICANT_COLUMN_KEYS


def _zero_row() -> dict:
    return {c: 0 for c in T.REQUEST_COLUMN_KEYS}


def _column(received: int, carried_over: int, col: dict[str, dict]) -> None:
    """Fill one applicant column: outcomes from the shares, the rest granted or carried."""
    load = received + carried_over
    carried_forward = int(load * CARRY)
    handled = load - carried_forward
    given = 0
    for row, share in SHARES.items():
        n = int(handled * share)
        col[row] = n
        given += n
    col["granted"] = handled - given
    col["new_received"], col["carried_over"] = received, carried_over
    col["total"], col["carried_forward"] = handled, carried_forward


def requests_table(received: int, carried_over: dict[str, int]) -> dict:
    rows = {r.key: _zero_row() for r in T.REQUEST_ROWS_2021}
    split = {"natural_person": received - received // 10, "commercial": received // 10 - received // 20,
             "legal_services": received // 20}
    for c in APPLICANTS:
        col: dict[str, int] = {}
        _column(split.get(c, 0), carried_over.get(c, 0), col)
        for row, n in col.items():
            rows[row][c] = n
    for row in rows.values():
        row["total"] = sum(row[c] for c in APPLICANTS)
    return rows


# A different 总体情况 each year: a report that repeats last year's is a finding (XY.COPY).
OVERVIEWS = (
    "本年度，{agency}以标准化规范化建设为主线，梳理主动公开事项清单，完善政府信息公开指南和目录，"
    "健全公开前保密审查和依申请公开办理流程，推动基层政务公开向村居延伸，群众获取信息更加便捷。",
    "本年度，{agency}围绕优化营商环境和重大民生决策，加强政策解读与回应关切，开设网上政策问答专栏，"
    "组织新闻发布会和在线访谈多场，及时澄清不实信息，政务舆情回应的时效和质量明显提高。",
    "本年度，{agency}以数字政府建设为牵引，推进政府网站与政务新媒体集约化，上线统一的信息公开平台，"
    "实现申请受理、登记、答复全程网上留痕，并开展年度培训和专项督查，工作人员依法公开的能力进一步增强。",
)


def sections(agency: str, year: int) -> list[dict]:
    overview = OVERVIEWS[year % len(OVERVIEWS)]
    return [{"heading": s.heading,
             "text": (overview if s.key == "overview" else C.DEFAULT_PARAGRAPHS[s.key]).format(agency=agency)}
            for s in T.SECTIONS]


def report(agency: str, year: int, received: int, carried_over: dict[str, int], in_force: int) -> dict:
    requests = requests_table(received, carried_over)
    if (agency, year) in UNBALANCED:
        requests["total"]["total"] -= UNBALANCED[(agency, year)]
    size = received or 1
    review = {"upheld": size // 40, "corrected": size // 100, "other": 0, "pending": 0}
    review["total"] = sum(review.values())
    quiet = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}
    return {
        "agency": agency,
        "year": year,
        "template": "2021",
        "published": LATE.get((agency, year), f"{year + 1}-01-20"),
        "active": {
            "regulations": {"issued": 0, "repealed": 0, "in_force": 2},
            "normative_documents": {"issued": 3 + year % 3, "repealed": 1, "in_force": in_force},
            "licensing": {"decisions": 100 + size},
            "penalty": {"decisions": 10 + size // 3},
            "enforcement": {"decisions": size // 10},
            "fees": {"amount_wan": 0},
        },
        "requests": requests,
        "review_litigation": {"review": review, "litigation_direct": dict(quiet), "litigation_after_review": dict(quiet)},
        "sections": sections(agency, year),
    }


def reports() -> list[dict]:
    out = []
    for agency, info in agencies().items():
        carried: dict[str, int] = {}
        in_force = 20
        for i, year in enumerate(YEARS):
            received = int(info["base"] * (1 + 0.1 * i))
            if (agency, year) in ZERO:
                received, carried = 0, {}
            received = int(received * DROP.get((agency, year), 1))
            in_force += 3 + year % 3 - 1  # issued − repealed, as table 二 prints them
            r = report(agency, year, received, carried, in_force)
            carried = {c: r["requests"]["carried_forward"][c] for c in APPLICANTS}
            if (agency, year) not in MISSING:
                out.append(r)
    return out


# registered agencies without reports: name -> registry row, with its 应报年度 (`years`)
LISTED_ONLY = {
    "江苏省人民政府": {"province": "江苏省", "level": "province", "kind": "government", "years": "-"},
    "洪泽区公安局": {"province": "江苏省", "city": "淮安市", "county": "洪泽区", "level": "county",
                  "kind": "public_security", "years": "2023-"},
}


def write_registry(path: Path) -> Path:
    fields = ["name", "aliases", "province", "province_code", "city", "city_code", "county", "county_code",
              "level", "kind", "parent", "years"]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        for name, info in agencies().items():
            w.writerow({"name": name, "province": info["province"], "city": info["city"], "county": info["county"],
                        "level": info["level"], "kind": info["kind"]})
        for name, row in LISTED_ONLY.items():
            w.writerow({"name": name, **row})
    return path


def write(folder: Path, only: list[dict] | None = None) -> list[Path]:
    """The reports as text files (tab-separated, as copied from a browser)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for r in only if only is not None else reports():
        path = folder / f"{r['agency']}-{r['year']}.txt"
        path.write_text(render_text(r, "tabs"), encoding="utf-8")
        paths.append(path)
    return paths


def build(db: str, folder: Path) -> str:
    """The corpus ingested into `db` (through the registry, checked); returns `db`."""
    folder.mkdir(parents=True, exist_ok=True)
    registry = load_registry(write_registry(folder / "agencies.csv"))
    outcomes = ingest([str(p) for p in write(folder / "reports")], db, registry=registry)
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, failed
    return db

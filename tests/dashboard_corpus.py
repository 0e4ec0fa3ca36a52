"""A small corpus for the dashboard's tests: reports with numbers we choose, rendered as the
documents agencies publish and stored through the real pipeline (render -> parse -> ingest).

Eight agencies in two cities over 2021–2023, each year's 上年结转 equal to last year's
结转下年度, with patterns a supervisor should spot:
- 淮安市公安局 reports no application in 2023 while its peers report dozens (PEER);
- 洪泽区教育体育局 has far fewer applications in 2023 than in 2022 (YOY);
- 淮安市教育局 has no 2022 report (MISSING);
- 南京市教育局's 2023 report was published in April (TIME);
- 洪泽区人民政府's 2022 table 三 does not add up (its 总计 is 5 short).
"""
from __future__ import annotations

from pathlib import Path

from disclosure import template as T
from disclosure.render.text import render_text
from disclosure.store.ingest import ingest

YEARS = (2021, 2022, 2023)
# name -> applications received in 2021 (natural persons; organisations add a tenth)
AGENCIES = {
    "淮安市人民政府": 120,
    "淮安市教育局": 40,
    "淮安市公安局": 60,
    "洪泽区人民政府": 50,
    "洪泽区教育体育局": 30,
    "南京市人民政府": 300,
    "南京市教育局": 90,
    "南京市公安局": 150,
}
MISSING = {("淮安市教育局", 2022)}
LATE = {("南京市教育局", 2023): "2024-04-15"}
ZERO = {("淮安市公安局", 2023)}
DROP = {("洪泽区教育体育局", 2023): 0.2}
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


def report(agency: str, year: int, received: int, carried_over: dict[str, int]) -> dict:
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
            "normative_documents": {"issued": 3 + year % 3, "repealed": 1, "in_force": 20 + year % 5},
            "licensing": {"decisions": 100 + size},
            "penalty": {"decisions": 10 + size // 3},
            "enforcement": {"decisions": size // 10},
            "fees": {"amount_wan": 0},
        },
        "requests": requests,
        "review_litigation": {"review": review, "litigation_direct": dict(quiet), "litigation_after_review": dict(quiet)},
    }


def reports() -> list[dict]:
    out = []
    for agency, base in AGENCIES.items():
        carried: dict[str, int] = {}
        for i, year in enumerate(YEARS):
            received = int(base * (1 + 0.1 * i))
            if (agency, year) in ZERO:
                received, carried = 0, {}
            received = int(received * DROP.get((agency, year), 1))
            r = report(agency, year, received, carried)
            carried = {c: r["requests"]["carried_forward"][c] for c in APPLICANTS}
            if (agency, year) not in MISSING:
                out.append(r)
    return out


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
    outcomes = ingest([str(p) for p in write(folder)], db)
    failed = [o for o in outcomes if o.status == "failed"]
    assert not failed, failed
    return db

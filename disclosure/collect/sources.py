"""The list of sources a supervisor keeps: one URL a row (a report column, a report page or
a file), with the agency it belongs to when known.

The CSV is the one people edit in Excel or WPS: UTF-8 (with or without BOM) or GB18030,
columns `url` (or 网址/链接/地址) and optionally `agency` (or 机关/单位). A row without a usable
URL is named in a line of its own and the others are read.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..model import DisclosureError

URL_COLUMNS = ("url", "网址", "链接", "地址")
AGENCY_COLUMNS = ("agency", "机关", "单位", "机关名称")


@dataclass(frozen=True)
class Source:
    url: str
    agency: str = ""


def decode(data: bytes, path: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DisclosureError("无法识别文件编码（应为 UTF-8 或 GBK）", path)


def check_url(url: str) -> str | None:
    """Why `url` cannot be fetched, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "网址应以 http:// 或 https:// 开头"
    if not parts.hostname:
        return "网址缺少主机名"
    return None


def parse_sources(text: str, path: str = "SOURCES.csv") -> tuple[list[Source], list[str]]:
    """(sources, problems): each problem a line naming the row and the reason. The same URL
    listed twice is kept once."""
    reader = csv.DictReader(io.StringIO(text))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    url_field = next((fields[c] for c in URL_COLUMNS if c in fields), None)
    if url_field is None:
        raise DisclosureError(f"缺少网址列（列名应为 {'、'.join(URL_COLUMNS)} 之一）", path)
    agency_field = next((fields[c] for c in AGENCY_COLUMNS if c in fields), None)
    sources: dict[str, Source] = {}
    problems: list[str] = []
    for n, row in enumerate(reader, start=2):
        url = (row.get(url_field) or "").strip()
        if not url:
            continue
        why = check_url(url)
        if why:
            problems.append(f"{path} 第 {n} 行：{why}（{url}）")
            continue
        agency = (row.get(agency_field) or "").strip() if agency_field else ""
        sources.setdefault(url, Source(url, agency))
    return list(sources.values()), problems


def read_sources(path: str) -> tuple[list[Source], list[str]]:
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise DisclosureError(f"无法读取来源列表：{exc.strerror or exc}", path) from None
    return parse_sources(decode(data, path), path)

"""How each generated report is published: its format, look and encoding, and rendering it.

Agencies publish the way their website lets them: each portal (the city's and each
county's) runs a CMS with its own page style and encoding, redesigned once in the six
years; an agency has a habit (web page, PDF attachment, Word attachment) that it keeps
most years; supervisors' text copies of reports sit beside them; a few small agencies
post scans. Formats are rendered by `disclosure/render/`; PDFs go through LibreOffice in
batches (one start-up per batch), with Noto CJK fonts embedded.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np

from ..libreoffice import convert_many
from ..render.docx import render_docx
from ..render.html import render_html
from ..render.scan import render_scan
from ..render.text import render_text
from .city import CITY, Agency
from .numbers import rng

# share of reports per format (scans are counted apart: a few per corpus)
FORMAT_SHARES = {"html": 0.6, "pdf": 0.21, "docx": 0.06, "txt": 0.13}
HABIT_KEPT = 0.8  # chance an agency publishes the way it did the year before
SCAN_SHARE = 0.002
SUFFIX = {"html": ".html", "pdf": ".pdf", "docx": ".docx", "txt": ".txt", "scan": ".pdf"}

SITE_STYLES = ("national", "cms", "flattened")
SITE_ENCODINGS = ("utf-8", "utf-8", "utf-8", "gbk", "gb2312", "gb18030")
TEXT_LAYOUTS = {"tabs": 0.3, "pdftotext": 0.3, "spaces": 0.15, "pipes": 0.1, "cells": 0.15}
PDF_FONTS = ("Noto Serif CJK SC", "Noto Serif CJK SC", "Noto Sans CJK SC")
WORD_FONTS = ("宋体", "仿宋_GB2312", "方正仿宋_GBK")
SCAN_DPI = 150
PDF_FROM_WORD = 0.06  # PDFs exported from the Word file (slow to make); the rest printed from the page


@dataclass
class Rendition:
    format: str  # html / pdf / docx / txt / scan
    options: dict = field(default_factory=dict)

    @property
    def suffix(self) -> str:
        return SUFFIX[self.format]


def _weighted(g: np.random.Generator, weights: dict):
    keys = list(weights)
    p = np.array([weights[k] for k in keys], dtype=float)
    return keys[int(g.choice(len(keys), p=p / p.sum()))]


def site(region: str, year: int, seed: int) -> dict:
    """The CMS of a portal in a year: page style, encoding, whether it declares its charset."""
    g = rng(seed, "site", region)
    redesign = int(g.integers(2020, 2025))
    looks = []
    for _ in range(2):
        enc = SITE_ENCODINGS[int(g.integers(len(SITE_ENCODINGS)))]
        looks.append({"style": SITE_STYLES[int(g.integers(len(SITE_STYLES)))], "encoding": enc,
                      "declare_charset": bool(enc == "utf-8" or g.random() < 0.9)})
    return looks[year >= redesign]


def choose(agencies: list[Agency], years: list[int], present: set[tuple[str, int]], undated: set[tuple[str, int]],
           seed: int) -> dict[tuple[str, int], Rendition]:
    """The rendition of every report that exists, keyed by (agency, year)."""
    out: dict[tuple[str, int], Rendition] = {}
    for a in agencies:
        g = rng(seed, "habit", a.name)
        habit = _weighted(g, FORMAT_SHARES)
        for y in years:
            if (a.name, y) not in present:
                continue
            fmt = habit if g.random() < HABIT_KEPT else _weighted(g, FORMAT_SHARES)
            if (a.name, y) in undated and fmt == "html":
                fmt = "pdf"  # a web page always shows the date its CMS published it
            habit = fmt
            out[(a.name, y)] = Rendition(fmt, _options(fmt, a, y, g, seed))
    # a few small agencies scan a printed copy
    level = {a.name: a.level for a in agencies}
    small = sorted(k for k, r in out.items() if r.format in ("pdf", "docx") and k not in undated
                   and level[k[0]] != "city")
    g = rng(seed, "scans")
    n = min(len(small), max(1, round(SCAN_SHARE * len(out)))) if out else 0
    for i in sorted(g.permutation(len(small))[:n]):
        out[small[i]] = Rendition("scan", {"font": PDF_FONTS[0], "blank": "/", "dpi": SCAN_DPI, "via": "docx"})
    return out


def _options(fmt: str, a: Agency, year: int, g: np.random.Generator, seed: int) -> dict:
    if fmt == "html":
        opts = dict(site(a.county or CITY, year, seed))
        if opts["style"] == "flattened":
            opts["blank"] = ("/", "-", "—")[int(g.integers(3))]
        else:
            opts["blank"] = ("", "", "/")[int(g.integers(3))]
        return opts
    if fmt == "txt":
        layout = _weighted(g, TEXT_LAYOUTS)
        return {
            "layout": layout,
            "blank": ("" if layout in ("tabs", "pipes") and g.random() < 0.6 else ("/", "-", "—")[int(g.integers(3))]),
            "fullwidth": bool(g.random() < 0.05),
            "thousands": bool(g.random() < 0.1),
            "title": ("split", "year_first", "agency_first")[int(g.integers(3))],
            "spaced_title": bool(g.random() < 0.5),
            "encoding": "utf-8" if g.random() < 0.85 else "gb18030",
        }
    if fmt == "docx":
        return {"font": WORD_FONTS[int(g.integers(len(WORD_FONTS)))], "blank": ("", "/")[int(g.integers(2))]}
    return {"font": PDF_FONTS[int(g.integers(len(PDF_FONTS)))], "blank": ("", "/", "")[int(g.integers(3))],
            "via": "docx" if g.random() < PDF_FROM_WORD else "html"}


# --- rendering ---------------------------------------------------------------------------------


def render_direct(report: dict, r: Rendition) -> bytes:
    """Formats that need no LibreOffice: HTML, text, Word."""
    o = r.options
    if r.format == "html":
        return render_html(report, o["style"], o["encoding"], o["declare_charset"], blank=o["blank"])
    if r.format == "txt":
        text = render_text(report, o["layout"], blank=o["blank"], fullwidth=o["fullwidth"],
                           thousands=o["thousands"], title=o["title"], spaced_title=o["spaced_title"])
        return text.encode(o["encoding"])
    if r.format == "docx":
        return fixed_docx(render_docx(report, font=o["font"], blank=o["blank"] or None), report)
    raise ValueError(f"{r.format} needs LibreOffice: use render_pdfs")


def render_pdfs(items: list[tuple[str, dict, Rendition]], batch: int = 60) -> dict[str, bytes]:
    """PDFs (and scans) of many reports: name -> bytes, through LibreOffice in batches (one
    start-up each). Most are the report printed from its page (`print` style, quick to
    convert); some come from the Word document, as an office drafting in Word exports them.
    Dates and IDs are fixed so the bytes depend only on the report."""
    out: dict[str, bytes] = {}
    for via in ("html", "docx"):
        todo = [it for it in items if it[2].options.get("via", "html") == via]
        for start in range(0, len(todo), batch):
            chunk = todo[start:start + batch]
            if via == "html":
                sources = {name: render_html(rep, "print", blank=r.options["blank"], font=r.options["font"])
                           for name, rep, r in chunk}
                pdfs = convert_many(sources, ".html", "pdf", timeout=60, infilter="HTML (StarWriter)")
            else:
                sources = {name: render_docx(rep, font=r.options["font"], blank=r.options["blank"] or None)
                           for name, rep, r in chunk}
                pdfs = convert_many(sources, ".docx", "pdf", timeout=60)
            for name, rep, r in chunk:
                pdf = fixed_pdf(pdfs[name], rep, name)
                if r.format == "scan":
                    pdf = render_scan(pdf, dpi=r.options["dpi"], fmt="pdf")
                out[name] = pdf
    return out


def _created(report: dict) -> tuple[int, int, int]:
    """When the agency made the file: a few days before it published (or its year's end)."""
    pub = report.get("published") or f"{report['year'] + 1}-01-10"
    y, m = int(pub[:4]), int(pub[5:7])
    d = int(pub[8:10]) if len(pub) >= 10 else 10
    return (y, m, max(1, d - 3))


def fixed_pdf(data: bytes, report: dict, name: str) -> bytes:
    """LibreOffice stamps each PDF with the time and a random ID: set both from the report,
    keeping their lengths so the cross-reference offsets stay right."""
    y, m, d = _created(report)
    data = re.sub(rb"/CreationDate\(D:\d{14}", f"/CreationDate(D:{y:04d}{m:02d}{d:02d}093000".encode(), data)
    ident = hashlib.md5(name.encode()).hexdigest().upper().encode()
    data = re.sub(rb"/ID \[ <[0-9A-F]{32}>(\s*)<[0-9A-F]{32}> \]",
                  lambda m: b"/ID [ <" + ident + b">" + m.group(1) + b"<" + ident + b"> ]", data)
    return re.sub(rb"/DocChecksum /[0-9A-F]{32}", b"/DocChecksum /" + ident, data)


def fixed_docx(data: bytes, report: dict) -> bytes:
    """python-docx stamps zip entries with the current time: use the file's creation date,
    and say who wrote it (the agency) instead of python-docx."""
    y, m, d = _created(report)
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = blob.decode("utf-8")
                text = text.replace("<dc:creator>python-docx</dc:creator>", f"<dc:creator>{report['agency']}</dc:creator>")
                text = text.replace("<dc:description>generated by python-docx</dc:description>", "<dc:description/>")
                text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rf"\g<1>{y:04d}-{m:02d}-{d:02d}T09:30:00Z", text)
                blob = text.encode("utf-8")
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=(y, m, d, 9, 30, 0)), blob,
                         compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()

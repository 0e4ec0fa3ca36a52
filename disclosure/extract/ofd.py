"""OFD (GB/T 33190-2016, 版式文档), the fixed-layout format Chinese government offices publish
beside or instead of PDF: a ZIP of XML parts.

    OFD.xml -> DocBody/DocRoot (Doc_0/Document.xml) -> Pages/Page@BaseLoc (Pages/Page_0/Content.xml)
    Content.xml: Layer/TextObject@Boundary (x y w h, mm) @Size (mm)
                 TextCode@X @Y (the baseline, inside the boundary) @DeltaX (advances, `g N v` = N times v)

Each character gets a box (its advance wide, the font size tall, on its baseline) and the
page is rebuilt into lines and cells by the same geometry as a text-layer PDF
(extract/layout.py: gaps measured in ems, so millimetres serve as points do). A TextObject's
CTM scale is applied to its size and advances; rotation and images (a scanned OFD) are not
read: such a file says so.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from ..model import DisclosureError, Document
from .layout import Glyph, drop_running_lines, page_lines

ASCENT, DESCENT = 0.88, 0.12  # share of the font size above and below the baseline
MAX_PART = 20 * 1024 * 1024  # bytes of one XML part read at most


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(el, name: str):
    return [c for c in el if _local(c.tag) == name]


def _find(el, *path: str):
    for name in path:
        found = _children(el, name)
        if not found:
            return None
        el = found[0]
    return el


def _xml(zf: zipfile.ZipFile, name: str, path: str):
    name = name.lstrip("/")
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise DisclosureError(f"OFD 文件缺少 {name}，可能已损坏", path) from None
    if info.file_size > MAX_PART:
        raise DisclosureError(f"OFD 文件中的 {name} 过大", path)
    try:
        return etree.fromstring(zf.read(info), parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise DisclosureError(f"OFD 文件中的 {name} 不是有效的 XML（{exc}）", path) from None


def _numbers(text: str | None) -> list[float]:
    """`g 3 2.5 1.2` -> [2.5, 2.5, 2.5, 1.2] (OFD's run-length form for repeated advances)."""
    out: list[float] = []
    parts = (text or "").split()
    i = 0
    while i < len(parts):
        if parts[i] == "g" and i + 2 < len(parts):
            out += [float(parts[i + 2])] * int(float(parts[i + 1]))
            i += 3
        else:
            out.append(float(parts[i]))
            i += 1
    return out


def _scale(ctm: str | None) -> float:
    values = _numbers(ctm)
    if len(values) != 6:
        return 1.0
    a, b, _c, _d, _e, _f = values
    return (a * a + b * b) ** 0.5 or 1.0


def _glyphs(content) -> list[Glyph]:
    out: list[Glyph] = []
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = _numbers(obj.get("Boundary"))
        if len(box) != 4:
            continue
        bx, by = box[0], box[1]
        scale = _scale(obj.get("CTM"))
        size = float(obj.get("Size") or 3.5) * scale
        for code in _children(obj, "TextCode"):
            text = code.text or ""
            x = float(code.get("X") or 0) * scale
            baseline = by + float(code.get("Y") or 0) * scale
            deltas = [d * scale for d in _numbers(code.get("DeltaX"))]
            cursor = bx + x
            for i, ch in enumerate(text):
                advance = deltas[i] if i < len(deltas) else size
                if not ch.isspace():
                    out.append(Glyph(ch, cursor, cursor + min(advance, size) if advance > 0 else cursor + size,
                                     baseline - ASCENT * size, baseline + DESCENT * size, len(out),
                                     spaced=i > 0 and text[i - 1] == " "))
                cursor += advance
    return out


def extract_ofd(path: str, data: bytes) -> Document:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise DisclosureError("OFD 文件已损坏（不是完整的 ZIP 包），可能没有下载完", path) from None
    with zf:
        root = _xml(zf, "OFD.xml", path)
        doc_root = _find(root, "DocBody", "DocRoot")
        if doc_root is None or not (doc_root.text or "").strip():
            raise DisclosureError("OFD 文件的 OFD.xml 没有指明文档（DocRoot）", path)
        doc_path = doc_root.text.strip().lstrip("/")
        document = _xml(zf, doc_path, path)
        base = posixpath.dirname(doc_path)
        pages_el = _find(document, "Pages")
        pages = [] if pages_el is None else _children(pages_el, "Page")
        if not pages:
            raise DisclosureError("OFD 文件没有页面", path)
        lines_by_page = []
        for number, page in enumerate(pages, start=1):
            loc = (page.get("BaseLoc") or "").strip()
            target = loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(posixpath.join(base, loc))
            lines_by_page.append(page_lines(_glyphs(_xml(zf, target, path)), number))
    lines = [ln for page in drop_running_lines(lines_by_page) for ln in page]
    if not any(ln.text for ln in lines):
        raise DisclosureError("OFD 文件没有文字层（可能是扫描件），请导入 PDF 或图片版本", path)
    meta = {}
    title = _find(root, "DocBody", "DocInfo", "Title")
    if title is not None and (title.text or "").strip():
        meta["title"] = title.text.strip()
    return Document(path=path, format="ofd", extractor="ofd", lines=lines, meta=meta)

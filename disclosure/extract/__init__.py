"""Extractors: one per format, each turning a file into a Document of lines and cells.

`extract(path)` sniffs the format from the file's first bytes (then its name) and calls
the extractor registered for it. Extractors for other formats register themselves in
`EXTRACTORS` below; the parser downstream is the same for all.
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from typing import Callable

from .. import limits, names
from ..model import DisclosureError, Document
from . import magic
from .doc import extract_doc
from .docx import extract_docx
from .html import extract_html
from .ofd import extract_ofd
from .pdf import extract_pdf
from .scan import extract_scan
from .text import extract_text

Extractor = Callable[[str, bytes], Document]

# format name -> function(path, data) -> Document
EXTRACTORS: dict[str, Extractor] = {
    "txt": extract_text, "html": extract_html, "docx": extract_docx, "doc": extract_doc, "pdf": extract_pdf,
    "scan": extract_scan, "ofd": extract_ofd,
}

SUFFIX_FORMATS = {
    ".txt": "txt", ".text": "txt", ".md": "txt", ".csv": "txt",
    ".pdf": "pdf",
    ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html", ".mht": "html",
    ".docx": "docx",
    ".doc": "doc", ".wps": "doc",
    ".ofd": "ofd",
    ".png": "scan", ".jpg": "scan", ".jpeg": "scan", ".tif": "scan", ".tiff": "scan", ".bmp": "scan",
}

# what the bytes must be for each format a name claims: (signature test, name in Chinese)
_CLAIMS = {
    "pdf": (lambda d: b"%PDF-" in d[:1024], "PDF 文件"),
    "docx": (lambda d: d.startswith(b"PK\x03\x04"), "Word 文档（.docx）"),
    "ofd": (lambda d: d.startswith(b"PK\x03\x04"), "OFD 版式文件"),
    "doc": (lambda d: d.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf", b"PK\x03\x04")), "Word 97–2003 或 WPS 文档"),
    "scan": (lambda d: d.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")), "图片"),
}


def sniff(path: str, data: bytes) -> str:
    """The format of a file, from its magic bytes first and its name second."""
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff") or data[:4] in (b"II*\x00", b"MM\x00*"):
        return "scan"
    suffix = os.path.splitext(path)[1].lower()
    if data.startswith(b"PK\x03\x04"):
        if suffix == ".ofd" or magic.zip_kind(data) == magic.OFD:
            return "ofd"
        return "docx" if suffix != ".wps" else "doc"
    lowered = head.lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered[:512]:
        return "html"
    return SUFFIX_FORMATS.get(suffix, "txt")


def _refuse_mismatch(path: str, data: bytes, fmt: str) -> str:
    """`fmt`, checked against the bytes: a file that is not what its name says, or is a
    format no extractor reads, is refused with what it really is."""
    kind = magic.kind_of(data)
    if kind is not None and kind not in magic.READABLE:
        if kind == magic.ENCRYPTED:
            raise DisclosureError("Word 文档设有打开密码（已加密），无法读取：请去掉密码后重新导入", path)
        raise DisclosureError(f"不支持的文件格式：{kind}（{magic.head(data)}），请导入 PDF、网页、Word、文本或扫描图片", path)
    if data.startswith(b"\xd0\xcf\x11\xe0") and not magic.valid_ole(data):
        raise DisclosureError("Word 97–2003 或 WPS 文档已损坏：文件头（OLE 结构）无效，可能没有下载完或不是 Word 文件", path)
    claim = _CLAIMS.get(fmt)
    if claim is not None and not claim[0](data):
        if fmt == "doc" and _is_text(data):
            return "txt"  # a "Word" file that is plain text (saved so by some systems): read it as text
        raise DisclosureError(f"不是{claim[1]}（{magic.described(data)}）", path)
    return fmt


def _is_text(data: bytes) -> bool:
    from .text import decode

    try:
        decode(data[:65536], "")
    except DisclosureError:
        return False
    return True


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_NOT_REGULAR = (
    (stat.S_ISDIR, "是文件夹，不是文件"),
    (stat.S_ISFIFO, "是命名管道（FIFO），不是普通文件，已跳过"),
    (stat.S_ISSOCK, "是套接字（socket），不是普通文件，已跳过"),
    (stat.S_ISCHR, "是字符设备，不是普通文件，已跳过"),
    (stat.S_ISBLK, "是块设备，不是普通文件，已跳过"),
)
_OS_ERRORS = {
    errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
    errno.ELOOP: "符号链接循环（链接最终指回自己），已跳过", errno.ENAMETOOLONG: "文件名过长",
    errno.ENXIO: "不是普通文件（设备或套接字），已跳过", errno.EISDIR: "是文件夹，不是文件",
}


def _os_reason(exc: OSError, path: str) -> str:
    if exc.errno == errno.ENOENT and os.path.islink(path):
        return "符号链接指向的文件不存在"
    return _OS_ERRORS.get(exc.errno, f"无法读取文件（{exc.strerror or type(exc).__name__}）")


def _not_regular(mode: int, real: str) -> str | None:
    if stat.S_ISDIR(mode) and not os.access(real, os.R_OK | os.X_OK):
        return "文件夹无法打开（没有读取权限），其中的文件未导入"
    for test, reason in _NOT_REGULAR:
        if test(mode):
            return reason
    return None if stat.S_ISREG(mode) else "不是普通文件，已跳过"


def read_file(path: str) -> bytes:
    """The bytes of the file at `path` (a name as `collect()` shows it), or a DisclosureError
    naming why not: not a regular file (a FIFO would block forever, a device never end),
    unreadable, or over the size limit (checked before reading)."""
    real = names.real(path)
    try:
        info = os.stat(real)
        reason = _not_regular(info.st_mode, real)
        if reason:
            raise DisclosureError(reason, path)
        limits.check_file_size(info.st_size, path)
        # O_NONBLOCK: a FIFO swapped in after the stat must not block the open
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise DisclosureError(_os_reason(exc, real), path) from None
    try:
        mode = os.fstat(fd).st_mode
        reason = _not_regular(mode, real)
        if reason:
            raise DisclosureError(reason, path)
        with os.fdopen(fd, "rb") as fh:
            fd = -1
            data = fh.read(limits.FILE_MB.value * limits.MB + 1)
    except OSError as exc:
        raise DisclosureError(_os_reason(exc, real), path) from None
    finally:
        if fd >= 0:
            os.close(fd)
    limits.check_file_size(len(data), path)  # grown since the stat
    return data


def extract(path: str, data: bytes | None = None) -> Document:
    """Read `path` (or the given bytes) into a Document."""
    if data is None:
        data = read_file(path)
    limits.check_file_size(len(data), path)
    if not data.strip():
        raise DisclosureError("空文件", path)
    fmt = _refuse_mismatch(path, data, sniff(path, data))
    extractor = EXTRACTORS.get(fmt)
    if extractor is None:
        raise DisclosureError(f"暂不支持此格式：{fmt}", path)
    doc = extractor(path, data)
    limits.check_text(sum(len(c.text) for line in doc.lines for c in line.cells), path)
    doc.sha256 = sha256_of(data)
    return doc

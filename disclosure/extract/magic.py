"""What a file really is, from its first bytes: for errors that name the real cause.

A file named `x.pdf` that holds random bytes is not "a PDF without its end marker" but not
a PDF at all; a `.docx` that is a ZIP of photos, an Excel workbook or a password-protected
Word file each deserve their own line. `kind_of(data)` names what the bytes are when
their signature is known; `head(data)` shows the first bytes for a file that matches none.
"""
from __future__ import annotations

import io
import re
import zipfile

# signature -> what it is, in Chinese (checked in order: longer signatures first)
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF 文件"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"II*\x00", "TIFF 图片"),
    (b"MM\x00*", "TIFF 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office 97–2003 文档（OLE）"),
    (b"{\\rtf", "RTF 文档"),
    (b"PK\x03\x04", "ZIP 压缩包"),
    (b"PK\x05\x06", "空的 ZIP 压缩包"),
    (b"\x1f\x8b", "GZIP 压缩包"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\xfd7zXZ\x00", "XZ 压缩包"),
    (b"\x7fELF", "可执行程序（ELF）"),
    (b"OggS", "音频文件（Ogg）"),
    (b"ID3", "音频文件（MP3）"),
    (b"SQLite format 3\x00", "SQLite 数据库"),
)
_MEDIA = re.compile(rb"^....ftyp(?:isom|mp4|M4V|M4A|qt|3gp|avc|heic|heix|mif1)", re.S)
_WEBP = re.compile(rb"^RIFF....WEBP", re.S)
_AVI = re.compile(rb"^RIFF....AVI ", re.S)
_WAV = re.compile(rb"^RIFF....WAVE", re.S)
_BMP = re.compile(rb"^BM....\x00\x00\x00\x00", re.S)  # the reserved bytes: text starting "BM" is not a bitmap
_BZIP2 = re.compile(rb"^BZh[1-9]1AY&SY", re.S)

PDF, ENCRYPTED, BROKEN_ZIP = "PDF 文件", "已加密的 Office 文档（设有打开密码）", "ZIP 压缩包（不完整或已损坏）"
OFD, DOCX = "OFD 版式文件（.ofd）", "Word 文档（.docx）"
# what an extractor reads (or judges better itself: a broken ZIP may be a cut .docx)
READABLE = frozenset({PDF, "PNG 图片", "JPEG 图片", "TIFF 图片", "BMP 图片", DOCX,
                      "Office 97–2003 文档（OLE）", "RTF 文档", BROKEN_ZIP, OFD})

# what a ZIP holds, by the part that names it
_ZIP_KINDS = (
    ("OFD.xml", OFD),
    ("word/document.xml", DOCX),
    ("xl/workbook.xml", "Excel 表格（.xlsx）"),
    ("ppt/presentation.xml", "PowerPoint 演示文稿（.pptx）"),
)
_ODF = re.compile(rb"^PK\x03\x04.{26}mimetypeapplication/vnd\.oasis\.opendocument\.(text|spreadsheet|presentation)", re.S)
_ODF_KINDS = {b"text": "OpenDocument 文档（.odt）", b"spreadsheet": "OpenDocument 表格（.ods）",
              b"presentation": "OpenDocument 演示文稿（.odp）"}


def kind_of(data: bytes) -> str | None:
    """What the bytes are by their signature (in Chinese), or None when unknown."""
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            if kind == "ZIP 压缩包":
                return zip_kind(data)
            if kind.startswith("Office") and encrypted_ooxml(data):
                return ENCRYPTED
            return kind
    if b"%PDF-" in data[:1024]:
        return PDF  # readers accept a header within the first 1024 bytes
    if data.startswith(b"MZ") and _is_pe(data):
        return "可执行程序（EXE）"
    for pattern, kind in ((_MEDIA, "音视频或 HEIC 图片"), (_WEBP, "WebP 图片"), (_AVI, "视频文件（AVI）"),
                          (_WAV, "音频文件（WAV）"), (_BMP, "BMP 图片"), (_BZIP2, "BZIP2 压缩包")):
        if pattern.match(data):
            return kind
    return None


def valid_ole(data: bytes) -> bool:
    """An OLE compound file's header as the format fixes it: the byte-order mark, a sector
    size of 512 or 4096 bytes, a mini sector of 64 (what LibreOffice would otherwise read as text)."""
    return (len(data) >= 512 and data[28:30] == b"\xfe\xff"
            and int.from_bytes(data[30:32], "little") in (9, 12) and int.from_bytes(data[32:34], "little") == 6)


def _is_pe(data: bytes) -> bool:
    at = int.from_bytes(data[0x3C:0x40], "little") if len(data) >= 0x40 else -1
    return 0 < at < len(data) - 4 and data[at:at + 4] == b"PE\x00\x00"


def zip_kind(data: bytes) -> str:
    """What a ZIP file holds: a Word, Excel or PowerPoint file, an OpenDocument, or an archive."""
    odf = _ODF.match(data)
    if odf:
        return _ODF_KINDS.get(odf.group(1), "OpenDocument 文件")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return BROKEN_ZIP
    for part, kind in _ZIP_KINDS:
        if part in names:
            return kind
    if any(n.startswith("word/") for n in names):
        return DOCX  # a Word package without its document: the .docx reader says so
    return "ZIP 压缩包"


def encrypted_ooxml(data: bytes) -> bool:
    """A Word/Excel file saved with an open password: Office wraps the encrypted package
    in an OLE container whose directory names the streams EncryptionInfo and EncryptedPackage."""
    return _ENCRYPTED_PACKAGE in data


_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def head(data: bytes, n: int = 8) -> str:
    """The first bytes, as a person can compare them with a known signature: `25 50 44 46 …`."""
    shown = " ".join(f"{b:02X}" for b in data[:n])
    return shown + (" …" if len(data) > n else "")


def described(data: bytes) -> str:
    """The file's first bytes, and what they are when known: for "不是 … 文件（文件头为 …）"."""
    kind = kind_of(data)
    text = "" if kind else _text_kind(data)
    what = f"，是{kind}" if kind else text
    return f"文件头为 {head(data)}{what}"


def _text_kind(data: bytes) -> str:
    sample = data[:512].lstrip()
    low = sample.lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low:
        return "，是网页（HTML）"
    if low.startswith(b"<?xml"):
        return "，是 XML 文件"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            return ""
    return "，是文本" if sample and not any(b < 9 or 13 < b < 32 for b in sample) else ""

"""A corpus of bad files of every kind, written into a folder with what each should give.

    write(folder) -> {name: Expect}

Every file is made here from the real reports in data/samples and from bytes (seeded, so
the corpus is the same on every run): empty files and junk under every extension, junk
behind real magic bytes, cut, encrypted and endless PDFs, zip bombs and malformed Word
files, mislabelled encodings, image bombs, things that are not reports, cut tables,
absurd numbers, odd names and files that are not files. Synthesised reports name agencies
of their own, so nothing here can replace a real report's cells.
"""
from __future__ import annotations

import io
import os
import random
import socket
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from disclosure.render.docx import render_docx
from disclosure.render.html import render_html

from .conftest import REAL, expected

STORED, FAILED, EITHER = "stored", "failed", "either"
SEED_TEXT = (REAL / "shenchi-education-2023.txt").read_text(encoding="utf-8")
SEED_AGENCY = "神池县教育科技局"
EXTENSIONS = (".txt", ".csv", ".text", ".pdf", ".html", ".htm", ".docx", ".doc", ".wps",
              ".png", ".jpg", ".jpeg", ".tif", ".bmp")


@dataclass
class Expect:
    status: str  # stored / failed / either (a reading is fine, so is a clear refusal)
    words: str | None = None  # what the one-line reason must say


def _seeded(agency: str) -> str:
    """The real text report as another agency's (a new report, never the real one's replacement)."""
    return SEED_TEXT.replace(SEED_AGENCY, agency)


def _junk(seed: int, n: int) -> bytes:
    return random.Random(seed).randbytes(n)


def _zip(parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx_parts(document: bytes) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                               b'content-types"><Default Extension="xml" ContentType="application/xml"/>'
                               b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                               b'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       b'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
                       b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": document,
    }


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _word(body: bytes, prolog: bytes = b"") -> bytes:
    return b'<?xml version="1.0"?>' + prolog + b"<w:document " + W + b"><w:body>" + body + b"</w:body></w:document>"


def png_header(width: int, height: int, data: bytes | None = None) -> bytes:
    """A PNG whose header claims width × height, with a few bytes of image data after it."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    rows = data if data is not None else zlib.compress(b"\x00" * 64)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", rows) + chunk(b"IEND", b""))


def _image(size: tuple[int, int], fmt: str, **kw) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", size, 255).save(buf, fmt, **kw)
    return buf.getvalue()


def pdf_of_pages(n: int) -> bytes:
    """A PDF of `n` blank pages (the page tree is all a page count reads)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(n):
        pdf.new_page(595, 842).close()
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def encrypted_office() -> bytes:
    """What Word saves with an open password: an OLE compound file holding the streams
    EncryptionInfo and EncryptedPackage (laid out by the CFB format, version 3)."""
    sector = 512
    free, end, fat_sector, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    info, package = b"\x04\x00\x04\x00\x40\x00\x00\x00" + _junk(1, 4088), _junk(2, 4096)
    fat = [fat_sector, end] + list(range(3, 10)) + [end] + list(range(11, 18)) + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1 if kind else 0)
                + struct.pack("<III", left, right, child) + b"\x00" * 16 + struct.pack("<I", 0) + b"\x00" * 16
                + struct.pack("<III", start, size, 0))

    directory = (entry("Root Entry", 5, nostream, nostream, 1, end, 0)
                 + entry("EncryptionInfo", 2, nostream, 2, nostream, 2, len(info))
                 + entry("EncryptedPackage", 2, nostream, nostream, nostream, 10, len(package))
                 + entry("", 0, nostream, nostream, nostream, 0, 0))
    return header + struct.pack(f"<{len(fat)}I", *fat) + directory + info + package


def _special(folder: Path, out: dict[str, Expect]) -> None:
    os.mkfifo(folder / "pipe.txt")
    out["pipe.txt"] = Expect(FAILED, "命名管道（FIFO）")
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    out["loop.pdf"] = Expect(FAILED, "符号链接循环")
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    out["dangling.txt"] = Expect(FAILED, "符号链接指向的文件不存在")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.html"))
    sock.close()  # the socket file stays
    out["socket.html"] = Expect(FAILED, "套接字")


def files() -> dict[str, tuple[bytes, Expect]]:
    """name -> (bytes, what ingesting it must give)."""
    out: dict[str, tuple[bytes, Expect]] = {}

    def add(name: str, data: bytes, status: str, words: str | None = None) -> None:
        assert name not in out, name
        out[name] = (data, Expect(status, words))

    # --- empty, blank, and junk under every extension --------------------------------------
    for ext in EXTENSIONS:
        add(f"empty{ext}", b"", FAILED, "空文件")
    for ext in (".txt", ".html", ".csv"):
        add(f"blank{ext}", " \r\n\t".encode() + "\u3000\n".encode() * 20, FAILED, "空文件")
    junk_reasons = {".txt": "二进制文件", ".csv": "二进制文件", ".text": "二进制文件", ".html": "二进制文件",
                    ".htm": "二进制文件", ".pdf": "不是PDF 文件（文件头为", ".docx": "不是Word 文档（.docx）（文件头为",
                    ".doc": "不是Word 97–2003 或 WPS 文档（文件头为", ".wps": "不是Word 97–2003 或 WPS 文档（文件头为"}
    for seed in range(6):
        for ext in EXTENSIONS:
            data = b"\x00\x07" + _junk(seed * 100 + len(ext), 3000 + seed * 5000)
            add(f"junk{seed}{ext}", data, FAILED, junk_reasons.get(ext, "不是图片（文件头为"))

    # --- junk behind real magic bytes ---------------------------------------------------------
    for i, size in enumerate((200, 20000)):
        tail = _junk(900 + i, size)
        add(f"magic-pdf{i}.pdf", b"%PDF-1.7\n" + tail, FAILED, "PDF 文件不完整：缺少结尾标记 %%EOF")
        add(f"magic-pdf-eof{i}.pdf", b"%PDF-1.7\n" + tail + b"\n%%EOF\n", FAILED, "PDF 文件已损坏")
        add(f"magic-png{i}.png", b"\x89PNG\r\n\x1a\n" + tail, FAILED, "图片")
        add(f"magic-jpeg{i}.jpg", b"\xff\xd8\xff\xe0" + tail, FAILED, "图片")
        add(f"magic-tiff{i}.tif", b"II*\x00" + tail, FAILED, "图片")
        add(f"magic-zip{i}.docx", b"PK\x03\x04" + tail, FAILED, "不完整或已损坏")
        add(f"magic-gzip{i}.txt", b"\x1f\x8b\x08\x00" + tail, FAILED, "不支持的文件格式：GZIP 压缩包")
        add(f"magic-elf{i}.pdf", b"\x7fELF\x02\x01\x01" + tail, FAILED, "不支持的文件格式：可执行程序（ELF）")
        add(f"magic-gif{i}.png", b"GIF89a" + tail, FAILED, "不支持的文件格式：GIF 图片")
        add(f"magic-rar{i}.doc", b"Rar!\x1a\x07\x00" + tail, FAILED, "不支持的文件格式：RAR 压缩包")
        add(f"magic-sqlite{i}.html", b"SQLite format 3\x00" + tail, FAILED, "不支持的文件格式：SQLite 数据库")
    add("magic-bzip2.txt", b"BZh91AY&SY" + _junk(955, 500), FAILED, "不支持的文件格式：BZIP2 压缩包")
    add("magic-7z.pdf", b"7z\xbc\xaf\x27\x1c" + _junk(956, 500), FAILED, "不支持的文件格式：7z 压缩包")
    add("magic-xz.docx", b"\xfd7zXZ\x00" + _junk(957, 500), FAILED, "不支持的文件格式：XZ 压缩包")
    pe = bytearray(b"MZ" + _junk(958, 600))
    pe[0x3C:0x40], pe[0x80:0x84] = (0x80).to_bytes(4, "little"), b"PE\x00\x00"
    add("setup.doc", bytes(pe), FAILED, "不支持的文件格式：可执行程序（EXE）")
    add("magic-ole.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _junk(950, 4000), FAILED, "OLE 结构）无效")
    add("archive.docx", _zip({"photo.jpg": _junk(951, 3000), "readme.txt": b"hello"}), FAILED, "不支持的文件格式：ZIP 压缩包")
    add("photos.zip", _zip({"a.jpg": _junk(952, 1000)}), FAILED, "不支持的文件格式：ZIP 压缩包")
    add("workbook.docx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), FAILED,
        "不支持的文件格式：Excel 表格（.xlsx）")
    add("slides.pdf", _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"}), FAILED,
        "不支持的文件格式：PowerPoint 演示文稿")
    add("document.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
                             zipfile.ZIP_STORED), FAILED, "不支持的文件格式：OpenDocument 文档")
    add("movie.jpg", b"\x00\x00\x00\x18ftypmp42" + _junk(953, 3000), FAILED, "不支持的文件格式：音视频")
    add("webp.png", b"RIFF\x00\x10\x00\x00WEBPVP8 " + _junk(954, 3000), FAILED, "不支持的文件格式：WebP 图片")

    # --- PDFs: cut, encrypted, endless, empty ---------------------------------------------------
    hongze = (REAL / "hongze-district-2023.pdf").read_bytes()
    for share in (0.05, 0.5, 0.95):
        add(f"cut-{int(share * 100)}.pdf", hongze[: int(len(hongze) * share)], FAILED, "PDF 文件不完整")
    # a PDF of a made-up agency for the cuts that may still read: a real report's would replace it
    other = (Path(__file__).parent / "fixtures" / "pdf" / "html-print-tall-glyphs.pdf").read_bytes()
    add("cut-eof-only.pdf", other[:2000] + b"\n%%EOF\n", EITHER)
    add("encrypted.pdf", (Path(__file__).parent / "fixtures" / "pdf" / "encrypted.pdf").read_bytes(), FAILED, "PDF 已加密")
    add("endless.pdf", pdf_of_pages(1500), FAILED, "PDF 页数超过上限：1,500 页")
    add("blank-page.pdf", pdf_of_pages(1), FAILED, "没有识别到文字")
    add("no-pages.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
                        b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", FAILED, "PDF 没有任何页面")
    shuffled = bytearray(other)
    shuffled[len(other) // 3: len(other) // 3 + 4000] = _junk(960, 4000)
    add("scrambled.pdf", bytes(shuffled), EITHER)
    add("html-as.pdf", b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>", FAILED)

    # --- Word: bombs, malformed, encrypted, cut ---------------------------------------------------
    add("bomb.docx", _zip(_docx_parts(b"\x00" * (40 * 1024 * 1024))), FAILED, "疑似 zip 炸弹")
    add("no-document.docx", _zip({"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"}), FAILED,
        "压缩包中没有 word/document.xml")
    add("bad-xml.docx", _zip(_docx_parts(b"<w:document><w:body><w:p>unclosed")), FAILED, "无法读取 Word 文档")
    add("xxe.docx", _zip(_docx_parts(_word(b"<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>",
                                           b'<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))), FAILED)
    laughs = b'<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + b"".join(
        b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&" + bytes([97 + i]) + b";") * 10) for i in range(8)) + b"]>"
    add("laughs.docx", _zip(_docx_parts(_word(b"<w:p><w:r><w:t>&i;</w:t></w:r></w:p>", laughs))), FAILED)
    add("empty-body.docx", _zip(_docx_parts(_word(b""))), FAILED, "Word 文档中没有文字")
    add("password.docx", encrypted_office(), FAILED, "设有打开密码")
    word = render_docx(expected("huaian-city-2024") | {"agency": "淮安市测试局"})
    add("cut-word.docx", word[: len(word) // 2], FAILED, "不完整或已损坏")
    add("notice.docx", _zip(_docx_parts(_word(b"<w:p><w:r><w:t>\xe5\x85\xb3\xe4\xba\x8e\xe4\xb8\xbe\xe5\x8a\x9e"
                                              b"\xe8\xbf\x90\xe5\x8a\xa8\xe4\xbc\x9a\xe7\x9a\x84\xe9\x80\x9a\xe7\x9f\xa5"
                                              b"</w:t></w:r></w:p>"))), FAILED, "不是政府信息公开工作年度报告")

    # --- encodings --------------------------------------------------------------------------------
    gbk = _seeded("神池县编码测试局").replace("“", '"').replace("”", '"')
    add("gbk.txt", gbk.encode("gbk"), STORED)
    add("utf16-no-bom.txt", _seeded("神池县无标记局").encode("utf-16-le"), STORED)
    add("utf16-bom.txt", _seeded("神池县有标记局").encode("utf-16"), STORED)
    page = render_html(expected("shanghai-office-2019") | {"agency": "上海市编码测试办"})
    add("gbk-says-utf8.html", page.decode("utf-8").encode("gb18030"), EITHER)  # its <meta> says UTF-8
    add("big5.txt", "臺灣省政府資訊公開年報\n本年度無申請。\n".encode("big5"), FAILED)
    add("shift-jis.txt", "情報公開年次報告書です。\n".encode("shift_jis") * 20, FAILED)
    add("latin1.txt", ("Rapport annuel d'activité - données sensibles: é à ç\n" * 30).encode("latin-1"), FAILED)
    add("half-utf8.txt", _seeded("神池县半截局").encode("utf-8")[:-1] + b"\xff\xfe", EITHER)

    # --- images -------------------------------------------------------------------------------------
    add("bomb.png", png_header(40000, 40000), FAILED, "图片像素超过上限")
    add("wide-bomb.png", png_header(20000, 5000), FAILED, "图片像素超过上限")
    add("wide-strip.png", png_header(200000, 100), FAILED, "长宽比超过")
    add("sliver.png", _image((1000, 1), "PNG"), FAILED, "图片太小")
    add("strip.png", _image((40, 2000), "PNG"), FAILED, "长宽比超过")
    jpeg = _image((600, 800), "JPEG")
    add("cut.jpg", jpeg[: len(jpeg) // 3], FAILED, "图片")
    add("blank-page.png", _image((600, 800), "PNG"), FAILED, "图片中没有识别到文字")
    add("bad-crc.png", png_header(100, 100, b"not zlib at all"), FAILED, "图片")

    # --- not reports -----------------------------------------------------------------------------------
    add("notice.txt", "关于召开2024年春季运动会的通知\n\n各单位：请于三月一日前报名。\n".encode(), FAILED,
        "不是政府信息公开工作年度报告")
    add("news.html", "<html><body><p>全市优化营商环境大会召开，会议强调持续深化改革。</p></body></html>".encode(), FAILED,
        "不是政府信息公开工作年度报告")
    add("app-shell.html", b'<html><head><script src="app.js"></script></head><body><div id="app"></div></body></html>',
        FAILED, "网页没有正文")
    add("numbers.csv", "\n".join(",".join(str(i * j) for j in range(10)) for i in range(200)).encode(), FAILED)
    add("poem.txt", ("床前明月光，疑是地上霜。举头望明月，低头思故乡。\n" * 50).encode(), FAILED)
    add("title-only.txt", "2023年度政府信息公开工作年度报告\n".encode(), FAILED)
    add("script.html", b"<html><body><script>alert(1)</script><p>" + "测试页面".encode() + b"</p></body></html>", FAILED)
    add("sql.txt", _seeded("神池县'; DROP TABLE reports; --局").encode(), EITHER)
    add("markup-agency.txt", _seeded("神池县[教育](http://evil.example)科技局").encode(), STORED)
    add("formula-agency.txt", _seeded('=HYPERLINK("http://evil.example","点击")教育局').encode(), EITHER)

    # --- cut tables and absurd numbers -------------------------------------------------------------------
    for name, cut in (("cut-table", lambda ls, at: ls[: at + 3]), ("cut-middle", lambda ls, at: ls[:at] + ls[at + 8:]),
                      ("header-only", lambda ls, at: ls[:at])):
        lines = _seeded(f"神池县{name}局").splitlines()
        at = next(i for i, ln in enumerate(lines) if "本年度办理结果" in ln or "（一）予以公开" in ln)
        add(f"{name}.txt", "\n".join(cut(lines, at)).encode(), EITHER)
    cells = {"1e40": "1" + "0" * 40, "digits400": "9" * 400, "negative": "-5", "fraction": "2.5",
             "exponent": "1e40", "money": "99999999999"}
    for name, value in cells.items():
        text = _seeded(f"神池县数值{name}局").replace("行政处罚\t0", f"行政处罚\t{value}", 1)
        add(f"absurd-{name}.txt", text.encode(), STORED)

    # --- huge ----------------------------------------------------------------------------------------------
    add("long-text.txt", (_seeded("神池县长文局") + "本年度继续加强政务公开工作。\n" * 160_000).encode(), FAILED,
        "文字长度超过上限")
    return out


def write(folder: Path) -> dict[str, Expect]:
    """Write the corpus into `folder`; returns name -> Expect (names as `collect()` shows them)."""
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Expect] = {}
    for name, (data, expect) in files().items():
        (folder / name).write_bytes(data)
        out[name] = expect
    for name, size in (("sparse-60mb.txt", 60), ("sparse-200mb.pdf", 200)):
        with open(folder / name, "wb") as fh:
            fh.truncate(size * 1024 * 1024)  # sparse: the size is refused before a byte is read
        out[name] = Expect(FAILED, "文件大小超过上限")
    _special(folder, out)
    # odd names: bytes that are not UTF-8, a newline, a name too long to print, markup, a leading dash
    raw = os.fsencode(folder)
    odd = {b"bad_utf8_\xff\xfe.txt": (_junk(970, 2000), "二进制文件"),
           "半个字".encode("utf-8")[:-1] + b".txt": (_seeded("神池县半字名局").encode(), None),
           b"two\nlines.pdf": (_junk(971, 500), "不是PDF 文件"),
           ("长" * 80 + ".txt").encode(): (b"", "空文件"),
           "**粗**[链接](https:evil.example).html".encode(): (b"<html><body><p>hi</p></body></html>", "不是政府信息公开"),
           b"-rf.txt": (b"", "空文件"),
           "=1+1.txt".encode(): (_junk(972, 100), "二进制文件"),
           "\u202etxt.exe.pdf".encode(): (_junk(973, 100), "不是PDF 文件")}
    from disclosure import names

    for name, (data, words) in odd.items():
        with open(os.path.join(raw, name), "wb") as fh:
            fh.write(data)
        out[names.shown(os.fsdecode(name))] = Expect(STORED if words is None else FAILED, words)
    return out

"""An agency's site on 127.0.0.1 for the collector's tests: saved pages served as a real
site serves them (nothing leaves the machine).

    /robots.txt                      disallows /private/
    /xxgk/ndbg/index.html            GBK list page 1: report page A, report page B, a 404, a notice,
                                     a robots-disallowed entry, 下一页
    /xxgk/ndbg/index_1.html          GBK list page 2: B again (a duplicate), C through a redirect,
                                     a slow 503
    /xxgk/ndbg/202401/t1.html        A: the report itself as a GBK web page (淮安市教育局 2023)
    /xxgk/ndbg/202401/t2.html        B: a page with the real 洪泽区 2023 PDF attached
    /old/t3.html -> 301 -> /xxgk/ndbg/202401/t3.html   C: a page with a DOCX that prints no date
    /about.html                      a page that is no report
    /files/…                         the attachments

Every answer carries an ETag and Last-Modified, honoured by If-None-Match and
If-Modified-Since (unless `validators` is off); the server counts what it sent.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from disclosure.render.docx import render_docx
from disclosure.render.html import render_html

from . import dashboard_corpus as D
from .conftest import SAMPLES

LAST_MODIFIED = formatdate(1706000000, usegmt=True)
SLOW = 0.3  # seconds the 503 takes


def _report(agency: str, published: str | None) -> dict:
    r = D.report(agency, 2023, 80, {}, 30)
    r["published"] = published
    return r


def _gbk(html: str) -> bytes:
    return html.encode("gbk")


def _list_page(entries: str, nav: str) -> bytes:
    return _gbk(f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>政府信息公开年报_淮安市人民政府</title></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk/">信息公开</a> &gt; 政府信息公开年报</div>
<ul class="list">{entries}</ul><div class="page">{nav}</div>
<div class="foot">主办：淮安市人民政府办公室</div></body></html>""")


def _entry(href: str, title: str, date: str) -> str:
    return f'<li><a href="{href}" title="{title}" target="_blank">{title}</a><span class="date">{date}</span></li>'


def _article(title: str, date_label: str, body: str) -> bytes:
    return _gbk(f"""<!DOCTYPE html><html><head><meta charset="gb2312"><title>{title}_淮安市人民政府</title></head>
<body><div class="article"><h1>{title}</h1><div class="info">{date_label}　来源：市政府办公室</div>
{body}</div><div class="pre">上一篇：<a href="/xxgk/ndbg/202401/t1.html">淮安市教育局2023年政府信息公开工作年度报告</a></div>
</body></html>""")


def site() -> dict[str, tuple[int, dict, bytes]]:
    """path -> (status, headers, body)."""
    a = render_html(_report("淮安市教育局", "2024-01-18"), "national", encoding="gbk")
    pdf = (SAMPLES / "hongze-district-2023.pdf").read_bytes()
    docx = render_docx(_report("淮安市公安局", None))
    html = {"Content-Type": "text/html"}  # no charset in the header: the page declares it
    pages = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/xxgk/ndbg/index.html": (200, html, _list_page(
            _entry("/xxgk/ndbg/202401/t1.html", "淮安市教育局2023年政府信息公开工作年度报告", "2024-01-18")
            + _entry("202401/t2.html", "洪泽区人民政府2023年政府信息公开工作年度报告", "2024-01-25")
            + _entry("/xxgk/ndbg/gone.html", "淮安市民政局2022年政府信息公开工作年度报告", "2023-01-30")
            + _entry("/xxgk/tzgg/notice.html", "关于做好2023年度政府信息公开工作年度报告编制发布工作的通知", "2023-12-20")
            + _entry("/private/t9.html", "淮安市财政局2023年政府信息公开工作年度报告", "2024-01-20"),
            '<span>1</span> <a href="index_1.html">2</a> <a href="index_1.html">下一页</a>')),
        "/xxgk/ndbg/index_1.html": (200, html, _list_page(
            _entry("/xxgk/ndbg/202401/t2.html", "洪泽区人民政府2023年政府信息公开工作年度报告", "2024-01-25")
            + _entry("/old/t3.html", "淮安市公安局2023年政府信息公开工作年度报告", "2024-01-16")
            + _entry("/xxgk/ndbg/slow.html", "淮安市交通运输局2021年政府信息公开工作年度报告", "2022-01-28"),
            '<a href="index.html">上一页</a> <span>2</span>')),
        "/xxgk/ndbg/202401/t1.html": (200, html, a),
        "/xxgk/ndbg/202401/t2.html": (200, html, _article(
            "洪泽区人民政府2023年政府信息公开工作年度报告", "发布日期：2024-01-25",
            '<p>附件：<a href="/files/hongze-2023.pdf">洪泽区人民政府2023年政府信息公开工作年度报告.pdf</a></p>')),
        "/old/t3.html": (301, {"Location": "/xxgk/ndbg/202401/t3.html"}, b""),
        "/xxgk/ndbg/202401/t3.html": (200, html, _article(
            "淮安市公安局2023年政府信息公开工作年度报告", "发布时间：2024年01月16日",
            '<p><a href="/files/c.docx">点击下载：淮安市公安局2023年政府信息公开工作年度报告.docx</a></p>')),
        "/about.html": (200, html, _gbk('<html><head><meta charset="gbk"><title>机构概况</title></head>'
                                        '<body><h1>机构概况</h1><p>本局主要职责……</p></body></html>')),
        "/files/hongze-2023.pdf": (200, {"Content-Type": "application/pdf"}, pdf),
        "/files/c.docx": (200, {"Content-Type": "application/octet-stream",
                                "Content-Disposition": "attachment; filename=report-2023.docx"}, docx),
    }
    return pages


class Site:
    """The site served on 127.0.0.1 (a context manager)."""

    def __init__(self, validators: bool = True):
        self.pages = site()
        self.validators = validators
        self.sent = Counter()  # path -> bodies sent (200)
        self.hits = Counter()  # path -> requests
        self.active = 0
        self.most_at_once = 0
        self.starts: list[float] = []
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                with site._lock:
                    site.hits[self.path] += 1
                    site.active += 1
                    site.most_at_once = max(site.most_at_once, site.active)
                    site.starts.append(time.monotonic())
                try:
                    self._answer()
                finally:
                    with site._lock:
                        site.active -= 1

            def _answer(self):
                if self.path == "/xxgk/ndbg/slow.html":
                    time.sleep(SLOW)
                    return self._send(503, {"Retry-After": "1"}, b"busy")
                found = site.pages.get(self.path)
                if found is None:
                    return self._send(404, {"Content-Type": "text/html"}, b"<h1>404</h1>")
                status, headers, body = found
                if status != 200:
                    return self._send(status, headers, body)
                etag = '"' + hashlib.md5(body).hexdigest() + '"'
                if site.validators:
                    headers = {**headers, "ETag": etag, "Last-Modified": LAST_MODIFIED}
                    if self.headers.get("If-None-Match") == etag or (
                            self.headers.get("If-Modified-Since") == LAST_MODIFIED and not self.headers.get("If-None-Match")):
                        return self._send(304, {"ETag": etag}, b"")
                with site._lock:
                    site.sent[self.path] += 1
                return self._send(200, headers, body)

            def _send(self, status, headers, body):
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

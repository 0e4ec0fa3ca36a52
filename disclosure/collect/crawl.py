"""A collection run: walk each source, save each document, ingest what is new.

    run(sources, folder, db_path, politeness=…, progress=…) -> Run

Each source is walked in a thread of its own (hosts' gates keep the politeness, whatever
the number of threads): a list page gives report entries and its next pages, an entry gives
a report page or a file, a report page gives its attachments (or is the report itself).
Every URL is fetched once per run, whichever sources and pages list it. A document is saved
under `folder/<host>/` beside a sidecar `<name>.json` (its URL, the page's title and date,
the fetch time, the validators), then ingested with its URL as provenance and the page's
date as `published` when the document prints none.

Incremental: a URL fetched before is asked for with its validators (304: nothing is
downloaded, what the page held is remembered); a body whose hash is unchanged is not
written again; a document is ingested only when it is new to the database (by hash), so a
second run stores nothing, and a run stopped halfway resumes where it was: what was saved
but not ingested is ingested next time.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from typing import Callable
from urllib.parse import unquote, urlsplit

from ..model import DisclosureError
from ..store.files import write_whole
from . import state
from .fetch import Fetcher, FetchError, Politeness, Response, host_of
from .pages import Link, Page, is_document, is_report_title, read_page, suffix
from .sources import Source

MAX_PAGES = 100  # list pages walked per source (pagination included)
PAGE_KINDS = ("list", "report", "other")  # web pages whose content is remembered (other: no report)
NOT_A_REPORT = "不是年度报告页面：没有找到年度报告的链接，页面标题也不是年度报告"
_CONTENT_TYPES = {
    "application/pdf": ".pdf", "application/msword": ".doc", "application/vnd.ms-works": ".wps",
    "application/kswps": ".wps", "application/wps-office.wps": ".wps",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/ofd": ".ofd", "image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif", "image/bmp": ".bmp",
    "text/html": ".html", "application/xhtml+xml": ".html",
}


@dataclass
class Document:
    url: str
    path: str
    sha256: str
    published: str | None
    fresh: bool  # written by this run (new or changed)


@dataclass
class SourceRun:
    source: Source
    documents: list[Document] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)  # {"url", "reason"}
    urls: list[dict] = field(default_factory=list)  # state rows for collect_urls
    new: int = 0
    unchanged: int = 0

    @property
    def found(self) -> int:
        return len(self.documents)


@dataclass
class Run:
    run_id: int | None
    sources: list[SourceRun]
    requests: int = 0

    @property
    def found(self) -> int:
        """Distinct documents (one two sources reach counts once)."""
        return len({d.url for s in self.sources for d in s.documents})

    @property
    def new(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def failures(self) -> list[dict]:
        """Each failing URL once."""
        return list({f["url"]: f for s in self.sources for f in s.failures}.values())


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


def _is_html(resp: Response) -> bool:
    if resp.content_type in ("text/html", "application/xhtml+xml"):
        return True
    if resp.content_type in _CONTENT_TYPES or is_document(resp.url):
        return False
    head = resp.content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<!--"))


def _charset(resp: Response) -> str | None:
    msg = Message()
    msg["content-type"] = resp.headers.get("content-type", "")
    return msg.get_param("charset")


def _file_name(resp: Response) -> str:
    """The document's name: Content-Disposition's, else the URL's last part."""
    disposition = resp.headers.get("content-disposition", "")
    if disposition:
        msg = Message()
        msg["content-disposition"] = disposition
        name = msg.get_filename()
        if name:
            return name
    return unquote(os.path.basename(urlsplit(resp.url).path))


def _safe(text: str, limit: int = 80) -> str:
    text = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", text).strip(" ._")
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text or "document"


def _ending(resp: Response, name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    if ext in (".pdf", ".doc", ".docx", ".wps", ".ofd", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp", ".html",
               ".htm", ".txt"):
        return ext
    if resp.content_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[resp.content_type]
    data = resp.content[:8]
    if data.startswith(b"%PDF"):
        return ".pdf"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ".doc"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"
    return ".html" if _is_html(resp) else ".bin"


def saved_path(folder: str, url: str, resp: Response) -> str:
    """Where the document of `url` is saved: the same place every run (a changed document
    replaces its earlier copy here; the database's documents folder keeps every version)."""
    name = _file_name(resp)
    ending = _ending(resp, name)
    stem = _safe(os.path.splitext(name)[0]) if name else "document"
    tag = hashlib.sha1(url.encode("utf-8")).hexdigest()[:8]
    host = _safe(urlsplit(url).netloc.replace(":", "_"), 60)
    return os.path.join(folder, host, f"{stem}-{tag}{ending}")


@dataclass
class Visit:
    """What one URL gave this run (computed once, whichever walks reach it)."""
    kind: str  # list / report / document / failed
    page: Page | None = None
    document: Document | None = None
    reason: str | None = None
    row: dict | None = None  # its state for collect_urls


class _Walk:
    """One source's walk (in its own thread)."""

    def __init__(self, crawler: "Crawler", source: Source):
        self.c, self.source = crawler, source
        self.out = SourceRun(source)
        self.pages = 0
        self.seen: set[str] = set()

    def run(self) -> SourceRun:
        queue: deque[tuple[str, str | None, bool]] = deque([(self.source.url, None, True)])
        while queue:
            url, published, listing = queue.popleft()
            if url in self.seen:
                continue
            self.seen.add(url)
            visit, mine = self.c.visit(url, lambda: self._compute(url, published, listing))
            if mine and visit.row is not None:
                self.out.urls.append(visit.row)
            self._follow(visit, url, published, listing, queue)
        return self.out

    def _follow(self, visit: Visit, url: str, published, listing: bool, queue) -> None:
        if visit.kind == "failed":
            self.out.failures.append({"url": url, "reason": visit.reason})
        elif visit.kind == "document":
            self.out.documents.append(visit.document)
        elif visit.kind == "list":
            self.pages += 1
            page = visit.page
            for entry in page.entries:
                queue.append((entry.url, entry.published, False))
            for link in page.attachments:  # a list linking a report's file directly
                if is_report_title(link.text) or is_report_title(os.path.basename(unquote(link.url))):
                    queue.append((link.url, link.published, False))
            if self.pages < self.c.max_pages:
                origin = host_of(self.source.url)
                queue.extend((nxt, None, True) for nxt in page.next_pages if host_of(nxt) == origin)
        elif visit.kind == "report":
            date = visit.page.published or published
            for link in visit.page.attachments:
                queue.append((link.url, date, False))
            if visit.document is not None:  # no attachment: the page itself is the report
                self.out.documents.append(visit.document)

    def _compute(self, url: str, published: str | None, listing: bool) -> Visit:
        try:
            return self._fetched(url, published, listing)
        except (FetchError, DisclosureError) as exc:
            reason = exc.reason
        return Visit("failed", reason=reason, row={"url": url, "source": self.source.url, "kind": "failed",
                                                   "status": "failed", "reason": reason, "fetched_at": _now()})

    def _fetched(self, url: str, published: str | None, listing: bool) -> Visit:
        prev = self.c.known.get(url)
        resp, prev = self.c.fetch(url, prev)
        if resp.not_modified and prev["kind"] in PAGE_KINDS and prev.get("page") is not None:
            return self._page(url, Page.from_json(prev["page"]), published, listing, resp, prev)
        if resp.not_modified or not _is_html(resp):
            doc, row = self._document(url, resp, published, prev)
            return Visit("document", document=doc, row=row)
        page = read_page(resp.content, resp.url, _charset(resp))
        return self._page(url, page, published, listing, resp, prev)

    def _page(self, url, page: Page, published, listing: bool, resp: Response, prev) -> Visit:
        kind = page.kind
        row = {"url": url, "source": self.source.url, "etag": resp.etag or (prev or {}).get("etag"),
               "last_modified": resp.last_modified or (prev or {}).get("last_modified"),
               "sha256": _sha(resp) or (prev or {}).get("sha256"), "published": page.published or published,
               "title": page.title, "page": page.to_json(), "status": _status(resp, prev), "fetched_at": _now()}
        if kind == "list" and listing:
            return Visit("list", page=page, row={**row, "kind": "list"})
        if kind in ("report", "list"):
            row["kind"] = "report"
            if page.attachments:
                return Visit("report", page=page, row=row)
            doc, _ = self._document(url, resp, page.published or published, prev)
            row["path"] = doc.path
            return Visit("report", page=page, document=doc, row=row)
        # not a report: said as a failure, and remembered with its validators, so that an
        # unchanged page is not downloaded again to be refused again
        return Visit("failed", page=page, reason=NOT_A_REPORT,
                     row={**row, "kind": "other", "status": "failed", "reason": NOT_A_REPORT})

    def _document(self, url, resp: Response, published, prev) -> tuple[Document, dict]:
        if resp.not_modified:
            path, sha, fresh = prev.get("path"), prev.get("sha256"), False
        else:
            sha = _sha(resp)
            same = prev is not None and prev.get("sha256") == sha and prev.get("path") and os.path.exists(prev["path"])
            path = prev["path"] if same else saved_path(self.c.folder, url, resp)
            fresh = not same
            if fresh:
                write_whole(path, resp.content)
        published = published or (prev or {}).get("published")
        location = url if resp.not_modified else resp.url
        sidecar = {"url": location, "source": self.source.url, "agency": self.source.agency,
                   "published": published, "fetched_at": _now(), "etag": resp.etag or (prev or {}).get("etag"),
                   "last_modified": resp.last_modified or (prev or {}).get("last_modified"), "sha256": sha}
        if fresh or not os.path.exists(path + ".json"):
            write_whole(path + ".json", json.dumps(sidecar, ensure_ascii=False, indent=1).encode("utf-8"))
        row = {"url": url, "source": self.source.url, "kind": "document", "etag": sidecar["etag"],
               "last_modified": sidecar["last_modified"], "sha256": sha, "path": path, "published": published,
               "title": None, "page": None, "status": _status(resp, prev), "fetched_at": sidecar["fetched_at"]}
        return Document(location, path, sha, published, fresh), row


def _sha(resp: Response) -> str | None:
    return hashlib.sha256(resp.content).hexdigest() if resp.status == 200 else None


def _status(resp: Response, prev: dict | None) -> str:
    if resp.not_modified:
        return "unchanged"
    if prev is None or prev.get("kind") == "failed":
        return "new"
    return "unchanged" if prev.get("sha256") == _sha(resp) else "changed"


class Crawler:
    def __init__(self, folder: str, known: dict[str, dict], fetcher: Fetcher, max_pages: int = MAX_PAGES):
        self.folder, self.known, self.fetcher, self.max_pages = folder, known, fetcher, max_pages
        self._visits: dict[str, tuple[threading.Event, list]] = {}
        self._lock = threading.Lock()

    def visit(self, url: str, compute: Callable[[], Visit]) -> tuple[Visit, bool]:
        """(what `url` gave this run, whether this call computed it): fetched once per run,
        whichever walk asks first; the others wait for it."""
        with self._lock:
            found = self._visits.get(url)
            if found is None:
                found = self._visits[url] = (threading.Event(), [])
                mine = True
            else:
                mine = False
        event, box = found
        if mine:
            try:
                box.append(compute())
            finally:
                event.set()
        else:
            event.wait()
        return box[0], mine

    def fetch(self, url: str, prev: dict | None) -> tuple[Response, dict | None]:
        """GET with the validators of the last fetch, when what it gave is still at hand."""
        usable = prev is not None and prev.get("kind") != "failed" and (
            prev.get("kind") in PAGE_KINDS and prev.get("page") is not None or
            prev.get("path") and os.path.exists(prev["path"]))
        if prev is not None and prev.get("kind") == "report" and prev.get("path") and not os.path.exists(prev["path"]):
            usable = False
        if not usable:
            return self.fetcher.get(url), prev
        return self.fetcher.get(url, prev.get("etag"), prev.get("last_modified")), prev


Progress = Callable[[str], None]


def run(sources: list[Source], folder: str, db_path: str, politeness: Politeness = Politeness(),
        progress: Progress | None = None, workers: int = 4, max_pages: int = MAX_PAGES, check: bool = True,
        user: str | None = None, transport=None) -> Run:
    """Collect every source into `folder` and ingest what is new into `db_path`."""
    from ..store.writes import write

    folder = os.path.abspath(folder)
    os.makedirs(folder, exist_ok=True)
    say = progress or (lambda line: None)
    started = write(db_path, "collect_start", user=user,
                    sources=[{"url": s.url, "agency": s.agency} for s in sources], folder=folder)
    run_id = started["run_id"]
    known = state.known_urls(db_path)
    done: list[SourceRun] = []
    told: set[str] = set()
    with Fetcher(politeness, transport=transport) as fetcher:
        crawler = Crawler(folder, known, fetcher, max_pages)
        with ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="collect") as pool:
            pending = {pool.submit(_Walk(crawler, s).run): s for s in sources}
            while pending:
                finished, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    source = pending.pop(future)
                    try:
                        walked = future.result()
                    except Exception as exc:  # one source's surprise never ends the run
                        walked = SourceRun(source, failures=[{"url": source.url,
                                                              "reason": f"意外错误：{type(exc).__name__}: {exc}"}])
                    _ingest(walked, db_path, check, user, say)
                    write(db_path, "collect_source_done", user=user, run_id=run_id, source=source.url,
                          agency=source.agency, found=walked.found, new=walked.new, unchanged=walked.unchanged,
                          failures=walked.failures, urls=walked.urls)
                    for f in walked.failures:
                        if f["url"] not in told:  # a page two sources reach fails once
                            told.add(f["url"])
                            say(f"失败  {f['url']}：{f['reason']}")
                    say(f"来源 {source.agency or source.url}：找到 {walked.found} 份，新入库 {walked.new} 份，"
                        f"未变化 {walked.unchanged} 份，失败 {len(walked.failures)} 处")
                    done.append(walked)
        requests = fetcher.requests
    order = {s.url: i for i, s in enumerate(sources)}
    done.sort(key=lambda w: order.get(w.source.url, 0))
    result = Run(run_id, done, requests)
    write(db_path, "collect_finish", user=user, run_id=run_id, found=result.found, new=result.new,
          failed=len(result.failures))
    return result


def _ingest(walked: SourceRun, db_path: str, check: bool, user, say: Progress) -> None:
    """Ingest the source's documents that are new to the database (by hash, once each)."""
    from ..store.ingest import FAILED, ingest_batch

    seen = state.known_documents(db_path, sorted({d.sha256 for d in walked.documents if d.sha256}))
    todo: dict[str, Document] = {}
    for d in walked.documents:
        if d.sha256 in seen or not d.path or not os.path.exists(d.path):
            walked.unchanged += 1
            continue
        seen.add(d.sha256)
        todo[d.path] = d
    if not todo:
        return
    metadata = {p: {"source_url": d.url, "published": d.published} for p, d in todo.items()}
    result = ingest_batch(list(todo), db_path, registry=None, check=check, user=user, metadata=metadata)
    for outcome in result.outcomes:
        doc = todo.get(outcome.path)
        url = doc.url if doc else outcome.path
        if outcome.status == FAILED:
            walked.failures.append({"url": url, "reason": f"导入失败：{outcome.reason}"})
        elif outcome.status == "unchanged":
            walked.unchanged += 1
        else:
            walked.new += 1
            say(f"入库  {outcome.agency} {outcome.year}  {url}")
    for error in result.rule_errors:
        say(f"检查出错：{error}")

"""Polite HTTP for the collector: httpx for the requests, tenacity for the retries,
Protego for robots.txt.

- robots.txt is read once per host and honoured (its Crawl-delay too); a robots.txt that
  cannot be read because the server fails (5xx, timeout) means "do not crawl" (RFC 9309
  §2.3.1.4), one that does not exist (4xx) means everything is allowed;
- each host has a gate: at most `per_host` requests at once, and `delay` seconds between
  the starts of two requests;
- every request has a timeout; 5xx answers, 429, timeouts and broken connections are
  retried with exponential backoff (`retries` attempts in all), other answers are not;
- a file is read as a stream and refused once it passes the file-size limit;
- conditional requests (If-None-Match / If-Modified-Since) let an unchanged document
  answer 304 without its bytes.

Every failure is a FetchError whose reason is one Chinese line (`404 Not Found`,
`503 Service Unavailable（共尝试 3 次）`, `超时（共尝试 3 次）`, `robots.txt 不允许抓取`).
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego
from tenacity import Retrying, retry_if_exception, stop_after_attempt, wait_exponential

from .. import limits

REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 10
USER_AGENT = "disclosure-collector/0.1 (government-disclosure report supervision; honours robots.txt)"


class FetchError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Transient(Exception):
    """An answer worth another try (5xx, 429) or a request that timed out or broke."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Response:
    url: str  # after redirects
    status: int
    content: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class Politeness:
    delay: float = 1.0  # seconds between two request starts on one host
    per_host: int = 2  # requests at once on one host
    timeout: float = 20.0  # seconds for connecting, and between two reads
    retries: int = 3  # attempts in all for a transient failure
    backoff: float = 1.0  # first wait between attempts (doubling, at most 30 s)
    user_agent: str = USER_AGENT


class _Gate:
    def __init__(self, per_host: int, delay: float):
        self.slots = threading.Semaphore(max(1, per_host))
        self.lock = threading.Lock()
        self.delay = delay
        self.next_start = 0.0

    @contextmanager
    def turn(self):
        with self.slots:
            with self.lock:
                now = time.monotonic()
                start = max(now, self.next_start)
                self.next_start = start + self.delay
            if start > now:
                time.sleep(start - now)
            yield


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class Fetcher:
    """One client for a run, shared by its threads."""

    def __init__(self, politeness: Politeness = Politeness(), transport: httpx.BaseTransport | None = None):
        self.p = politeness
        self.client = httpx.Client(
            follow_redirects=False, transport=transport,
            timeout=httpx.Timeout(politeness.timeout),
            headers={"User-Agent": politeness.user_agent, "Accept-Language": "zh-CN,zh;q=0.9"},
        )
        self._gates: dict[str, _Gate] = {}
        self._robots: dict[str, Protego | str] = {}  # host -> rules, or why the host may not be crawled
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self.requests = 0  # sent, robots.txt included

    def close(self) -> None:
        self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _gate(self, host: str, delay: float | None = None) -> _Gate:
        with self._lock:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _Gate(self.p.per_host, self.p.delay)
            if delay is not None:
                gate.delay = max(gate.delay, delay)
            return gate

    # --- robots.txt -----------------------------------------------------------------------

    def _rules(self, host: str) -> Protego | str:
        with self._lock:
            found = self._robots.get(host)
            if found is None:
                host_lock = self._robots_locks.setdefault(host, threading.Lock())
        if found is not None:
            return found
        with host_lock:  # one robots.txt request per host, whichever threads ask at once
            with self._lock:
                found = self._robots.get(host)
            if found is not None:
                return found
            return self._read_rules(host)

    def _read_rules(self, host: str) -> Protego | str:
        try:
            resp = self._send(f"{host}/robots.txt", {}, host)
        except FetchError as exc:
            found = f"robots.txt 无法读取（{exc.reason}），按 RFC 9309 暂不抓取该网站"
        else:
            if resp.status >= 400:
                found = Protego.parse("")  # no robots.txt: everything allowed
            else:
                found = Protego.parse(resp.content.decode("utf-8", errors="replace"))
        if isinstance(found, Protego):
            delay = found.crawl_delay(self.p.user_agent)
            if delay:
                self._gate(host, float(delay))
        with self._lock:
            self._robots.setdefault(host, found)
            return self._robots[host]

    def allowed(self, url: str) -> str | None:
        """Why robots.txt forbids `url`, or None."""
        rules = self._rules(host_of(url))
        if isinstance(rules, str):
            return rules
        return None if rules.can_fetch(url, self.p.user_agent) else "robots.txt 不允许抓取"

    # --- requests -------------------------------------------------------------------------

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """The answer to GET `url` (304 when a validator given still holds); FetchError with
        the reason for anything else that is not a success."""
        why = self.allowed(url)
        if why:
            raise FetchError(why)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for _hop in range(MAX_REDIRECTS + 1):
            resp = self._send(url, headers, host_of(url))
            location = resp.headers.get("location")
            if resp.status not in REDIRECTS or not location:
                break
            # each hop through its host's gate and robots.txt, like any request
            url = urljoin(url, location)
            why = self.allowed(url)
            if why:
                raise FetchError(f"重定向到 {url}：{why}")
        else:
            raise FetchError("重定向次数过多")
        if resp.status >= 400:
            raise FetchError(_status_line(resp.status))
        return resp

    def _send(self, url: str, headers: dict, host: str) -> Response:
        attempts = max(1, self.p.retries)
        retrying = Retrying(stop=stop_after_attempt(attempts),
                            wait=wait_exponential(multiplier=self.p.backoff, max=30),
                            retry=retry_if_exception(lambda e: isinstance(e, _Transient)), reraise=True)
        try:
            for attempt in retrying:
                with attempt:
                    return self._once(url, headers, host)
        except _Transient as exc:
            raise FetchError(f"{exc.reason}（共尝试 {attempts} 次）") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _once(self, url: str, headers: dict, host: str) -> Response:
        limit = limits.FILE_MB.value * 1024 * 1024
        with self._gate(host).turn():
            with self._lock:
                self.requests += 1
            try:
                with self.client.stream("GET", url, headers=headers) as r:
                    if r.status_code >= 500 or r.status_code == 429:
                        raise _Transient(_status_line(r.status_code))
                    declared = r.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > limit:
                        raise FetchError(f"文件过大（{int(declared) / 1048576:.0f} MB，上限 {limits.FILE_MB.value} MB）")
                    body = bytearray()
                    if r.status_code < 300:
                        for chunk in r.iter_bytes():
                            body += chunk
                            if len(body) > limit:
                                raise FetchError(f"文件过大（超过 {limits.FILE_MB.value} MB 上限）")
                    return Response(str(r.url), r.status_code, bytes(body),
                                    {k.lower(): v for k, v in r.headers.items()})
            except httpx.TimeoutException:
                raise _Transient("超时") from None
            except httpx.TransportError as exc:
                raise _Transient(f"连接失败（{type(exc).__name__}）") from None


def _status_line(status: int) -> str:
    try:
        from http import HTTPStatus

        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"

"""Collecting reports from an agency's site (disclosure collect), against a site served on
127.0.0.1 (tests/collect_site.py): GBK list pages with pagination, report pages with a PDF
or a DOCX attached or the report as the page itself, a 404, a slow 503, a redirect, a
robots.txt rule, duplicates across pages. Nothing leaves the machine."""
from __future__ import annotations

import json
import os

import pytest

from disclosure.cli import main
from disclosure.collect import crawl
from disclosure.collect.fetch import Politeness
from disclosure.collect.sources import Source, parse_sources

from .collect_site import Site
from .conftest import rows

FAST = Politeness(delay=0.01, per_host=2, timeout=3, retries=2, backoff=0.05)
LIST = "/xxgk/ndbg/index.html"


def sources(site: Site) -> list[Source]:
    return [Source(site.url + LIST, "淮安市人民政府"), Source(site.url + "/about.html", "淮安市某局"),
            Source(site.url + "/xxgk/ndbg/202401/t2.html", "洪泽区人民政府")]


def collect(site, folder, db, politeness=FAST, **kw):
    lines: list[str] = []
    result = crawl.run(sources(site), str(folder), db, politeness=politeness, progress=lines.append, **kw)
    return result, lines


def stored(db: str) -> list[tuple]:
    return rows(db, """SELECT a.name, r.year, r.format, r.source_url, r.published FROM reports r
                       JOIN agencies a USING (agency_id) ORDER BY 1""")


@pytest.fixture
def site():
    with Site() as s:
        yield s


def test_a_run_stores_each_report_once_with_its_url_and_date(site, tmp_path):
    db = str(tmp_path / "c.duckdb")
    result, lines = collect(site, tmp_path / "docs", db)
    got = stored(db)
    assert [(a, y, f) for a, y, f, _u, _p in got] == [
        ("洪泽区人民政府", 2023, "pdf"), ("淮安市公安局", 2023, "docx"), ("淮安市教育局", 2023, "html")]
    by_agency = {a: (u, p) for a, _y, _f, u, p in got}
    # the attachment's URL is the provenance; the redirect was followed to the page that links the DOCX
    assert by_agency["洪泽区人民政府"][0] == site.url + "/files/hongze-2023.pdf"
    assert by_agency["淮安市公安局"][0] == site.url + "/files/c.docx"
    assert by_agency["淮安市教育局"][0] == site.url + "/xxgk/ndbg/202401/t1.html"
    # the DOCX prints no date: the page's 发布时间 is its published date, and identity says so
    assert by_agency["淮安市公安局"][1] == "2024-01-16"
    assert by_agency["淮安市教育局"][1] == "2024-01-18"  # printed on the report itself
    # the report page listed on two pages and given as a source of its own was fetched once
    assert site.sent["/files/hongze-2023.pdf"] == 1 and site.hits["/xxgk/ndbg/202401/t2.html"] == 1
    assert result.found == 3 and result.new == 3
    # each document saved with a sidecar naming its URL, page date and fetch time
    sidecars = [json.loads(p.read_text(encoding="utf-8")) for p in (tmp_path / "docs").rglob("*.json")]
    assert {s["url"] for s in sidecars} == {u for _a, _y, _f, u, _p in got}
    assert all(s["fetched_at"] for s in sidecars)
    assert {s["published"] for s in sidecars} == {"2024-01-16", "2024-01-18", "2024-01-25"}


def test_every_failure_is_one_line_with_its_reason(site, tmp_path):
    db = str(tmp_path / "c.duckdb")
    result, lines = collect(site, tmp_path / "docs", db)
    failed = sorted(lines_ for lines_ in lines if lines_.startswith("失败"))
    assert len(failed) == 4, failed
    text = "\n".join(failed)
    assert f"{site.url}/xxgk/ndbg/gone.html：404 Not Found" in text
    assert f"{site.url}/xxgk/ndbg/slow.html：503 Service Unavailable（共尝试 2 次）" in text
    assert f"{site.url}/private/t9.html：robots.txt 不允许抓取" in text
    assert f"{site.url}/about.html：不是年度报告页面" in text
    assert site.hits["/xxgk/ndbg/slow.html"] == 2  # retried, then given up
    assert "/private/t9.html" not in site.hits  # robots.txt honoured: never asked for
    assert "/xxgk/tzgg/notice.html" not in site.hits  # a notice about reports is not a report
    # the run is recorded per source: found, new, failed with reasons
    runs = rows(db, "SELECT source, found, new, failed, failures FROM collect_source_runs ORDER BY source")
    by_source = {r[0]: r for r in runs}
    listing = by_source[site.url + LIST]
    assert listing[1:4] == (3, 2, 3)  # A, B, C found; the PDF was stored by whichever source came first
    assert {f["reason"] for f in json.loads(by_source[site.url + "/about.html"][4])} == {crawl.NOT_A_REPORT}


def test_a_second_run_downloads_nothing_unchanged_and_stores_nothing(site, tmp_path):
    db = str(tmp_path / "c.duckdb")
    collect(site, tmp_path / "docs", db)
    before = rows(db, "SELECT report_id, sha256, ingested_at FROM reports ORDER BY 1")
    first = dict(site.sent)
    second, lines = collect(site, tmp_path / "docs", db)
    assert second.new == 0 and second.found == 3
    # nothing but robots.txt came with a body: every page and file answered 304
    assert {p: n - first.get(p, 0) for p, n in site.sent.items() if n - first.get(p, 0)} == {"/robots.txt": 1}
    assert rows(db, "SELECT report_id, sha256, ingested_at FROM reports ORDER BY 1") == before
    assert sum(line.startswith("失败") for line in lines) == 4  # the failures are tried again, and said again
    assert rows(db, "SELECT count(*) FROM collect_runs WHERE finished_at IS NOT NULL") == [(2,)]


def test_without_validators_the_content_hash_keeps_the_second_run_still(tmp_path):
    with Site(validators=False) as site:
        db = str(tmp_path / "c.duckdb")
        collect(site, tmp_path / "docs", db)
        saved = {p: p.stat().st_mtime_ns for p in (tmp_path / "docs").rglob("*") if p.is_file()}
        before = rows(db, "SELECT report_id, sha256, ingested_at FROM reports ORDER BY 1")
        second, _ = collect(site, tmp_path / "docs", db)
        assert second.new == 0
        assert rows(db, "SELECT report_id, sha256, ingested_at FROM reports ORDER BY 1") == before
        # same bytes: no file rewritten
        assert {p: p.stat().st_mtime_ns for p in saved} == saved


def test_a_run_stopped_halfway_resumes(site, tmp_path, monkeypatch):
    db = str(tmp_path / "c.duckdb")
    real = crawl._ingest

    def stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(crawl, "_ingest", stop)
    with pytest.raises(KeyboardInterrupt):
        collect(site, tmp_path / "docs", db, workers=1)
    assert not os.path.exists(db) or rows(db, "SELECT count(*) FROM reports") == [(0,)]
    monkeypatch.setattr(crawl, "_ingest", real)
    result, _ = collect(site, tmp_path / "docs", db)
    assert result.new == 3 and len(stored(db)) == 3


def test_politeness_one_request_at_a_time_with_a_delay(site, tmp_path):
    import time

    import httpx

    starts: list[float] = []

    class Recording(httpx.HTTPTransport):  # when the collector sends each request
        def handle_request(self, request):
            starts.append(time.monotonic())
            return super().handle_request(request)

    delay = 0.1
    slow = Politeness(delay=delay, per_host=1, timeout=3, retries=1, backoff=0.01)
    collect(site, tmp_path / "docs", str(tmp_path / "c.duckdb"), politeness=slow, transport=Recording())
    assert site.most_at_once == 1
    assert len(starts) == sum(site.hits.values()) > 10
    starts.sort()  # spaced by the delay, give or take the threads' scheduling
    assert min(b - a for a, b in zip(starts, starts[1:])) >= delay * 0.8
    assert starts[-1] - starts[0] >= delay * (len(starts) - 1) * 0.95


def test_timeouts_are_retried_then_named(tmp_path, monkeypatch):
    import disclosure.collect.fetch as F

    with Site() as site:
        quick = Politeness(delay=0, per_host=2, timeout=0.1, retries=2, backoff=0.01)
        with F.Fetcher(quick) as fetcher:
            with pytest.raises(F.FetchError) as err:
                fetcher.get(site.url + "/xxgk/ndbg/slow.html")
        assert err.value.reason == "超时（共尝试 2 次）"
        assert site.hits["/xxgk/ndbg/slow.html"] == 2


def test_sources_csv_names_bad_rows(tmp_path):
    got, problems = parse_sources("机关,网址\n甲局,http://127.0.0.1/a\n乙局,ftp://x/y\n丙局,http://127.0.0.1/a\n", "s.csv")
    assert got == [Source("http://127.0.0.1/a", "甲局")]
    assert problems == ["s.csv 第 3 行：网址应以 http:// 或 https:// 开头（ftp://x/y）"]


def test_the_command_line(site, tmp_path, capsys):
    listing = tmp_path / "sources.csv"
    listing.write_text(f"agency,url\n淮安市人民政府,{site.url}{LIST}\n", encoding="gbk")
    db = str(tmp_path / "c.duckdb")
    code = main(["collect", str(listing), "--out", str(tmp_path / "docs"), "--db", db, "--delay", "0.01",
                 "--timeout", "3", "--retries", "2"])
    out = capsys.readouterr()
    assert code == 1  # some pages failed: said, and the exit code says so
    assert "找到 3 份，新入库 3 份" in out.out
    assert out.out.count("失败  ") + out.err.count("失败  ") == 3

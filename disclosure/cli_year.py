"""The supervisor's year on the command line (added to `disclosure` by cli.py):

    disclosure collect SOURCES.csv --out DIR [--db FILE]   collect reports from agencies' sites
"""
from __future__ import annotations

import os
import sys

from .model import DisclosureError


def cmd_collect(args) -> int:
    from .collect import crawl
    from .collect.fetch import Politeness
    from .collect.sources import read_sources

    try:
        sources, problems = read_sources(args.sources)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in problems:
        print(f"跳过  {line}", file=sys.stderr)
    if not sources:
        print(f"error: {args.sources}: 没有可采集的网址", file=sys.stderr)
        return 1
    politeness = Politeness(delay=args.delay, per_host=args.per_host, timeout=args.timeout, retries=args.retries)

    def say(line: str) -> None:
        print(line, file=sys.stderr if line.startswith("入库") else sys.stdout, flush=True)

    try:
        run = crawl.run(sources, args.out, args.db, politeness=politeness, progress=None if args.quiet else say,
                        workers=args.workers, max_pages=args.max_pages, check=not args.no_check)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.quiet:
        for f in run.failures:
            print(f"失败  {f['url']}：{f['reason']}")
    print(f"共 {len(sources)} 个来源：找到 {run.found} 份，新入库 {run.new} 份，失败 {len(run.failures)} 处"
          f"（文件保存在 {args.out}，数据库 {args.db}）")
    return 1 if run.failures or problems else 0


def add_commands(sub, default_db: str) -> None:
    from .collect import crawl
    from .collect.fetch import Politeness

    p = sub.add_parser("collect", help="collect reports from agencies' sites listed in a CSV (agency, url)")
    p.add_argument("sources", metavar="SOURCES.csv", help="one URL a row: a report column, a report page or a file")
    p.add_argument("--out", required=True, metavar="DIR", help="folder the documents are saved in")
    p.add_argument("--db", default=default_db, help=f"DuckDB file (default {default_db})")
    d = Politeness()
    p.add_argument("--delay", type=float, default=d.delay, help=f"seconds between requests to one host (default {d.delay})")
    p.add_argument("--per-host", type=int, default=d.per_host, help=f"requests at once to one host (default {d.per_host})")
    p.add_argument("--timeout", type=float, default=d.timeout, help=f"seconds before a request times out (default {d.timeout})")
    p.add_argument("--retries", type=int, default=d.retries, help=f"attempts for a 5xx or a timeout (default {d.retries})")
    p.add_argument("--workers", type=int, default=4, help="sources walked at once (default 4)")
    p.add_argument("--max-pages", type=int, default=crawl.MAX_PAGES, help="list pages walked per source")
    p.add_argument("--no-check", action="store_true", help="do not run the rules on what is stored")
    p.add_argument("--quiet", action="store_true", help="only failures and the summary")
    p.set_defaults(func=cmd_collect)

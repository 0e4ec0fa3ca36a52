"""The supervisor's year on the command line (added to `disclosure` by cli.py):

    disclosure collect SOURCES.csv --out DIR [--db FILE]   collect reports from agencies' sites
    disclosure score [--pack P] [--year Y] [--region R] [--mode 从严|从宽] [--xlsx OUT]   score agencies by a rule pack
    disclosure notice [--year Y] [--region R] --out NOTICE.docx   the 检查情况通报 as a Word draft
    disclosure rectify ID... --deadline DATE [--note T]     send confirmed findings for rectification (整改)
    disclosure rectify --list | --withdraw ID...            follow them up
"""
from __future__ import annotations

import os
import sys

from .cli import _exists
from .model import DisclosureError
from .score.packs import MODES


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


def _scope(args) -> dict:
    return {"years": [args.year] if args.year else [], "regions": [args.region] if args.region else []}


def cmd_score(args) -> int:
    from .score import engine, sheet
    from .score.packs import resolve
    from .store.writes import reading

    if not _exists(args.db):
        return 1
    try:
        pack = resolve(args.pack)
        with reading(args.db) as con:
            scores = engine.load(con, pack, _scope(args), args.mode)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    mode = args.mode or pack.mode
    print(f"{pack.title}（{mode}：{MODES[mode]}）")
    if not scores:
        print("（范围内没有应报或已收到的报告）")
        return 0
    for s in scores:
        unknown = f"，无法判断 {engine.points(s.unknown_points)} 分" if s.unknown_points else ""
        rect = engine.rectification_text(s)
        print(f"{s.year}  第 {s.rank} 名  {s.agency}  {engine.points(s.score)}/{engine.points(s.points)}  {s.grade}"
              f"（扣 {engine.points(s.deducted)} 分{unknown}）" + (f"  整改：{rect}" if rect else ""))
        for reason in engine.reasons(s):
            print(f"    {reason}")
    if args.xlsx:
        with open(args.xlsx, "wb") as fh:
            fh.write(sheet.xlsx(scores))
        print(f"评分表已写入 {args.xlsx}")
    return 0


def cmd_notice(args) -> int:
    from datetime import date

    from .exports import notice
    from .score.packs import resolve
    from .store.writes import reading

    if not _exists(args.db):
        return 1
    try:
        deadline = date.fromisoformat(args.deadline) if args.deadline else None
    except ValueError:
        print(f"error: 整改期限应写作 YYYY-MM-DD，而不是 {args.deadline!r}", file=sys.stderr)
        return 2
    try:
        pack = resolve(args.pack)
        with reading(args.db) as con:
            facts = notice.gather(con, pack, args.year, args.region, args.mode, deadline, args.issuer, args.to)
        data = notice.build(facts)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with open(args.out, "wb") as fh:
        fh.write(data)
    print(f"通报草稿已写入 {args.out}：{facts.year} 年度，{len(facts.scores)} 家单位，"
          f"已确认的问题 {len(facts.confirmed)} 条（{facts.mode}）")
    return 0


def cmd_rectify(args) -> int:
    from . import rectify
    from .store.writes import reading, write

    if not _exists(args.db):
        return 1
    try:
        if args.list:
            with reading(args.db) as con:
                df = rectify.listing(con)
            if df.empty:
                print("（没有下发整改的问题）")
                return 0
            for agency, items in df.groupby("agency", sort=True):
                counts = items["status"].value_counts()
                print(f"{agency}：" + "，".join(f"{label} {int(counts.get(s, 0))}" for s, label in rectify.STATE_LABELS.items()))
                for r in items.itertuples():
                    done = f"，{str(r.fixed_at)[:10]} 由《{r.fixed_document}》整改" if r.status == rectify.FIXED else ""
                    print(f"  {rectify.STATE_LABELS[r.status]}  {r.year}  {r.rule}  {r.message}  期限 {str(r.deadline)[:10]}"
                          f"{done}  [{r.fingerprint}]")
            return 0
        if not args.findings:
            print("error: 请给出要下发整改的问题编号（disclosure check 列出），或用 --list 查看", file=sys.stderr)
            return 2
        with reading(args.db) as con:  # ids may be given by their first characters, as for review
            fps = [_fingerprint(con, ref) for ref in args.findings]
        if args.withdraw:
            done = write(args.db, "rectify_withdraw", fingerprints=fps)
            print(f"已撤回 {done['withdrawn']} 项整改")
            return 0
        if not args.deadline:
            print("error: 下发整改需要 --deadline YYYY-MM-DD", file=sys.stderr)
            return 2
        done = write(args.db, "rectify_send", fingerprints=fps, deadline=args.deadline, note=args.note)
    except DisclosureError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"已下发整改 {done['sent']} 项，整改期限 {done['deadline']}")
    return 0


def _fingerprint(con, ref: str) -> str:
    ref = ref.strip().lower()
    found = [r[0] for r in con.execute("SELECT fingerprint FROM findings WHERE starts_with(fingerprint, ?)",
                                       [ref]).fetchall()]
    if len(found) != 1:
        raise DisclosureError(f"没有编号为 {ref} 的发现" if not found else f"编号 {ref} 对应 {len(found)} 条发现，请多给几位")
    return found[0]


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

    from .score.packs import DEFAULT_PACK, MODES as SCORE_MODES, shipped

    p = sub.add_parser("score", help="score agencies' reports by a rule pack: a ranked sheet, optionally as XLSX")
    p.add_argument("--db", default=default_db)
    p.add_argument("--pack", help=f"a shipped pack ({'、'.join(shipped())}; default {DEFAULT_PACK}) or a YAML/CSV file")
    p.add_argument("--year", type=int, help="only this year (default: every year)")
    p.add_argument("--region", help="only this region: a province (江苏省) or province and city (江苏省淮安市)")
    p.add_argument("--mode", choices=list(SCORE_MODES), help="从严: open and confirmed findings count; 从宽: confirmed only "
                                                            "(default: the pack's)")
    p.add_argument("--xlsx", metavar="OUT", help="write the sheet as XLSX (one sheet per year)")
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("notice", help="draft the 检查情况通报 (Word) from the scores and the confirmed findings")
    p.add_argument("--db", default=default_db)
    p.add_argument("--out", required=True, metavar="NOTICE.docx")
    p.add_argument("--year", type=int, help="the year checked (default: the latest stored)")
    p.add_argument("--region", help="a province (江苏省) or province and city (江苏省淮安市)")
    p.add_argument("--pack", help=f"the rule pack scoring it (default {DEFAULT_PACK})")
    p.add_argument("--mode", choices=list(SCORE_MODES), help="default 从宽: an official notice states confirmed problems")
    p.add_argument("--deadline", metavar="YYYY-MM-DD", help="整改期限 (default: 30 days from today)")
    p.add_argument("--issuer", help="落款 (default: the region's 人民政府办公室)")
    p.add_argument("--to", help="主送 (default: 各有关单位)")
    p.set_defaults(func=cmd_notice)

    p = sub.add_parser("rectify", help="send confirmed findings for rectification (整改) with a deadline, or list them")
    p.add_argument("findings", nargs="*", metavar="ID", help="findings' ids (from `check`), or their first characters")
    p.add_argument("--deadline", metavar="YYYY-MM-DD", help="整改期限")
    p.add_argument("--note", help="what the agency is asked to do")
    p.add_argument("--list", action="store_true", help="list rectifications by agency with their state")
    p.add_argument("--withdraw", action="store_true", help="take back rectifications not yet fixed")
    p.add_argument("--db", default=default_db)
    p.set_defaults(func=cmd_rectify)

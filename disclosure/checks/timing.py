"""When the report was published, against the statutory deadline."""
from __future__ import annotations

from datetime import date

from .. import kinds as K
from .catalog import WARNING, rule

# 《条例》第四十九、五十条: departments publish by 31 January, a county-or-higher government
# (its report covers its region) by 31 March of the next year.
DEPARTMENT_DEADLINE = (1, 31)
GOVERNMENT_DEADLINE = (3, 31)
GOVERNMENT = K.kind("government").key
_TOWNSHIP_RANK = K.level("township").rank


def covers_region(agency) -> bool:
    """A county-or-higher people's government: its report covers its region (《条例》第五十条)."""
    return agency.kind == GOVERNMENT and (not agency.level or K.level(agency.level).rank < _TOWNSHIP_RANK)


def deadline(report) -> tuple[date, bool]:
    """(the deadline, whether it is known): an agency of unknown kind gets the later one."""
    info = report.info
    known = bool(info.kind) and info.kind != K.kind("other").key
    month, day = GOVERNMENT_DEADLINE if covers_region(info) or not known else DEPARTMENT_DEADLINE
    return date(report.year + 1, month, day), known


def earliest(published: str) -> date | None:
    """The earliest day a printed date can mean: `2024-01` is any day of January 2024."""
    try:
        parts = [int(p) for p in published.split("-")]
        if len(parts) == 3:
            return date(*parts)
        if len(parts) == 2:
            return date(parts[0], parts[1], 1)
    except ValueError:
        return None
    return None


@rule(
    "TIME.LATE", WARNING, "timing",
    title="逾期发布或未注明日期",
    message="发布日期{actual}，法定期限为 {expected}",
    doc="《政府信息公开条例》规定：政府部门在每年 1 月 31 日前、县级以上人民政府（报告涵盖本行政区域）在 3 月 31 日前"
        "公布上一年度报告。按登记的机关类型和层级取期限（乡镇、街道按 1 月 31 日）；类型不明的按较宽的 3 月 31 日判断。只印到月份的日期"
        "（如 2024 年 1 月）按该月第一天判断，不冤枉按时发布的报告。报告没有注明发布日期的也报出。",
    example="某市生态环境局 2023 年度报告落款为 2024 年 3 月 5 日，晚于 2024 年 1 月 31 日。",
)
def late(rule, corpus):
    for rep in corpus.reports:
        due, known = deadline(rep)
        if not rep.published:
            yield rule.finding(rep, [], expected=due.isoformat(), actual="未注明",
                               evidence={"deadline_known": known})
            continue
        day = earliest(rep.published)
        if day is not None and day > due:
            late_by = (day - due).days
            yield rule.finding(rep, [], expected=due.isoformat(), actual=rep.published,
                               evidence={"days_late": late_by, "deadline_known": known})

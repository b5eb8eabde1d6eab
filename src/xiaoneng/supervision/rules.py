"""Yellow and red cards (黄牌/红牌) and the 督办 notices a supervisor sends on them (SPEC B4; S1 限时办结 7: the
综合服务科 supervises how every department keeps its time limits).

A yellow card is a step that ran over its own share of the case's period (cases/rules.fold_steps): completed after
its due day, or still open after it. A red card is a case that ran over its period: completed after its due date, or
still running after it. A clock stopped for 补正 has no due date, so nobody is carded for the applicant's time.
Cards are read from the cases as they stand, never copied. On a card the supervisor may send one 督办通知, numbered
per center and year (锦政服督〔2026〕第001号), with a reply deadline in working days; the department head replies
(整改说明) and the supervisor closes it: 已督办 → 已反馈 → 已办结. An unanswered notice turns due soon and overdue
on the same rule as a case.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum

from xiaoneng.cases.rules import DeadlineState, deadline_state
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.workdays import WorkingDays


class CardColor(StrEnum):
    YELLOW = "yellow"  # a step ran over
    RED = "red"  # the case ran over


CARD_LABELS = {CardColor.YELLOW: "黄牌", CardColor.RED: "红牌"}
CARD_MEANINGS = {CardColor.YELLOW: "环节超时", CardColor.RED: "办件超期"}


class NoticeStatus(StrEnum):
    ISSUED = "issued"  # 已督办: awaiting the department's reply
    REPLIED = "replied"  # 已反馈: the reply awaits the supervisor
    CLOSED = "closed"  # 已办结


NOTICE_STATUS_LABELS = {NoticeStatus.ISSUED: "已督办", NoticeStatus.REPLIED: "已反馈", NoticeStatus.CLOSED: "已办结"}

# The card list's 督办 filter: no notice yet, any notice, or a notice in one state.
NO_NOTICE, ANY_NOTICE = "none", "any"
CARD_NOTICE_FILTERS = {NO_NOTICE: "未督办", ANY_NOTICE: "已发督办通知", **{s.value: l for s, l in NOTICE_STATUS_LABELS.items()}}
CARD_PROGRESS = {"open": "仍未完成", "done": "已超时完成"}

DEFAULT_REPLY_DAYS = 2
REPLY_DAYS_BOUNDS = (1, 30)
TEXT_MAX = 1000
REPLY_MAX = 2000
NOTE_MAX = 500
PREFIX_MAX = 12
PREFIX_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")


def ran_over(due: dt.date | None, completed_on: dt.date | None, today: dt.date) -> bool:
    """A step or case ran over: completed after its due day, or still open after it; no due date, no card."""
    if due is None:
        return False
    return (completed_on if completed_on is not None else today) > due


def reply_days(value) -> int:
    """The reply deadline in working days, from a form or the API: a whole number within the bounds."""
    low, high = REPLY_DAYS_BOUNDS
    text = str(value if value is not None else "").strip()
    if isinstance(value, bool) or not text.isdigit() or not low <= int(text) <= high:
        raise ValidationFailed(f"反馈期限须为 {low} 至 {high} 之间的整数（工作日）", field="reply_days")
    return int(text)


def reply_state(status: str, reply_due: dt.date, today: dt.date, calendar: WorkingDays, *,
                due_soon_days: int) -> DeadlineState:
    """An unanswered notice against its reply deadline, on the rule of a case; answered ones are on time."""
    if status != NoticeStatus.ISSUED:
        return DeadlineState.ON_TIME
    return deadline_state("running", reply_due, today, calendar, due_soon_days=due_soon_days)


def may_reply(status: str) -> bool:
    return status == NoticeStatus.ISSUED


def may_close(status: str) -> bool:
    return status == NoticeStatus.REPLIED


def notice_number(prefix: str, year: int, seq: int) -> str:
    """锦政服督〔2026〕第001号: the office's prefix, the year in 〔〕 and the number of the year, three digits at least."""
    return f"{prefix}〔{year}〕第{seq:03d}号"


def default_prefix(center_name: str) -> str:
    """The prefix until the admin sets one: the center's first character and 政服督 (锦城新区政务服务中心 → 锦政服督)."""
    first = (center_name or "").strip()[:1]
    return f"{first}政服督" if first and PREFIX_RE.match(first) else "政服督"


def prefix_problem(prefix: str) -> str | None:
    text = (prefix or "").strip()
    if not text:
        return "文号代字不能为空"
    if len(text) > PREFIX_MAX or not PREFIX_RE.match(text):
        return f"文号代字须为 1 至 {PREFIX_MAX} 个汉字、字母或数字"
    return None


def month_period(text: str) -> tuple[dt.date, dt.date] | None:
    """A YYYY-MM month as its first and last day; blank is no month."""
    text = (text or "").strip()
    if not text:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 2000 <= int(match.group(1)) <= 2100:
        raise ValidationFailed("月份格式应为 YYYY-MM", field="month")
    first = dt.date(int(match.group(1)), int(match.group(2)), 1)
    after = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, after - dt.timedelta(days=1)

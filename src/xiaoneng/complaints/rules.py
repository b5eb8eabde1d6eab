"""Complaints from every channel (SPEC F1): channels, types, the states of a complaint and what moves it, its
deadlines by type (12345 rules: 咨询/求助 3 working days, 投诉/举报/建议 13, 表扬 none), the sign-for deadline (签收,
1 working day), the urges (督办: a 催办通知书 on the first working day after the deadline, a 通报 when still not
answered 5 working days after that), and the reopen limit (twice, then the director decides).

Pure: the calendar is passed in (anything with add_working_days / is_working_day / get_working_days_delta).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from xiaoneng.cases.rules import DeadlineState
from xiaoneng.errors import Conflict


class Channel(StrEnum):
    HOTLINE = "hotline"  # 12345 work orders, imported from the hotline platform's export
    MAILBOX = "mailbox"
    PHONE = "phone"
    EMAIL = "email"
    PLATFORM = "platform"
    DISCIPLINE = "discipline"
    ONLINE = "online"  # the public form, without an account


CHANNEL_LABELS = {Channel.HOTLINE: "12345热线", Channel.MAILBOX: "意见箱", Channel.PHONE: "监督电话",
                  Channel.EMAIL: "电子邮件", Channel.PLATFORM: "监督平台", Channel.DISCIPLINE: "纪委转办",
                  Channel.ONLINE: "网上投诉"}


class Kind(StrEnum):
    CONSULT = "consult"
    HELP = "help"
    COMPLAINT = "complaint"
    REPORT = "report"
    SUGGEST = "suggest"
    PRAISE = "praise"


KIND_LABELS = {Kind.CONSULT: "咨询", Kind.HELP: "求助", Kind.COMPLAINT: "投诉", Kind.REPORT: "举报",
               Kind.SUGGEST: "建议", Kind.PRAISE: "表扬"}
KIND_BY_LABEL = {label: kind for kind, label in KIND_LABELS.items()}
# Working days to handle, counted from the day of receipt; 表扬 has none.
DEFAULT_DAYS = {Kind.CONSULT: 3, Kind.HELP: 3, Kind.COMPLAINT: 13, Kind.REPORT: 13, Kind.SUGGEST: 13}
DEFAULT_SIGN_DAYS = 1
DEFAULT_DUPLICATE_DAYS = 30
NOTICE_AFTER_DAYS = 5  # working days after the 催办 before the 通报
REPLY_DAYS = 2  # working days a unit has to report back on an urge
MAX_REOPENS = 2


class Status(StrEnum):
    NEW = "new"  # registered, not yet assigned to a unit
    ASSIGNED = "assigned"  # sent to the unit, not yet signed for
    SIGNED = "signed"  # the unit is handling it
    ANSWERED = "answered"  # answered to the complainant, waiting for the callback
    ESCALATED = "escalated"  # not satisfied after two reopens: the director decides
    CLOSED = "closed"
    MERGED = "merged"  # a duplicate, kept and linked to the complaint it was merged into


STATUS_LABELS = {Status.NEW: "待分派", Status.ASSIGNED: "待签收", Status.SIGNED: "办理中", Status.ANSWERED: "待回访",
                 Status.ESCALATED: "提请中心领导", Status.CLOSED: "已办结", Status.MERGED: "已合并"}
OPEN = frozenset({Status.NEW, Status.ASSIGNED, Status.SIGNED, Status.ANSWERED, Status.ESCALATED})
WITH_UNIT = frozenset({Status.ASSIGNED, Status.SIGNED})  # a unit holds it and owes an answer: it can be late


class Callback(StrEnum):
    SATISFIED = "satisfied"
    BASIC = "basic"
    UNSATISFIED = "unsatisfied"


CALLBACK_LABELS = {Callback.SATISFIED: "满意", Callback.BASIC: "基本满意", Callback.UNSATISFIED: "不满意"}


class UrgeKind(StrEnum):
    URGE = "urge"  # 催办通知书
    NOTICE = "notice"  # 通报


URGE_LABELS = {UrgeKind.URGE: "催办通知书", UrgeKind.NOTICE: "通报"}

# What each action may start from, and where it leads (callback and answer decide their target below).
TRANSITIONS: dict[str, tuple[frozenset[Status], Status | None]] = {
    "assign": (frozenset({Status.NEW, Status.ASSIGNED}), Status.ASSIGNED),
    "sign": (frozenset({Status.ASSIGNED}), Status.SIGNED),
    "note": (frozenset({Status.ASSIGNED, Status.SIGNED, Status.ANSWERED, Status.ESCALATED}), None),
    "answer": (frozenset({Status.ASSIGNED, Status.SIGNED}), None),
    "callback": (frozenset({Status.ANSWERED}), None),
    "decide": (frozenset({Status.ESCALATED}), Status.CLOSED),
    "merge": (frozenset({Status.NEW, Status.ASSIGNED, Status.SIGNED}), Status.MERGED),
    "split": (frozenset({Status.MERGED}), Status.NEW),
}
ACTION_LABELS = {"assign": "分派", "sign": "签收", "note": "记录调查情况", "answer": "答复", "callback": "回访",
                 "decide": "中心领导批示", "merge": "合并", "split": "取消合并"}


def check_action(action: str, status: str) -> None:
    """Refuse an action the complaint's state does not allow, saying what state it is in."""
    allowed, _ = TRANSITIONS[action]
    if Status(status) not in allowed:
        raise Conflict(f"投诉当前为“{STATUS_LABELS[Status(status)]}”，不能{ACTION_LABELS[action]}", field="status")


def after_answer(kind: str) -> Status:
    """A praise needs no callback: answered (thanked) is the end of it."""
    return Status.CLOSED if kind == Kind.PRAISE else Status.ANSWERED


@dataclass(frozen=True)
class CallbackOutcome:
    status: Status
    reopened: bool
    escalated: bool


def after_callback(result: str, reopen_count: int) -> CallbackOutcome:
    """满意/基本满意 closes it; 不满意 sends it back to the unit, at most MAX_REOPENS times, then to the director."""
    if Callback(result) is not Callback.UNSATISFIED:
        return CallbackOutcome(Status.CLOSED, reopened=False, escalated=False)
    if reopen_count >= MAX_REOPENS:
        return CallbackOutcome(Status.ESCALATED, reopened=False, escalated=True)
    return CallbackOutcome(Status.ASSIGNED, reopened=True, escalated=False)


# --- deadlines -----------------------------------------------------------------------------------------------------

def handling_days(kind: str, days_by_kind: dict[str, int] | None = None) -> int | None:
    if kind == Kind.PRAISE:
        return None
    table = {**DEFAULT_DAYS, **(days_by_kind or {})}
    return table[Kind(kind)]


def due_on(start: dt.date, kind: str, calendar, days_by_kind: dict[str, int] | None = None) -> dt.date | None:
    """The last day to answer: N working days after the day of receipt (or of a reopen), the start not counted."""
    days = handling_days(kind, days_by_kind)
    return None if days is None else calendar.add_working_days(start, days)


def sign_by(assigned_on: dt.date, calendar, sign_days: int = DEFAULT_SIGN_DAYS) -> dt.date:
    return calendar.add_working_days(assigned_on, sign_days)


def deadline_state(status: str, *, sign_by: dt.date | None, due_on: dt.date | None, today: dt.date, calendar,
                   due_soon_days: int = 1) -> DeadlineState:
    """Against the sign-for deadline while unsigned, then against the answer's; nothing once answered."""
    if Status(status) not in WITH_UNIT:
        return DeadlineState.ON_TIME
    due = sign_by if status == Status.ASSIGNED else due_on
    if status == Status.ASSIGNED and due_on is not None and today > due_on:
        due = due_on  # unsigned past the answer's deadline too: that is the one that counts
    if due is None:
        return DeadlineState.ON_TIME
    if today > due:
        return DeadlineState.OVERDUE
    left = calendar.get_working_days_delta(today, due)
    return DeadlineState.DUE_SOON if left <= due_soon_days else DeadlineState.ON_TIME


def urge_day(due: dt.date, calendar) -> dt.date:
    """The 催办通知书 goes out on the first working day after the deadline."""
    return calendar.add_working_days(due, 1)


def notice_day(due: dt.date, calendar, after_days: int = NOTICE_AFTER_DAYS) -> dt.date:
    """The 通报, when the complaint is still not answered `after_days` working days after the 催办."""
    return calendar.add_working_days(urge_day(due, calendar), after_days)


def urges_due(status: str, due: dt.date | None, today: dt.date, calendar, issued: set[str],
              after_days: int = NOTICE_AFTER_DAYS) -> list[UrgeKind]:
    """The urges owed today that were not yet issued (each once per round of handling)."""
    if Status(status) not in WITH_UNIT or due is None:
        return []
    owed = []
    if today >= urge_day(due, calendar) and UrgeKind.URGE not in issued:
        owed.append(UrgeKind.URGE)
    if today >= notice_day(due, calendar, after_days) and UrgeKind.NOTICE not in issued:
        owed.append(UrgeKind.NOTICE)
    return owed


def overdue_working_days(due: dt.date, today: dt.date, calendar) -> int:
    """Working days past the deadline as of today (0 on or before it)."""
    return 0 if today <= due else calendar.get_working_days_delta(due, today)

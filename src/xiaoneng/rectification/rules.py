"""The bad-review loop of S0 art. 14-15 as a transition table, with its working-day deadlines.

S0 art.14: solve on the spot where possible; otherwise contact the rater within 1 working day; a confirmed problem
is rectified and fed back within 5 working days; a complex one goes into the ledger (台账) with a deadline; one
without legal basis gets an explanation. S0 art.15: callback after completion; real-name bad reviews 100%.
D6: the 1 and 5 are per-center settings (other local rules use 7 or 15).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from xiaoneng.kit.workdays import WorkingDays


class Status(StrEnum):
    OPEN = "open"
    CONTACTED = "contacted"
    SOLVED_ON_SPOT = "solved_on_spot"
    RECTIFYING = "rectifying"
    LEDGER = "ledger"
    EXPLAINED = "explained"
    FED_BACK = "fed_back"
    CALLED_BACK = "called_back"
    CLOSED = "closed"
    APPEALED = "appealed"
    EXCLUDED = "excluded"  # appeal upheld: the review is judged mistaken or malicious


STATUS_LABELS = {
    Status.OPEN: "待联系",
    Status.CONTACTED: "已联系",
    Status.SOLVED_ON_SPOT: "当场解决",
    Status.RECTIFYING: "整改中",
    Status.LEDGER: "台账限期整改",
    Status.EXPLAINED: "已解释说明",
    Status.FED_BACK: "已整改反馈",
    Status.CALLED_BACK: "已回访",
    Status.CLOSED: "已办结",
    Status.APPEALED: "申诉复核中",
    Status.EXCLUDED: "申诉成立（不计入）",
}


class Action(StrEnum):
    CONTACT = "contact"
    SOLVE_ON_SPOT = "solve_on_spot"
    CONFIRM = "confirm"
    TO_LEDGER = "to_ledger"
    EXPLAIN = "explain"
    FEED_BACK = "feed_back"
    CALLBACK = "callback"
    CLOSE = "close"
    APPEAL = "appeal"
    UPHOLD_APPEAL = "uphold_appeal"
    REJECT_APPEAL = "reject_appeal"


# (from, action) -> to. Anything not listed is refused. REJECT_APPEAL returns to the state before the appeal.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.OPEN, Action.SOLVE_ON_SPOT): Status.SOLVED_ON_SPOT,
    (Status.OPEN, Action.CONTACT): Status.CONTACTED,
    (Status.OPEN, Action.APPEAL): Status.APPEALED,
    (Status.CONTACTED, Action.CONTACT): Status.CONTACTED,
    (Status.CONTACTED, Action.SOLVE_ON_SPOT): Status.SOLVED_ON_SPOT,
    (Status.CONTACTED, Action.CONFIRM): Status.RECTIFYING,
    (Status.CONTACTED, Action.TO_LEDGER): Status.LEDGER,
    (Status.CONTACTED, Action.EXPLAIN): Status.EXPLAINED,
    (Status.CONTACTED, Action.APPEAL): Status.APPEALED,
    (Status.RECTIFYING, Action.CONTACT): Status.RECTIFYING,
    (Status.RECTIFYING, Action.FEED_BACK): Status.FED_BACK,
    (Status.RECTIFYING, Action.TO_LEDGER): Status.LEDGER,
    (Status.LEDGER, Action.CONTACT): Status.LEDGER,
    (Status.LEDGER, Action.FEED_BACK): Status.FED_BACK,
    (Status.SOLVED_ON_SPOT, Action.CALLBACK): Status.CALLED_BACK,
    (Status.EXPLAINED, Action.CALLBACK): Status.CALLED_BACK,
    (Status.FED_BACK, Action.CALLBACK): Status.CALLED_BACK,
    (Status.CALLED_BACK, Action.CLOSE): Status.CLOSED,
    (Status.APPEALED, Action.UPHOLD_APPEAL): Status.EXCLUDED,
}

OPEN_STATUSES = frozenset({Status.OPEN, Status.CONTACTED, Status.RECTIFYING, Status.LEDGER, Status.APPEALED})
AWAITING_CALLBACK = frozenset({Status.SOLVED_ON_SPOT, Status.EXPLAINED, Status.FED_BACK})
FINISHED = frozenset({Status.CALLED_BACK, Status.CLOSED, Status.EXCLUDED})


class TransitionRefused(ValueError):
    def __init__(self, status: Status, action: Action):
        super().__init__(f"当前状态“{STATUS_LABELS[status]}”下不能执行该操作")
        self.status, self.action = status, action


def next_status(status: Status, action: Action, *, before_appeal: Status | None = None) -> Status:
    if status is Status.APPEALED and action is Action.REJECT_APPEAL:
        if before_appeal is None:
            raise TransitionRefused(status, action)
        return before_appeal
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise TransitionRefused(status, action) from None


def allowed_actions(status: Status) -> list[Action]:
    actions = [a for (s, a) in TRANSITIONS if s is status]
    if status is Status.APPEALED:
        actions.append(Action.REJECT_APPEAL)
    return actions


@dataclass(frozen=True)
class LoopSettings:
    """Per-center deadlines in working days (D6): the seed's 1 and 5 by default."""

    contact_days: int = 1
    rectify_days: int = 5
    callback_days: int = 5
    escalate_to_director_after_days: int = 2


@dataclass(frozen=True)
class Deadlines:
    contact_due: dt.date
    rectify_due: dt.date


def deadlines(received_on: dt.date, settings: LoopSettings, calendar: WorkingDays) -> Deadlines:
    """Both deadlines count from the day the bad review was received (that day not counted)."""
    return Deadlines(
        contact_due=calendar.add_working_days(received_on, settings.contact_days),
        rectify_due=calendar.add_working_days(received_on, settings.rectify_days),
    )


def current_due(status: Status, d: Deadlines, ledger_due: dt.date | None) -> dt.date | None:
    """The deadline that the record's current step is measured against."""
    if status is Status.OPEN:
        return d.contact_due
    if status in (Status.CONTACTED, Status.RECTIFYING):
        return d.rectify_due
    if status is Status.LEDGER:
        return ledger_due
    return None


class Escalation(StrEnum):
    NONE = "none"
    DEPARTMENT_HEAD = "department_head"  # overdue: the head of the rated department is told
    DIRECTOR = "director"  # still overdue after the grace period: on the director's office list


def escalation(due: dt.date | None, today: dt.date, settings: LoopSettings, calendar: WorkingDays) -> Escalation:
    if due is None or today <= due:
        return Escalation.NONE
    if today > calendar.add_working_days(due, settings.escalate_to_director_after_days):
        return Escalation.DIRECTOR
    return Escalation.DEPARTMENT_HEAD

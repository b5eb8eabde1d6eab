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

from xiaoneng.auth.rules import Role
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
ESCALATION_LABELS = {"none": "", "department_head": "已逾期（科室负责人督办）", "director": "中心领导督办"}
PATH_LABELS = {"": "", "on_spot": "当场解决", "rectified": "整改", "ledger": "台账限期整改", "explained": "解释说明"}


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
    PROPOSE_LEDGER = "propose_ledger"  # not a transition: a stored proposal that a leader decides (ledger_right)


# (from, action) -> to. Anything not listed is refused. REJECT_APPEAL returns to the state before the appeal.
TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.OPEN, Action.SOLVE_ON_SPOT): Status.SOLVED_ON_SPOT,
    (Status.OPEN, Action.CONTACT): Status.CONTACTED,
    (Status.OPEN, Action.APPEAL): Status.APPEALED,
    (Status.CONTACTED, Action.CONTACT): Status.CONTACTED,
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


def callback_deadline(handled_on: dt.date, settings: LoopSettings, calendar: WorkingDays) -> dt.date:
    """S0 art.15 回访: the callback is due `callback_days` working days after the handling ended (solved on the
    spot, explained or fed back; that day not counted)."""
    return calendar.add_working_days(handled_on, settings.callback_days)


def current_due(status: Status, d: Deadlines, ledger_due: dt.date | None,
                callback_due: dt.date | None = None) -> dt.date | None:
    """The deadline that the record's current step is measured against (awaiting a callback: the callback's, which
    only real-name records have)."""
    if status in AWAITING_CALLBACK:
        return callback_due
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


def due_soon(due: dt.date | None, today: dt.date, days: int, calendar: WorkingDays) -> bool:
    """B4: a step is due soon from `days` working days before its deadline up to the deadline itself."""
    if due is None or today > due:
        return False
    return calendar.add_working_days(today, days) >= due


def on_spot_refusal(status: Status, *, received_on: dt.date, today: dt.date, contacted: bool,
                    escalation_level: str = "none") -> str | None:
    """Why "solved on the spot" (当场解决) may not be recorded now, in Chinese; None when it may.

    S0 art.14: "收到差评后，能当场解决的要当场解决。不能当场解决的，要在1个工作日内，主动联系……". On the spot is
    the alternative to contacting the rater, and it belongs to the moment of receipt: the rater is still at the
    window or on the line. So it is accepted only
    - while the record is untouched (待联系: no contact logged, no appeal filed) — a logged contact means the
      problem was not solved on the spot, and what follows is rectification, the ledger or an explanation;
    - on the day the review was received (its local date, whatever kind of day) — from the next day on the
      department has to contact the rater within the contact deadline, so a problem solved then was not
      solved on the spot;
    - and never once the record is overdue or escalated (which cannot happen on the day of receipt, as the
      contact deadline is at least one working day later, but a record escalated for any reason is refused).
    """
    if contacted or status is Status.CONTACTED:
        return "已联系过评价人，不能再记为当场解决；请确认问题整改、列入台账或解释说明"
    if status is not Status.OPEN:
        return f"当前状态“{STATUS_LABELS[status]}”下不能记为当场解决"
    if escalation_level != Escalation.NONE.value:
        return "该差评已逾期督办，不能再记为当场解决"
    if today > received_on:
        return (f"当场解决只能在收到差评当天（{received_on.year}年{received_on.month}月{received_on.day}日）记录；"
                "此后请先联系评价人，再确认问题整改或解释说明")
    return None


class LedgerRight(StrEnum):
    SET = "set"  # may set the ledger deadline (and confirm or change a proposal)
    PROPOSE = "propose"  # may only propose one, for a leader to decide
    NONE = "none"


def ledger_right(role: Role | str | None, *, actor_department_id: int | None,
                 record_department_id: int | None) -> LedgerRight:
    """Who decides the deadline of a complex problem put into the ledger (S0 art.14: 建立台账，限期整改).

    The deadline binds the rated department, so it is a leader's decision: the head of the department concerned
    (科室负责人, of the record's own department only) or a center leader (中心领导). The efficiency supervisor
    (效能监察, possibly a contracted third party) watches the loop: it may propose a deadline, which a leader then
    confirms or changes. Window staff handle the record and administrators configure the system: neither decides.
    `role` None is the system actor (the CLI), acting for the center's leaders.
    """
    if role is None:
        return LedgerRight.SET
    role = Role(role)
    if role is Role.DIRECTOR:
        return LedgerRight.SET
    if role is Role.DEPT_HEAD:
        same = actor_department_id is not None and actor_department_id == record_department_id
        return LedgerRight.SET if same else LedgerRight.NONE
    if role is Role.SUPERVISOR:
        return LedgerRight.PROPOSE
    return LedgerRight.NONE


# S0 art.15 requires the callback for every real-name bad review; an anonymous rater may be unreachable, so an
# anonymous record that was solved, explained or fed back may be closed without one.
def next_status_for(status: Status, action: Action, *, real_name: bool, before_appeal: Status | None = None) -> Status:
    if action is Action.CLOSE and not real_name and status in AWAITING_CALLBACK:
        return Status.CLOSED
    return next_status(status, action, before_appeal=before_appeal)


def allowed_actions_for(status: Status, *, real_name: bool) -> list[Action]:
    actions = allowed_actions(status)
    if not real_name and status in AWAITING_CALLBACK and Action.CLOSE not in actions:
        actions.append(Action.CLOSE)
    return actions


ACTION_LABELS = {
    Action.CONTACT: "记录联系",
    Action.SOLVE_ON_SPOT: "当场解决",
    Action.CONFIRM: "确认问题并整改",
    Action.TO_LEDGER: "列入台账限期整改",
    Action.EXPLAIN: "解释说明",
    Action.FEED_BACK: "整改反馈",
    Action.CALLBACK: "回访",
    Action.CLOSE: "办结",
    Action.APPEAL: "申诉复核",
    Action.UPHOLD_APPEAL: "申诉成立",
    Action.REJECT_APPEAL: "驳回申诉",
    Action.PROPOSE_LEDGER: "建议列入台账",
}

# D2 contact log: how the rater was reached.
CONTACT_METHODS = {"phone": "电话", "sms": "短信", "visit": "上门", "online": "网上"}
# D3 callback: by phone or online questionnaire.
CALLBACK_METHODS = {"phone": "电话回访", "online": "网上问卷"}


def method_code(value: str, methods: dict[str, str]) -> str | None:
    """The code of a method given as its code or its Chinese name; None when it is neither."""
    text = (value or "").strip()
    if text in methods:
        return text
    for code, label in methods.items():
        if text == label:
            return code
    return None


# Bounds of the per-center settings: (label, lowest, highest).
SETTING_BOUNDS = {
    "contact_days": ("联系评价人时限（工作日）", 1, 30),
    "rectify_days": ("整改反馈时限（工作日）", 1, 60),
    "callback_days": ("回访时限（工作日）", 1, 60),
    "escalate_to_director_after_days": ("逾期升级至中心领导（工作日）", 0, 30),
    "due_soon_days": ("临期提醒（工作日）", 0, 10),
    "concentration_threshold": ("集中差评预警条数", 2, 1000),
    "concentration_period_days": ("集中差评统计周期（自然日）", 1, 366),
}


def setting_problems(values: dict[str, object]) -> dict[str, str]:
    """{field: Chinese reason} for every refused setting; an empty dict when all are fine."""
    problems: dict[str, str] = {}
    for name, (label, low, high) in SETTING_BOUNDS.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int):
            problems[name] = f"{label}须为整数"
        elif not low <= value <= high:
            problems[name] = f"{label}须在 {low} 至 {high} 之间"
    contact, rectify = values.get("contact_days"), values.get("rectify_days")
    if not problems and contact > rectify:
        problems["rectify_days"] = "整改反馈时限不能短于联系评价人时限"
    return problems


@dataclass(frozen=True)
class CallbackRate:
    """D3: real-name bad reviews whose loop is finished over all of them, in one of the two D7 views."""

    total: int
    finished: int

    @property
    def rate(self) -> float | None:
        return None if self.total == 0 else self.finished / self.total

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"


def callback_rates(statuses: list[Status]) -> tuple[CallbackRate, CallbackRate]:
    """(all reviews, excluding upheld appeals) for the statuses of a period's real-name bad reviews.

    Counting all reviews, a review excluded by an upheld appeal has finished its loop by that decision; excluding
    appeals, it is left out of both counts, as every other statistic leaves it out.
    """
    done = {Status.CALLED_BACK, Status.CLOSED}
    excluded = sum(1 for s in statuses if s is Status.EXCLUDED)
    called = sum(1 for s in statuses if s in done)
    return (CallbackRate(total=len(statuses), finished=called + excluded),
            CallbackRate(total=len(statuses) - excluded, finished=called))

"""The case clock of S1 限时办结 clauses 3-5, as a pure fold over the case's events.

- The period counts from the day the application is received (the start day itself not counted, B2).
- Incomplete or non-compliant materials: a one-time notice stops the clock; it restarts, from zero, on the day the
  supplementary materials are received.
- A later notice asking for materials the first notice should have listed (an omission) does not stop the clock
  once a supplement has come in, and the omission is a one-time-notification violation (E3). The period keeps
  counting from the LAST legitimate restart: S1 clause 4 literally says the first supplement, but when a
  legitimate re-notice (materials listed before, supplied non-compliant) stopped the clock in between, the
  applicant's later supplement restarted it from zero, and the handler's omission must not take that restart back
  and charge the applicant with days the clock was stopped for the applicant's own supplement.
- A later notice about materials already listed but supplied non-compliant is a normal notice: stop, then restart.
- A refusal (不予受理) ends the clock: the case is no longer open, it cannot fall due, nothing is counted after it.
- An approved extension replaces the due date (clause 5). The handler requests it (reason, a new due date later
  than the current one, while the period runs and before it has run out); the department head of the case's
  department or a center leader (中心领导) approves it, never the requester.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from xiaoneng.kit.workdays import WorkingDays


class ClockStatus(StrEnum):
    RUNNING = "running"  # 计时中
    STOPPED = "stopped"  # 补正中 (clock stopped by a one-time notice)
    DONE = "done"  # 已办结
    REFUSED = "refused"  # 不予受理: the clock ended without a due date


CLOCK_STATUS_LABELS = {ClockStatus.RUNNING: "计时中", ClockStatus.STOPPED: "补正中（停止计时）", ClockStatus.DONE: "已办结",
                       ClockStatus.REFUSED: "不予受理（计时结束）"}


@dataclass(frozen=True)
class Received:
    day: dt.date


@dataclass(frozen=True)
class Notice:
    """A one-time notice naming the materials that are missing or non-compliant."""

    day: dt.date
    materials: frozenset[str]


@dataclass(frozen=True)
class Supplement:
    day: dt.date


@dataclass(frozen=True)
class Extension:
    """A leader-approved extension: the new due date replaces the computed one."""

    day: dt.date
    new_due: dt.date


@dataclass(frozen=True)
class Completed:
    day: dt.date


@dataclass(frozen=True)
class Refused:
    """不予受理: the application is not accepted; the clock ends."""

    day: dt.date


ClockEvent = Received | Notice | Supplement | Extension | Completed | Refused


@dataclass(frozen=True)
class Clock:
    status: ClockStatus
    counting_from: dt.date | None  # the day the current period counts from (not itself counted)
    due: dt.date | None  # None while stopped
    violations: tuple[str, ...] = field(default=())
    completed_on: dt.date | None = None

    def overdue(self, today: dt.date) -> bool:
        if self.due is None:
            return False
        end = self.completed_on if self.status is ClockStatus.DONE else today
        return end > self.due

    def remaining_working_days(self, today: dt.date, calendar: WorkingDays) -> int | None:
        """Working days left after today until the due date (0 on the due day, negative when overdue)."""
        if self.due is None or self.status is ClockStatus.DONE:
            return None
        if today <= self.due:
            n, day = 0, today
            while day < self.due:
                day += dt.timedelta(days=1)
                n += calendar.is_working_day(day)
            return n
        n, day = 0, self.due
        while day < today:
            day += dt.timedelta(days=1)
            n += calendar.is_working_day(day)
        return -n


class DeadlineState(StrEnum):
    """Where an open case stands against its due date on a given day (stored on the case by the deadline job)."""

    ON_TIME = ""
    DUE_SOON = "due_soon"  # 即将到期
    OVERDUE = "overdue"  # 逾期


DEADLINE_STATE_LABELS = {DeadlineState.ON_TIME: "", DeadlineState.DUE_SOON: "即将到期", DeadlineState.OVERDUE: "逾期"}
DEFAULT_DUE_SOON_DAYS = 1


def overdue_on(clock_status: str, due: dt.date | None, today: dt.date) -> bool:
    """An open case is overdue once its running period's due date is past (a stopped clock cannot fall due)."""
    return clock_status == ClockStatus.RUNNING and due is not None and due < today


def deadline_state(
    clock_status: str, due: dt.date | None, today: dt.date, calendar: WorkingDays, *,
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS,
) -> DeadlineState:
    """Overdue when the clock runs and the due date is past; due soon with at most `due_soon_days` working days left.

    A stopped clock (补正中) or a finished case is neither: only a running period can fall due.
    """
    if overdue_on(clock_status, due, today):
        return DeadlineState.OVERDUE
    if clock_status != ClockStatus.RUNNING or due is None:
        return DeadlineState.ON_TIME
    left = Clock(ClockStatus.RUNNING, None, due).remaining_working_days(today, calendar)
    return DeadlineState.DUE_SOON if left is not None and left <= due_soon_days else DeadlineState.ON_TIME


class ExtensionStatus(StrEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已批准
    REFUSED = "refused"  # 未批准


EXTENSION_STATUS_LABELS = {ExtensionStatus.PENDING: "待审批", ExtensionStatus.APPROVED: "已批准",
                           ExtensionStatus.REFUSED: "未批准"}
REASON_MAX_LEN = 200


def extension_problem(clock_status: str, due: dt.date | None, new_due: dt.date | None,
                      today: dt.date) -> tuple[str, str] | None:
    """Why an extension to `new_due` cannot be asked for (or granted) now, as (field, Chinese message), or None.

    S1 限时办结 5 extends a period that is running: not while the clock is stopped for 补正 (the period restarts
    from zero on the supplement), and not once it has run out (an overdue case stays overdue).
    """
    if clock_status == ClockStatus.STOPPED:
        return "status", "办件正在补正中，计时已中止，不能延期；收到补正材料、恢复计时后再申请延期"
    if clock_status != ClockStatus.RUNNING:
        return "status", "办件已办结，不能延期"
    if new_due is None:
        return "new_due", "请填写延期后的办结期限"
    if due is not None and new_due <= due:
        return "new_due", f"延期后的办结期限须晚于原办结期限 {due.isoformat()}"
    if due is not None and due < today:
        return "new_due", f"办件已超过办结期限 {due.isoformat()}，不能再申请延期"
    return None


def refusal_problem(status: str, accepted: bool) -> str | None:
    """Why the application cannot be refused (不予受理) now, or None. Refusing is the decision not to accept: it is
    taken on an application received (or waiting for its 补正), never on one accepted or finished."""
    if status == "rejected":
        return "该办件已作出不予受理决定"
    if status == "completed":
        return "办件已办结，不能再作不予受理决定"
    if accepted or status == "accepted":
        return "办件已受理，不能再作不予受理决定"
    return None


def may_approve_extension(role: str | None, department_id: int | None, case_department_id: int) -> bool:
    """The department head of the case's own department, or a center leader (S1 限时办结 5: 请示有关领导审批)."""
    return role == "director" or (role == "dept_head" and department_id == case_department_id)


class _Machine:
    """The S1 clock's state between events; fold_clock and fold_steps replay a case's events through it."""

    def __init__(self, received: dt.date):
        self.counting_from = received
        self.running = True
        self.listed: set[str] = set()
        self.notices = 0
        self.first_supplement: dt.date | None = None
        self.extended_due: dt.date | None = None
        self.violations: list[str] = []

    def apply(self, event: ClockEvent) -> None:
        if isinstance(event, Notice):
            self.notices += 1
            new = set(event.materials) - self.listed
            self.listed |= new
            if self.notices > 1 and new:
                self.violations.append(f"{event.day.isoformat()} 第{self.notices}次告知新增材料：{'、'.join(sorted(new))}"
                                       "（未一次性告知）")
                if self.first_supplement is not None:
                    return  # the applicant is not charged for the handler's omission: the clock keeps running
            self.running = False
            self.extended_due = None
        elif isinstance(event, Supplement):
            if not self.running:
                self.counting_from, self.running = event.day, True
                if self.first_supplement is None:
                    self.first_supplement = event.day
        elif isinstance(event, Extension):
            self.extended_due = event.new_due


def fold_clock(events: list[ClockEvent], *, limit_days: int, calendar: WorkingDays) -> Clock:
    """Replay a case's events in order and return its clock."""
    if not events or not isinstance(events[0], Received):
        raise ValueError("a case clock starts with the day the application was received")
    machine = _Machine(events[0].day)
    completed_on: dt.date | None = None
    for event in events[1:]:
        if isinstance(event, Completed):
            completed_on = event.day
            break
        if isinstance(event, Refused):
            # No due date: a refused application cannot be late, whatever day it was refused on.
            return Clock(ClockStatus.REFUSED, None, None, tuple(machine.violations), event.day)
        machine.apply(event)

    violations = tuple(machine.violations)
    if not machine.running and completed_on is None:
        return Clock(ClockStatus.STOPPED, None, None, violations)
    due = machine.extended_due or calendar.add_working_days(machine.counting_from, limit_days)
    status = ClockStatus.DONE if completed_on else ClockStatus.RUNNING
    return Clock(status, machine.counting_from, due, violations, completed_on)


# --- step deadlines ----------------------------------------------------------------------------------------------
# The case's promised working days are shared among its steps: each gets limit // steps and the last one the
# remainder too (5 days over 受理/审查/决定: 1, 1, 3), so steps finished on time finish the case on time. A step's
# share counts from the day the previous step was completed (the first step's from the day of receipt), that day
# not counted (B2). While the clock is stopped for 补正 the open step has no due date, and the supplement restarts
# the open step's share from zero, as it restarts the case's period. 即办件 (0 days): every step is due the day of
# receipt. After an approved extension, no step still open is due before the case's new due date.

@dataclass(frozen=True)
class StepDone:
    """The case's next step was completed on `day` (placed among the clock events in the order things happened)."""

    day: dt.date


def step_shares(limit_days: int, steps: int) -> tuple[int, ...]:
    """The working days of each step: even shares, the remainder to the last step."""
    if steps < 1 or limit_days < 0:
        raise ValueError("a case has at least one step and a period of zero or more working days")
    base = limit_days // steps
    return (base,) * (steps - 1) + (base + limit_days % steps,)


def fold_steps(timeline: list[ClockEvent | StepDone], *, limit_days: int, steps: int,
               calendar: WorkingDays) -> tuple[dt.date | None, ...]:
    """The due date of each step from the case's clock events and step completions in time order: a completed step
    keeps the date it had when it was completed, the open step has its own (None while the clock is stopped) and
    the steps after it have none yet."""
    if not timeline or not isinstance(timeline[0], Received):
        raise ValueError("a case clock starts with the day the application was received")
    shares = step_shares(limit_days, steps)
    machine = _Machine(timeline[0].day)
    dues: list[dt.date | None] = [None] * steps
    open_step, start = 0, timeline[0].day

    def due_of(k: int) -> dt.date:
        due = machine.counting_from if limit_days == 0 else calendar.add_working_days(start, shares[k])
        return max(due, machine.extended_due) if machine.extended_due else due

    for item in timeline[1:]:
        if isinstance(item, Refused):
            return tuple(dues)  # refused: the open step is never due
        if isinstance(item, StepDone):
            if open_step < steps:
                dues[open_step] = due_of(open_step)
                open_step, start = open_step + 1, item.day
        elif not isinstance(item, Completed):
            was_running = machine.running
            machine.apply(item)
            if machine.running and not was_running:
                start = machine.counting_from  # the supplement restarts the open step's share from zero
    if open_step < steps and machine.running:
        dues[open_step] = due_of(open_step)
    return tuple(dues)

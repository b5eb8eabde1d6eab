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


def fold_clock(events: list[ClockEvent], *, limit_days: int, calendar: WorkingDays) -> Clock:
    """Replay a case's events in order and return its clock."""
    if not events or not isinstance(events[0], Received):
        raise ValueError("a case clock starts with the day the application was received")
    counting_from: dt.date = events[0].day
    running = True
    listed: set[str] = set()
    notices = 0
    first_supplement: dt.date | None = None
    extended_due: dt.date | None = None
    violations: list[str] = []
    completed_on: dt.date | None = None

    for event in events[1:]:
        if isinstance(event, Notice):
            notices += 1
            new = set(event.materials) - listed
            listed |= new
            if notices > 1 and new:
                violations.append(f"{event.day.isoformat()} 第{notices}次告知新增材料：{'、'.join(sorted(new))}（未一次性告知）")
                if first_supplement is not None:
                    continue  # the applicant is not charged for the handler's omission: the clock keeps running
            running = False
            extended_due = None
        elif isinstance(event, Supplement):
            if not running:
                counting_from, running = event.day, True
                if first_supplement is None:
                    first_supplement = event.day
        elif isinstance(event, Extension):
            extended_due = event.new_due
        elif isinstance(event, Completed):
            completed_on = event.day
            break
        elif isinstance(event, Refused):
            # No due date: a refused application cannot be late, whatever day it was refused on.
            return Clock(ClockStatus.REFUSED, None, None, tuple(violations), event.day)

    if not running and completed_on is None:
        return Clock(ClockStatus.STOPPED, None, None, tuple(violations))
    due = extended_due or calendar.add_working_days(counting_from, limit_days)
    status = ClockStatus.DONE if completed_on else ClockStatus.RUNNING
    return Clock(status, counting_from, due, tuple(violations), completed_on)

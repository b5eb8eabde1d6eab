"""AB posts (AB岗工作制度, S1 一; SPEC E1): who may be away, who covers whom, and how long an absence is.

A post (岗位) has an A (主岗) and a B (备岗) holder; the center's main leader is a post too, with the designated
deputy as B. An absence (出差, 休假, 病假, 事假, 会议, 其他) runs from a half day to a half day, both included.
Only working days of the center's calendar count: a post is not staffed on a holiday, so an A away over the
national day and a B away on its last rest day are never away together, while a make-up Saturday is a working
day like any other. The rule: A and B are never away on the same working half day unless a leader has designated
a proxy (代岗人) for that post and period; a leave that would empty a post is refused, saying which post, whose
absence and which dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.errors import ValidationFailed


class Half(IntEnum):
    AM = 0
    PM = 1


HALF_LABELS = {Half.AM: "上午", Half.PM: "下午"}


class AbsenceKind(StrEnum):
    TRIP = "trip"
    VACATION = "vacation"
    SICK = "sick"
    PERSONAL = "personal"
    MEETING = "meeting"
    OTHER = "other"


ABSENCE_LABELS = {AbsenceKind.TRIP: "出差", AbsenceKind.VACATION: "休假", AbsenceKind.SICK: "病假",
                  AbsenceKind.PERSONAL: "事假", AbsenceKind.MEETING: "会议", AbsenceKind.OTHER: "其他"}


class Role(StrEnum):
    A = "a"
    B = "b"


ROLE_LABELS = {Role.A: "A岗", Role.B: "B岗"}


@dataclass(frozen=True, order=True)
class HalfDay:
    day: dt.date
    half: Half

    @property
    def slot(self) -> int:
        """A number per half day, in order: the day's ordinal twice, plus one for the afternoon."""
        return self.day.toordinal() * 2 + int(self.half)

    def label(self) -> str:
        return f"{self.day.isoformat()} {HALF_LABELS[self.half]}"

    @classmethod
    def of_time(cls, local: dt.datetime) -> HalfDay:
        """The half day a local time falls in: the morning until noon."""
        return cls(local.date(), Half.AM if local.hour < 12 else Half.PM)


@dataclass(frozen=True)
class Period:
    """From a half day to a half day, both included."""
    start: HalfDay
    end: HalfDay

    @classmethod
    def of(cls, start: dt.date, start_half: Half, end: dt.date, end_half: Half) -> Period:
        period = cls(HalfDay(start, Half(start_half)), HalfDay(end, Half(end_half)))
        if period.end.slot < period.start.slot:
            raise ValidationFailed(f"结束时间（{period.end.label()}）早于开始时间（{period.start.label()}）",
                                   field="end")
        return period

    def label(self) -> str:
        return f"{self.start.label()}至{self.end.label()}"

    def working_half_days(self, calendar: WorkCalendar) -> list[HalfDay]:
        """The working half days of the period on `calendar`, in order."""
        halves = []
        for day in calendar.working_days_between(self.start.day, self.end.day):
            for half in Half:
                h = HalfDay(day, half)
                if self.start.slot <= h.slot <= self.end.slot:
                    halves.append(h)
        return halves

    def working_days(self, calendar: WorkCalendar) -> float:
        """The length counted in working days, by halves: what a leave costs and what attendance reports."""
        return len(self.working_half_days(calendar)) / 2

    def overlaps(self, other: Period) -> bool:
        return self.start.slot <= other.end.slot and other.start.slot <= self.end.slot


@dataclass(frozen=True)
class Absence:
    person_id: int
    person_name: str
    kind: AbsenceKind
    period: Period


@dataclass(frozen=True)
class Post:
    id: int
    name: str
    a_id: int
    a_name: str
    b_id: int
    b_name: str

    def role_of(self, person_id: int) -> Role | None:
        return Role.A if person_id == self.a_id else Role.B if person_id == self.b_id else None

    def other(self, person_id: int) -> tuple[int, str, Role]:
        """The holder who must stay while `person_id` is away: B for A, A for B."""
        if person_id == self.a_id:
            return self.b_id, self.b_name, Role.B
        return self.a_id, self.a_name, Role.A


@dataclass(frozen=True)
class Proxy:
    """A leader's designation: `person_id` covers the post over `period`, so both holders may be away."""
    post_id: int
    person_id: int
    person_name: str
    period: Period


def _days_text(halves: list[HalfDay]) -> str:
    days: dict[dt.date, set[Half]] = {}
    for h in halves:
        days.setdefault(h.day, set()).add(h.half)
    parts = [d.isoformat() + ("" if len(hs) == 2 else HALF_LABELS[next(iter(hs))]) for d, hs in sorted(days.items())]
    if len(parts) > 6:
        parts = parts[:3] + ["…"] + parts[-2:]
    return "、".join(parts)


def empty_post_problems(*, person_id: int, period: Period, posts: Iterable[Post], absences: Iterable[Absence],
                        proxies: Iterable[Proxy], calendar: WorkCalendar) -> list[str]:
    """Why `person_id` may not be away over `period`: for every post they hold whose other holder is away on a
    working half day of it that no proxy covers, a sentence naming the post, the other holder's absence and the
    dates. Empty when the leave may go ahead."""
    wanted = period.working_half_days(calendar)
    if not wanted:
        return []
    absences, proxies = list(absences), list(proxies)
    problems = []
    for post in posts:
        if post.role_of(person_id) is None:
            continue
        other_id, other_name, other_role = post.other(person_id)
        covered = {h.slot for p in proxies if p.post_id == post.id
                   for h in p.period.working_half_days(calendar)
                   if not is_away(p.person_id, h, absences)}
        for absence in absences:
            if absence.person_id != other_id or not absence.period.overlaps(period):
                continue
            clash = [h for h in wanted
                     if absence.period.start.slot <= h.slot <= absence.period.end.slot and h.slot not in covered]
            if clash:
                problems.append(
                    f"岗位“{post.name}”将无人在岗：{ROLE_LABELS[other_role]} {other_name} "
                    f"{absence.period.label()}{ABSENCE_LABELS[absence.kind]}，与本次请假同在 {_days_text(clash)}。"
                    "请调整时间，或请领导为该岗位指定代岗人")
    return problems


def is_away(person_id: int, half: HalfDay, absences: list[Absence]) -> bool:
    return any(a.person_id == person_id and a.period.start.slot <= half.slot <= a.period.end.slot for a in absences)


def acting_holder(*, post: Post, at: HalfDay, absences: Iterable[Absence],
                  proxies: Iterable[Proxy]) -> tuple[int, Role | None] | None:
    """Who holds the post at `at`: A when present, else B (acting for A), else a proxy designated for then.
    Returns (person_id, the role they act in, None for a proxy), or None when nobody is there."""
    absences = list(absences)
    if not is_away(post.a_id, at, absences):
        return post.a_id, Role.A
    if not is_away(post.b_id, at, absences):
        return post.b_id, Role.B
    for proxy in proxies:
        if (proxy.post_id == post.id and proxy.period.start.slot <= at.slot <= proxy.period.end.slot
                and not is_away(proxy.person_id, at, absences)):
            return proxy.person_id, None
    return None


def check_post(*, name: str, a_id: int | None, b_id: int | None) -> None:
    """A post needs both holders, and two different people."""
    if not name or not name.strip():
        raise ValidationFailed("请填写岗位名称", field="name")
    if a_id is None:
        raise ValidationFailed("请选择 A 岗（主岗）人员", field="a_id")
    if b_id is None:
        raise ValidationFailed("请选择 B 岗（备岗）人员", field="b_id")
    if a_id == b_id:
        raise ValidationFailed("A 岗和 B 岗不能是同一人", field="b_id")


HANDOVER_DAYS = 1  # A confirms the handover by the end of the working day after their return


def handover_dates(end: HalfDay, calendar) -> tuple[dt.date, dt.date]:
    """(the day A is back, the day they confirm the handover by) for an absence ending at `end`: back the same
    afternoon after a morning off on a working day, otherwise the next working day."""
    if end.half is Half.AM and calendar.is_working_day(end.day):
        back = end.day
    else:
        back = calendar.add_working_days(end.day, 1)
    return back, calendar.add_working_days(back, HANDOVER_DAYS)


def has_ended(end: HalfDay, now: HalfDay) -> bool:
    return end.slot < now.slot

"""How the demo's people take leave over a year: kinds, how often and how long, in which season, when they ask and
when their department head answers. Everything here only draws; leave_year.py checks and writes."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.demo.catalog.duty_texts import FESTIVAL_VACATION, REASONS, SUMMER_VACATION
from xiaoneng.demo.days import at
from xiaoneng.duty.rules import Half, HalfDay, Period

# kind -> (spells a year: counts and weights, length in working half days: counts and weights), for window clerks
# and for the people who lead (heads, supervisors, directors), who go to more meetings and on more trips.
CLERK_PLAN = {
    "vacation": (((1, 2, 3), (0.45, 0.4, 0.15)), ((1, 2, 4, 6, 10), (0.1, 0.3, 0.25, 0.2, 0.15))),
    "sick": (((0, 1, 2, 3), (0.35, 0.35, 0.2, 0.1)), ((1, 2, 4, 6), (0.2, 0.5, 0.2, 0.1))),
    "personal": (((0, 1, 2, 3), (0.3, 0.35, 0.25, 0.1)), ((1, 2), (0.6, 0.4))),
    "meeting": (((0, 1, 2), (0.5, 0.35, 0.15)), ((1, 2), (0.65, 0.35))),
    "trip": (((0, 1), (0.8, 0.2)), ((2, 4, 6), (0.45, 0.4, 0.15))),
    "other": (((0, 1), (0.85, 0.15)), ((1,), (1,))),
}
LEAD_PLAN = {
    **CLERK_PLAN,
    "meeting": (((2, 3, 4, 6), (0.25, 0.35, 0.25, 0.15)), ((1, 2), (0.6, 0.4))),
    "trip": (((1, 2, 3), (0.4, 0.4, 0.2)), ((2, 4, 6, 10), (0.4, 0.35, 0.2, 0.05))),
}
LEAD_WORKING_DAYS = {"vacation": (2, 20), "trip": (1, 5), "meeting": (1, 4), "personal": (0, 3), "other": (0, 2),
                     "sick": (0, 0)}  # how many working days before the start a leave is asked for


@dataclass
class Wish:
    """A leave someone wants: not yet checked against the posts."""
    person: object
    kind: str
    period: Period
    halves: int
    reason: str
    requested_at: dt.datetime
    planted: bool = False


def _near(day: dt.date, holidays: list[dt.date], reach: int) -> bool:
    return any(abs((day - h).days) <= reach for h in holidays)


class Season:
    """The working half days a leave can start on, weighted by kind: summer and the days around the Spring Festival
    for 休假, winter for 病假."""

    def __init__(self, cal: WorkCalendar, first: dt.date, last: dt.date):
        self.cal = cal
        self.days = cal.working_days_between(first, last)
        self.index = {d: i for i, d in enumerate(self.days)}
        span = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
        rest = {d: cal.explain(d).reason for d in span if not cal.is_working_day(d)}
        festival = [d for d, reason in rest.items() if reason == "春节"]
        national = [d for d, reason in rest.items() if reason == "国庆节"]
        self.festive = {d for d in self.days if _near(d, festival, 7)}
        vacation = [3.0 if d.month in (7, 8) else 4.0 if d in self.festive else 1.5 if _near(d, national, 5)
                    else 0.6 if d.month == 12 else 1.0 for d in self.days]
        sick = [1.8 if d.month in (12, 1, 2) else 1.0 for d in self.days]
        self.cumulative = {"vacation": list(itertools.accumulate(vacation)), "sick": list(itertools.accumulate(sick))}

    def start(self, rng: random.Random, kind: str, halves: int) -> tuple[int, Half]:
        weights = self.cumulative.get(kind)
        i = (rng.choices(range(len(self.days)), cum_weights=weights)[0] if weights
             else rng.randrange(len(self.days)))
        # A half-day leave is a morning or an afternoon; longer ones mostly begin in the morning.
        half = Half.PM if (rng.random() < (0.5 if halves == 1 else 0.12)) else Half.AM
        return i, half

    def period(self, i: int, half: Half, halves: int) -> Period | None:
        first = 2 * i + int(half)
        last = first + halves - 1
        if last // 2 >= len(self.days):
            return None
        return Period(HalfDay(self.days[i], half), HalfDay(self.days[last // 2], Half(last % 2)))

    def asked(self, rng: random.Random, kind: str, i: int, half: Half) -> dt.datetime:
        """When the person asks: some working days before, in working hours or from a phone in the evening; a
        sick leave on the morning itself (or at noon for an afternoon)."""
        low, high = LEAD_WORKING_DAYS[kind]
        lead = rng.randint(low, high)
        day = self.days[max(0, i - lead)]
        if lead == 0:
            low, high = (7 * 60 + 20, 8 * 60 + 50) if half == Half.AM else (11 * 60 + 30, 12 * 60 + 20)
            minutes = rng.randint(low, high)
        elif rng.random() < 0.15:
            minutes = rng.randint(19 * 60, 22 * 60 + 30)
        else:
            minutes = rng.randint(8 * 60 + 40, 17 * 60 + 30)
        return at(day, minutes)

    def decided(self, rng: random.Random, asked: dt.datetime, begins: dt.datetime) -> dt.datetime:
        """The head answers within hours, the next working day or the one after; before the leave begins when
        there is time (a sick leave asked at 7:30 is approved from the phone before 8:30)."""
        day = asked.date() if asked.hour < 17 else None
        i = self.index.get(asked.date(), 0)
        r = rng.random()
        if day is not None and r < 0.55:
            moment = asked + dt.timedelta(minutes=rng.randint(15, 240))
            moment = min(moment, at(day, 17 * 60 + 50))
        else:
            later = 1 if r < 0.9 else 2
            moment = at(self.days[min(i + later, len(self.days) - 1)], rng.randint(8 * 60 + 40, 17 * 60 + 30))
        if moment > begins > asked:
            # Little time left: answered before the leave begins, on its morning at the latest, never at night.
            earliest = asked + dt.timedelta(minutes=5)
            if begins.date() > asked.date():
                earliest = max(earliest, at(begins.date(), 7 * 60 + 30))
            moment = earliest + (begins - earliest) * rng.uniform(0.2, 0.9) if earliest < begins else earliest
        return max(moment, asked + dt.timedelta(minutes=5)).replace(second=0, microsecond=0)


def begins(period: Period) -> dt.datetime:
    return at(period.start.day, 9 * 60 if period.start.half == Half.AM else 13 * 60)


def wishes(rng: random.Random, people: list, season: Season, *, lead_roles: set, first: int) -> list[Wish]:
    """Every leave each person would like over the span, starting no earlier than working day `first`."""
    found = []
    for person in people:
        plan = LEAD_PLAN if person.role in lead_roles else CLERK_PLAN
        for kind, ((counts, count_weights), (lengths, length_weights)) in plan.items():
            for _ in range(rng.choices(counts, count_weights)[0]):
                halves = rng.choices(lengths, length_weights)[0]
                i, half = season.start(rng, kind, halves)
                period = season.period(i, half, halves)
                if i < first or period is None:
                    continue
                found.append(Wish(person=person, kind=kind, period=period, halves=halves,
                                  reason=_reason(rng, kind, season.days[i], season),
                                  requested_at=season.asked(rng, kind, i, half)))
    return found


def _reason(rng: random.Random, kind: str, day: dt.date, season: Season) -> str:
    if kind == "vacation" and day in season.festive:
        return rng.choice(FESTIVAL_VACATION)
    if kind == "vacation" and day.month in (7, 8) and rng.random() < 0.6:
        return rng.choice(SUMMER_VACATION)
    return rng.choice(REASONS[kind])


def row(wish: Wish, cal, *, status: str, decider=None, decided_at=None, note: str = "",
        updated_at: dt.datetime | None = None) -> dict:
    """The duty_absence row of a wish as asked and decided; its length counted on the calendar as the service does."""
    p = wish.period
    return dict(center_id=wish.person.center_id, department_id=wish.person.department_id, staff_id=wish.person.id,
                kind=wish.kind, start_date=p.start.day, start_half=int(p.start.half), end_date=p.end.day,
                end_half=int(p.end.half), reason=wish.reason, working_days=p.working_days(cal), status=str(status),
                decided_by_id=decider.id if decider is not None and decided_at else None, decided_at=decided_at,
                decision_note=note, created_at=wish.requested_at,
                updated_at=updated_at or decided_at or wish.requested_at)

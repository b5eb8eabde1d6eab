"""The demo's year of attendance punches (E5) as the attendance system's raw export would hold them: every active
staff member punches at both ends of both halves of each working day of the platform's calendar (make-up Saturdays
included, holidays not), but not in a half on approved leave. Most are rarely late, a few often; some punches are
forgotten, some people leave early, now and then someone taps twice. Drawn with numpy a center at a time and
written in bulk (COPY on PostgreSQL), about 290,000 rows for the demo's 293 staff.

Punch times keep to the buckets of attendance.rules.sort_punches (arrival before 10:30, morning departure before
12:30, afternoon arrival before 15:00), so that the checks read them as meant.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.attendance.models import PunchRecord
from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar_service
from xiaoneng.kit import bulk
from xiaoneng.demo.days import year_ending
from xiaoneng.duty.models import Absence, AbsenceStatus
from xiaoneng.duty.rules import Half, HalfDay

SOURCE = "raw"  # DingTalk's raw punch list (attendance.dingtalk)
LATE = ((0.03, 0.2), (0.15, 0.04), (1.0, 0.008))  # (share of staff up to here, chance of a late morning)
EARLY = ((0.02, 0.05), (1.0, 0.004))  # (share of staff up to here, chance of leaving a half early)
PM_LATE_FACTOR = 0.4  # the afternoon arrival is late less often than the morning's
FORGOTTEN = 0.004  # of punches
ABSENT_DAY = 0.0008  # a day without a punch nor a leave
DOUBLE_TAP = 0.03  # of days: one more punch a minute or three after the arrival or the departure
TIMES = [dt.time(m // 60, m % 60) for m in range(24 * 60)]


def _propensity(nrng: np.random.Generator, n: int, tiers) -> np.ndarray:
    u = nrng.random(n)
    out = np.empty(n)
    low = 0.0
    for share, chance in tiers:
        out[(u >= low) & (u < share)] = chance
        low = share
    return out


def _leave_halves(session: Session, center_id: int, first: dt.date, last: dt.date) -> dict[int, set[int]]:
    """Each person's half days (HalfDay.slot) on approved leave within first..last."""
    halves: dict[int, set[int]] = {}
    for a in session.execute(select(Absence.staff_id, Absence.start_date, Absence.start_half, Absence.end_date,
                                    Absence.end_half).where(Absence.center_id == center_id,
                                                            Absence.status == AbsenceStatus.APPROVED,
                                                            Absence.start_date <= last, Absence.end_date >= first)):
        start, end = HalfDay(a.start_date, Half(a.start_half)).slot, HalfDay(a.end_date, Half(a.end_half)).slot
        halves.setdefault(a.staff_id, set()).update(range(start, end + 1))
    return halves


def _punches(nrng: np.random.Generator, people: int, days: int, am_leave: np.ndarray,
             pm_leave: np.ndarray) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """(person index, day index, minute of the day) of each punch, per kind of punch."""
    shape = (people, days)
    late = _propensity(nrng, people, LATE)[:, None]
    early = _propensity(nrng, people, EARLY)[:, None]
    r = nrng.random
    am_in = np.where(r(shape) < late, 541 + np.minimum(nrng.exponential(9, shape), 80),
                     539 - np.minimum(nrng.gamma(2, 6, shape), 39))
    am_out = np.where(r(shape) < early, 719 - np.minimum(nrng.exponential(9, shape), 60),
                      720 + np.minimum(nrng.exponential(5, shape), 29))
    pm_in = np.where(r(shape) < late * PM_LATE_FACTOR, 781 + np.minimum(nrng.exponential(6, shape), 60),
                     779 - np.minimum(nrng.gamma(2, 5, shape), 27))
    pm_out = np.where(r(shape) < early, 1019 - np.minimum(nrng.exponential(12, shape), 55),
                      1020 + np.minimum(nrng.exponential(15, shape), 150))
    absent = r(shape) < ABSENT_DAY
    found = []
    for minutes, on_leave in ((am_in, am_leave), (am_out, am_leave), (pm_in, pm_leave), (pm_out, pm_leave)):
        keep = ~on_leave & ~absent & (r(shape) >= FORGOTTEN)
        p, d = np.nonzero(keep)
        found.append((p, d, minutes.astype(np.int64)[p, d]))
    # A second tap after the arrival or the departure, in the same bucket as the first.
    tap = r(shape) < DOUBLE_TAP
    at_arrival = r(shape) < 0.5
    for minutes, on_leave, which in ((am_in, am_leave, at_arrival), (pm_out, pm_leave, ~at_arrival)):
        p, d = np.nonzero(tap & which & ~on_leave & ~absent)
        found.append((p, d, minutes.astype(np.int64)[p, d] + nrng.integers(1, 4, len(p))))
    return found


def add_attendance_year(session: Session, ctx) -> None:
    session.flush()
    nrng = np.random.default_rng(ctx.rng.getrandbits(64))
    ref = ctx.reference_date
    start = year_ending(ref)
    rows, counts = [], {}
    for center in ctx.centers.values():
        cal = calendar_service.get_calendar(session, center_id=center.id)
        days = cal.working_days_between(start, ref)
        people = [s for s in ctx.staff if s.center_id == center.id and s.active]
        if not days or not people:
            continue
        leave = _leave_halves(session, center.id, start, ref)
        am_slots = np.array([HalfDay(d, Half.AM).slot for d in days])
        am_leave = np.array([np.isin(am_slots, list(leave.get(s.id, ()))) for s in people])
        pm_leave = np.array([np.isin(am_slots + 1, list(leave.get(s.id, ()))) for s in people])
        ids = np.array([s.id for s in people])
        punches = _punches(nrng, len(people), len(days), am_leave, pm_leave)
        p = np.concatenate([x[0] for x in punches])
        d = np.concatenate([x[1] for x in punches])
        m = np.concatenate([x[2] for x in punches])
        order = np.lexsort((m, d, p))
        center_id = center.id
        rows += [{"center_id": center_id, "staff_id": staff_id, "day": days[day], "time": TIMES[minute],
                  "source": SOURCE} for staff_id, day, minute in zip(ids[p[order]].tolist(), d[order].tolist(),
                                                                    m[order].tolist())]
        counts[center.code] = len(p)
    bulk.insert(session, PunchRecord.__table__, rows)
    ctx.counts["punches"] = len(rows)
    gov = ctx.centers["gov"]
    audit.record(session, actor=ctx.actor, action="demo_build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"step": "attendance_year", "from": start.isoformat(), "to": ref.isoformat(),
                         "punches": len(rows), "by_center": counts})

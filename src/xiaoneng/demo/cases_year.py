"""The demo's year of cases, ratings and bad reviews in every state of the loop, written in bulk (SPEC K6).

The year ends on the reference date, the day before the build's "today". Cases run on its working days with a
seasonal volume (CASES_PER_DAY times the build's scale); their clock fields come from the real calendar
(vectorised), their ratings follow the 5-working-day window of S0 art.7-10, and every bad review gets its
rectification record (loop_year.py). The year is generated and written a chunk of days at a time, so memory stays
bounded at any scale: only the bad reviews are kept until the end, for the loop.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.calendar.rules import WorkCalendar, day_number, from_day_number
from xiaoneng.cases.models import ApplicantType, Case, CaseEvent, CaseOrigin, CaseStatus, CaseStep, EventKind
from xiaoneng.cases.rules import ClockStatus
from xiaoneng.cases.service import ONLINE_STEPS, WINDOW_STEP
from xiaoneng.demo import bulk
from xiaoneng.demo.catalog import people
from xiaoneng.demo.catalog.texts import (
    BAD_COMMENTS, COMPANY_KINDS, COMPANY_WORDS, FAIR_COMMENTS, GOOD_COMMENTS, SOCIAL_BAD, SOCIAL_GOOD,
    SOCIAL_GOOD_COMMENTS,
)
from xiaoneng.demo.days import Days, at, year_ending
from xiaoneng.demo.loop_year import add_loop
from xiaoneng.errors import ValidationFailed
from xiaoneng.items.models import ItemMaterial
from xiaoneng.ratings import rules as rating_rules
from xiaoneng.ratings.models import IndicatorSet, Rating
from xiaoneng.ratings.rules import Channel, Level, SocialSource
from xiaoneng.ratings.service import APPLICANT, Rater, rater_key

# Relative monthly demand: quiet around 春节 (February) and 国庆 (October), busiest in spring.
MONTH_FACTORS = {1: 1.0, 2: 0.62, 3: 1.3, 4: 1.35, 5: 1.15, 6: 1.05, 7: 0.95, 8: 0.9, 9: 1.05, 10: 0.72, 11: 1.0,
                 12: 1.1}
WEEKDAY_FACTORS = (1.2, 1.05, 1.0, 0.95, 0.85, 0.8, 0.8)  # Monday first; make-up Saturdays are quiet
CASES_PER_DAY = 112  # at scale 1: about 28,000 cases a year
ONLINE_SHARE = 0.27  # of cases of items that can be handled online: about 20% of all cases
OVERDUE_SHARE = 0.035
NOTICE_SHARE = 0.04
RATED_SHARE = 0.70  # the rest is left to the default 满意 once the window closes
BAD_RATE = 0.024  # bad reviews among the ratings people give
WORSE_DEPARTMENTS = {"ZJJ": 3.6, "GHZY": 3.8, "JTJ": 3.4}
DEPARTMENT_WEIGHT = {"XNJD": 0.15, "ZHFW": 0.6}
ORGANISATION_DEPARTMENTS = {"SCJG": 0.55, "SWJ": 0.6, "ZJJ": 0.5, "GHZY": 0.45, "JTJ": 0.35, "STHJ": 0.6, "YJGL": 0.6,
                            "WLJ": 0.4, "NYJ": 0.3, "RSJ": 0.2}
SOCIAL_PER_YEAR = 144  # at scale 1
DEMO_STAFF = "staff_scjg"

CHUNK_CASES = 20_000  # cases generated and written at a time
TAIL_DAYS = 10  # the last days are one chunk: the demo clerk's recent cases are picked among them
LOOKBACK_DAYS = 30  # ratings are placed on the working days from a month before the year's start
# Working days the year reaches past its last day: the longest promised limit (54, 60% of the longest statutory
# 90), 5 days waiting for a supplement, 4 days overdue and the 5-day rating window, rounded up.
HORIZON_WORKING_DAYS = 70


# --- which days can be built --------------------------------------------------------------------------------------

def supported_days(cal: WorkCalendar) -> tuple[dt.date, dt.date]:
    """The first and the last "today" a demo year can be built for: its days, and the deadlines running past its
    end, must lie in the calendar's years (the official ones and the provisional year after them)."""
    earliest_start = dt.date(cal.first_year, 1, 1) + dt.timedelta(days=LOOKBACK_DAYS)
    first = earliest_start.replace(year=earliest_start.year + 1)
    provisional = cal.working_days_between(dt.date(cal.provisional_year, 1, 1), dt.date(cal.provisional_year, 12, 31))
    return first, provisional[-HORIZON_WORKING_DAYS]


def check_today(cal: WorkCalendar, today: dt.date) -> None:
    first, last = supported_days(cal)
    if not first <= today <= last:
        later = (f"；导入 {cal.provisional_year} 年的放假通知（xiaoneng calendar import-notice）后可按更晚的日期构建"
                 if today > last else "")
        raise ValidationFailed(
            f"演示数据只能按 {first.isoformat()} 至 {last.isoformat()} 之间的日期构建，{today.isoformat()} 不在其中："
            f"工作日历覆盖 {cal.first_year}—{cal.provisional_year} 年（{cal.provisional_year} 年待核定），"
            f"一年的办件及其期限都须落在其中{later}", field="today")


# --- the year's shared state --------------------------------------------------------------------------------------

@dataclass
class _Plan:
    """One completed step's rating, decided before any row is written."""

    step: int  # index into the chunk's step rows
    day: dt.date
    at: dt.datetime
    channel: str
    level: int
    comment: str = ""
    real_name: bool = False
    name: str = ""
    phone: str = ""
    ip: str = ""
    device_id: str = ""
    recent_top: int = 0
    flags: list = field(default_factory=list)


@dataclass
class _Year:
    """What every chunk of the year shares, and what the chunks hand on to the loop."""

    rng: random.Random
    nrng: np.random.Generator
    gov: object
    ref: dt.date
    start: dt.date
    days: Days
    departments: dict  # department id -> code, of the main center
    window_staff: dict
    heads: dict
    supervisor: object
    items: list
    item_p: np.ndarray
    item_limits: np.ndarray
    item_online: np.ndarray
    materials: dict
    sets: dict
    wd_list: list
    wd_index: dict
    demo_staff: object | None
    recent_from: int
    burst_dept: int
    burst_day: dt.date
    burst_at: dt.datetime
    burst_device: str
    burst_ip: str
    burst_left: int = 9  # one phone giving top ratings to nine steps of one department within ten minutes
    contradictions_left: int = 2  # top ratings whose text says the opposite
    bad: list = field(default_factory=list)  # (rating id, rating row) of every bad review
    forced: set = field(default_factory=set)  # step ids of the demo clerk's own bad reviews
    counts: Counter = field(default_factory=Counter)

    @property
    def cal(self) -> WorkCalendar:
        return self.days.cal


def _person(rng: random.Random) -> str:
    surname = rng.choice(people.COMMON_SURNAMES if rng.random() < 0.4 else people.SURNAMES)
    return surname + "".join(rng.choice(people.GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))


def _phone(rng: random.Random) -> str:
    return f"{rng.choice(people.PHONE_PREFIXES)}{rng.randint(0, 99999999):08d}"


def _id_number(rng: random.Random, received: dt.date) -> str:
    born = received - dt.timedelta(days=rng.randint(18 * 365, 80 * 365))
    body = f"510199{born:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def _company(rng: random.Random) -> str:
    return f"锦城新区{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_WORDS)}{rng.choice(COMPANY_KINDS)}"


def _credit_code(rng: random.Random) -> str:
    return "91510199" + "".join(rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(10))


def add_cases_and_ratings(session: Session, ctx) -> None:
    """A year of cases at the main center up to the reference date, their ratings and the bad-review loop."""
    session.flush()
    gov = ctx.centers["gov"]
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    check_today(cal, ctx.today)
    year, work_days, per_day = _prepare(session, ctx, cal)
    chunks = _chunks(work_days, per_day, year.ref)
    for n, chunk in enumerate(chunks):
        _write_chunk(session, year, chunk, last=n == len(chunks) - 1)
    _write_social(session, year, work_days, round(SOCIAL_PER_YEAR * ctx.scale * ctx.cases_per_day / CASES_PER_DAY))
    staff = {s.username: s for s in ctx.staff}
    directors = [s for s in ctx.staff if s.center_id == gov.id and s.role == Role.DIRECTOR]
    written = add_loop(session, rng=year.rng, bad=year.bad, forced=year.forced, ref=year.ref, days=year.days,
                       heads=year.heads, supervisor=year.supervisor, director=staff["director"], directors=directors)
    statuses = written.pop("statuses")
    counts = {"cases": year.counts["cases"], "case_steps": year.counts["case_steps"],
              "case_events": year.counts["case_events"], "ratings": year.counts["ratings"],
              "default_ratings": year.counts["default_ratings"], "bad_reviews": len(year.bad), **written}
    ctx.counts.update(counts)
    audit.record(session, actor=ctx.actor, action="demo_build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"step": "cases_and_ratings", "from": year.start.isoformat(), "to": year.ref.isoformat(),
                         "scale": ctx.scale, "statuses": statuses, **counts})


def _prepare(session: Session, ctx, cal: WorkCalendar) -> tuple[_Year, list[dt.date], np.ndarray]:
    """Who works where, which items are asked for how often, and the volume of every working day of the year."""
    rng = ctx.rng
    nrng = np.random.default_rng(rng.getrandbits(64))
    gov = ctx.centers["gov"]
    ref = ctx.reference_date
    start = year_ending(ref)
    departments = {d.id: code for code, d in ctx.departments.items() if d.center_id == gov.id}
    window_staff: dict[int, list] = {}
    heads: dict[int, object] = {}
    for s in ctx.staff:
        if s.center_id != gov.id or s.department_id is None:
            continue
        if s.role == Role.WINDOW_STAFF:
            window_staff.setdefault(s.department_id, []).append(s)
        elif s.role == Role.DEPT_HEAD:
            heads[s.department_id] = s
    staff_by_username = {s.username: s for s in ctx.staff}

    # Which item: departments by their windows, items by a skewed popularity (drawn before the volume, whose
    # draws depend on the scale, so that every scale has the same district).
    items = [i for i in ctx.items if i.center_id == gov.id and i.department_id in window_staff]
    dept_items = Counter(i.department_id for i in items)
    windows_of = {d: len(ctx.windows_by_department[departments[d]]) for d in dept_items}
    popularity = nrng.pareto(1.6, len(items)) + 0.2
    weights = np.array([windows_of[i.department_id] * DEPARTMENT_WEIGHT.get(departments[i.department_id], 1.0)
                        / dept_items[i.department_id] for i in items]) * popularity

    # Volume: working days of the year, monthly and weekday factors, some noise.
    work_days = cal.working_days_between(start, ref)
    factors = np.array([MONTH_FACTORS[d.month] * WEEKDAY_FACTORS[d.weekday()] for d in work_days])
    per_day = nrng.poisson(ctx.cases_per_day * ctx.scale * factors * nrng.lognormal(0, 0.12, len(work_days)))

    materials: dict[int, list[str]] = {}
    for item_id, name in session.execute(select(ItemMaterial.item_id, ItemMaterial.name)
                                         .where(ItemMaterial.required.is_(True)).order_by(ItemMaterial.id)):
        materials.setdefault(item_id, []).append(name)
    sets = {s.scope: s for s in session.scalars(select(IndicatorSet).where(IndicatorSet.active.is_(True))
                                                .order_by(IndicatorSet.id))}
    wd_list = cal.working_days_between(start - dt.timedelta(days=LOOKBACK_DAYS), ref)
    recent = cal.working_days_between(ref - dt.timedelta(days=TAIL_DAYS), ref)
    burst_day = wd_list[max(0, len(wd_list) - 41)]
    year = _Year(
        rng=rng, nrng=nrng, gov=gov, ref=ref, start=start, days=Days(cal), departments=departments,
        window_staff=window_staff, heads=heads, supervisor=staff_by_username["supervisor"], items=items,
        item_p=weights / weights.sum(),
        item_limits=np.array([i.promised_limit_days or i.statutory_limit_days for i in items], dtype=np.int64),
        item_online=np.array([i.online for i in items]), materials=materials, sets=sets, wd_list=wd_list,
        wd_index={d: i for i, d in enumerate(wd_list)}, demo_staff=staff_by_username.get(DEMO_STAFF),
        recent_from=day_number(recent[-2] if len(recent) >= 2 else ref - dt.timedelta(days=TAIL_DAYS)),
        burst_dept=ctx.departments["RSJ"].id, burst_day=burst_day, burst_at=at(burst_day, 14 * 60 + 3),
        burst_device=f"m{rng.getrandbits(48):012x}",
        burst_ip=f"117.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}",
    )
    return year, work_days, per_day


def _chunks(work_days: list[dt.date], per_day: np.ndarray, ref: dt.date) -> list[list[tuple[dt.date, int]]]:
    """Consecutive working days of about CHUNK_CASES cases each; the last TAIL_DAYS days always form the last one."""
    tail_from = ref - dt.timedelta(days=TAIL_DAYS)
    chunks: list[list[tuple[dt.date, int]]] = []
    current: list[tuple[dt.date, int]] = []
    size = 0
    for day, count in zip(work_days, per_day.tolist()):
        starts_tail = day >= tail_from and current and current[0][0] < tail_from
        full = day < tail_from and size + count > CHUNK_CASES
        if current and (starts_tail or full):
            chunks.append(current)
            current, size = [], 0
        current.append((day, count))
        size += count
    if current:
        chunks.append(current)
    return chunks


# --- one chunk of days: cases, steps, events, ratings -------------------------------------------------------------

def _write_chunk(session: Session, y: _Year, chunk: list[tuple[dt.date, int]], *, last: bool) -> None:
    rng, nrng, days, ref = y.rng, y.nrng, y.days, y.ref
    day_of_case = np.repeat(np.array([day_number(d) for d, _ in chunk], dtype=np.int64), [c for _, c in chunk])
    n = len(day_of_case)
    if n == 0:
        return
    item_of_case = nrng.choice(len(y.items), size=n, p=y.item_p)
    limits = y.item_limits[item_of_case]
    online = y.item_online[item_of_case] & (nrng.random(n) < ONLINE_SHARE)

    # The clock: notices, supplements, handling time, a few overdue.
    notice = (limits > 0) & (nrng.random(n) < NOTICE_SHARE)
    supplement_after = nrng.integers(1, 6, n)
    counting_from = np.where(notice, days.add(day_of_case, np.where(notice, supplement_after, 0)), day_of_case)
    handling = np.floor(limits * nrng.beta(1.6, 2.6, n)).astype(np.int64)
    overdue_pick = (limits > 0) & (nrng.random(n) < OVERDUE_SHARE)
    handling = np.where(overdue_pick, limits + nrng.integers(1, 5, n), handling)
    handling = np.where(online & (limits > 0), np.maximum(handling, 1), handling)
    due_day = days.add(counting_from, limits)
    done_day = days.add(counting_from, handling)
    first_step_day = days.add(day_of_case, np.minimum(handling, 1) * online)
    middle_day = np.maximum(first_step_day, days.add(counting_from, handling // 2))
    ref_n = day_number(ref)
    rating_due = days.add(np.concatenate([first_step_day, middle_day, done_day]), np.full(3 * n, 5))
    rating_due_first, rating_due_middle, rating_due_done = rating_due[:n], rating_due[n:2 * n], rating_due[2 * n:]

    # Cases, in the order they were received.
    case_rows, step_specs, event_specs = [], [], []
    numbers: Counter = Counter()
    demo_numbers: list[str] = []
    received_minutes = nrng.integers(9 * 60, 16 * 60 + 30, n)
    order = np.lexsort((received_minutes, day_of_case))
    # staff_scjg handles the last two window cases of the department finished in the last two working days.
    demo_cases: set[int] = set()
    if last and y.demo_staff is not None:
        candidates = [idx for idx in order if y.items[item_of_case[idx]].department_id == y.demo_staff.department_id
                      and not online[idx] and not notice[idx] and y.recent_from <= day_of_case[idx] <= ref_n
                      and done_day[idx] == day_of_case[idx]]
        demo_cases = set(candidates[-2:])
    for idx in order:
        item = y.items[item_of_case[idx]]
        dept_code = y.departments[item.department_id]
        received_day = from_day_number(day_of_case[idx])
        received_at = at(received_day, received_minutes[idx])
        handler = y.demo_staff if idx in demo_cases else rng.choice(y.window_staff[item.department_id])
        numbers[received_day] += 1
        organisation = rng.random() < ORGANISATION_DEPARTMENTS.get(dept_code, 0.08)
        is_online = bool(online[idx])
        is_notice = bool(notice[idx])
        supplement_day = from_day_number(counting_from[idx]) if is_notice else None
        completed_day = from_day_number(done_day[idx])
        due = from_day_number(due_day[idx])
        completed = done_day[idx] <= ref_n
        waiting = is_notice and supplement_day > ref
        limit = int(limits[idx])
        # Steps: one at the window; 受理, 审查 and 决定 online, the last by the department head.
        if is_online:
            reviewer = rng.choice(y.window_staff[item.department_id])
            step_days = (int(first_step_day[idx]), int(middle_day[idx]), int(done_day[idx]))
            step_dues = (int(rating_due_first[idx]), int(rating_due_middle[idx]), int(rating_due_done[idx]))
            step_handlers = (handler, reviewer, y.heads.get(item.department_id, reviewer))
            names = ONLINE_STEPS
        else:
            step_days, step_dues, step_handlers, names = ((int(done_day[idx]),), (int(rating_due_done[idx]),),
                                                          (handler,), [WINDOW_STEP])
        supplement_at = at(supplement_day, rng.randint(9 * 60, 16 * 60)) if is_notice and not waiting else None
        last_at = supplement_at if supplement_at and not is_online else received_at
        steps = []
        for seq, (name, sday, sdue, shandler) in enumerate(zip(names, step_days, step_dues, step_handlers), start=1):
            day = from_day_number(sday)
            if sday > ref_n or waiting:
                steps.append((seq, name, shandler, None, None, None))
                continue
            if day == last_at.date():
                moment = last_at + dt.timedelta(minutes=rng.randint(8, 90 if is_online else 45))
            else:
                moment = at(day, rng.randint(9 * 60, 17 * 60))
            last_at = moment
            steps.append((seq, name, shandler, moment, day, from_day_number(sdue)))
        if completed:
            status, clock_status = CaseStatus.COMPLETED, ClockStatus.DONE
        elif waiting:
            status, clock_status = CaseStatus.SUSPENDED, ClockStatus.STOPPED
        else:
            # Some of the last day's applications wait to be accepted; any completed step means it was.
            fresh = received_day == ref and steps[0][3] is None and rng.random() < 0.5
            status, clock_status = (CaseStatus.RECEIVED if fresh else CaseStatus.ACCEPTED), ClockStatus.RUNNING
        completed_at = steps[-1][3] if completed else None
        accepted_at = None if status == CaseStatus.RECEIVED else received_at + dt.timedelta(minutes=rng.randint(2, 12))
        if organisation:
            applicant, id_number, applicant_type = _company(rng), _credit_code(rng), ApplicantType.ORGANISATION
        else:
            applicant, applicant_type = _person(rng), ApplicantType.PERSON
            id_number = _id_number(rng, received_day)
        case_rows.append(dict(
            center_id=y.gov.id, department_id=item.department_id, item_id=item.id, window_id=handler.window_id,
            handler_id=handler.id, number=f"{received_day:%Y%m%d}{numbers[received_day]:05d}",
            origin=CaseOrigin.ONLINE.value if is_online else CaseOrigin.WINDOW.value, status=status.value,
            applicant_type=applicant_type.value, applicant_name=applicant, applicant_id_number=id_number,
            applicant_phone=_phone(rng), applicant_account=f"tfth{rng.randint(10**8, 10**9 - 1)}" if is_online else "",
            limit_days=limit, received_at=received_at, accepted_at=accepted_at, completed_at=completed_at,
            completed_on=completed_day if completed else None, due_on=None if waiting else due,
            due_provisional=bool(not waiting and due.year == y.cal.provisional_year),
            clock_status=clock_status.value,
            overdue=bool(not waiting and (completed_day if completed else ref) > due), external_ref="",
            created_at=received_at, updated_at=completed_at or received_at,
        ))
        step_specs.append(steps)
        events = [(EventKind.RECEIVED, received_at, [], handler)]
        if is_notice:
            names_needed = y.materials.get(item.id) or ["申请材料"]
            asked = rng.sample(names_needed, k=min(len(names_needed), rng.choice((1, 1, 2))))
            events.append((EventKind.NOTICE, received_at + dt.timedelta(minutes=rng.randint(10, 40)), asked, handler))
            if not waiting:
                events.append((EventKind.SUPPLEMENT, supplement_at, [], handler))
        if completed:
            events.append((EventKind.COMPLETED, completed_at, [], steps[-1][2]))
        event_specs.append(events)
        if idx in demo_cases:
            demo_numbers.append(case_rows[-1]["number"])
    before = bulk.last_id(session, Case.__table__)
    bulk.insert(session, Case.__table__, case_rows)
    by_number = dict(session.execute(select(Case.number, Case.id).where(Case.center_id == y.gov.id,
                                                                        Case.id > before)).all())
    case_ids = [by_number[row["number"]] for row in case_rows]

    # Steps and events.
    step_rows, step_meta = [], []
    for case_id, row, steps in zip(case_ids, case_rows, step_specs):
        for seq, name, shandler, moment, day, rdue in steps:
            step_rows.append(dict(case_id=case_id, center_id=y.gov.id, department_id=row["department_id"], seq=seq,
                                  name=name, window_id=row["window_id"], handler_id=shandler.id, completed_at=moment,
                                  completed_on=day, rating_due_on=rdue, rating_closed=False))
            step_meta.append((case_id, row))
    event_rows = [dict(case_id=case_id, kind=kind.value, day=moment.date(), at=moment, materials=asked, new_due=None,
                       reason="", approved_by_id=None, actor_id=who.id)
                  for case_id, events in zip(case_ids, event_specs) for kind, moment, asked, who in events]

    plans, defaults, forced_bad = _plan_ratings(y, step_rows, step_meta, demo_numbers)
    for k in list(plans) + defaults:
        step_rows[k]["rating_closed"] = True
    before = bulk.last_id(session, CaseStep.__table__)
    bulk.insert(session, CaseStep.__table__, step_rows)
    by_seq = {(c, q): i for i, c, q in session.execute(
        select(CaseStep.id, CaseStep.case_id, CaseStep.seq).where(CaseStep.center_id == y.gov.id,
                                                                  CaseStep.id > before))}
    step_ids = [by_seq[(row["case_id"], row["seq"])] for row in step_rows]
    bulk.insert(session, CaseEvent.__table__, event_rows)
    y.forced.update(step_ids[k] for k in forced_bad)

    rating_rows = _rating_rows(y, plans, defaults, step_rows, step_meta, step_ids)
    before = bulk.last_id(session, Rating.__table__)
    bulk.insert(session, Rating.__table__, rating_rows)
    # Only the bad reviews need their ids, for the loop: one applicant rating per step.
    step_rating = dict(session.execute(select(Rating.step_id, Rating.id).where(
        Rating.center_id == y.gov.id, Rating.is_bad.is_(True), Rating.id > before)).all())
    y.bad.extend((step_rating[r["step_id"]], r) for r in rating_rows if r["is_bad"])
    y.counts.update(cases=len(case_rows), case_steps=len(step_rows), case_events=len(event_rows),
                    ratings=len(rating_rows), default_ratings=len(defaults))


def _plan_ratings(y: _Year, step_rows: list[dict], step_meta: list, demo_numbers: list[str]):
    """Who rates which completed step, when, on which channel, with what level; which are left to the default."""
    rng, ref, wd_list, wd_index = y.rng, y.ref, y.wd_list, y.wd_index
    last_wd = len(wd_list) - 1
    plans: dict[int, _Plan] = {}
    defaults: list[int] = []
    for k, row in enumerate(step_rows):
        day = row["completed_on"]
        if day is None:
            continue
        closed_window = ref > row["rating_due_on"]
        if closed_window and rng.random() >= RATED_SHARE:
            defaults.append(k)
            continue
        if not closed_window and rng.random() >= 0.55:
            continue
        origin = step_meta[k][1]["origin"]
        if origin == CaseOrigin.ONLINE:
            channel = Channel.SYSTEM_STEP if rng.random() < 0.8 else Channel.ONLINE
        else:
            channel = rng.choices((Channel.WINDOW_DEVICE, Channel.QR_CODE, Channel.ONLINE), (0.45, 0.4, 0.15))[0]
        if channel is Channel.WINDOW_DEVICE or (channel is Channel.QR_CODE and rng.random() < 0.8):
            offset = 0
        else:
            offset = rng.choices(range(6), (0.45, 0.2, 0.12, 0.1, 0.07, 0.06))[0]
        rated_day = wd_list[min(wd_index[day] + offset, last_wd)]
        if rated_day == day:
            moment = row["completed_at"] + dt.timedelta(minutes=rng.randint(1, 15))
        else:
            moment = at(rated_day, rng.randint(8 * 60, 22 * 60))
        plans[k] = _Plan(step=k, day=rated_day, at=moment, channel=channel.value, level=0)

    # Levels: the worse departments draw bad reviews several times as often.
    for k, plan in plans.items():
        dept_code = y.departments[step_rows[k]["department_id"]]
        p_bad = BAD_RATE * WORSE_DEPARTMENTS.get(dept_code, 1.0)
        if rng.random() < p_bad:
            plan.level = int(Level.DISSATISFIED if rng.random() < 0.65 else Level.VERY_DISSATISFIED)
        else:
            plan.level = int(rng.choices((Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED),
                                         (0.75, 0.19, 0.06))[0])

    # staff_scjg gets two recent bad reviews on steps still in their rating window.
    forced_bad: list[int] = []
    if demo_numbers:
        recent = [k for k, (_, case) in enumerate(step_meta) if case["number"] in demo_numbers]
        for k, level in zip(recent, (Level.DISSATISFIED, Level.VERY_DISSATISFIED)):
            row = step_rows[k]
            plans[k] = _Plan(step=k, day=row["completed_on"], at=row["completed_at"] + dt.timedelta(minutes=6),
                             channel=Channel.QR_CODE.value, level=int(level))
            forced_bad.append(k)

    # The burst: the first steps of one department that are open for rating at its moment.
    if y.burst_left:
        burst = [k for k, row in enumerate(step_rows) if row["department_id"] == y.burst_dept and row["completed_on"]
                 and row["completed_on"] <= y.burst_day <= row["rating_due_on"]
                 and row["completed_at"] < y.burst_at][:y.burst_left]
        for k in burst:
            i = 9 - y.burst_left
            plans[k] = _Plan(step=k, day=y.burst_day, at=y.burst_at + dt.timedelta(seconds=55 * i),
                             channel=Channel.QR_CODE.value, level=int(Level.VERY_SATISFIED), comment="非常满意",
                             device_id=y.burst_device, ip=y.burst_ip, recent_top=min(i, rating_rules.BURST_THRESHOLD))
            y.burst_left -= 1

    # Two top ratings whose text says the opposite: a misclick the supervisor should look at.
    if y.contradictions_left:
        older = [k for k, p in sorted(plans.items()) if p.level == Level.VERY_SATISFIED and not p.comment
                 and p.day < wd_list[max(0, last_wd - 30)]]
        for k in rng.sample(older, k=min(y.contradictions_left, len(older))):
            plans[k].comment = rng.choice(("态度差，跑了好几次才办成", "等了很久没人管"))
            y.contradictions_left -= 1
    return plans, [k for k in defaults if k not in plans], forced_bad


def _rating_rows(y: _Year, plans: dict[int, _Plan], defaults: list[int], step_rows: list[dict], step_meta: list,
                 step_ids: list[int]) -> list[dict]:
    """The rows of the planned ratings (comments, raters and indicators matched to the level) and the defaults."""
    rng, gov = y.rng, y.gov
    for k in sorted(plans):
        plan = plans[k]
        level = Level(plan.level)
        if not plan.comment:
            if level.is_bad:
                plan.comment = rng.choice(BAD_COMMENTS)
            elif level is Level.BASICALLY_SATISFIED and rng.random() < 0.6:
                plan.comment = rng.choice(FAIR_COMMENTS)
            elif rng.random() < 0.3:
                plan.comment = rng.choice(GOOD_COMMENTS)
        plan.real_name = rng.random() < (0.4 if level.is_bad else 0.08)
        if plan.real_name:
            plan.name, plan.phone = _person(rng), _phone(rng)
        if not plan.device_id:
            if plan.channel == Channel.WINDOW_DEVICE:
                plan.device_id = f"PJQ-{step_rows[k]['window_id']:04d}"
                plan.ip = f"10.20.{step_rows[k]['window_id'] % 250}.{10 + rng.randint(0, 5)}"
            else:
                plan.device_id = f"m{rng.getrandbits(48):012x}"
                plan.ip = f"{rng.choice((117, 171, 182, 223))}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        plan.flags = rating_rules.flags_for(level, plan.comment, recent_top_from_source=plan.recent_top,
                                            from_staff_device=False)

    def indicators(channel: str, level: Level) -> tuple[int | None, dict]:
        scope = rating_rules.indicator_scope(Channel(channel))
        chosen_set = y.sets.get(scope) if scope else None
        if chosen_set is None or (not level.is_bad and rng.random() < 0.5):
            return (chosen_set.id if chosen_set else None), {}
        side = rating_rules.polarity(level)
        picked = rng.sample(chosen_set.definition["indicators"], k=rng.randint(1, 2))
        return chosen_set.id, {i["code"]: rng.sample(i["options"][side], k=1) for i in picked}

    rows: list[dict] = []
    for k in sorted(plans):
        plan, row = plans[k], step_rows[k]
        case_id, case = step_meta[k]
        set_id, chosen = indicators(plan.channel, Level(plan.level))
        rows.append(dict(
            center_id=gov.id, department_id=row["department_id"], window_id=row["window_id"],
            staff_id=row["handler_id"], item_id=case["item_id"], case_id=case_id, step_id=step_ids[k],
            channel=plan.channel, social_source="", level=plan.level, is_bad=Level(plan.level).is_bad, is_default=False,
            indicator_set_id=set_id, indicators=chosen, comment=plan.comment, rater_key=APPLICANT,
            real_name=plan.real_name, rater_name=plan.name, rater_phone=plan.phone, client_ip=plan.ip,
            device_id=plan.device_id, entered_by_id=None, nonce=None, flags=plan.flags, rated_at=plan.at,
            rated_on=plan.day,
        ))
    for k in defaults:
        row = step_rows[k]
        case_id, case = step_meta[k]
        rated_on = row["rating_due_on"] + dt.timedelta(days=1)
        rows.append(dict(
            center_id=gov.id, department_id=row["department_id"], window_id=row["window_id"],
            staff_id=row["handler_id"], item_id=case["item_id"], case_id=case_id, step_id=step_ids[k],
            channel=Channel.DEFAULT.value, social_source="", level=int(rating_rules.DEFAULT_LEVEL), is_bad=False,
            is_default=True, indicator_set_id=None, indicators={}, comment="", rater_key=APPLICANT, real_name=False,
            rater_name="", rater_phone="", client_ip="", device_id="", entered_by_id=None, nonce=None, flags=[],
            rated_at=at(rated_on, 60 + rng.randint(0, 20)), rated_on=rated_on,
        ))
    return rows


def _write_social(session: Session, y: _Year, work_days: list[dt.date], count: int) -> None:
    """Social ratings typed in by the supervisor: letters, hotline calls, platform messages about a staff member."""
    rng, gov = y.rng, y.gov
    gov_staff = [s for dept in sorted(y.window_staff) for s in y.window_staff[dept]]
    social_days = [d for d in work_days if d < y.ref]
    rows = []
    for _ in range(count if social_days else 0):
        target = rng.choice(gov_staff)
        day = rng.choice(social_days)
        bad = rng.random() < 0.4
        level = (rng.choice((Level.DISSATISFIED, Level.VERY_DISSATISFIED)) if bad
                 else rng.choice((Level.VERY_SATISFIED, Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED)))
        comment = (rng.choice(SOCIAL_BAD) + rng.choice(BAD_COMMENTS) if bad
                   else rng.choice(SOCIAL_GOOD) + rng.choice(SOCIAL_GOOD_COMMENTS + GOOD_COMMENTS))
        real_name = rng.random() < 0.5
        rater = Rater(name=_person(rng), phone=_phone(rng), real_name=True) if real_name else \
            Rater(device_id=f"social-{rng.getrandbits(40):010x}")
        rows.append(dict(
            center_id=gov.id, department_id=target.department_id, window_id=target.window_id, staff_id=target.id,
            item_id=None, case_id=None, step_id=None, channel=Channel.SOCIAL.value,
            social_source=rng.choice(list(SocialSource)).value, level=int(level), is_bad=level.is_bad,
            is_default=False, indicator_set_id=None, indicators={}, comment=comment, rater_key=rater_key(rater),
            real_name=real_name, rater_name=rater.name, rater_phone=rater.phone, client_ip="", device_id="",
            entered_by_id=y.supervisor.id, nonce=None,
            flags=rating_rules.flags_for(level, comment, recent_top_from_source=0, from_staff_device=False),
            rated_at=at(day, rng.randint(9 * 60, 17 * 60)), rated_on=day,
        ))
    before = bulk.last_id(session, Rating.__table__)
    bulk.insert(session, Rating.__table__, rows)
    # Social ratings have no step: their ids are read back by rater and moment.
    by_rater = {(key, moment): i for i, key, moment in session.execute(
        select(Rating.id, Rating.rater_key, Rating.rated_at).where(
            Rating.center_id == gov.id, Rating.is_bad.is_(True), Rating.step_id.is_(None), Rating.id > before))}
    y.bad.extend((by_rater[(r["rater_key"], r["rated_at"])], r) for r in rows if r["is_bad"])
    y.counts.update(ratings=len(rows))

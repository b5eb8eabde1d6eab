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
from xiaoneng.kit import bulk
from xiaoneng.demo.catalog.texts import COMPANY_KINDS, COMPANY_WORDS
from xiaoneng.demo.days import Days, at, year_ending
from xiaoneng.demo.loop_year import add_loop
from xiaoneng.demo.ratings_year import WORSE_DEPARTMENTS  # noqa: F401  (the demo's tests read it here)
from xiaoneng.demo.ratings_year import plan_ratings as _plan_ratings
from xiaoneng.demo.ratings_year import rating_rows as _rating_rows
from xiaoneng.demo.ratings_year import write_social as _write_social
from xiaoneng.demo.year_state import Year as _Year
from xiaoneng.demo.year_state import person as _person
from xiaoneng.demo.year_state import phone as _phone
from xiaoneng.errors import ValidationFailed
from xiaoneng.items.models import ItemMaterial
from xiaoneng.items.rules import case_limit
from xiaoneng.ratings.models import IndicatorSet, Rating

# Relative monthly demand: quiet around 春节 (February) and 国庆 (October), busiest in spring.
MONTH_FACTORS = {1: 1.0, 2: 0.62, 3: 1.3, 4: 1.35, 5: 1.15, 6: 1.05, 7: 0.95, 8: 0.9, 9: 1.05, 10: 0.72, 11: 1.0,
                 12: 1.1}
WEEKDAY_FACTORS = (1.2, 1.05, 1.0, 0.95, 0.85, 0.8, 0.8)  # Monday first; make-up Saturdays are quiet
CASES_PER_DAY = 112  # at scale 1: about 28,000 cases a year
ONLINE_SHARE = 0.27  # of cases of items that can be handled online: about 20% of all cases
OVERDUE_SHARE = 0.035
NOTICE_SHARE = 0.04
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
        item_limits=np.array([case_limit(i.statutory_limit_days, i.promised_limit_days) for i in items], dtype=np.int64),
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
    # 受理 follows the supplement: no step is completed while the clock is stopped for 补正.
    first_step_day = days.add(counting_from, np.minimum(handling, 1) * online)
    middle_day = np.maximum(first_step_day, days.add(counting_from, handling // 2))
    # Step due dates (cases/rules.fold_steps): shares of the period from the previous step's completion (受理 from
    # the day the clock counts from); 即办件 all due that day; a window case's one step is due with the case.
    share, last_share = limits // 3, limits // 3 + limits % 3
    online_dues = [np.where(limits == 0, counting_from, days.add(start, n)) for start, n in (
        (counting_from, share), (first_step_day, share), (middle_day, last_share))]
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
            step_limits = tuple(int(d[idx]) for d in online_dues)
            names = ONLINE_STEPS
        else:
            step_days, step_dues, step_handlers, names = ((int(done_day[idx]),), (int(rating_due_done[idx]),),
                                                          (handler,), [WINDOW_STEP])
            step_limits = (int(due_day[idx]),)
        supplement_at = at(supplement_day, rng.randint(9 * 60, 16 * 60)) if is_notice and not waiting else None
        last_at = supplement_at or received_at
        steps = []
        open_due = None if waiting else step_limits[0]  # the open step's due date; the ones after it have none
        for seq, (name, sday, sdue, shandler, slimit) in enumerate(
                zip(names, step_days, step_dues, step_handlers, step_limits), start=1):
            day = from_day_number(sday)
            if sday > ref_n or waiting:
                steps.append((seq, name, shandler, None, None, None,
                              None if open_due is None else from_day_number(open_due)))
                open_due = None
                continue
            if day == last_at.date():
                moment = last_at + dt.timedelta(minutes=rng.randint(8, 90 if is_online else 45))
            else:
                moment = at(day, rng.randint(9 * 60, 17 * 60))
            last_at = moment
            steps.append((seq, name, shandler, moment, day, from_day_number(sdue), from_day_number(slimit)))
            open_due = step_limits[seq] if seq < len(step_limits) else None
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
    provisional_year = y.cal.provisional_year
    for case_id, row, steps in zip(case_ids, case_rows, step_specs):
        for seq, name, shandler, moment, day, rdue, due in steps:
            step_rows.append(dict(case_id=case_id, center_id=y.gov.id, department_id=row["department_id"], seq=seq,
                                  name=name, window_id=row["window_id"], handler_id=shandler.id, completed_at=moment,
                                  completed_on=day, due_on=due, due_provisional=bool(due and due.year == provisional_year),
                                  rating_due_on=rdue, rating_closed=False))
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

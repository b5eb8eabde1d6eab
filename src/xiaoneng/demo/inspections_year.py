"""A year of inspections in the demo district (F2-F3): twelve monthly plans made by the planner (the solver with a
deterministic budget, so a build is repeatable), their visits recorded up to the day before the build, what failed
as findings of the points' units, rectified on time or late or not yet, re-inspected and closed or reopened; three
暗访 a month (the latest not yet published) and ten phone checks of the consultation lines. Today's visits stay to
be recorded on the phone."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.calendar import service as calendar_service
from xiaoneng.demo import inspection_team
from xiaoneng.demo.inspection_texts import PHONE_QUESTIONS
from xiaoneng.demo.inspection_work import Work
from xiaoneng.inspections import catalogue, plans, rules, setup
from xiaoneng.inspections.models import PhoneCheck, Visit
from xiaoneng.inspections.solver import SolverLimits
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import ServicePointType

SOLVE = SolverLimits(deterministic_seconds=0.4)
MONTHS = 12
UNANNOUNCED_PER_MONTH, PHONE_CHECKS_PER_MONTH = 3, 10


def _months(today: dt.date) -> list[dt.date]:
    first = today.replace(day=1)
    out = []
    for _ in range(MONTHS):
        out.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return out[::-1]


def add_inspections_year(session: Session, ctx) -> None:
    gov = ctx.centers["gov"]
    rng = ctx.rng
    actor = system_actor(gov.id, name="demo")
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    months = _months(ctx.today)
    days = cal.working_days_between(months[0], ctx.reference_date)
    team, units = inspection_team.add_people(session, ctx, rng)
    inspection_team.set_up(session, ctx, actor, team, units)
    director = next(s for s in ctx.staff if s.username == "director")
    leaves = inspection_team.add_leave(session, ctx, rng, team, days, director)
    # Each month planned a few days before it begins; nobody is notified of plans written into the past.
    made = [plans.make_plan(session, actor=actor, month=month, limits=SOLVE, notify=False,
                            now=dt.datetime.combine(month - dt.timedelta(days=3), dt.time(9), TZ)) for month in months]
    indicators = {i.id: i for i in catalogue.indicators(session, center_id=gov.id)}
    work = Work(session, rng=rng, cal=cal, today=ctx.today, indicators=indicators, team=[m.id for m in team],
                center_id=gov.id)
    visits = list(session.scalars(select(Visit).where(Visit.center_id == gov.id, Visit.day < ctx.today)
                                  .order_by(Visit.day, Visit.id)))
    points = {p.id: p for p in ctx.points.values()}
    unannounced = _unannounced(session, rng, work, points, days, cal)
    everything = sorted(visits + unannounced, key=lambda v: (v.day, v.id))
    results = []
    for visit in everything:
        results += work.record(visit, points[visit.point_id])
    checks = _phone_checks(session, rng, work, points, days)
    work.write(results)
    ctx.counts.update({"inspection_plans": len(made), "inspection_visits": len(everything) + work.reinspections,
                       "inspection_findings": work.finding_count, "unannounced_visits": len(unannounced),
                       "phone_checks": checks, "inspector_leaves": leaves,
                       "optimal_plans": sum(1 for p in made if p.optimal)})
    # The counts go into the build's one demo.build audit record.


def _unannounced(session: Session, rng: random.Random, work: Work, points: dict, days: list[dt.date], cal) -> list:
    """Three 暗访 a month at street centers and community rooms, checking every indicator of their type."""
    by_type = defaultdict(list)
    for i in work.indicators.values():
        if i.active:
            by_type[i.point_type].append(i.id)
    targets = [p for p in points.values() if p.center_id == work.center_id
               and p.point_type in (ServicePointType.STREET_CENTER, ServicePointType.COMMUNITY_ROOM)]
    halves = {t: b.visit_halves for t, b in setup.budgets(session, work.center_id).items()}
    by_month = defaultdict(list)
    for day in days:
        by_month[day.replace(day=1)].append(day)
    visits = []
    for month_days in by_month.values():
        for day in sorted(rng.sample(month_days, min(UNANNOUNCED_PER_MONTH, len(month_days)))):
            point = rng.choice(targets)
            visits.append(Visit(center_id=work.center_id, kind=rules.VisitKind.UNANNOUNCED, day=day, point_id=point.id,
                                inspector_id=rng.choice(work.team), halves=halves[point.point_type],
                                indicator_ids=sorted(by_type[point.point_type], key=lambda i: work.indicators[i].seq)))
    session.add_all(visits)
    session.flush()
    return visits


def _phone_checks(session: Session, rng: random.Random, work: Work, points: dict, days: list[dt.date]) -> int:
    """Ten calls a month to the lines of halls and street centers: most answered well, some slow, wrong or not."""
    lines = [p for p in points.values() if p.center_id == work.center_id
             and p.point_type in (ServicePointType.DISTRICT_HALL, ServicePointType.STREET_CENTER)]
    by_month = defaultdict(list)
    for day in days:
        by_month[day.replace(day=1)].append(day)
    count = 0
    for month_days in by_month.values():
        for _ in range(PHONE_CHECKS_PER_MONTH):
            day = rng.choice(month_days)
            point = rng.choice(lines)
            called = dt.datetime.combine(day, dt.time(rng.randint(9, 16), rng.randint(0, 59)), TZ)
            connected = rng.random() > 0.05
            rings = rng.choice((1, 1, 2, 2, 2, 3, 3, 3, 2, 5)) if connected else None
            correct = (rng.random() > 0.06) if connected else None
            problems = rules.phone_check_problems(connected=connected, rings=rings, answered_correctly=correct,
                                                  ring_limit=rules.DEFAULT_RING_LIMIT)
            question = rng.choice(PHONE_QUESTIONS) if connected else ""
            published = work.later(day, rng.randint(1, 3))
            check = PhoneCheck(center_id=work.center_id, point_id=point.id, phone=f"028-8{rng.randint(1000000, 9999999)}",
                               called_at=called, connected=connected, rings=rings, answered_correctly=correct,
                               question=question, note="", checker_id=rng.choice(work.team), problems=problems,
                               passed=not problems,
                               published_at=dt.datetime.combine(published, dt.time(10), TZ) if published else None)
            session.add(check)
            session.flush()
            if problems:
                work.phone_finding(check, point, problems, day, published)
            count += 1
    return count

"""The monthly plan (巡查计划): its input read from the database, solved, stored with its visits and audited; the
indicators each visit checks; the plan as CSV rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.duty import queries as duty
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.inspections import catalogue, rules, setup
from xiaoneng.inspections.catalogue_seed import INSPECTED_TYPES
from xiaoneng.inspections.common import inspected_points, month_label, street_of
from xiaoneng.inspections.models import Indicator, Plan, Visit
from xiaoneng.inspections.planning import (
    PlanInfeasible, PlanInput, PlanInspector, PlanPoint, PlanSolution, TypeBudget, inspector_shortages, person_days,
    type_shortages,
)
from xiaoneng.inspections.solver import SolverLimits, solve
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, record_id
from xiaoneng.kit.scope import Actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org
from xiaoneng.org.models import ServicePoint


class MonthInput:
    """What one month's plan is made from, with the records it names."""

    def __init__(self, plan: PlanInput, points: dict[int, ServicePoint], indicators: dict[str, list[Indicator]],
                 half_due: dict[tuple[int, int], bool], leave_halves: int):
        self.plan, self.points, self.indicators, self.half_due = plan, points, indicators, half_due
        self.leave_halves = leave_halves


def month_input(session: Session, *, center_id: int, month: dt.date) -> MonthInput:
    work = calendar.get_calendar(session, center_id=center_id)
    days = rules.month_days(month, work.is_working_day)
    if not days:
        raise ValidationFailed(f"{month_label(month)}没有工作日", field="month")
    weeks = rules.week_groups(days)
    index = {day: n for n, day in enumerate(days)}
    points = inspected_points(session, center_id)
    if not points:
        raise ValidationFailed("本中心没有需要巡查的服务点位", field="month")
    parents = {p.id: p for p in session.scalars(select(ServicePoint).where(
        ServicePoint.id.in_({p.parent_id for p in points if p.parent_id})))}
    by_type: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in catalogue.indicators(session, center_id=center_id, active_only=True):
        by_type[indicator.point_type].append(indicator)
    missing = sorted({p.point_type for p in points} - set(by_type))
    if missing:
        raise ValidationFailed(f"{'、'.join(missing)}尚未建立巡查指标，请先在巡查指标目录中建立", field="month")
    budgets = {t: TypeBudget(t, b.capacity_halves, b.visit_halves) for t, b in setup.budgets(session, center_id).items()}
    plan_points = tuple(PlanPoint(
        id=p.id, code=p.code, name=p.name, point_type=p.point_type, group=street_of(p, parents).code,
        weekly=any(i.frequency == rules.Frequency.WEEKLY for i in by_type[p.point_type])) for p in points)
    members = setup.team(session, center_id=center_id)
    away = duty.approved_half_slots(session, {s.id for _, s in members}, days[0], days[-1])
    inspectors, leave = [], 0
    for _, person in members:
        slots = away.get(person.id, set())
        free = tuple(2 - sum(1 for h in (0, 1) if d.toordinal() * 2 + h in slots) for d in days)
        leave += 2 * len(days) - sum(free)
        inspectors.append(PlanInspector(id=person.id, name=person.full_name, free=free))
    plan = PlanInput(month=month, days=tuple(days), weeks=tuple(tuple(index[d] for d in w) for w in weeks),
                     points=plan_points, budgets=budgets, inspectors=tuple(inspectors))
    return MonthInput(plan, {p.id: p for p in points}, dict(by_type), _half_year_due(session, center_id, month, points,
                                                                                   by_type), leave)


def _half_year_due(session: Session, center_id: int, month: dt.date, points: list[ServicePoint],
                   by_type: dict[str, list[Indicator]]) -> dict[tuple[int, int], bool]:
    """(point id, indicator id) -> whether its half-yearly check is planned this month."""
    first = rules.half_year_months(month)[0]
    earlier = session.execute(select(Visit.point_id, Visit.indicator_ids).where(
        Visit.center_id == center_id, Visit.day >= first, Visit.day < month,
        Visit.status != rules.VisitStatus.CANCELLED)).all()
    checked: set[tuple[int, int]] = {(point_id, i) for point_id, ids in earlier for i in ids or []}
    due = {}
    for point_type, indicators in by_type.items():
        typed = [p for p in points if p.point_type == point_type]
        for position, point in enumerate(typed):
            turn = rules.half_year_turn(position, len(typed))
            for indicator in indicators:
                if indicator.frequency == rules.Frequency.HALF_YEARLY:
                    due[point.id, indicator.id] = rules.half_yearly_due(
                        month, turn=turn, checked_this_half=(point.id, indicator.id) in checked)
    return due


def visit_indicators(data: MonthInput, point: ServicePoint, days: list[dt.date]) -> dict[dt.date, list[int]]:
    """The indicators each of a point's visits this month checks (rules.py: what each frequency means)."""
    week_of = {data.plan.days[d]: w for w, week in enumerate(data.plan.weeks) for d in week}
    days = sorted(days)
    first_in_week = {}
    for day in days:
        first_in_week.setdefault(week_of[day], day)
    found = {day: [] for day in days}
    for indicator in data.indicators[point.point_type]:
        if indicator.frequency == rules.Frequency.ROUTINE:
            chosen = days
        elif indicator.frequency == rules.Frequency.WEEKLY:
            chosen = list(first_in_week.values())
        elif indicator.frequency == rules.Frequency.MONTHLY:
            chosen = days[:1]
        else:
            chosen = days[:1] if data.half_due.get((point.id, indicator.id)) else []
        for day in chosen:
            found[day].append(indicator.id)
    return found


def make_plan(session: Session, *, actor: Actor, month: dt.date, limits: SolverLimits = SolverLimits(),
              now: dt.datetime | None = None, notify: bool = True) -> Plan:
    """Solve the month and store its plan; a month planned before is planned again while none of its visits has
    been recorded. A month that cannot be planned raises PlanInfeasible, explained, and stores nothing. The team
    is told of its visits (`notify`; a plan written into the past, as the demo's, tells nobody)."""
    actor.require("inspections.plan")
    center_id = actor_center_id(actor)
    month = month.replace(day=1)
    existing = session.scalar(select(Plan).where(Plan.center_id == center_id, Plan.month == month))
    if existing is not None:
        recorded = session.scalar(select(func.count()).select_from(Visit).where(
            Visit.plan_id == existing.id, Visit.status == rules.VisitStatus.RECORDED)) or 0
        if recorded:
            raise Conflict(f"{month_label(month)}的计划已有 {recorded} 次巡查记录，不能重新排定", field="month")
    data = month_input(session, center_id=center_id, month=month)
    labels = {t: t for t in data.plan.budgets}
    shortages = type_shortages(data.plan, labels) + inspector_shortages(data.plan)
    if shortages:
        raise PlanInfeasible(shortages)
    solution = solve(data.plan, labels=labels, limits=limits)
    now = now or clock.now()
    values = dict(optimal=solution.optimal, spent_halves=solution.spent_halves, usage_bound=solution.usage_bound,
                  street_days=solution.street_days, street_days_bound=solution.street_days_bound,
                  solve_seconds=round(solution.seconds, 3), summary=_summary(data, solution), made_at=now,
                  made_by_id=actor.user_id)
    if existing is None:
        plan = Plan(center_id=center_id, month=month, **values)
        session.add(plan)
        session.flush()
    else:
        plan = existing
        session.execute(delete(Visit).where(Visit.plan_id == plan.id))
        for key, value in values.items():
            setattr(plan, key, value)
    _store_visits(session, plan, data, solution)
    audit.record(session, actor=actor, action="inspection.replan" if existing else "inspection.plan", entity="inspection_plan",
                 entity_id=plan.id, center_id=center_id,
                 detail={"month": month.isoformat()[:7], "visits": len(solution.visits), "optimal": solution.optimal,
                         "person_days": person_days(solution.spent_halves), "street_days": solution.street_days,
                         "street_days_bound": solution.street_days_bound, "seconds": round(solution.seconds, 2)})
    for inspector_id in sorted({v.inspector_id for v in solution.visits}) if notify else []:
        count = sum(1 for v in solution.visits if v.inspector_id == inspector_id)
        notifications.notify(session, recipient_id=inspector_id, kind="inspection_plan",
                             title=f"{month_label(month)}巡查计划已排定：您有 {count} 次巡查",
                             link="/inspections/mine", key=f"inspection-plan:{plan.id}:{now.isoformat()}:{inspector_id}",
                             center_id=center_id)
    return plan


def _store_visits(session: Session, plan: Plan, data: MonthInput, solution: PlanSolution) -> None:
    days_of: dict[int, list[dt.date]] = defaultdict(list)
    for v in solution.visits:
        days_of[v.point_id].append(v.day)
    checks = {point_id: visit_indicators(data, data.points[point_id], days) for point_id, days in days_of.items()}
    session.add_all([Visit(center_id=plan.center_id, plan_id=plan.id, kind=rules.VisitKind.ROUTINE, day=v.day,
                           point_id=v.point_id, inspector_id=v.inspector_id, halves=v.halves,
                           indicator_ids=checks[v.point_id][v.day]) for v in solution.visits])
    session.flush()


def _summary(data: MonthInput, solution: PlanSolution) -> dict:
    count = defaultdict(int)
    for p in data.plan.points:
        count[p.point_type] += 1
    budgets = data.plan.budgets
    types = {t: {"points": count[t], "budget": budgets[t].capacity_halves, "spent": solution.used_halves.get(t, 0),
                 "visit": budgets[t].visit_halves} for t in map(str, INSPECTED_TYPES) if count[t] and t in budgets}
    weeks = [[data.plan.days[w[0]].isoformat(), data.plan.days[w[-1]].isoformat()] for w in data.plan.weeks]
    free = sum(sum(i.free) for i in data.plan.inspectors)
    return {"types": types, "weeks": weeks, "working_days": len(data.plan.days),
            "inspectors": len(data.plan.inspectors), "free": free, "leave": data.leave_halves,
            "inspector_streets": solution.inspector_streets}


def plan_state(plan) -> str:
    if plan.optimal:
        return "最优"
    if plan.spent_halves < plan.usage_bound:
        return f"可行解（人天距上界 {person_days(plan.usage_bound - plan.spent_halves)}）"
    return f"可行解（街道分组 {plan.street_days} 个街道日，下界 {plan.street_days_bound}）"


def get_plan(session: Session, *, actor: Actor, plan_id) -> Plan:
    actor.require("inspections.read")
    plan = session.get(Plan, record_id(plan_id))
    if plan is None or plan.center_id != actor.center_id:
        raise NotFound()
    return plan


def find_plan(session: Session, *, actor: Actor, month: dt.date) -> Plan | None:
    actor.require("inspections.read")
    return session.scalar(select(Plan).where(Plan.center_id == actor_center_id(actor), Plan.month == month))


def list_plans(session: Session, *, actor: Actor) -> list[Plan]:
    actor.require("inspections.read")
    return list(session.scalars(select(Plan).where(Plan.center_id == actor.center_id).order_by(Plan.month.desc())))


CSV_HEADER = ["date", "point_code", "point_type", "inspector", "indicator_codes", "person_days"]


def csv_rows(session: Session, *, actor: Actor, plan: Plan):
    """One row per visit of the plan: date, point code and type, inspector, the indicator codes, person-days."""
    actor.require("inspections.read")
    visits = list(session.scalars(select(Visit).where(Visit.plan_id == plan.id).order_by(Visit.day, Visit.id)))
    points = {p.id: p for p in session.scalars(select(ServicePoint).where(
        ServicePoint.id.in_({v.point_id for v in visits})))} if visits else {}
    codes = {i.id: i.code for i in catalogue.indicators(session, center_id=plan.center_id)}
    names = org.staff_names(session, center_id=plan.center_id, staff_ids={v.inspector_id for v in visits})
    for v in visits:
        point = points[v.point_id]
        yield [v.day.isoformat(), point.code, point.point_type, names.get(v.inspector_id, ""),
               ";".join(codes.get(i, "") for i in v.indicator_ids), person_days(v.halves)]

"""The monthly plan with CP-SAT (OR-Tools): which point is visited on which working day, then who makes each visit.

The month model: every point at least once (a point with weekly indicators once in every working week), at most
one visit of a point a day, the visits of each point type within its person-day budget, the points of one type
visited equally often (within one), and each day's visits within the inspectors' free time that day: no more
whole-day visits than inspectors free all day, no more half days than they have free (approved leave deducted).
With visits of one or two half days those two limits are exactly what lets a day's visits be shared out among the
inspectors, and interchangeable points (one street's points of one type) are counted rather than named, so the
model stays small. It is solved in two steps: the most person-days the month allows (the S3 budget is bought work,
不少于 117 人天; skipped when the hand-made plan of plan_hint.py already spends the budget or all the inspectors'
free time, which nothing can exceed), then, keeping those, each street's points on as few days as possible (grouped
on the same day), starting from that plan. Each result says whether it is proved optimal, or its bound.
Who makes each visit is decided after, in plan_sharing.py.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from xiaoneng.inspections import plan_hint, plan_sharing
from xiaoneng.inspections.planning import (
    PlanInfeasible, PlanInput, PlannedVisit, PlanSolution, Shortage, inspector_shortages, person_days,
)
from xiaoneng.inspections.solver_limits import SolverLimits, make_solver


@dataclass(frozen=True)
class _Class:
    """Interchangeable points: one street's points of one type, alike in their weekly checks."""
    group: str
    point_type: str
    weekly: bool
    halves: int
    members: tuple[int, ...]  # indices into plan.points


def _classes(plan: PlanInput) -> list[_Class]:
    found: dict[tuple, list[int]] = defaultdict(list)
    for p, point in enumerate(plan.points):
        found[point.group, point.point_type, point.weekly].append(p)
    return [_Class(group, point_type, weekly, plan.budgets[point_type].visit_halves, tuple(members))
            for (group, point_type, weekly), members in found.items()]


# Solutions of deterministic solves by their input (codes, days, free time: no database ids), kept for the process:
# the same input gives the same plan, so a demo district built again (the tests build it several times) reuses it.
_KEPT: OrderedDict[tuple, tuple[PlanInput, PlanSolution]] = OrderedDict()
KEPT_MAX = 48


def _key(plan: PlanInput) -> tuple:
    return (plan.month, plan.days, plan.weeks,
            tuple((p.code, p.point_type, p.group, p.weekly) for p in plan.points),
            tuple(sorted((b.point_type, b.capacity_halves, b.visit_halves) for b in plan.budgets.values())),
            tuple((i.name, i.free) for i in plan.inspectors))


def _remapped(kept: PlanSolution, source: PlanInput, plan: PlanInput) -> PlanSolution:
    points = {old.id: new.id for old, new in zip(source.points, plan.points)}
    people = {old.id: new.id for old, new in zip(source.inspectors, plan.inspectors)}
    visits = [PlannedVisit(points[v.point_id], v.day, people[v.inspector_id], v.halves) for v in kept.visits]
    return dataclasses.replace(kept, visits=visits, seconds=0.0, month_seconds=0.0)


def solve(plan: PlanInput, *, labels: dict[str, str], limits: SolverLimits = SolverLimits()) -> PlanSolution:
    """A deterministic solve is done once per input and process (see _KEPT); any other is solved now."""
    if limits.deterministic_seconds is None:
        return _solve(plan, labels=labels, limits=limits)
    key = (_key(plan), limits)
    if key in _KEPT:
        source, kept = _KEPT[key]
        _KEPT.move_to_end(key)
        return _remapped(kept, source, plan)
    solution = _solve(plan, labels=labels, limits=limits)
    _KEPT[key] = (plan, solution)
    while len(_KEPT) > KEPT_MAX:
        _KEPT.popitem(last=False)
    return solution


def _solve(plan: PlanInput, *, labels: dict[str, str], limits: SolverLimits) -> PlanSolution:
    """Two solves of one model: the most person-days the month allows, then, keeping those, the fewest street-days."""
    started = time.monotonic()
    model, classes, c, used, z = _month_model(plan)
    first = _hint_values(plan, classes, c, z)
    first_spent = sum(classes[k].halves * first[var] for (k, d), var in c.items())
    # Nothing spends more than the budgets or the inspectors' free time: a first plan that does is proved best.
    ceiling = min(sum(b.capacity_halves for b in plan.budgets.values() if b.point_type in {k.point_type for k in classes}),
                  sum(sum(i.free) for i in plan.inspectors))
    if first_spent >= ceiling:
        spent, usage_bound, usage_optimal, start = first_spent, ceiling, True, first
    else:
        for var, value in first.items():
            model.add_hint(var, value)
        model.maximize(used)
        solver = make_solver(limits, 0.25)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            raise PlanInfeasible(_explain(plan, status))
        spent, usage_bound = round(solver.objective_value), int(solver.best_objective_bound)
        usage_optimal = status == cp_model.OPTIMAL
        # The grouping starts from the hand-made plan when it spends as much, else from this solve's plan.
        start = first if first_spent >= spent else {var: solver.value(var) for var in (*c.values(), *z.values())}
        model.clear_hints()
    for var, value in start.items():
        model.add_hint(var, value)
    model.add(used >= spent)
    model.minimize(sum(z.values()))
    solver = make_solver(limits, 0.5)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # the first solve's plan satisfies it: not expected
        raise PlanInfeasible(_explain(plan, status))
    month_seconds = time.monotonic() - started
    chosen = _points_of_classes(plan, classes, {key: solver.value(var) for key, var in c.items()})
    halves = [plan.budgets[p.point_type].visit_halves for p in plan.points]
    visits = plan_sharing.share(plan, chosen, halves, limits)
    kind = {p.id: p.point_type for p in plan.points}
    spent_by_type: dict[str, int] = defaultdict(int)
    for visit in visits:
        spent_by_type[kind[visit.point_id]] += visit.halves
    group_of = {p.id: p.group for p in plan.points}
    visits.sort(key=lambda x: (x.day, x.inspector_id, group_of[x.point_id], x.point_id))
    return PlanSolution(
        optimal=usage_optimal and status == cp_model.OPTIMAL, visits=visits, used_halves=dict(spent_by_type),
        usage_bound=max(usage_bound, spent), street_days=round(solver.objective_value),
        street_days_bound=min(round(solver.objective_value), math.ceil(solver.best_objective_bound - 1e-6)),
        inspector_streets=len({(group_of[x.point_id], x.day, x.inspector_id) for x in visits}),
        seconds=time.monotonic() - started, month_seconds=month_seconds)


def _month_model(plan: PlanInput):
    model = cp_model.CpModel()
    days = range(len(plan.days))
    classes = _classes(plan)
    whole_free = [sum(1 for i in plan.inspectors if i.free[d] == 2) for d in days]
    any_free = [sum(i.free[d] for i in plan.inspectors) for d in days]
    # c[k, d]: how many points of class k are visited on day d (each point at most once a day).
    c: dict[tuple[int, int], cp_model.IntVar] = {}
    for k, cls in enumerate(classes):
        for d in days:
            if (whole_free if cls.halves == 2 else any_free)[d] > 0:
                c[k, d] = model.new_int_var(0, len(cls.members), f"c{k}_{d}")
    total = {k: sum(c[k, d] for d in days if (k, d) in c) for k in range(len(classes))}
    for k, cls in enumerate(classes):
        n = len(cls.members)
        model.add(total[k] >= n)
        if cls.weekly:
            for week in plan.weeks:
                model.add(sum(c[k, d] for d in week if (k, d) in c) >= n)
    for d in days:
        today = [(classes[k].halves, var) for (k, dd), var in c.items() if dd == d]
        model.add(sum(h * var for h, var in today) <= any_free[d])
        model.add(sum(var for h, var in today if h == 2) <= whole_free[d])
    by_type: dict[str, list[int]] = defaultdict(list)
    for k, cls in enumerate(classes):
        by_type[cls.point_type].append(k)
    used = []
    for point_type, members in by_type.items():
        spent = sum(classes[k].halves * total[k] for k in members)
        model.add(spent <= plan.budgets[point_type].capacity_halves)
        used.append(spent)
        # Every point of the type visited `low` or `low + 1` times.
        low = model.new_int_var(0, len(plan.days), f"low_{point_type}")
        for k in members:
            n = len(classes[k].members)
            model.add(total[k] >= n * low)
            model.add(total[k] <= n * (low + 1))
    z: dict[tuple[str, int], cp_model.IntVar] = {}
    for (k, d), var in c.items():
        key = (classes[k].group, d)
        if key not in z:
            z[key] = model.new_bool_var(f"z{key[0]}_{d}")
        model.add(var <= len(classes[k].members) * z[key])
    return model, classes, c, sum(used), z


def _hint_values(plan: PlanInput, classes: list[_Class], c: dict, z: dict) -> dict:
    """The hand-made first plan as values of the model's variables."""
    first = plan_hint.hint(plan)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for k, cls in enumerate(classes):
        for p in cls.members:
            for d in range(len(plan.days)):
                counts[k, d] += first.get((p, d), 0)
    values = {var: min(counts.get(key, 0), len(classes[key[0]].members)) for key, var in c.items()}
    busy = {(classes[k].group, d) for (k, d), n in counts.items() if n}
    values.update({var: int(key in busy) for key, var in z.items()})
    return values


def _points_of_classes(plan: PlanInput, classes: list[_Class], counts: dict[tuple[int, int], int]) -> list[tuple[int, int]]:
    """Which points of each class the day's count means: those not yet visited this week first (weekly classes),
    then the least visited, so every point is visited and the counts of a class differ by at most one."""
    week_of = {d: w for w, week in enumerate(plan.weeks) for d in week}
    chosen = []
    for k, cls in enumerate(classes):
        visits = {p: 0 for p in cls.members}
        seen_in_week: dict[int, set[int]] = defaultdict(set)
        for d in range(len(plan.days)):
            n = counts.get((k, d), 0)
            if not n:
                continue
            week = week_of.get(d, -1)
            order = sorted(cls.members, key=lambda p: (cls.weekly and p in seen_in_week[week], visits[p], p))
            for p in order[:n]:
                visits[p] += 1
                seen_in_week[week].add(p)
                chosen.append((d, p))
    return sorted(chosen)


def _explain(plan: PlanInput, status) -> list[Shortage]:
    """No plan although each type's budget suffices: the inspectors' free time is short, in a week or in all."""
    found = inspector_shortages(plan)
    if found:
        return found
    if status == cp_model.UNKNOWN:
        return [Shortage("求解", 0, 0, "在限定时间内未能找到可行的计划，请稍后重试")]
    needed = sum(plan.min_visits(p) * plan.budgets[p.point_type].visit_halves for p in plan.points)
    free = sum(sum(i.free) for i in plan.inspectors)
    return [Shortage("巡查人员", needed, free,
                     f"巡查人员的在岗时间无法同时满足各点位的巡查要求（至少需要 {person_days(needed)} 人天，"
                     f"可用 {person_days(free)} 人天，但请假使部分日期无人可排）")]

"""The monthly plan with CP-SAT (OR-Tools): which point is visited on which working day, then who makes each visit.

The month model: every point at least once (a point with weekly indicators once in every working week), at most
one visit of a point a day, the visits of each point type within its person-day budget, the points of one type
visited equally often (within one), and each day's visits within the inspectors' free time that day: no more
whole-day visits than inspectors free all day, no more half days than they have free (approved leave deducted).
With visits of one or two half days those two limits are exactly what lets a day's visits be shared out among the
inspectors, and interchangeable points (one street's points of one type) are counted rather than named, so the
model stays small. It is solved twice: the most person-days the month allows (the S3 budget is bought work,
不少于 117 人天), then, keeping those, each street's points on as few days as possible (grouped on the same day),
both starting from the hand-made plan of plan_hint.py. Each result says whether it is proved optimal, or its bound.

Each day then (a small model): the day's visits shared among the inspectors free that day, each street's visits
with as few inspectors as possible (one inspector working through a street), the month's work spread evenly.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from xiaoneng.inspections import plan_hint
from xiaoneng.inspections.planning import (
    PlanInfeasible, PlanInput, PlannedVisit, PlanSolution, Shortage, inspector_shortages, person_days,
)


@dataclass(frozen=True)
class SolverLimits:
    seconds: float = 7.0
    workers: int = 8
    # With a deterministic budget (and one worker) the same input gives the same plan: the demo's plans use it.
    deterministic_seconds: float | None = None


def _solver(limits: SolverLimits, share: float = 1.0) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    if limits.deterministic_seconds is not None:
        solver.parameters.max_deterministic_time = limits.deterministic_seconds * share
        solver.parameters.num_workers = 1
        solver.parameters.linearization_level = 2
        solver.parameters.random_seed = 1
    else:
        solver.parameters.max_time_in_seconds = limits.seconds * share
        solver.parameters.num_workers = limits.workers
    return solver


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


def solve(plan: PlanInput, *, labels: dict[str, str], limits: SolverLimits = SolverLimits()) -> PlanSolution:
    """Two solves of one model: the most person-days the month allows, then, keeping those, the fewest street-days."""
    started = time.monotonic()
    model, classes, c, used, z = _month_model(plan)
    first = _hint_values(plan, classes, c, z)
    for var, value in first.items():
        model.add_hint(var, value)
    model.maximize(used)
    solver = _solver(limits, 0.3)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        raise PlanInfeasible(_explain(plan, status))
    spent, usage_bound = round(solver.objective_value), int(solver.best_objective_bound)
    usage_optimal = status == cp_model.OPTIMAL
    # The grouping starts from the hand-made plan when it spends as much, else from the first solve's plan.
    first_spent = sum(classes[k].halves * first[var] for (k, d), var in c.items())
    start = first if first_spent >= spent else {var: solver.value(var) for var in (*c.values(), *z.values())}
    model.clear_hints()
    for var, value in start.items():
        model.add_hint(var, value)
    model.add(used >= spent)
    model.minimize(sum(z.values()))
    solver = _solver(limits, 0.6)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # the first solve's plan satisfies it: not expected
        raise PlanInfeasible(_explain(plan, status))
    month_seconds = time.monotonic() - started
    chosen = _points_of_classes(plan, classes, {key: solver.value(var) for key, var in c.items()})
    halves = [plan.budgets[p.point_type].visit_halves for p in plan.points]
    visits = _assign(plan, chosen, halves, limits)
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


def _assign(plan: PlanInput, chosen: list[tuple[int, int]], halves: list[int],
            limits: SolverLimits) -> list[PlannedVisit]:
    """Share each day's visits among the inspectors free that day (in the order of `chosen`)."""
    load = [0] * len(plan.inspectors)  # half days given so far this month
    out: dict[tuple[int, int], PlannedVisit] = {}
    by_day: dict[int, list[int]] = defaultdict(list)
    for d, p in chosen:
        by_day[d].append(p)
    for d, members in by_day.items():
        model = cp_model.CpModel()
        free = [i for i, inspector in enumerate(plan.inspectors) if inspector.free[d] > 0]
        a = {(p, i): model.new_bool_var(f"a{p}_{i}") for p in members for i in free
             if plan.inspectors[i].free[d] >= halves[p]}
        for p in members:
            model.add_exactly_one(a[p, i] for i in free if (p, i) in a)
        for i in free:
            model.add(sum(halves[p] * a[p, i] for p in members if (p, i) in a) <= plan.inspectors[i].free[d])
        groups: dict[tuple[str, int], cp_model.IntVar] = {}
        for (p, i), var in a.items():
            key = (plan.points[p].group, i)
            if key not in groups:
                groups[key] = model.new_bool_var("g")
            model.add_implication(var, groups[key])
        # A street more per inspector costs more than any spreading of the month's load.
        spread = sum(load[i] * halves[p] * var for (p, i), var in a.items())
        model.minimize(sum(groups.values()) * (sum(load) * 2 + 1) + spread)
        solver = _solver(limits, 0.02)
        solver.parameters.num_workers = 1
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):  # cannot happen: the month model kept it possible
            raise PlanInfeasible([Shortage("巡查人员", 0, 0, f"{plan.days[d].isoformat()} 的巡查无法分配给巡查人员")])
        for (p, i), var in a.items():
            if solver.value(var):
                load[i] += halves[p]
                out[d, p] = PlannedVisit(point_id=plan.points[p].id, day=plan.days[d],
                                         inspector_id=plan.inspectors[i].id, halves=halves[p])
    return [out[d, p] for d, p in chosen]


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

"""Who makes each visit of a month's plan: the visits of each day shared among the inspectors free that day, in one
CP-SAT model for the month (each street's visits of a day with as few inspectors as possible, then the busiest
inspector's month as light as possible), starting from a sharing made by hand-rules that always fits."""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python import cp_model

from xiaoneng.inspections.planning import PlanInput, PlannedVisit
from xiaoneng.inspections.solver_limits import SolverLimits, make_solver


def share(plan: PlanInput, chosen: list[tuple[int, int]], halves: list[int],
            limits: SolverLimits) -> list[PlannedVisit]:
    """Share each day's visits among the inspectors free that day (in the order of `chosen`): one model for the
    month, each street's visits of a day with as few inspectors as possible, then the busiest inspector's month as
    light as possible."""
    model = cp_model.CpModel()
    a: dict[tuple[int, int], dict[int, cp_model.IntVar]] = defaultdict(dict)
    groups: dict[tuple[str, int, int], cp_model.IntVar] = {}
    load = defaultdict(list)
    for d, p in chosen:
        for i, inspector in enumerate(plan.inspectors):
            if inspector.free[d] >= halves[p]:
                var = a[d, p][i] = model.new_bool_var(f"a{p}_{d}_{i}")
                load[i].append(halves[p] * var)
                key = (plan.points[p].group, d, i)
                if key not in groups:
                    groups[key] = model.new_bool_var("g")
                model.add_implication(var, groups[key])
        model.add_exactly_one(a[d, p].values())
    by_day: dict[tuple[int, int], list] = defaultdict(list)
    for (d, p), options in a.items():
        for i, var in options.items():
            by_day[d, i].append(halves[p] * var)
    for (d, i), items in by_day.items():
        model.add(sum(items) <= plan.inspectors[i].free[d])
    busiest = model.new_int_var(0, 2 * len(plan.days), "busiest")
    for items in load.values():
        model.add(sum(items) <= busiest)
    # A street more for an inspector on a day costs more than any spreading of the month's load.
    model.minimize(sum(groups.values()) * (2 * len(plan.days) + 1) + busiest)
    first = first_sharing(plan, chosen, halves)
    for (d, p), i in first.items():
        for j, var in a[d, p].items():
            model.add_hint(var, int(i == j))
    solver = make_solver(limits, 0.15)
    status = solver.solve(model)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)  # else the time ran out: the first sharing stands
    out = []
    for d, p in chosen:
        i = next(i for i, var in a[d, p].items() if solver.value(var)) if found else first[d, p]
        out.append(PlannedVisit(point_id=plan.points[p].id, day=plan.days[d], inspector_id=plan.inspectors[i].id,
                                halves=halves[p]))
    return out


def first_sharing(plan: PlanInput, chosen: list[tuple[int, int]], halves: list[int]) -> dict:
    """A start for the sharing: each day, whole-day visits to whoever is free all day, then the half-day visits
    street by street to whoever has a half free, the least loaded first. Always fits (see the month model)."""
    given: dict[tuple[int, int], int] = {}
    month_load = [0] * len(plan.inspectors)
    by_day: dict[int, list[int]] = defaultdict(list)
    for d, p in chosen:
        by_day[d].append(p)
    for d, members in by_day.items():
        free = {i: inspector.free[d] for i, inspector in enumerate(plan.inspectors)}
        for p in sorted(members, key=lambda p: (-halves[p], plan.points[p].group, plan.points[p].code)):
            fits = [i for i, f in free.items() if f >= halves[p]]
            i = min(fits, key=lambda i: (free[i] == 2 and halves[p] == 1 and any(f == 1 for f in free.values()),
                                         month_load[i], i))
            given[d, p] = i
            free[i] -= halves[p]
            month_load[i] += halves[p]
    return given

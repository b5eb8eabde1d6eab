"""The solver on the demo district's shape (3 halls, 15 streets with 66 rooms and 44 self-service points, seven
inspectors) without a database: the whole S3 budget spent within every limit, and a deterministic solve that
gives the same plan twice (and is kept for the process, whatever the ids)."""

import dataclasses
import datetime as dt
from collections import defaultdict

import pytest

from xiaoneng.calendar import service as calendars
from xiaoneng.inspections import rules, solver
from xiaoneng.inspections.planning import PlanInput, PlanInspector, PlanPoint, TypeBudget
from xiaoneng.inspections.solver_limits import SolverLimits

ROOMS = [5] * 6 + [4] * 9  # rooms per street, 66 in all
BUDGETS = {"区级大厅": (74, 2), "街道综合便民服务中心": (50, 2), "社区便民服务室": (66, 1), "智能自助政务服务点": (44, 1)}


def district(month: dt.date, *, leave: dict[int, set[int]] | None = None, offset: int = 0) -> PlanInput:
    cal = calendars._library_calendar()
    days = rules.month_days(month, cal.is_working_day)
    index = {d: n for n, d in enumerate(days)}
    weeks = tuple(tuple(index[d] for d in w) for w in rules.week_groups(days))
    points, n = [], offset

    def add(code, point_type, group, weekly=False):
        nonlocal n
        n += 1
        points.append(PlanPoint(n, code, code, point_type, group, weekly))

    for h in range(3):
        add(f"HALL-{h}", "区级大厅", f"HALL-{h}", weekly=True)
    for s, rooms in enumerate(ROOMS):
        add(f"JD{s:02d}", "街道综合便民服务中心", f"JD{s:02d}")
        for r in range(rooms):
            add(f"SQ{s:02d}{r}", "社区便民服务室", f"JD{s:02d}")
    for k in range(44):
        add(f"ZZ{k:03d}", "智能自助政务服务点", f"JD{k % 15:02d}")
    leave = leave or {}
    inspectors = tuple(PlanInspector(offset + 500 + i, f"巡查员{i}",
                                     tuple(2 - (1 if d in leave.get(i, set()) else 0) for d in range(len(days))))
                       for i in range(7))
    return PlanInput(month, tuple(days), weeks, tuple(points),
                     {t: TypeBudget(t, c, v) for t, (c, v) in BUDGETS.items()}, inspectors)


def test_the_demo_month_spends_the_budget_within_every_limit():
    plan = district(dt.date(2026, 11, 1), leave={0: {3, 4}, 2: {10}})
    found = solver.solve(plan, labels={}, limits=SolverLimits(seconds=7))
    assert found.spent_halves == 234 == found.usage_bound  # 117 person-days
    assert found.used_halves == {t: c for t, (c, _) in BUDGETS.items()}
    assert found.street_days >= found.street_days_bound >= 37 + 15
    visits = defaultdict(list)
    per_day = defaultdict(int)
    for v in found.visits:
        visits[v.point_id].append(v.day)
        per_day[v.inspector_id, v.day] += v.halves
    assert set(visits) == {p.id for p in plan.points}
    assert all(len(set(days)) == len(days) for days in visits.values())  # never twice a day
    free = {(i.id, plan.days[d]): i.free[d] for i in plan.inspectors for d in range(len(plan.days))}
    assert all(load <= free[key] for key, load in per_day.items())
    counts = defaultdict(set)
    for p in plan.points:
        counts[p.point_type].add(len(visits[p.id]))
    assert all(max(c) - min(c) <= 1 for c in counts.values())  # points of a type visited equally often
    for hall in (p for p in plan.points if p.weekly):
        assert all({plan.days[d] for d in week} & set(visits[hall.id]) for week in plan.weeks)


def test_a_deterministic_solve_gives_the_same_plan_and_is_kept():
    limits = SolverLimits(deterministic_seconds=0.3)
    plan = district(dt.date(2026, 3, 1))
    solver._KEPT.clear()
    first = solver.solve(plan, labels={}, limits=limits)
    solver._KEPT.clear()
    second = solver.solve(plan, labels={}, limits=limits)
    assert first.visits == second.visits
    moved = district(dt.date(2026, 3, 1), offset=1000)  # the same district written again: other ids
    kept = solver.solve(moved, labels={}, limits=limits)
    assert kept.seconds == 0 and len(kept.visits) == len(first.visits)
    assert {v.point_id for v in kept.visits} == {p.id for p in moved.points}
    assert [dataclasses.replace(v, point_id=v.point_id - 1000, inspector_id=v.inspector_id - 1000)
            for v in kept.visits] == first.visits


@pytest.mark.parametrize("month", [dt.date(2026, 2, 1), dt.date(2026, 10, 1)])
def test_holiday_months_spend_what_the_inspectors_have(month):
    # February 2026 has 16 working days (7 inspectors: 224 half days, under the budget), October 18 (252, over).
    plan = district(month)
    found = solver.solve(plan, labels={}, limits=SolverLimits(seconds=4))
    free = sum(sum(i.free) for i in plan.inspectors)
    ceiling = min(free, 234)
    assert ceiling - 2 <= found.spent_halves <= ceiling
    assert {v.day for v in found.visits} <= set(plan.days)

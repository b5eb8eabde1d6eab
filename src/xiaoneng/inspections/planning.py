"""What a monthly plan is made of, without the database or the solver: the points, their person-day budgets per
point type, the inspectors' free half days, and the arithmetic that explains a month that cannot be planned.

Work is counted in half days: a visit of a district hall or a street center takes a whole day of one inspector
(2 halves), one of a community room or a self-service point half a day (1), as the S3 budgets read (66 rooms in 33
person-days, 44 self-service points in 22). An inspector's day offers 2 halves less those of approved leave.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from xiaoneng.errors import ValidationFailed


def person_days(halves: int) -> str:
    """Half days as people write person-days: 37, 12.5."""
    return f"{halves // 2}" if halves % 2 == 0 else f"{halves / 2:.1f}"


@dataclass(frozen=True)
class TypeBudget:
    point_type: str
    capacity_halves: int  # the month's person-days for the type, in half days
    visit_halves: int  # one visit's person-days, in half days (1 or 2)


@dataclass(frozen=True)
class PlanPoint:
    id: int
    code: str
    name: str
    point_type: str
    group: str  # the street the point belongs to: its visits are grouped on the same day
    weekly: bool  # has a 1周/次 indicator, so it is visited in every working week


@dataclass(frozen=True)
class PlanInspector:
    id: int
    name: str
    free: tuple[int, ...]  # free half days (0, 1 or 2) on each working day of the month


@dataclass(frozen=True)
class PlanInput:
    month: dt.date
    days: tuple[dt.date, ...]
    weeks: tuple[tuple[int, ...], ...]  # indices into days, one tuple per working week
    points: tuple[PlanPoint, ...]
    budgets: dict[str, TypeBudget]
    inspectors: tuple[PlanInspector, ...]

    def min_visits(self, point: PlanPoint) -> int:
        return len(self.weeks) if point.weekly else 1


@dataclass(frozen=True)
class Shortage:
    """One reason a month cannot be planned, with the figures that show it."""
    what: str  # the point type, or 巡查人员
    needed_halves: int
    available_halves: int
    message: str

    @property
    def lacking_halves(self) -> int:
        return self.needed_halves - self.available_halves


class PlanInfeasible(ValidationFailed):
    """The month cannot be planned: every shortage found, explained in Chinese; nothing was stored."""

    code = "plan_infeasible"

    def __init__(self, shortages: Sequence[Shortage]):
        self.shortages = list(shortages)
        super().__init__("本月无法排出巡查计划：" + "；".join(s.message for s in self.shortages), field="month")


def type_shortages(plan: PlanInput, labels: dict[str, str]) -> list[Shortage]:
    """Point types whose budget is too small for every point's least visits (once, or once a week)."""
    found = []
    by_type: dict[str, list[PlanPoint]] = {}
    for point in plan.points:
        by_type.setdefault(point.point_type, []).append(point)
    for point_type, points in by_type.items():
        label = labels.get(point_type, point_type)
        budget = plan.budgets.get(point_type)
        visits = sum(plan.min_visits(p) for p in points)
        if budget is None or budget.capacity_halves <= 0:
            found.append(Shortage(label, visits, 0, f"{label}未设置每月人天"))
            continue
        needed = visits * budget.visit_halves
        if needed > budget.capacity_halves:
            weekly = sum(1 for p in points if p.weekly)
            how = f"每周巡查一次（本月 {len(plan.weeks)} 个工作周）" if weekly == len(points) else "至少巡查一次"
            found.append(Shortage(
                label, needed, budget.capacity_halves,
                f"{label} {len(points)} 个点位本月{how}共需 {person_days(needed)} 人天，每月人天只有 "
                f"{person_days(budget.capacity_halves)} 人天，缺 {person_days(needed - budget.capacity_halves)} 人天"))
    return found


def inspector_shortages(plan: PlanInput) -> list[Shortage]:
    """Inspectors' free time (leave deducted) too short for the least visits: in all, in whole days, in a week."""
    if not plan.inspectors:
        return [Shortage("巡查人员", 1, 0, "没有可安排的巡查人员（请先在巡查人员名单中添加）")]
    found = []
    needed = whole = 0
    weekly_whole = [0] * len(plan.weeks)
    for point in plan.points:
        budget = plan.budgets.get(point.point_type)
        if budget is None:
            continue
        visits = plan.min_visits(point)
        needed += visits * budget.visit_halves
        if budget.visit_halves == 2:
            whole += visits
            if point.weekly:
                weekly_whole = [n + 1 for n in weekly_whole]
    free = sum(sum(i.free) for i in plan.inspectors)
    free_days = sum(sum(1 for f in i.free if f == 2) for i in plan.inspectors)
    if needed > free:
        found.append(Shortage("巡查人员", needed, free,
                              f"巡查人员本月可用 {person_days(free)} 人天（已扣除请假），至少需要 "
                              f"{person_days(needed)} 人天，缺 {person_days(needed - free)} 人天"))
    elif whole > free_days:
        found.append(Shortage("巡查人员", whole * 2, free_days * 2,
                              f"区级大厅和街道中心每次巡查需一整天，本月至少 {whole} 次，巡查人员整天在岗只有 "
                              f"{free_days} 人天（已扣除请假），缺 {whole - free_days} 人天"))
    for n, week in enumerate(plan.weeks):
        days_free = sum(1 for i in plan.inspectors for d in week if i.free[d] == 2)
        if weekly_whole[n] > days_free:
            first, last = plan.days[week[0]], plan.days[week[-1]]
            found.append(Shortage("巡查人员", weekly_whole[n] * 2, days_free * 2,
                                  f"{first.month}月{first.day}日至{last.month}月{last.day}日这一周须巡查 "
                                  f"{weekly_whole[n]} 个每周必查的点位，巡查人员整天在岗只有 {days_free} 人天，"
                                  f"缺 {weekly_whole[n] - days_free} 人天"))
    return found


@dataclass(frozen=True)
class PlannedVisit:
    point_id: int
    day: dt.date
    inspector_id: int
    halves: int


@dataclass
class PlanSolution:
    optimal: bool  # both the person-days spent and the street grouping proved best
    visits: list[PlannedVisit]
    used_halves: dict[str, int]  # person-days spent per point type, in half days
    usage_bound: int  # the most half days the month could give, as far as the solver proved
    street_days: int  # distinct (street, day) pairs: the grouping minimised
    street_days_bound: int  # no plan spending as much has fewer
    inspector_streets: int  # distinct (street, day, inspector) triples
    seconds: float
    month_seconds: float = 0.0  # of which the month model

    @property
    def spent_halves(self) -> int:
        return sum(self.used_halves.values())

    @property
    def gap(self) -> float:
        """How far the grouping found may be from the best, relative (0 when proved optimal)."""
        if self.optimal or not self.street_days:
            return 0.0
        return (self.street_days - self.street_days_bound) / self.street_days

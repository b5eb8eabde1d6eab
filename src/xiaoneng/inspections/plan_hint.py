"""A first plan made by hand-rules, handed to the solver as its starting point (a hint, not the answer): the
weekly points spread over their weeks, each street packed onto the day with the most free time (split over two
days when its center is visited twice), the remaining budget spread over the emptiest days. The solver improves
on it and proves how good the result is; a good start lets it reach the grouping bound within the time limit.
"""

from __future__ import annotations

from collections import defaultdict

from xiaoneng.inspections.planning import PlanInput


def visit_targets(plan: PlanInput) -> dict[int, int]:
    """Visits per point that spend each type's budget evenly: `low` or `low + 1` for every point of the type."""
    by_type: dict[str, list[int]] = defaultdict(list)
    for p, point in enumerate(plan.points):
        by_type[point.point_type].append(p)
    targets = {}
    for point_type, members in by_type.items():
        budget = plan.budgets[point_type]
        least = max(plan.min_visits(plan.points[p]) for p in members)
        visits = max(budget.capacity_halves // budget.visit_halves, least * len(members))
        low, extra = divmod(visits, len(members))
        for n, p in enumerate(sorted(members, key=lambda p: plan.points[p].code)):
            targets[p] = min(len(plan.days), low + (1 if n < extra else 0))
    return targets


def hint(plan: PlanInput) -> dict[tuple[int, int], int]:
    """(point index, day index) -> 1 for each visit of the first plan."""
    days = range(len(plan.days))
    free = [sum(i.free[d] for i in plan.inspectors) for d in days]
    whole = [sum(1 for i in plan.inspectors if i.free[d] == 2) for d in days]
    halves = [plan.budgets[p.point_type].visit_halves for p in plan.points]
    targets = visit_targets(plan)
    placed: dict[tuple[int, int], int] = {}
    done = defaultdict(int)

    def fits(p: int, d: int) -> bool:
        return (p, d) not in placed and free[d] >= halves[p] and (halves[p] == 1 or whole[d] >= 1)

    def place(p: int, d: int) -> None:
        placed[p, d] = 1
        free[d] -= halves[p]
        whole[d] -= halves[p] == 2
        done[p] += 1

    weekly = [p for p, point in enumerate(plan.points) if point.weekly]
    for week in plan.weeks:
        for p in weekly:
            best = max((d for d in week if fits(p, d)), key=lambda d: free[d], default=None)
            if best is not None:
                place(p, best)
    streets: dict[str, list[int]] = defaultdict(list)
    for p, point in enumerate(plan.points):
        if not point.weekly:
            streets[point.group].append(p)
    order = sorted(streets, key=lambda g: -sum(halves[p] for p in streets[g]))
    for g in order:
        members = streets[g]
        whole_points = [p for p in members if halves[p] == 2]
        rounds = max([targets[p] for p in whole_points] or [1])
        half_points = sorted((p for p in members if halves[p] == 1), key=lambda p: plan.points[p].code)
        chunks = [half_points[n::rounds] for n in range(rounds)]
        used_days: set[int] = set()
        for n, chunk in enumerate(chunks):
            wanted = [p for p in whole_points if done[p] < targets[p] and n < targets[p]] + chunk
            while wanted:
                candidates = [d for d in days if d not in used_days and any(fits(p, d) for p in wanted)]
                if not candidates:
                    break
                d = max(candidates, key=lambda d: free[d])
                used_days.add(d)
                for p in list(wanted):
                    if fits(p, d):
                        place(p, d)
                        wanted.remove(p)
    for p in sorted(range(len(plan.points)), key=lambda p: (-halves[p], plan.points[p].code)):
        while done[p] < targets[p]:
            best = max((d for d in days if fits(p, d)), key=lambda d: free[d], default=None)
            if best is None:
                break
            place(p, best)
    return placed

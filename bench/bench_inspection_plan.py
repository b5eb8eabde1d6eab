"""The monthly plan of the demo district (128 points, 117 person-days, seven inspectors with some leave) made through
the service on a fresh SQLite file (or --database-url): the whole make_plan (reading the month, both CP-SAT solves,
sharing the visits, storing them) beside the greedy first plan alone (the baseline the solver starts from).
Target: under 10 seconds, proved optimal or with its bound.

Run: .venv/bin/python bench/bench_inspection_plan.py [--month 2026-11] [--database-url URL] [--seconds 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from xiaoneng import migrate, wiring
from xiaoneng.calendar import service as calendars
from xiaoneng.db import make_engine, session_scope
from xiaoneng.demo import builder, inspection_team
from xiaoneng.inspections import plan_hint, plans
from xiaoneng.inspections.common import parse_month
from xiaoneng.inspections.planning import person_days
from xiaoneng.inspections.solver import SolverLimits
from xiaoneng.kit import clock
from xiaoneng.kit.scope import system_actor

TARGET_SECONDS = 10


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--month", default="2026-11")
    parser.add_argument("--database-url")
    parser.add_argument("--seconds", type=float, default=7.0, help="the solver's time limit")
    options = parser.parse_args()
    month = parse_month(options.month)
    wiring.install()
    clock.use(lambda: dt.datetime.combine(month, dt.time(9), clock.TZ))
    with tempfile.TemporaryDirectory() as tmp:
        url = options.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        with session_scope(engine) as s:
            calendars.seed_from_library(s)
            ctx = builder.build(s, seed=20261123, today=month, steps=builder.ORGANISATION_STEPS)
            gov = ctx.centers["gov"]
            actor = system_actor(gov.id, name="bench")
            team, units = inspection_team.add_people(s, ctx, random.Random(1))
            inspection_team.set_up(s, ctx, actor, team, units)
            # The team's leave of a year around the month (three each), as in the demo.
            days = calendars.get_calendar(s, center_id=gov.id).working_days_between(month - dt.timedelta(180),
                                                                                    month + dt.timedelta(180))
            director = next(p for p in ctx.staff if p.username == "director")
            inspection_team.add_leave(s, ctx, random.Random(2), team, days, director)
            data = plans.month_input(s, center_id=gov.id, month=month)
            t0 = time.perf_counter()
            plan_hint.hint(data.plan)
            greedy = time.perf_counter() - t0
            t0 = time.perf_counter()
            plan = plans.make_plan(s, actor=actor, month=month, limits=SolverLimits(seconds=options.seconds))
            elapsed = time.perf_counter() - t0
        engine.dispose()
    print(f"demo district, {options.month}: {len(data.plan.points)} points, {len(data.plan.days)} working days, "
          f"{len(data.plan.inspectors)} inspectors ({person_days(data.leave_halves)} person-days of leave)")
    print(f"make_plan          {elapsed:6.2f} s   (target < {TARGET_SECONDS} s; solver {plan.solve_seconds:.2f} s)")
    print(f"greedy first plan  {greedy:6.2f} s   (baseline)")
    print(f"result: {plans.plan_state(plan)}; {person_days(plan.spent_halves)} person-days "
          f"(bound {person_days(plan.usage_bound)}), {plan.street_days} street-days (bound {plan.street_days_bound})")
    print("PASS" if elapsed < TARGET_SECONDS else "FAIL: over the target")


if __name__ == "__main__":
    main()

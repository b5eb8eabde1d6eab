"""The monthly report's figures on a (scaled) demo database, side by side with a straightforward ORM aggregation of the
same figures (the month's cases and ratings loaded as objects and counted in Python), on SQLite or PostgreSQL.

Prints the medians of --repeat runs of: the report's case and rating figures (SQL GROUP BY), the ORM baseline of
the same figures (checked equal), the ratio, the whole content of the report (every section, the other domains'
figures included) and the three files drawn from it. Target: the monthly report in at most 5 s.

Run: .venv/bin/python bench/bench_reports.py --database-url sqlite:///var/scale/demo.db [--month 2026-10]
     [--center DEMO] [--repeat 5]
     (a demo built with `xiaoneng demo --no-serve --scale 35` into that file: about 1,000,000 cases)
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sqlalchemy import func, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from xiaoneng import wiring  # noqa: E402
from xiaoneng.calendar import service as calendars  # noqa: E402
from xiaoneng.cases.models import Case  # noqa: E402
from xiaoneng.db import make_engine  # noqa: E402
from xiaoneng.kit.clock import TZ  # noqa: E402
from xiaoneng.org.models import Center  # noqa: E402
from xiaoneng.ratings.models import Rating  # noqa: E402
from xiaoneng.reports import content, rules, service  # noqa: E402
from xiaoneng.reports import figures_cases as fc  # noqa: E402
from xiaoneng.reports import figures_ratings as fr  # noqa: E402
from xiaoneng.reports.sql import utc_bounds  # noqa: E402

TARGET_S = 5.0


def report_figures(session: Session, center_id: int, period: rules.Period) -> dict:
    """The cases' and ratings' figures of the month, its month before and a year before, by department, as the
    report computes them (SQL)."""
    out = {}
    for name, p in (("now", period), ("before", rules.previous(period)), ("ago", rules.year_ago(period))):
        cases = fc.counts_by(session, center_id=center_id, start=p.start, end=p.end, key=Case.department_id)
        ratings = fr.counts_by(session, center_id=center_id, start=p.start, end=p.end, key=Rating.department_id)
        out[name] = ({k: (v.received, v.online, v.extended, v.completed, v.late) for k, v in cases.items()},
                     {k: (v.total, v.defaults, v.bad, v.level_sum, v.bad_given) for k, v in ratings.items()})
    return out


def orm_figures(session: Session, center_id: int, period: rules.Period) -> dict:
    """The same figures by loading the rows as ORM objects and counting them in Python."""
    cal = calendars.get_calendar(session, center_id=center_id)
    out = {}
    for name, p in (("now", period), ("before", rules.previous(period)), ("ago", rules.year_ago(period))):
        low, high = utc_bounds(p.start, p.end)
        cases: dict = defaultdict(lambda: [0, 0, 0, 0, 0])
        for c in session.scalars(select(Case).where(Case.center_id == center_id, Case.received_at >= low,
                                                    Case.received_at < high)):
            row, local = cases[c.department_id], c.received_at.astimezone(TZ)
            row[0] += 1
            row[1] += c.origin == "online"
            try:
                working = cal.is_working_day(local.date())
            except Exception:
                working = local.weekday() < 5
            row[2] += c.origin == "window" and rules.is_extended(local.hour * 60 + local.minute, working)
        for c in session.scalars(select(Case).where(Case.center_id == center_id, Case.completed_on >= p.start,
                                                    Case.completed_on <= p.end, Case.status == "completed")):
            row = cases[c.department_id]
            row[3] += 1
            row[4] += c.due_on is not None and c.completed_on > c.due_on
        ratings: dict = defaultdict(lambda: [0, 0, 0, 0, 0])
        for r in session.scalars(select(Rating).where(Rating.center_id == center_id, Rating.rated_on >= p.start,
                                                      Rating.rated_on <= p.end)):
            row = ratings[r.department_id]
            row[0] += 1
            row[1] += r.is_default
            row[2] += r.is_bad
            row[3] += r.level
            row[4] += r.is_bad and not r.is_default
        out[name] = ({k: tuple(v) for k, v in cases.items()}, {k: tuple(v) for k, v in ratings.items()})
        session.expunge_all()
    return out


def timed(fn, repeat: int):
    times, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--center", default="DEMO")
    parser.add_argument("--month", default=None, help="YYYY-MM (default: the last whole month of the data)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-files", action="store_true", help="skip drawing the three files")
    args = parser.parse_args()
    wiring.install()
    engine = make_engine(args.database_url)
    with Session(engine) as session:
        center = session.scalar(select(Center).where(Center.code == args.center))
        last = session.scalar(select(func.max(Rating.rated_on)).where(Rating.center_id == center.id))
        period = rules.parse_month(args.month) if args.month else rules.previous(rules.month_period(last.year,
                                                                                                  last.month))
        year = rules.year_period(period.start.year)
        counts = {"cases (year)": session.scalar(select(func.count()).select_from(Case).where(
            Case.center_id == center.id, Case.completed_on >= year.start - dt.timedelta(days=365))),
            "ratings (year)": session.scalar(select(func.count()).select_from(Rating).where(
                Rating.center_id == center.id, Rating.rated_on >= year.start - dt.timedelta(days=365)))}
        print(f"{engine.dialect.name} {args.database_url.split('@')[-1]}  {period.label}  {counts}")
        sql_s, sql_value = timed(lambda: report_figures(session, center.id, period), args.repeat)
        orm_s, orm_value = timed(lambda: orm_figures(session, center.id, period), max(1, args.repeat // 2))
        same = sql_value == orm_value
        print(f"case and rating figures (3 periods, by department): SQL {sql_s * 1000:.0f} ms, ORM rows counted in "
              f"Python {orm_s * 1000:.0f} ms, ratio {orm_s / sql_s:.1f}x, equal: {same}")
        compose_s, made = timed(lambda: content.compose(session, center=center, period=period, today=last),
                                args.repeat)
        parts = ", ".join(f"{k} {v * 1000:.0f}" for k, v in made.timings.items())
        print(f"the whole report's content (every section): {compose_s:.2f} s  [{parts} ms]")
        if not args.no_files:
            files_s, files = timed(lambda: service.render(made), 1)
            sizes = ", ".join(f"{k} {len(v) // 1024} KB" for k, v in files.items())
            print(f"the three files drawn: {files_s:.2f} s ({sizes}); total {compose_s + files_s:.2f} s "
                  f"(target {TARGET_S:.0f} s)")
        if not same:
            sys.exit("the report's figures differ from the ORM count")


if __name__ == "__main__":
    main()

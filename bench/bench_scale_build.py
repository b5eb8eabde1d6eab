"""The demo built at a scale, step by step: each step's seconds, the counts, the total, and the database's size.

It builds what `xiaoneng demo --no-serve --scale S --today D` builds (the same steps, seed and transaction) into
--database-url (a SQLite file by default; a PostgreSQL database must be empty), timing every step of
demo.builder.STEPS and the COMMIT. --profile FILE also writes a cProfile of the build (read with pstats).

Run: .venv/bin/python bench/bench_scale_build.py --scale 35 --today 2026-12-01 [--database-url URL] [--profile F]

Measured on the shared 2-core machine (load average 7-12 from other work, so wall times are several times the CPU):
- scale 1, `xiaoneng demo`: 28,330 cases, 38,312 ratings, 65 s (30 s of CPU), 88 MB on SQLite.
- scale 3 on SQLite: 84,983 cases, 115,622 ratings; the whole build 486 s wall, of which add_cases_and_ratings
  280 s and add_inspections_year 78 s (the CP-SAT plans, whatever the scale).
- add_cases_and_ratings at scale 2, side by side: 21.4 s user + 3.0 s sys with SQLite's default page cache (its
  WAL growing with spilled pages), 21.2 s + 1.5 s with large_cache; wall 349 s vs 309 s under the same load.
  The CPU is the generation in Python (per-case draws, the rows) and the column conversions, about 11 s per scale
  unit; the writes themselves (executemany) about a tenth of it.
- scale 35, `xiaoneng demo --no-serve --scale 35 --today 2026-12-01` (the cases set the scale: the demo rates each
  step, so 600,000 ratings would come with only 450,000 cases): 993,329 cases, 1,346,202 ratings (29,037 bad),
  215,254 inquiries. SQLite (default page cache, before large_cache): 470 s user + 114 s sys of CPU, 842 MB
  resident, 1.9 GB file; 68 min 40 s wall beside a PostgreSQL build and other work on the two cores (about 10
  minutes alone, CPU-bound). PostgreSQL, built at the same time into a cluster streaming to a replica: the same
  counts; the client 351 s user + 6 s sys, the server's backend about 12.5 minutes of CPU (COPY into tables with
  36 indexes on cases, steps, events and ratings, with 128 MB of shared buffers), 1.9 GB; 86 min 31 s wall.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _size(engine) -> str:
    from sqlalchemy import text

    if engine.dialect.name == "sqlite":
        path = Path(engine.url.database)
        total = sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
    else:
        with engine.connect() as conn:
            total = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return f"{total / 2 ** 30:.2f} GiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--today", default="2026-12-01")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", default=None, help="write a cProfile of the build to this file")
    parser.add_argument("--default-cache", action="store_true", help="SQLite's default page cache (to compare)")
    parser.add_argument("--until", default=None, help="stop after this step (e.g. add_cases_and_ratings)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='xn-build-')}/demo.db"
    os.environ["XIAONENG_DATABASE_URL"] = url

    from xiaoneng import migrate, wiring
    from xiaoneng.calendar import service as calendar_service
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.demo import builder, cases_year
    from xiaoneng.kit import bulk

    wiring.install()
    seed = get_settings().demo_seed if args.seed is None else args.seed
    today = dt.date.fromisoformat(args.today)
    started = time.monotonic()
    migrate.upgrade(url)
    engine = make_engine(url)
    if not args.default_cache:
        bulk.large_cache(engine)  # as `xiaoneng demo` does
    with session_scope(engine) as session:
        calendar_service.seed_from_library(session)
    print(f"migrated and calendar seeded: {time.monotonic() - started:.1f} s")

    timings: list[tuple[str, float]] = []

    def timed(step):
        def run(session, ctx):
            t = time.monotonic()
            step(session, ctx)
            session.flush()
            timings.append((step.__name__, time.monotonic() - t))
            print(f"  {step.__name__:<32} {timings[-1][1]:8.1f} s", flush=True)
        run.__name__ = step.__name__  # the step's random stream is named after it
        return run

    profile = cProfile.Profile(time.process_time) if args.profile else None  # CPU time: the machine is shared
    built = time.monotonic()
    with session_scope(engine) as session:
        cases_year.check_today(calendar_service.get_calendar(session), today)
        if profile:
            profile.enable()
        names = [s.__name__ for s in builder.STEPS]
        steps = builder.STEPS[:names.index(args.until) + 1] if args.until else builder.STEPS
        ctx = builder.build(session, seed=seed, today=today, scale=args.scale, steps=[timed(s) for s in steps])
        committing = time.monotonic()
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    done = time.monotonic()
    print(f"  {'COMMIT':<32} {done - committing:8.1f} s")
    c = ctx.counts
    print(f"scale {args.scale} on {engine.dialect.name}: {c.get('cases', 0)} cases, {c.get('ratings', 0)} ratings "
          f"({c.get('default_ratings', 0)} default), {c.get('bad_reviews', 0)} bad reviews, {c.get('punches', 0)} punches, "
          f"{c.get('complaints', 0)} complaints; build {done - built:.0f} s, database {_size(engine)}")
    engine.dispose()


if __name__ == "__main__":
    main()

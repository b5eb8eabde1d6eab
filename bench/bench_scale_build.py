"""The demo built at a scale, step by step: each step's seconds, the counts, the total, and the database's size.

It builds what `xiaoneng demo --no-serve --scale S --today D` builds (the same steps, seed and transaction) into
--database-url (a SQLite file by default; a PostgreSQL database must be empty), timing every step of
demo.builder.STEPS and the COMMIT. --profile FILE also writes a cProfile of the build (read with pstats).

Run: .venv/bin/python bench/bench_scale_build.py --scale 35 --today 2026-12-01 [--database-url URL] [--profile F]
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
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='xn-build-')}/demo.db"
    os.environ["XIAONENG_DATABASE_URL"] = url

    from xiaoneng import migrate, wiring
    from xiaoneng.calendar import service as calendar_service
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.demo import builder, cases_year

    wiring.install()
    seed = get_settings().demo_seed if args.seed is None else args.seed
    today = dt.date.fromisoformat(args.today)
    started = time.monotonic()
    migrate.upgrade(url)
    engine = make_engine(url)
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

    profile = cProfile.Profile() if args.profile else None
    built = time.monotonic()
    with session_scope(engine) as session:
        cases_year.check_today(calendar_service.get_calendar(session), today)
        if profile:
            profile.enable()
        ctx = builder.build(session, seed=seed, today=today, scale=args.scale,
                            steps=[timed(s) for s in builder.STEPS])
        committing = time.monotonic()
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    done = time.monotonic()
    print(f"  {'COMMIT':<32} {done - committing:8.1f} s")
    c = ctx.counts
    print(f"scale {args.scale} on {engine.dialect.name}: {c['cases']} cases, {c['ratings']} ratings "
          f"({c['default_ratings']} default), {c['bad_reviews']} bad reviews, {c.get('punches', 0)} punches, "
          f"{c.get('complaints', 0)} complaints; build {done - built:.0f} s, database {_size(engine)}")
    engine.dispose()


if __name__ == "__main__":
    main()

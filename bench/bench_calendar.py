"""Due dates of 1,000,000 (start, n) pairs: the service's vectorised path vs bare searchsorted vs day-by-day.

Run: .venv/bin/python bench/bench_calendar.py   (builds a temporary SQLite database seeded from the library)
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import chinese_calendar
import numpy as np

from xiaoneng import migrate
from xiaoneng.calendar import service
from xiaoneng.db import make_engine, session_scope

PAIRS = 1_000_000
SAMPLE = 2_000
RUNS = 5


def timed(fn, runs=RUNS):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times), result


def day_by_day(start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


def main() -> None:
    rng = np.random.default_rng(2025)
    first = np.datetime64("2024-01-01")
    # Starts across 2024-2026, leaving room so that n <= 30 stays inside the library's 2026.
    starts = first + rng.integers(0, (np.datetime64("2026-11-15") - first).astype(int), PAIRS)
    ns = rng.integers(0, 31, PAIRS)

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        with session_scope(engine) as session:
            service.seed_from_library(session)
        with session_scope(engine, readonly=True) as session:
            t0 = time.perf_counter()
            service.get_calendar(session)
            build = time.perf_counter() - t0
            a_best, a_med, (due_a, _) = timed(lambda: service.add_working_days_many(session, starts=starts, ns=ns))
        engine.dispose()

    # (b) the same table, bare numpy.
    table = np.array(sorted(d for d in (first + np.arange(0, 3 * 366)).tolist()
                            if d.year <= 2026 and chinese_calendar.is_workday(d)), dtype="datetime64[D]").astype(np.int64)
    s = starts.astype(np.int64)

    def bare():
        idx = np.searchsorted(table, s, side="right") + ns - 1
        return np.where(ns == 0, s, table[np.minimum(idx, len(table) - 1)])

    b_best, b_med, due_b = timed(bare)

    # (c) day by day over chinese_calendar.is_workday on a sample, extrapolated.
    sample = rng.choice(PAIRS, SAMPLE, replace=False)
    sample_pairs = [(starts[i].item(), int(ns[i])) for i in sample]
    c_best, c_med, due_c = timed(lambda: [day_by_day(st, n) for st, n in sample_pairs], runs=3)
    c_best_full, c_med_full = c_best * PAIRS / SAMPLE, c_med * PAIRS / SAMPLE

    same_ab = bool((due_a.astype(np.int64) == due_b).all())
    same_ac = [due_a[i].item() for i in sample] == due_c

    print(f"{PAIRS:,} (start, n) pairs, starts 2024-2026, n in 0..30; best / median of {RUNS} runs")
    print(f"  calendar build (seeded SQLite, once, then cached):      {build * 1000:8.1f} ms")
    print(f"  (a) service add_working_days_many:                      {a_best * 1000:8.1f} / {a_med * 1000:8.1f} ms")
    print(f"  (b) bare numpy.searchsorted on the same table:          {b_best * 1000:8.1f} / {b_med * 1000:8.1f} ms")
    print(f"  (c) day by day, chinese_calendar.is_workday, {SAMPLE:,} pairs extrapolated:"
          f" {c_best_full:8.1f} / {c_med_full:8.1f} s")
    print(f"  (c) / (a) = {c_best_full / a_best:,.0f}x   (target >= 1000x)")
    print(f"  (a) / (b) = {a_best / b_best:.2f}       (target <= 2)")
    print(f"  results: (a) == (b) on all {PAIRS:,}: {same_ab};  (a) == (c) on the sample: {same_ac}")
    if not (same_ab and same_ac):
        raise SystemExit("results differ")


if __name__ == "__main__":
    main()

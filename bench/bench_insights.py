"""Hot topics, forecasts and warnings: the forecasts' 80 % interval coverage (rolling origin) beside its nominal 80 %,
and how long a month's computation takes.

- 问政 messages (../shared/data/tipdm2020_c/attachment3_hot_messages.csv, 4,326 dated messages): clustered once, each
  topic's count per week (from week 12 on, each week forecast from those before) and per month (from month 6 on).
- A center's record (XIAONENG_DATABASE_URL, e.g. the demo): each department's texts per month and each topic of the
  latest stored period, month 6 on; then the month before the last computed again (topics and warnings), timed, with
  the warnings' count against the units tested.

Run: PYTHONPATH=src .venv/bin/python bench/bench_insights.py [--center CODE] [--skip-file]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from xiaoneng.insights import backtest

ROOT = Path(__file__).resolve().parents[1]
HOT = ROOT.parent / "shared" / "data" / "tipdm2020_c" / "attachment3_hot_messages.csv"


def file_figures() -> None:
    if not HOT.is_file():
        print(f"跳过文件回测：没有 {HOT}")
        return
    for by, first in (("week", 12), ("month", 6)):
        started = time.perf_counter()
        coverage = backtest.file_coverage(HOT, text_column="留言详情", time_column="留言时间", by=by, first=first)
        print(f"{coverage.line()}；用时 {time.perf_counter() - started:.1f} 秒")


def center_figures(code: str | None) -> None:
    from sqlalchemy.orm import Session

    from xiaoneng import wiring
    from xiaoneng.cli_support import one_center
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine
    from xiaoneng.insights import repository, topics, warnings
    from xiaoneng.kit import clock

    wiring.install()
    engine = make_engine(get_settings().database_url)
    from sqlalchemy import inspect

    if not inspect(engine).has_table("insight_run"):
        print("跳过本中心回测：XIAONENG_DATABASE_URL 所指的库没有热点与预警的表（先构建演示数据）")
        return
    with Session(engine) as session:
        center = one_center(session, code)
        runs = repository.runs(session, center_id=center.id, kind="topics")
        if not runs:
            print("本库还没有计算过的期间")
            return
        latest = runs[0]
        for coverage in backtest.center_coverage(session, center_id=center.id, end=latest.period_end):
            print(coverage.line())
        start, end = latest.period_start, latest.period_end
        started = time.perf_counter()
        run = topics.compute(session, center_id=center.id, start=start, end=end, now=clock.now())
        middle = time.perf_counter()
        found = warnings.compute(session, center_id=center.id, start=start, end=end, now=clock.now())
        done = time.perf_counter()
        tested = repository.find_run(session, center_id=center.id, kind="warnings", start=start, end=end).texts
        print(f"{start}—{end}：话题 {run.detail.get('k', 0)} 个（文本 {run.texts} 条）用时 {middle - started:.1f} 秒；"
              f"检验 {tested} 个单位和指标，预警 {len(found)} 条，用时 {done - middle:.1f} 秒")
        session.rollback()  # a measurement, not a computation to keep


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--center")
    parser.add_argument("--skip-file", action="store_true")
    args = parser.parse_args()
    if not args.skip_file:
        file_figures()
    center_figures(args.center)


if __name__ == "__main__":
    main()

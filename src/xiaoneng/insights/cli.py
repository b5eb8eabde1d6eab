"""`xiaoneng insights compute --center CODE --month YYYY-MM` (or --start/--end: a period's hot topics and warnings,
computed and stored as the monthly job does) and `xiaoneng insights backtest` (the forecasts' 80% interval coverage,
rolling origin, on the center's record or on a file of dated messages)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import click

from xiaoneng.cli_support import fail, one_center
from xiaoneng.errors import ValidationFailed, XiaonengError


@click.group()
def insights() -> None:
    """热点话题与异常预警：计算某期结果，回测预测区间。"""


def _period(month: str | None, start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    from xiaoneng.kit import periods

    try:
        if month:
            first = dt.datetime.strptime(month, "%Y-%m").date()
            return first, periods.month_last(first)
        if start and end:
            return dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        raise ValidationFailed("月份应为 YYYY-MM，日期应为 YYYY-MM-DD", field="month") from None
    raise ValidationFailed("请用 --month，或同时用 --start 和 --end 指明期间", field="month")


@insights.command("compute")
@click.option("--center", "center_code", help="中心编码（库中只有一个中心时可省略）")
@click.option("--month", help="月份 YYYY-MM")
@click.option("--start", help="期间开始 YYYY-MM-DD")
@click.option("--end", help="期间结束 YYYY-MM-DD")
def compute_command(center_code, month, start, end) -> None:
    """计算并保存一期的热点话题和异常预警（通知监察人员和中心领导）。"""
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.insights import repository, service
    from xiaoneng.kit.scope import system_actor

    started = time.perf_counter()
    try:
        first, last = _period(month, start, end)
        with session_scope(make_engine(get_settings().database_url)) as session:
            center = one_center(session, center_code)
            run, found = service.compute_period(session, actor=system_actor(center.id, name="cli"), start=first,
                                                end=last)
            topics = repository.topics_of(session, run.id)
            click.echo(f"{center.name} {first}—{last}：文本 {run.texts} 条，话题 {len(topics)} 个，预警 {len(found)} 条"
                       f"（{time.perf_counter() - started:.1f} 秒）")
            for t in topics[:10]:
                click.echo(f"  话题 {t.rank}. {t.name}\t热度 {t.heat:.1f}\t{t.volume} 条{'（新兴）' if t.emerging else ''}")
            for w in found:
                click.echo(f"  预警 {service.warning_title(w)}\tq={w.q_value:.2g}")
    except XiaonengError as exc:
        fail(exc)


@insights.command("backtest")
@click.option("--center", "center_code", help="中心编码（回测本中心的记录）")
@click.option("--input", "input_file", type=click.Path(exists=True, dir_okay=False),
              help="带时间的留言文件（CSV 或 XLSX），如 泰迪杯附件3")
@click.option("--text-column", default="留言详情", show_default=True)
@click.option("--time-column", default="留言时间", show_default=True)
@click.option("--by", type=click.Choice(["week", "month"]), default="week", show_default=True, help="文件按周或按月计数")
@click.option("--end", help="本中心回测截至的月份 YYYY-MM（默认上个月）")
def backtest_command(center_code, input_file, text_column, time_column, by, end) -> None:
    """滚动起点回测：逐期用此前的数据预测下一期，统计 80% 预测区间覆盖实际值的比例。"""
    from xiaoneng.insights import backtest

    try:
        if input_file:
            first = 12 if by == "week" else 6
            click.echo(backtest.file_coverage(Path(input_file), text_column=text_column, time_column=time_column,
                                              by=by, first=first).line())
            return
        from xiaoneng.config import get_settings
        from xiaoneng.db import make_engine, session_scope
        from xiaoneng.insights.service import last_month
        from xiaoneng.kit import clock

        month_end = last_month(clock.today())[1] if not end else _period(end, None, None)[1]
        with session_scope(make_engine(get_settings().database_url)) as session:
            center = one_center(session, center_code)
            for coverage in backtest.center_coverage(session, center_id=center.id, end=month_end):
                click.echo(coverage.line())
    except XiaonengError as exc:
        fail(exc)

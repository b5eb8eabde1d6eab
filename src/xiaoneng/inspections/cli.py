"""`xiaoneng inspections plan --month YYYY-MM --output plan.csv`: the month's plan solved, stored and written one
row per visit (date, point_code, point_type, inspector, indicator_codes separated by ";", person_days)."""

from __future__ import annotations

import csv
import sys

import click

from xiaoneng.errors import Conflict, XiaonengError


@click.group()
def inspections() -> None:
    """巡查：排定每月巡查计划。"""


def _center(session, code: str | None):
    from sqlalchemy import select

    from xiaoneng.inspections.catalogue_seed import INSPECTED_TYPES
    from xiaoneng.org.models import Center, ServicePoint

    if code:
        center = session.scalar(select(Center).where(Center.code == code))
        if center is None:
            raise XiaonengError(f"中心 {code} 不存在", field="center")
        return center
    # The centers that have points to inspect (a trading center has none).
    centers = list(session.scalars(select(Center).where(Center.active.is_(True), Center.id.in_(
        select(ServicePoint.center_id).where(ServicePoint.point_type.in_([str(t) for t in INSPECTED_TYPES]))))))
    if len(centers) != 1:
        raise XiaonengError("库中没有或有多个需要巡查的中心，请用 --center 指明中心编码", field="center")
    return centers[0]


@inspections.command("plan")
@click.option("--month", required=True, help="月份，如 2026-11")
@click.option("--output", required=True, type=click.Path(dir_okay=False), help="计划 CSV 文件")
@click.option("--center", "center_code", help="中心编码（库中只有一个需要巡查的中心时可省略）")
@click.option("--seconds", default=7.0, show_default=True, help="求解的时间上限（秒）")
def plan_command(month: str, output: str, center_code: str | None, seconds: float) -> None:
    """排定一个月的巡查计划并写出 CSV；已有巡查记录的月份不再重排，输出已排定的计划。"""
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.inspections import plans
    from xiaoneng.inspections.common import month_label, parse_month
    from xiaoneng.inspections.planning import person_days
    from xiaoneng.inspections.solver import SolverLimits
    from xiaoneng.kit.scope import system_actor

    engine = make_engine(get_settings().database_url)
    note = ""
    try:
        first = parse_month(month)
        with session_scope(engine) as session:
            center = _center(session, center_code)
            actor = system_actor(center.id, name="cli")
            try:
                plan = plans.make_plan(session, actor=actor, month=first, limits=SolverLimits(seconds=seconds))
            except Conflict as exc:  # already recorded visits: the plan stands as it is
                plan = plans.find_plan(session, actor=actor, month=first)
                if plan is None:
                    raise
                note = f"（{exc.message}，输出已排定的计划）"
            rows = list(plans.csv_rows(session, actor=actor, plan=plan))
            summary = (f"{month_label(plan.month)}巡查计划：{plans.plan_state(plan)}，{len(rows)} 次巡查，"
                       f"{person_days(plan.spent_halves)} 人天，用时 {plan.solve_seconds:.1f} 秒")
    except XiaonengError as exc:
        click.echo(f"错误：{exc.message}", err=True)
        sys.exit(1)
    finally:
        engine.dispose()
    from xiaoneng.kit.spreadsheets import neutral_text

    with open(output, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(plans.CSV_HEADER)
        writer.writerows([neutral_text(str(v)) for v in row] for row in rows)
    click.echo(f"已排定{summary}{note}，已写入 {output}")

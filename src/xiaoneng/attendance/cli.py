"""`xiaoneng attendance import FILE` and `xiaoneng attendance summary --month YYYY-MM --output FILE.csv`."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import click

from xiaoneng.cli_support import fail, one_center
from xiaoneng.errors import XiaonengError


@click.group()
def attendance() -> None:
    """考勤：导入考勤系统导出的打卡记录，生成月度汇总。"""


@attendance.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--center", "center_code", help="中心编码（库中只有一个中心时可省略）")
def import_command(file: str, center_code: str | None) -> None:
    """导入钉钉原始记录或每日统计（XLSX/CSV）；有无法识别的行或对不上的人员时全部不导入。"""
    from xiaoneng.attendance import service
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.kit.scope import system_actor

    path = Path(file)
    started = time.perf_counter()
    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(engine) as session:
            center = one_center(session, center_code)
            result = service.import_punches(session, actor=system_actor(center.id, name="cli"),
                                            filename=path.name, data=path.read_bytes())
    except XiaonengError as exc:
        fail(exc)
    finally:
        engine.dispose()
    span = f"{result.first_day} 至 {result.last_day}" if result.first_day else "无打卡"
    click.echo(f"已导入 {path.name}：{result.staff} 人 {span}，新增打卡 {result.punches} 条，"
               f"已有 {result.already} 条；用时 {time.perf_counter() - started:.1f} 秒")


@attendance.command("summary")
@click.option("--month", required=True, help="月份，如 2026-11")
@click.option("--output", required=True, type=click.Path(dir_okay=False), help="结果 CSV 文件")
@click.option("--center", "center_code", help="中心编码（库中只有一个中心时可省略）")
def summary_command(month: str, output: str, center_code: str | None) -> None:
    """按人员输出月度考勤汇总（按本平台工作日历，扣除已批准的请假）。"""
    from xiaoneng.attendance import service
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.kit import clock
    from xiaoneng.kit.scope import system_actor

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(engine, readonly=True) as session:
            center = one_center(session, center_code)
            rows = service.monthly_summary(session, actor=system_actor(center.id, name="cli"), month=month,
                                           today=clock.today())
    except XiaonengError as exc:
        fail(exc)
    finally:
        engine.dispose()
    with open(output, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(service.SUMMARY_COLUMNS)
        writer.writerows(r.row() for r in rows)
    click.echo(f"已写入 {output}：{len(rows)} 人")

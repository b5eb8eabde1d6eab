"""`xiaoneng complaints import FILE` (a 12345 export) and `xiaoneng complaints export --month YYYY-MM --output
FILE.csv` (the month's complaints: number, channel, type, received_on, due_on, department, status)."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import click

from xiaoneng.cli_support import fail, one_center
from xiaoneng.complaints import hotline
from xiaoneng.errors import XiaonengError


@click.group()
def complaints() -> None:
    """投诉处理：导入12345工单，导出月度投诉清单。"""


def _mapping(pairs: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for pair in pairs:
        field, _, header = pair.partition("=")
        if field not in hotline.FIELDS or not header:
            names = "、".join(f"{k}（{f.name}）" for k, f in hotline.FIELDS.items())
            raise click.BadParameter(f"列对应应为 字段=文件中的列名，字段为 {names}", param_hint="--map")
        mapping[field] = header
    return mapping


@complaints.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--center", "center_code", help="中心编码（库中只有一个中心时可省略）")
@click.option("--map", "pairs", multiple=True, help="列对应，如 --map content=问题描述（可多次）")
def import_command(file: str, center_code: str | None, pairs: tuple[str, ...]) -> None:
    """导入12345热线平台导出的工单（XLSX/CSV）；有错误的行时全部不导入并逐行说明。"""
    from xiaoneng.complaints import service
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.kit.scope import system_actor

    mapping = _mapping(pairs)
    path = Path(file)
    started = time.perf_counter()
    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(engine) as session:
            center = one_center(session, center_code)
            result = service.import_orders(session, actor=system_actor(center.id, name="cli"), filename=path.name,
                                           data=path.read_bytes(), mapping=mapping)
    except XiaonengError as exc:
        fail(exc)
    finally:
        engine.dispose()
    span = f"{result.first_day} 至 {result.last_day}" if result.first_day else "无新工单"
    click.echo(f"已导入 {path.name}：{result.rows} 行，新增 {result.created} 件（{span}），已分派 {result.assigned} 件，"
               f"待分派 {result.unassigned} 件，重复并入 {result.merged} 件，此前已导入 {result.already} 件；"
               f"用时 {time.perf_counter() - started:.1f} 秒")


@complaints.command("export")
@click.option("--month", required=True, help="月份，如 2026-11")
@click.option("--output", required=True, type=click.Path(dir_okay=False), help="结果 CSV 文件")
@click.option("--center", "center_code", help="中心编码（库中只有一个中心时可省略）")
def export_command(month: str, output: str, center_code: str | None) -> None:
    """按收到日期输出一个月的投诉：编号、渠道、类型、收到日期、答复时限、承办单位、状态。"""
    from xiaoneng.complaints import queries
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.kit.spreadsheets import neutral_text

    engine = make_engine(get_settings().database_url)
    try:
        with session_scope(engine, readonly=True) as session:
            center = one_center(session, center_code)
            rows = queries.month_rows(session, actor=system_actor(center.id, name="cli"), month=month)
    except XiaonengError as exc:
        fail(exc)
    finally:
        engine.dispose()
    with open(output, "w", newline="", encoding="utf-8-sig") as f:
        writer = csv.writer(f)
        writer.writerow(queries.CSV_COLUMNS)
        writer.writerows([neutral_text(v) for v in row] for row in rows)
    click.echo(f"已写入 {output}：{month} 的投诉 {len(rows)} 件")

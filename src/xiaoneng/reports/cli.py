"""`xiaoneng report monthly --center CODE --month YYYY-MM --output DIR` and `xiaoneng report annual --center CODE
--year YYYY --output DIR`: the report's XLSX, DOCX and PDF written into DIR, read from a read-only session (the
replica when one is configured); a refusal in Chinese, exit code 1 and nothing written otherwise."""

from __future__ import annotations

import time
from pathlib import Path

import click

from xiaoneng.cli_support import fail
from xiaoneng.errors import ValidationFailed, XiaonengError


@click.group("report")
def report() -> None:
    """政务服务月报与年度报告：生成 XLSX、DOCX 和 PDF。"""


def _write(center_code: str, period_text: str, kind: str, output: str) -> None:
    from xiaoneng.db import session_scope
    from xiaoneng.kit import clock
    from xiaoneng.kit.scope import system_actor
    from xiaoneng.reports import rules, service

    started = time.perf_counter()
    target = Path(output)
    try:
        period = rules.parse_period(kind, period_text)
        if target.exists() and not target.is_dir():
            raise ValidationFailed(f"输出位置 {output} 不是目录", field="output")
        with session_scope(readonly=True) as session:
            center = service.center_of(session, actor=system_actor(name="cli"), code=center_code)
            made = service.compose(session, actor=system_actor(center.id, name="cli"), center=center, period=period,
                                   today=clock.today())
        composed = time.perf_counter() - started
        files = service.render(made)
    except XiaonengError as exc:
        fail(exc)
    target.mkdir(parents=True, exist_ok=True)
    for ext, name in service.file_names(made).items():
        (target / name).write_bytes(files[ext])
        click.echo(f"已写入 {target / name}（{len(files[ext]) / 1024:.0f} KB）")
    click.echo(f"{made.title}{made.subtitle}：统计用时 {composed:.1f} 秒，共用时 {time.perf_counter() - started:.1f} 秒")


@report.command("monthly")
@click.option("--center", "center_code", required=True, help="中心编码")
@click.option("--month", required=True, help="月份，如 2026-10")
@click.option("--output", required=True, type=click.Path(file_okay=False), help="输出目录")
def monthly(center_code: str, month: str, output: str) -> None:
    """生成一个中心一个月的政务服务月报。"""
    _write(center_code, month, "month", output)


@report.command("annual")
@click.option("--center", "center_code", required=True, help="中心编码")
@click.option("--year", required=True, help="年份，如 2026")
@click.option("--output", required=True, type=click.Path(file_okay=False), help="输出目录")
def annual(center_code: str, year: str, output: str) -> None:
    """生成一个中心一年的政务服务年度报告。"""
    _write(center_code, year, "year", output)

"""`xiaoneng dashboards rollup`: recount the home pages' rollup now (the hourly job does it on its own), from a
given day when data for days long past was written (an import of an old year)."""

from __future__ import annotations

import datetime as dt

import click

from xiaoneng.cli_support import fail, one_center
from xiaoneng.errors import XiaonengError


@click.group("dashboards")
def dashboards() -> None:
    """首页看板"""


@dashboards.command("rollup")
@click.option("--center", "center_code", default=None, help="中心编码（库中只有一个中心时可省略）")
@click.option("--from", "since", default=None, help="从哪一天起重新汇总（YYYY-MM-DD，默认最近 31 天）")
def rollup_command(center_code: str | None, since: str | None) -> None:
    """重新汇总首页看板的评价与办件数字"""
    from xiaoneng.dashboards import rollup
    from xiaoneng.db import session_scope
    from xiaoneng.kit import clock

    try:
        first = None
        if since:
            try:
                first = dt.date.fromisoformat(since)
            except ValueError:
                raise XiaonengError("起始日期须为 YYYY-MM-DD 格式的日期", field="from") from None
            if first >= clock.today():
                raise XiaonengError("起始日期须早于今天", field="from")
        with session_scope() as session:
            center = one_center(session, center_code)
            changed = rollup.refresh(session, since=first, center_id=center.id)
            click.echo(f"{center.name}：首页看板已汇总至昨天，{changed} 天的数字有变化。")
    except XiaonengError as exc:
        fail(exc)

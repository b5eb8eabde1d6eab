"""The `xiaoneng` command: serve, migrate, import, calendar, cases, users, audit, demo, worker, conduct, attendance,
letters, complaints, inspections, analysis."""

from __future__ import annotations

import sys

import click

from xiaoneng.config import get_settings
from xiaoneng.server import serve


@click.group()
def main() -> None:
    """效能 xiaoneng 命令行。"""
    from xiaoneng import wiring
    wiring.install()


main.add_command(serve)


@main.group()
def db() -> None:
    """数据库结构迁移。"""


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """把数据库结构升级到最新版本（空库亦可）。"""
    from xiaoneng import migrate

    migrate.upgrade(get_settings().database_url, revision=revision)
    click.echo("数据库结构已是最新。")


@main.group()
def audit() -> None:
    """审计链。"""


@audit.command("verify")
def audit_verify() -> None:
    """校验审计链完整；被改动或删除时以非零状态退出并指出第一条损坏记录。"""
    from xiaoneng.audit import service
    from xiaoneng.db import session_scope

    with session_scope(readonly=True, fresh=True) as session:  # the primary's chain, to its last record
        problem = service.verify(session)
    if problem is None:
        click.echo("审计链完整。")
        return
    click.echo(f"审计链损坏：第一条损坏记录 #{problem.record_id}：{problem.reason}", err=True)
    sys.exit(1)


def _add_domain_commands() -> None:
    from xiaoneng.analysis.cli import analysis
    from xiaoneng.attendance.cli import attendance
    from xiaoneng.calendar.cli import calendar
    from xiaoneng.cases.cli import cases
    from xiaoneng.complaints.cli import complaints
    from xiaoneng.conduct.cli import conduct
    from xiaoneng.demo.cli import demo
    from xiaoneng.imports.cli import import_group
    from xiaoneng.inspections.cli import inspections
    from xiaoneng.jobs.cli import worker
    from xiaoneng.letters.cli import letters
    from xiaoneng.org.cli import user

    for command in (analysis, attendance, calendar, cases, conduct, demo, import_group, user, worker):
        main.add_command(command)
    main.add_command(letters)
    main.add_command(complaints)
    for command in (inspections,):
        main.add_command(command)
    from xiaoneng.reports.cli import report
    main.add_command(report)
    from xiaoneng.dashboards.cli import dashboards

    main.add_command(dashboards)
    from xiaoneng.insights.cli import insights

    main.add_command(insights)


_add_domain_commands()

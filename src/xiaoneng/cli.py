"""The `xiaoneng` command: serve, migrate, import, calendar, users, audit, demo, worker."""

from __future__ import annotations

import sys

import click

from xiaoneng.config import get_settings


@click.group()
def main() -> None:
    """效能 xiaoneng 命令行。"""


@main.command()
@click.option("--host", default=None, help="监听地址（默认 127.0.0.1）")
@click.option("--port", default=None, type=int, help="端口（默认 8000）")
@click.option("--workers", default=1, show_default=True, help="进程数")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """启动 Web 服务。"""
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "xiaoneng.web.app:create_app", factory=True, host=host or settings.host, port=port or settings.port,
        workers=workers, loop="uvloop", http="httptools", log_level="info", **proxy_options(settings),
    )


def proxy_options(settings) -> dict:
    """X-Forwarded-For/-Proto are believed only from the configured proxies. uvicorn's own default believes them
    from 127.0.0.1, so anyone on the server's host could pick the address the per-address limits count."""
    proxies = settings.trusted_proxy_list
    if not proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": proxies}


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

    with session_scope(readonly=True) as session:
        problem = service.verify(session)
    if problem is None:
        click.echo("审计链完整。")
        return
    click.echo(f"审计链损坏：第一条损坏记录 #{problem.record_id}：{problem.reason}", err=True)
    sys.exit(1)


def _add_domain_commands() -> None:
    from xiaoneng.calendar.cli import calendar
    from xiaoneng.demo.cli import demo
    from xiaoneng.imports.cli import import_group
    from xiaoneng.jobs.cli import worker
    from xiaoneng.org.cli import user

    for command in (calendar, demo, import_group, user, worker):
        main.add_command(command)


_add_domain_commands()

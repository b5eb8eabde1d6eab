"""`xiaoneng serve`: the web server under uvicorn. Apart from xiaoneng.cli so that other commands (the demo) can
start it without importing the command group that registers them."""

from __future__ import annotations

import click

from xiaoneng.config import get_settings


@click.command()
@click.option("--host", default=None, help="监听地址（默认 127.0.0.1）")
@click.option("--port", default=None, type=int, help="端口（默认 8000）")
@click.option("--workers", default=1, show_default=True, help="进程数")
def serve(host: str | None, port: int | None, workers: int) -> None:
    """启动 Web 服务。"""
    import uvicorn

    settings = get_settings()
    if settings.read_database_url:
        check_read_replica()  # refused here in Chinese, before uvicorn would show the same refusal as a traceback
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


def check_read_replica() -> None:
    """The configured read replica is usable, or the command stops with the reason (read_replica.py)."""
    import sys

    from xiaoneng.db import get_read_engine
    from xiaoneng.read_replica import ReadReplicaRefused

    try:
        get_read_engine()
    except ReadReplicaRefused as exc:
        click.echo(f"错误：{exc.message}", err=True)
        sys.exit(2)

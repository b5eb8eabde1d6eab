"""`xiaoneng worker`: run timed jobs in a process of their own; SIGTERM stops it after the current job."""

from __future__ import annotations

import logging
import signal
import threading

import click


@click.command()
@click.option("--once", is_flag=True, help="只运行一轮到期任务后退出")
@click.option("--interval", default=30, show_default=True, type=float, help="两轮之间的间隔秒数")
@click.option("--id", "worker_id", default=None, help="工作进程名称（默认 主机名:进程号）")
def worker(once: bool, interval: float, worker_id: str | None) -> None:
    """运行定时任务（可同时运行多个，每个到期时段只执行一次）。"""
    from xiaoneng.db import session_factory
    from xiaoneng.jobs.runner import default_worker_id, run_due
    from xiaoneng.jobs.worker import run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    worker_id = worker_id or default_worker_id()
    sessions = session_factory()
    stop = threading.Event()

    def _stop(signum, _frame):
        click.echo(f"收到信号 {signum}，当前任务完成后退出。", err=True)
        stop.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        if once:
            runs = run_due(sessions, worker_id=worker_id, should_stop=stop.is_set)
            for run in runs:
                click.echo(f"{run.job_name}\t{run.slot.isoformat()}\t{run.status}\t{run.error or run.result}")
            click.echo(f"{worker_id}：本轮运行 {len(runs)} 个任务。")
            return
        click.echo(f"{worker_id}：定时任务已启动，每 {interval:g} 秒检查一次。")
        run_forever(sessions, stop=stop, worker_id=worker_id, interval=interval)
        click.echo(f"{worker_id}：已停止。")
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":
    worker()

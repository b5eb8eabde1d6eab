"""`xiaoneng demo`: migrate, seed the calendar, build the demo district once, print the accounts, serve (SPEC K6).

The district's year of activity ends the day before the build's today (the clock's, or --today to rebuild the data
of another day); --scale multiplies its volume for benchmarks.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import click


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        _fail(f"--today 须为 YYYY-MM-DD 格式的日期（如 2026-11-18），而不是“{text}”")


def _reset(url: str, yes: bool) -> None:
    """SQLite: remove the database file; PostgreSQL: drop every table, only when confirmed with --yes."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    from xiaoneng.db import make_engine

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            return
        path = Path(parsed.database)
        for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            candidate.unlink(missing_ok=True)
        click.echo(f"已删除数据库文件 {path}。")
        return
    if not yes:
        _fail(f"--reset 会删除 {parsed.render_as_string(hide_password=True)} 中的全部数据；确认请同时加 --yes")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
    click.echo("已清空数据库。")


def _print_accounts(rows, url: str) -> None:
    click.echo("")
    click.echo(f"请用浏览器打开 {url} 登录。演示账号：")
    header = ("角色", "用户名", "密码", "姓名", "所属")
    table = [header] + [
        (r.account.role_label, r.account.username, r.account.password, r.full_name, r.department or r.center)
        for r in rows
    ]
    widths = [max(_width(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        click.echo("  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row)).rstrip())
    click.echo("其他演示用户的用户名为工号（如 jc0010），密码与同角色的演示账号相同。")


def _width(text: str) -> int:
    # CJK characters take two columns in a terminal.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


@click.command()
@click.option("--seed", type=int, default=None, help="随机种子（默认取设置 XIAONENG_DEMO_SEED）")
@click.option("--reset", is_flag=True, help="删除现有数据库后重建")
@click.option("--yes", is_flag=True, help="确认清空 PostgreSQL 数据库（与 --reset 同用）")
@click.option("--no-serve", is_flag=True, help="只构建数据，不启动 Web 服务")
@click.option("--today", default=None, help="按哪一天构建（YYYY-MM-DD，默认今天）：一年的办件截至其前一天")
@click.option("--scale", type=int, default=1, show_default=True,
              help="办件、评价和差评的数量倍数（不小于 1 的整数，机构不变），用于性能测试")
@click.pass_context
def demo(click_ctx: click.Context, seed: int | None, reset: bool, yes: bool, no_serve: bool, today: str | None,
         scale: int) -> None:
    """构建演示数据（锦城新区）并启动服务。"""
    from xiaoneng import migrate
    from xiaoneng.calendar import service as calendar_service
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope
    from xiaoneng.demo import builder, cases_year
    from xiaoneng.demo.days import year_ending
    from xiaoneng.errors import XiaonengError
    from xiaoneng.kit import bulk, clock

    settings = get_settings()
    url = settings.database_url
    seed = settings.demo_seed if seed is None else seed
    day = _day(today) if today is not None else clock.today()
    if scale < 1:
        _fail(f"--scale 须为不小于 1 的整数，而不是 {scale}")
    if reset:
        _reset(url, yes)
    migrate.upgrade(url)
    engine = make_engine(url)
    bulk.large_cache(engine)  # the build is one transaction
    try:
        with session_scope(engine) as session:
            written = calendar_service.seed_from_library(session)
        if written:
            click.echo(f"工作日历：已导入 {written} 条节假日记录。")
        with session_scope(engine) as session:
            if builder.find_demo_center(session) is not None:
                click.echo(f"演示数据已存在（中心编码 {builder.CENTER_CODE}），未重复构建；重建请加 --reset。")
            else:
                cases_year.check_today(calendar_service.get_calendar(session), day)
                started = time.monotonic()
                ctx = builder.build(session, seed=seed, today=day, scale=scale)
                c = ctx.counts
                click.echo(
                    f"已构建演示数据（种子 {seed}，规模 {scale}）：中心 {c['centers']} 个，服务点位 {c['service_points']} 个，"
                    f"科室 {c['departments']} 个，窗口 {c['windows']} 个，事项 {c['items']} 项，人员 {c['staff']} 名；"
                    f"{year_ending(ctx.reference_date).isoformat()} 至 {ctx.reference_date.isoformat()} 的办件 "
                    f"{c['cases']} 件，评价 {c['ratings']} 条，"
                    f"差评 {c['bad_reviews']} 条；AB 岗 {c['duty_posts']} 个，请假 {c['absences']} 条"
                    f"（代岗 {c['post_proxies']} 次），首问咨询 {c['inquiries']} 条（转办 {c['referrals']} 条），"
                    f"服务禁语线索 {c['conduct_findings']} 条，考勤打卡 {c['punches']} 条"
                    f"（用时 {time.monotonic() - started:.0f} 秒）。"
                )
                if "inspection_plans" in c:
                    click.echo(f"巡查：月度计划 {c['inspection_plans']} 个，巡查 {c['inspection_visits']} 次（其中暗访 "
                               f"{c['unannounced_visits']} 次），发现问题 {c['inspection_findings']} 个，电话暗访 "
                               f"{c['phone_checks']} 次。")
        with session_scope(engine, readonly=True) as session:
            rows = builder.account_rows(session)
    except XiaonengError as exc:
        _fail(exc.message)
    finally:
        engine.dispose()
    _print_accounts(rows, f"http://{settings.host}:{settings.port}")
    if not no_serve:
        from xiaoneng.server import serve

        click_ctx.invoke(serve, host=None, port=None, workers=1)

"""`xiaoneng calendar`: is a date a working day, due dates one at a time or in bulk from CSV, notice import."""

from __future__ import annotations

import csv
import datetime as dt
import sys
from contextlib import contextmanager
from pathlib import Path

import click
import numpy as np

from xiaoneng.errors import XiaonengError


@click.group()
def calendar():
    """工作日历。"""


def _fail(message: str) -> None:
    click.echo(f"错误：{message}", err=True)
    sys.exit(2)


@contextmanager
def _session():
    """A unit of work on XIAONENG_DATABASE_URL, migrating an empty database and seeding empty calendar tables."""
    from xiaoneng import migrate
    from xiaoneng.calendar import repository, service
    from xiaoneng.config import get_settings
    from xiaoneng.db import make_engine, session_scope

    url = get_settings().database_url
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            ready = repository.tables_exist(session)
        if not ready:
            migrate.upgrade(url)
        with session_scope(engine) as session:
            if not repository.year_numbers(session):
                written = service.seed_from_library(session)
                click.echo(f"工作日历为空，已从 {service.LIBRARY_SOURCE} 导入 {written} 条节假日记录。", err=True)
        with session_scope(engine) as session:
            yield session
    finally:
        engine.dispose()


def _center(session, code: str | None) -> int | None:
    from xiaoneng.kit.scope import SYSTEM
    from xiaoneng.org import service as org_service

    if not code:
        return None
    center = org_service.find_center_by_code(session, actor=SYSTEM, code=code)
    if center is None:
        _fail(f"中心编码 {code} 不存在")
    return center.id


def _date(value: str, name: str = "日期") -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        _fail(f"{name}“{value}”无效，应为 YYYY-MM-DD 格式的真实日期")


center_option = click.option("--center", "center_code", default=None, help="中心编码（含该中心的本地调整）")


@calendar.command("is-workday")
@click.argument("day")
@center_option
def is_workday(day: str, center_code: str | None) -> None:
    """判断某日是否为工作日。"""
    from xiaoneng.calendar import service

    d = _date(day)
    try:
        with _session() as session:
            info = service.explain_day(session, day=d, center_id=_center(session, center_code))
    except XiaonengError as exc:
        _fail(exc.message)
    note = "（待核定：该年放假安排尚未公布）" if info.provisional else ""
    click.echo(f"{'是' if info.working else '否'}：{d.isoformat()} {'工作日' if info.working else '休息日'}"
               f"（{info.reason}）{note}")


@calendar.command("add-workdays")
@click.argument("start", required=False)
@click.argument("n", required=False)
@click.option("--input", "input_path", type=click.Path(dir_okay=False, path_type=Path), help="CSV 文件，列 start,n")
@click.option("--output", "output_path", type=click.Path(dir_okay=False, path_type=Path), help="输出 CSV，列 start,n,due")
@center_option
def add_workdays(start: str | None, n: str | None, input_path: Path | None, output_path: Path | None,
                 center_code: str | None) -> None:
    """计算 N 个工作日后的截止日（起始日当天不计）；或用 --input/--output 批量计算。"""
    if input_path or output_path:
        if not (input_path and output_path) or start or n:
            _fail("批量计算需要同时给出 --input 和 --output，且不再给出日期和天数")
        _bulk(input_path, output_path, center_code)
        return
    if start is None or n is None:
        _fail("请给出起始日期和工作日数，例如：xiaoneng calendar add-workdays 2025-09-30 5")
    from xiaoneng.calendar import service

    d = _date(start, "起始日期")
    try:
        count = int(n)
    except ValueError:
        _fail(f"工作日数“{n}”应为整数")
    try:
        with _session() as session:
            due = service.add_working_days(session, start=d, n=count, center_id=_center(session, center_code))
    except XiaonengError as exc:
        _fail(exc.message)
    if due.provisional:
        click.echo(f"注意：截止日在{due.day.year}年，该年放假安排尚未公布，结果待核定。", err=True)
    click.echo(due.day.isoformat())


def _read_pairs(path: Path) -> tuple[list[str], np.ndarray]:
    if not path.exists():
        _fail(f"找不到文件 {path}")
    starts: list[str] = []
    ns: list[int] = []
    errors: list[str] = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader, [])]
        if header[:2] != ["start", "n"]:
            _fail("CSV 第1行应为表头 start,n")
        for row_number, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) < 2:
                errors.append(f"第{row_number}行：缺少 n 列")
                continue
            s, k = row[0].strip(), row[1].strip()
            try:
                dt.date.fromisoformat(s)
            except ValueError:
                errors.append(f"第{row_number}行 start：“{s}”不是 YYYY-MM-DD 格式的真实日期")
            try:
                value = int(k)
                if value < 0:
                    raise ValueError
            except ValueError:
                errors.append(f"第{row_number}行 n：“{k}”应为非负整数")
                value = 0
            starts.append(s)
            ns.append(value)
    if errors:
        shown = errors[:50]
        more = f"\n……另有 {len(errors) - 50} 处错误" if len(errors) > 50 else ""
        _fail(f"输入文件有 {len(errors)} 处错误，未写出任何结果：\n" + "\n".join(shown) + more)
    return starts, np.asarray(ns, dtype=np.int64)


def _bulk(input_path: Path, output_path: Path, center_code: str | None) -> None:
    from xiaoneng.calendar import service

    starts, ns = _read_pairs(input_path)
    start_days = np.asarray(starts, dtype="datetime64[D]")
    try:
        with _session() as session:
            cal = service.get_calendar(session, center_id=_center(session, center_code))
    except XiaonengError as exc:
        _fail(exc.message)
    bad = np.flatnonzero(cal.out_of_range(start_days, ns))
    if bad.size:
        rows = "、".join(str(i + 2) for i in bad[:20]) + ("……" if bad.size > 20 else "")
        _fail(f"{bad.size} 行超出工作日历范围（{cal.first_year}-{cal.provisional_year}年，"
              f"{cal.provisional_year + 1}年的放假安排尚未公布）：第 {rows} 行；未写出任何结果")
    due, provisional = cal.add_working_days_many(start_days, ns)
    with output_path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["start", "n", "due"])
        writer.writerows(zip(starts, ns.tolist(), due.astype(str).tolist(), strict=True))
    summary = f"已计算 {len(starts)} 条截止日，写入 {output_path}"
    if provisional.any():
        summary += f"；其中 {int(provisional.sum())} 条在{cal.provisional_year}年，待核定"
    click.echo(summary, err=True)


@calendar.command("import-notice")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--year", type=int, default=None, help="年份（通知标题中没有时必填）")
@click.option("--yes", is_flag=True, help="不询问，直接保存")
def import_notice(file: Path, year: int | None, yes: bool) -> None:
    """解析国务院放假安排通知，显示预览，确认后保存。"""
    from xiaoneng.calendar import service
    from xiaoneng.kit.scope import system_actor

    text = file.read_text(encoding="utf-8-sig")
    actor = system_actor(name="cli")
    try:
        with _session() as session:
            preview = service.preview_notice(session, actor=actor, text=text, year=year)
            click.echo(preview.title)
            for h in preview.holidays:
                span = h.rest_days[0].isoformat() + (f" 至 {h.rest_days[-1].isoformat()}" if len(h.rest_days) > 1 else "") \
                    if h.rest_days else "（无）"
                total = "" if h.stated_total is None else ("，与通知一致" if h.total_matches else f"，通知写共{h.stated_total}天")
                work = "、".join(d.isoformat() for d in h.workdays) or "无"
                click.echo(f"  {h.name}：放假 {span}，共{len(h.rest_days)}天{total}；调休上班：{work}")
            for w in preview.warnings:
                click.echo(f"  请核对：{w}", err=True)
            if not yes and not click.confirm(f"保存{preview.year}年的放假安排？", default=False):
                click.echo("未保存。")
                return
            service.save_notice(session, actor=actor, text=text, year=year)
    except XiaonengError as exc:
        _fail(exc.message)
    click.echo(f"已保存{preview.year}年的放假安排。")

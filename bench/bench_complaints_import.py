"""A year of a district's 12345 work orders (100,000 rows over 20 units) as the hotline platform's CSV and XLSX
export, imported through the service: seconds for the whole import (read, check, classify, deadlines, duplicates,
write with the trail, the audit record and the notices) beside reading and parsing the same file alone (the
baseline, measured in the same run); median of --runs runs, each into a fresh SQLite file, or on PostgreSQL into
--database-url (or XIAONENG_BENCH_DATABASE_URL: a throwaway database, a new center each run). Target: under 30
seconds.

Run: .venv/bin/python bench/bench_complaints_import.py [--rows N] [--format csv|xlsx|both] [--runs 3]
                                                      [--database-url postgresql+psycopg://...]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from harness import cpu_seconds
from xiaoneng import migrate, wiring
from xiaoneng.complaints import hotline, importing
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit import clock
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import Center, Department

TARGET_SECONDS = 30
UNITS = ["区市场监督管理局", "区人力资源和社会保障局", "区医疗保障局", "公安分局户政出入境服务大队", "国家税务总局锦城新区税务局",
         "区不动产登记中心", "区住房和城乡建设局", "区规划和自然资源局", "区民政局", "区卫生健康局", "区教育局", "区交通运输局",
         "区文化广电旅游局", "市生态环境局锦城新区分局", "区农业农村局", "区退役军人事务局", "区残疾人联合会",
         "住房公积金管理中心锦城新区管理部", "区应急管理局", "区城市管理局"]
TEXTS = ["在{u}{w}号窗口办理{b}时工作人员态度生硬", "咨询{u}办理{b}需要哪些材料", "{u}办理{b}已超过承诺时限还没有结果",
         "建议{u}为{b}增加自助设备", "表扬{u}{w}号窗口工作人员办理{b}热情耐心", "{u}网上办理{b}系统登录不上"]
KINDS = ["投诉", "咨询", "投诉", "建议", "表扬", "求助"]
BUSINESS = ["营业执照变更", "社保转移", "医保报销", "户口迁移", "发票申领", "房产过户", "施工许可", "婚姻登记", "出生证明",
            "入学报名", "道路运输证", "公积金提取", "残疾证办理", "退役军人优待证", "宅基地审批", "餐饮许可"]
CLAUSES = ["我是{d}号上午去的", "已经打过{d}次电话", "排队等了{d}分钟", "材料补交了{d}次", "家里老人今年{d}岁行动不便",
           "单位在{d}号楼", "听说别人也遇到过", "窗口说系统升级", "问了三个人说法都不一样", "希望尽快给个答复",
           "我的手机尾号{d}", "上次来是{d}天前", "现场的导办员也说不清", "网上写的是即办件", "已经请了{d}天假",
           "朋友的公司{d}月也办过"]
def _text(rng: random.Random, t: int, unit: str) -> str:
    head = TEXTS[t].format(u=unit, w=rng.randint(1, 40), b=rng.choice(BUSINESS))
    tail = "，".join(c.format(d=rng.randint(2, 99)) for c in rng.sample(CLAUSES, 3))
    return f"{head}，{tail}。"


def export(rows: int, fmt: str) -> bytes:
    rng = random.Random(12345)
    start = dt.datetime(2025, 11, 18, 8, 0)
    header = ["工单编号", "来电时间", "诉求人", "联系电话", "诉求类型", "诉求内容", "承办单位", "办理时限"]
    lines = [["12345热线工单导出"], header]
    for n in range(rows):
        t = rng.randrange(len(TEXTS))
        unit = rng.choice(UNITS)
        when = start + dt.timedelta(minutes=n * 5 + rng.randrange(5))
        lines.append([f"GD{n:08d}", when.strftime("%Y-%m-%d %H:%M:%S"), "市民", f"13{rng.randrange(10 ** 9):09d}",
                      KINDS[t], _text(rng, t, unit), unit, ""])
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(lines)
        return out.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("工单")
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _timed(fn) -> tuple[float, float, object]:
    t0, c0 = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - t0, time.process_time() - c0, result


def _import(url: str, fmt: str, data: bytes, run: int):
    engine = make_engine(url)
    try:
        with session_scope(engine) as s:
            center = Center(code=f"B-{fmt}-{run}-{time.time_ns()}", name="基准中心")
            s.add(center)
            s.flush()
            s.add_all(Department(center_id=center.id, code=f"U{i:02d}", name=name) for i, name in enumerate(UNITS))
            center_id = center.id

        server = {}

        def whole():
            with session_scope(engine) as s:
                if engine.dialect.name == "postgresql":  # the server process of this connection, for its CPU
                    server["pid"] = s.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar()
                    server["cpu"] = cpu_seconds(server["pid"])
                result = importing.import_orders(s, actor=system_actor(center_id, name="bench"),
                                                 filename=f"x.{fmt}", data=data)
            if server:
                server["cpu"] = cpu_seconds(server["pid"]) - server["cpu"]
            return result
        wall, cpu, result = _timed(whole)
        return wall, cpu, result, server.get("cpu")
    finally:
        engine.dispose()


def bench(fmt: str, options, tmp: Path) -> float:
    data = export(options.rows, fmt)
    print(f"\n{options.rows:,} work orders over a year as a 12345 {fmt.upper()} export ({len(data) / 1e6:.1f} MB)")
    reads = [_timed(lambda: hotline.parse(importing.read_rows(f"x.{fmt}", data), tz=TZ)) for _ in range(options.runs)]
    assert not reads[0][2].problems, reads[0][2].problems[:3]
    runs = []
    for run in range(options.runs):
        url = options.database_url
        if not url:
            url = f"sqlite:///{tmp / f'bench-{fmt}-{run}.db'}"
            migrate.upgrade(url)
        runs.append(_import(url, fmt, data, run))
    result = runs[-1][2]
    read_wall, read_cpu = statistics.median(r[0] for r in reads), statistics.median(r[1] for r in reads)
    wall, cpu = statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)
    mark = "" if wall < TARGET_SECONDS else "   > target"
    print(f"  {'':34} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s':>7}")
    print(f"  {'read and parse only (baseline)':34} {read_wall:9.1f} {min(r[0] for r in reads):7.1f} "
          f"{max(r[0] for r in reads):7.1f} {read_cpu:7.1f}")
    print(f"  {'whole import':34} {wall:9.1f} {min(r[0] for r in runs):7.1f} {max(r[0] for r in runs):7.1f} "
          f"{cpu:7.1f}   = {wall / read_wall:.1f} x baseline, target < {TARGET_SECONDS} s{mark}")
    servers = [r[3] for r in runs if r[3] is not None]
    if servers:
        print(f"  {'database server CPU s (median)':34} {statistics.median(servers):9.1f}")
    print(f"  {result.created:,} created, {result.assigned:,} assigned, {result.merged:,} merged as duplicates "
          f"(median of {options.runs} runs; CPU s: this process, the server process on PostgreSQL apart)")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=("csv", "xlsx", "both"), default="both")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("XIAONENG_BENCH_DATABASE_URL"))
    options = parser.parse_args()
    wiring.install()
    clock.use(lambda: dt.datetime(2026, 11, 18, 10, 0, tzinfo=TZ))  # the orders lie in the year before this day
    if options.database_url:
        migrate.upgrade(options.database_url)
    where = "PostgreSQL" if options.database_url and options.database_url.startswith("postgresql") else "SQLite"
    print(f"12345 import on {where}, median of {options.runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        worst = max(bench(fmt, options, Path(tmp)) for fmt in (("csv", "xlsx") if options.format == "both"
                                                                  else (options.format,)))
    print(f"\nslowest median {worst:.1f} s (target < {TARGET_SECONDS} s)")


if __name__ == "__main__":
    main()

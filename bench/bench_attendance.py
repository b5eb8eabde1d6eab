"""A year of punches for 300 staff (about 300,000 rows) as a DingTalk raw export, imported through the service into
a fresh SQLite file (or --database-url): seconds for the whole import, beside reading the same file alone and a
bare executemany of the same rows (the baselines). Target: under 20 seconds.

Run: .venv/bin/python bench/bench_attendance.py [--format csv|xlsx] [--database-url URL]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from xiaoneng import migrate
from xiaoneng.attendance import dingtalk, service
from xiaoneng.calendar import service as calendars
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import Center, Department, Staff

STAFF = 300
YEAR = 2025
HEADER = ["姓名", "考勤组", "部门", "工号", "职位", "UserId", "考勤日期", "考勤时间", "打卡时间", "打卡结果", "打卡地址"]


def export(fmt: str) -> tuple[bytes, int]:
    rng = random.Random(2025)
    cal = calendars._library_calendar()
    days = cal.working_days_between(dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))
    rows = [["原始记录 统计日期：2025-01-01 至 2025-12-31"], HEADER]
    for n in range(STAFF):
        name, no = f"员工{n:03d}", f"GH{n:04d}"
        for day in days:
            if rng.random() < 0.03:
                continue  # a day off
            for base, spread in ((8 * 60 + 50, 14), (12 * 60 + 2, 6), (12 * 60 + 56, 8), (17 * 60 + 4, 10)):
                if rng.random() < 0.985:
                    m = base + rng.randint(-spread, spread)
                    rows.append([name, "窗口", "综合窗口", no, "科员", f"u{n}", f"{day:%y-%m-%d} 星期",
                                 "", f"{m // 60:02d}:{m % 60:02d}", "正常", "政务中心"])
    count = len(rows) - 2
    if fmt == "csv":
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        return out.getvalue().encode("utf-8-sig"), count
    from openpyxl import Workbook
    book = Workbook(write_only=True)
    sheet = book.create_sheet("原始记录")
    for r in rows:
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--database-url")
    options = parser.parse_args()
    data, count = export(options.format)
    print(f"{count:,} punches of {STAFF} staff over {YEAR} as DingTalk {options.format.upper()} "
          f"({len(data) / 1e6:.1f} MB)")
    t0 = time.perf_counter()
    dingtalk.parse(service.read_rows(f"x.{options.format}", data))
    read = time.perf_counter() - t0
    with tempfile.TemporaryDirectory() as tmp:
        url = options.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        engine = make_engine(url)
        with session_scope(engine) as s:
            center = Center(code="B", name="基准中心")
            s.add(center)
            s.flush()
            dept = Department(center_id=center.id, code="ZH", name="综合窗口")
            s.add(dept)
            s.flush()
            s.add_all(Staff(center_id=center.id, department_id=dept.id, staff_no=f"GH{n:04d}", full_name=f"员工{n:03d}",
                            role="window_staff") for n in range(STAFF))
            center_id = center.id
        t0 = time.perf_counter()
        with session_scope(engine) as s:
            result = service.import_punches(s, actor=system_actor(center_id), filename=f"x.{options.format}",
                                            data=data)
        whole = time.perf_counter() - t0
        engine.dispose()
        db = Path(tmp) / "bare.db"
        con = sqlite3.connect(db)
        con.execute("create table p (id integer primary key, staff_id int, day date, time text)")
        t0 = time.perf_counter()
        con.executemany("insert into p (staff_id, day, time) values (?, ?, ?)",
                        ((i % STAFF, "2025-01-01", "08:00") for i in range(count)))
        con.commit()
        bare = time.perf_counter() - t0
        con.close()
    print(f"{'read and parse the file':<32}{read:>8.1f} s")
    print(f"{'bare executemany (sqlite3)':<32}{bare:>8.1f} s")
    print(f"{'import through the service':<32}{whole:>8.1f} s   ({result.punches:,} stored)")
    print(f"target 20 s: {'met' if whole < 20 else 'NOT met'}")


if __name__ == "__main__":
    main()

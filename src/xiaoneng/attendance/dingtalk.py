"""Reading attendance exports as they come (SPEC E5): DingTalk's raw punch list (原始记录) and its daily statistics
(每日统计), with the title rows DingTalk writes above the header, or any other system's file through a mapping of
its columns. Pure: cells in, punches and the rows that could not be read out."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from xiaoneng.kit.readers import normalize_header

HEADER_SEARCH_ROWS = 10  # DingTalk puts one or two title rows (统计日期, 报表生成时间 …) above the header
RAW = {"name": "姓名", "staff_no": "工号", "department": "部门", "date": "考勤日期", "time": "打卡时间"}
DAILY_TIMES = ("上班1打卡时间", "下班1打卡时间", "上班2打卡时间", "下班2打卡时间", "上班3打卡时间", "下班3打卡时间")
DAILY = {"name": "姓名", "staff_no": "工号", "department": "部门", "date": "日期"}
_DATE = re.compile(r"^\s*(\d{2}|\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*$")
NO_PUNCH = {"", "-", "--", "—", "未打卡", "缺卡", "无"}


class Punch(NamedTuple):  # a tuple: a year's file holds hundreds of thousands
    row: int  # as the spreadsheet numbers it
    name: str
    staff_no: str
    department: str
    day: dt.date
    time: dt.time


@dataclass(frozen=True)
class Problem:
    row: int
    message: str


@dataclass
class Parsed:
    kind: str  # "raw", "daily" or "mapped"
    punches: list[Punch]
    problems: list[Problem]
    days: set[tuple[str, dt.date]]  # (staff_no or name, day) of every row read, punched or not


def text(value) -> str:
    """A cell as text; a whole number read from a spreadsheet (工号 1001 stored as 1001.0) without its ".0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value or "").strip()


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value or ""))
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        return None


def parse_time(value) -> dt.time | None | str:
    """A punch time; None for "no punch"; the text itself when it is not a time (the caller reports it)."""
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    text = str(value or "").strip()
    if text in NO_PUNCH:
        return None
    match = _TIME.search(text)
    if not match:
        return text
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        return text
    return dt.time(hour, minute)


def _find_header(rows: list[Sequence], wanted: Iterable[str]) -> tuple[int, dict[str, int]] | None:
    wanted = list(wanted)
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = {normalize_header(c): n for n, c in enumerate(row) if c not in (None, "")}
        if all(w in names for w in wanted):
            return i, names
    return None


def parse(rows: list[Sequence], mapping: dict[str, str] | None = None) -> Parsed:
    """Punches from the rows of a file. `mapping` names the columns of another system's export
    ({"name": …, "staff_no": …, "date": …, "time": …}); without it DingTalk's raw list or daily statistics are
    recognised by their headers. Raises ValueError with the Chinese reason when no header is found."""
    if mapping:
        columns, kind, times = {k: normalize_header(v) for k, v in mapping.items() if v}, "mapped", ()
        required = [columns[k] for k in ("date", "time") if k in columns]
        if "date" not in columns or "time" not in columns or not ({"name", "staff_no"} & set(columns)):
            raise ValueError("列对应须指明日期列、打卡时间列，以及工号列或姓名列")
    else:
        columns, kind, times, required = None, "", (), []
    found = None
    if columns is None:
        found = _find_header(rows, [RAW["name"], RAW["date"], RAW["time"]])
        if found:
            columns, kind = dict(RAW), "raw"
        else:
            found = _find_header(rows, [DAILY["name"], DAILY["date"], DAILY_TIMES[0]])
            if found:
                columns, kind, times = dict(DAILY), "daily", DAILY_TIMES
    else:
        found = _find_header(rows, required)
    if not found:
        raise ValueError("没有找到表头：钉钉原始记录应有“姓名、考勤日期、打卡时间”列，每日统计应有“姓名、日期、"
                         "上班1打卡时间”列；其他系统的文件请指明列对应")
    header_index, names = found

    def index(key: str) -> int | None:
        return names.get(columns.get(key, ""))

    at = {key: index(key) for key in ("name", "staff_no", "date", "time", "department")}
    time_columns = [names[t] for t in times if names.get(t) is not None] if kind == "daily" else [at["time"]]
    # Dates and times repeat over and over in a year of punches: each distinct spelling is read once.
    dates: dict[object, dt.date | None] = {}
    clock_times: dict[object, dt.time | None | str] = {}

    def get(row: Sequence, n: int | None):
        return row[n] if n is not None and n < len(row) else None

    punches, problems, days = [], [], set()
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        if not any(row):
            continue
        name = text(get(row, at["name"]))
        staff_no = text(get(row, at["staff_no"]))
        if not name and not staff_no:
            problems.append(Problem(offset, "缺少姓名和工号"))
            continue
        raw_day = get(row, at["date"])
        day = dates[raw_day] if raw_day in dates else dates.setdefault(raw_day, parse_date(raw_day))
        if day is None:
            problems.append(Problem(offset, f"考勤日期“{raw_day or ''}”无法识别"))
            continue
        days.add((staff_no or name, day))
        department = text(get(row, at["department"]))
        for n in time_columns:
            value = get(row, n)
            parsed = clock_times[value] if value in clock_times else clock_times.setdefault(value, parse_time(value))
            if isinstance(parsed, str):
                problems.append(Problem(offset, f"打卡时间“{parsed}”无法识别"))
            elif parsed is not None:
                punches.append(Punch(offset, name, staff_no, department, day, parsed))
    return Parsed(kind=kind, punches=punches, problems=problems, days=days)

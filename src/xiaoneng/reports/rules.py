"""The pure rules of the monthly and annual reports: periods and their comparisons, 延时服务, the first working day
a scheduled report is due, and the findings written out as Chinese sentences from the numbers.

No database, clock or settings: today and the calendar are passed in."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiaoneng.errors import ValidationFailed

MONTH, YEAR = "month", "year"
KIND_LABELS = {MONTH: "月报", YEAR: "年报"}
TITLES = {MONTH: "政务服务月报", YEAR: "政务服务年度报告"}
FIRST_YEAR, LAST_YEAR = 2000, 2099


@dataclass(frozen=True)
class Period:
    """A calendar month or year: [start, end] inclusive."""

    kind: str
    start: dt.date
    end: dt.date

    @property
    def key(self) -> str:
        """2026-10 or 2026: the period as the CLI, file names and the Report row write it."""
        return f"{self.start:%Y-%m}" if self.kind == MONTH else f"{self.start.year}"

    @property
    def label(self) -> str:
        return f"{self.start.year}年{self.start.month}月" if self.kind == MONTH else f"{self.start.year}年"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def month_period(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return Period(MONTH, start, nxt - dt.timedelta(days=1))


def year_period(year: int) -> Period:
    return Period(YEAR, dt.date(year, 1, 1), dt.date(year, 12, 31))


def parse_month(text: str | None, *, field: str = "month") -> Period:
    """"2026-10" → the month; anything else a Chinese refusal naming the field."""
    m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        raise ValidationFailed("月份格式应为 YYYY-MM，如 2026-10", field=field)
    return month_period(int(m.group(1)), int(m.group(2)))


def parse_year(text: str | None, *, field: str = "year") -> Period:
    m = re.fullmatch(r"\s*(\d{4})\s*", str(text or ""))
    if not m or not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        raise ValidationFailed("年份格式应为 YYYY，如 2026", field=field)
    return year_period(int(m.group(1)))


def parse_period(kind: str, text: str | None) -> Period:
    if kind == MONTH:
        return parse_month(text, field="period")
    if kind == YEAR:
        return parse_year(text, field="period")
    raise ValidationFailed("报告类型应为月报或年报", field="kind")


def previous(p: Period) -> Period:
    """The period before: the month before a month (环比), the year before a year."""
    if p.kind == MONTH:
        before = p.start - dt.timedelta(days=1)
        return month_period(before.year, before.month)
    return year_period(p.start.year - 1)


def year_ago(p: Period) -> Period:
    """The same period a year earlier (同比)."""
    return month_period(p.start.year - 1, p.start.month) if p.kind == MONTH else year_period(p.start.year - 1)


def months_of(p: Period) -> list[Period]:
    """The months a trend chart shows: the twelve ending with a month, or the twelve of a year."""
    if p.kind == YEAR:
        return [month_period(p.start.year, m) for m in range(1, 13)]
    out, cur = [], p
    for _ in range(12):
        out.append(cur)
        cur = previous(cur)
    return out[::-1]


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months that [start, end] touches, oldest first."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return months


def check_not_future(p: Period, today: dt.date) -> None:
    """A report is of a period that has begun; one of the future has no data to speak of."""
    if p.start > today:
        raise ValidationFailed(f"{p.label}尚未开始，不能生成报告", field="period")


# --- 延时服务 -------------------------------------------------------------------------------------------------------
# A case received at a window outside the center's regular hours (before 9:00, 12:00-13:00, from 17:00, the
# hours of attendance's Schedule) or on a day that is not a working day: the hall served beyond its opening hours.
REGULAR_HOURS = ((9 * 60, 12 * 60), (13 * 60, 17 * 60))


def is_extended(minute_of_day: int, working_day: bool) -> bool:
    if not working_day:
        return True
    return not any(start <= minute_of_day < end for start, end in REGULAR_HOURS)


EXTENDED_DEFINITION = ("延时服务办件：窗口收件时间在中心正常办公时间（工作日 9:00-12:00、13:00-17:00）之外的办件，"
                       "即午间（12:00-13:00）、早间（9:00 前）、晚间（17:00 后）及非工作日（周末、法定节假日）收件的窗口办件；"
                       "网上申请的办件不计入。")


# --- the scheduled report ------------------------------------------------------------------------------------------

def first_working_day(year: int, month: int, calendar) -> dt.date:
    """The month's first working day on the center's calendar (2026-10: the 1st-7th are the National Day holiday,
    so the 8th, unless the center's calendar says otherwise)."""
    day = dt.date(year, month, 1)
    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def due_month(today: dt.date, calendar) -> Period | None:
    """The month whose report falls due today: last month's, on this month's first working day (or on a later day
    of the month, when a run was missed); None before the first working day."""
    if today < first_working_day(today.year, today.month, calendar):
        return None
    return previous(month_period(today.year, today.month))


# --- numbers as people read them ----------------------------------------------------------------------------------

def rate(part: int | float, whole: int | float) -> float | None:
    return part / whole if whole else None


def pct(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def number(value: int | float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}"


@dataclass(frozen=True)
class Metric:
    """A headline figure with the same figure a period and a year before."""

    label: str
    current: float | int | None
    previous: float | int | None
    year_ago: float | int | None
    kind: str = "int"  # int | percent | number

    def shown(self, value) -> str:
        return pct(value) if self.kind == "percent" else number(value)

    def change(self, other) -> str:
        """环比/同比 as a Chinese cell: +12.5% for counts, +1.2 个百分点 for rates, — without a base."""
        if self.current is None or other is None:
            return "—"
        if self.kind == "percent":
            return f"{(self.current - other) * 100:+.1f}个百分点"
        if not other:
            return "—"
        return f"{(self.current - other) / other * 100:+.1f}%"


def change_words(current: float, before: float, *, percent: bool, unit: str = "") -> str:
    """"由 1.2% 升至 3.4%，上升 2.2 个百分点" / "由 120 件降至 96 件，下降 20.0%" / "与上期持平（…）"."""
    if percent:
        a, b = pct(before), pct(current)
        diff = (current - before) * 100
        if round(diff, 1) == 0:
            return f"与上期持平（{b}）"
        return f"由 {a} {'升' if diff > 0 else '降'}至 {b}，{'上升' if diff > 0 else '下降'} {abs(diff):.1f} 个百分点"
    a, b = f"{number(before)}{unit}", f"{number(current)}{unit}"
    if current == before:
        return f"与上期持平（{b}）"
    verb = "增" if current > before else "降"
    if not before:
        return f"由 {a}{verb}至 {b}"
    return (f"由 {a}{verb}至 {b}，{'增长' if current > before else '下降'} "
            f"{abs(current - before) / before * 100:.1f}%")


# --- findings --------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitRate:
    """A unit's bad reviews (or overdue cases) over its total, now and the period before."""

    name: str
    part: int
    whole: int
    part_before: int
    whole_before: int

    @property
    def now(self) -> float | None:
        return rate(self.part, self.whole)

    @property
    def before(self) -> float | None:
        return rate(self.part_before, self.whole_before)


@dataclass(frozen=True)
class Driver:
    """What a change came from: a window, staff member, item or indicator, and how many of the added cases."""

    kind: str  # 窗口 / 人员 / 事项 / 指标
    name: str
    added: int


MIN_BASE = 30  # fewer ratings than this in either period: a rate too noisy to write a sentence about


def biggest_rise(units: list[UnitRate], *, min_base: int = MIN_BASE) -> UnitRate | None:
    """The unit whose rate rose most (in points) among those with enough volume both times."""
    rising = [u for u in units if u.whole >= min_base and u.whole_before >= min_base and u.now > u.before]
    return max(rising, key=lambda u: (u.now - u.before, u.name), default=None)


def biggest_fall(units: list[UnitRate], *, min_base: int = MIN_BASE) -> UnitRate | None:
    falling = [u for u in units if u.whole >= min_base and u.whole_before >= min_base and u.now < u.before]
    return max(falling, key=lambda u: (u.before - u.now, u.name), default=None)


def drivers_text(drivers: list[Driver], total_added: int, limit: int = 3) -> str:
    """"主要来自窗口 3号窗口（+5 件，占增量 42%）、事项 …": the largest positive contributions."""
    best: dict[str, Driver] = {}  # each kind (窗口, 人员, 事项, 指标) accounts for the whole change: its largest part
    for d in sorted((d for d in drivers if d.added > 0), key=lambda d: (-d.added, d.kind, d.name)):
        best.setdefault(d.kind, d)
    top = sorted(best.values(), key=lambda d: (-d.added, d.kind, d.name))[:limit]
    if not top or total_added <= 0:
        return ""
    parts = [f"{d.kind}「{d.name}」（+{d.added} 件，占增量 {d.added / total_added * 100:.0f}%）" for d in top]
    return "，主要来自" + "、".join(parts)


def rate_rise_sentence(what: str, unit: UnitRate, drivers: list[Driver]) -> str:
    """城建局差评率由 1.2% 升至 3.4%，上升 2.2 个百分点，主要来自……。"""
    added = unit.part - unit.part_before
    said = f"{unit.name}{what}{change_words(unit.now, unit.before, percent=True)}"
    if added <= 0:  # fewer or as many cases as before over a smaller base: the volume fell, nothing new came
        return (f"{said}，但件数由 {unit.part_before:,} 件变为 {unit.part:,} 件，上升主要因为基数由 "
                f"{unit.whole_before:,} 件减至 {unit.whole:,} 件。")
    return f"{said}{drivers_text(drivers, added)}。"


def rate_fall_sentence(what: str, unit: UnitRate) -> str:
    return f"{unit.name}{what}{change_words(unit.now, unit.before, percent=True)}，改善最为明显。"


def metric_sentence(m: Metric, *, unit: str = "") -> str:
    """"办件量 1,234 件，环比增长 3.2%，同比下降 1.0%。" (the comparisons that have a base)."""
    if m.current is None:
        return f"{m.label}本期无数据。"
    parts = [f"{m.label} {m.shown(m.current)}{unit if m.kind != 'percent' else ''}"]
    for name, other in (("环比", m.previous), ("同比", m.year_ago)):
        if other is None or (m.kind != "percent" and not other):
            continue
        if m.kind == "percent":
            diff = (m.current - other) * 100
            parts.append(f"{name}持平" if round(diff, 1) == 0 else
                         f"{name}{'上升' if diff > 0 else '下降'} {abs(diff):.1f} 个百分点")
        else:
            diff = (m.current - other) / other * 100
            parts.append(f"{name}持平" if round(diff, 1) == 0 else
                         f"{name}{'增长' if diff > 0 else '下降'} {abs(diff):.1f}%")
    return "，".join(parts) + "。"


def ranked_sentence(what: str, rows: list[tuple[str, float]], *, best_high: bool, count: int = 3) -> str:
    """"满意率最高的是 A（99.1%）、B…；最低的是 …。" rows: (name, rate) with a rate."""
    rows = [r for r in rows if r[1] is not None]
    if len(rows) < 2:
        return ""
    ordered = sorted(rows, key=lambda r: (-r[1] if best_high else r[1], r[0]))
    n = min(count, len(rows) // 2) or 1
    best = "、".join(f"{name}（{pct(v)}）" for name, v in ordered[:n])
    worst = "、".join(f"{name}（{pct(v)}）" for name, v in ordered[::-1][:n])
    return f"{what}最好的是{best}；最弱的是{worst}。"

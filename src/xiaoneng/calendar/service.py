"""Calendar use cases: seeding, notice import, local overrides, and the working-day calculations every deadline uses."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar
import numpy as np
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import repository as repo
from xiaoneng.calendar.models import CalendarDay, CalendarOverride, CalendarYear, DayKind
from xiaoneng.calendar.notice import NoticePreview, parse_notice
from xiaoneng.calendar.rules import DayInfo, Due, WorkCalendar
from xiaoneng.calendar.statutory import provisional_rest_dates, statutory_dates
from xiaoneng.db import utcnow
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.kit.scope import Actor

LIBRARY_SOURCE = f"chinesecalendar {getattr(chinese_calendar, '__version__', '1.11.0')}"
NOTICE_SOURCE = "国务院办公厅通知（录入）"

# Document numbers of the yearly notices, only where verified against the published notice.
NOTICE_NUMBERS = {2025: "国办发明电〔2024〕12号"}

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}

NOTICE_NUMBER_RE = re.compile(r"国办发明电\s*[〔\[(（]\s*(\d{4})\s*[〕\])）]\s*(\d+)\s*号")

ChangeCallback = Callable[[Session, set[int], int | None], None]
_callbacks: list[ChangeCallback] = []


def notice_title(year: int) -> str:
    return f"国务院办公厅关于{year}年部分节假日安排的通知"


# ---- change notification ---------------------------------------------------------------------------------------
def on_calendar_changed(callback: ChangeCallback) -> ChangeCallback:
    """Register `callback(session, years, center_id)` to run after a notice is saved or an override changes."""
    if callback not in _callbacks:
        _callbacks.append(callback)
    return callback


def off_calendar_changed(callback: ChangeCallback) -> None:
    """Unregister a callback added with on_calendar_changed."""
    if callback in _callbacks:
        _callbacks.remove(callback)


def _changed(session: Session, years: set[int], center_id: int | None) -> None:
    _cache.bump()
    for callback in list(_callbacks):
        callback(session, set(years), center_id)


# ---- the cache of built calendars ------------------------------------------------------------------------------
class _CalendarCache:
    """Built calendars keyed by what they were built from, so a change in any process is seen on the next call."""

    def __init__(self, size: int = 64):
        self._items: OrderedDict[tuple, WorkCalendar] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self.version = 0

    def bump(self) -> None:
        with self._lock:
            self.version += 1
            self._items.clear()

    def get(self, key: tuple) -> WorkCalendar | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value: WorkCalendar) -> None:
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)


_cache = _CalendarCache()


# ---- seeding from the library ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Row:
    day: dt.date
    kind: str
    name: str


@lru_cache(maxsize=1)
def _library_rows() -> dict[int, list[_Row]]:
    """The library's schedule per year as calendar_day rows, statutory days marked by the computed rule."""
    rows: dict[int, dict[dt.date, _Row]] = {}
    years = sorted({d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays})
    for year in years:
        rows[year] = {}
    for day, name in chinese_calendar.holidays.items():
        # A holiday crossing into December belongs to the next year's schedule (元旦 of that year).
        year = day.year + 1 if day.month == 12 and day.year + 1 in rows and name == "New Year's Day" else day.year
        statutory = statutory_dates(day.year)
        kind = DayKind.STATUTORY if day in statutory else DayKind.HOLIDAY
        rows[year][day] = _Row(day, kind, statutory.get(day) or HOLIDAY_NAMES_ZH.get(str(name), str(name)))
    for day, name in chinese_calendar.workdays.items():
        year = day.year + 1 if day.month == 12 and day.year + 1 in rows and name == "New Year's Day" else day.year
        rows[year][day] = _Row(day, DayKind.WORKDAY, HOLIDAY_NAMES_ZH.get(str(name), str(name)))
    for year in years:
        # The library omits some statutory days that fall on a weekend; they are rest days all the same.
        for day, name in statutory_dates(year).items():
            if day not in rows[year] and day not in chinese_calendar.workdays:
                rows[year][day] = _Row(day, DayKind.STATUTORY, name)
    return {year: sorted(r.values(), key=lambda r: r.day) for year, r in rows.items()}


def _library_calendar() -> WorkCalendar:
    rows = _library_rows()
    exceptions = {r.day: (r.kind == DayKind.WORKDAY, r.name) for year in rows for r in rows[year]}
    first, last = min(rows), max(rows)
    return WorkCalendar(exceptions=exceptions, first_year=first, last_year=last,
                        provisional_rest=provisional_rest_dates(last + 1))


def seed_from_library(session: Session) -> int:
    """Copy chinesecalendar's holidays and make-up days into the calendar tables; years already present are kept.

    Returns the number of calendar_day rows written (0 when every year was there already)."""
    present = repo.year_numbers(session)
    rows = _library_rows()
    missing = [y for y in sorted(rows) if y not in present]
    if not missing:
        return 0
    existing_days = {d.day for d in repo.days_between(session, dt.date(min(missing) - 1, 12, 1), dt.date(max(missing), 12, 31))}
    written = 0
    now = utcnow()
    for year in missing:
        number = NOTICE_NUMBERS.get(year)
        notice = f"{notice_title(year)}（{number}）" if number else notice_title(year)
        session.add(CalendarYear(year=year, notice=notice, source=LIBRARY_SOURCE, notice_text="", entered_at=now))
        new = [CalendarDay(day=r.day, kind=str(r.kind), name=r.name, source=LIBRARY_SOURCE)
               for r in rows[year] if r.day not in existing_days]
        repo.add_days(session, new)
        written += len(new)
    session.flush()
    audit.record(session, actor=_system(), action="calendar.seed", entity="calendar_year",
                 entity_id=f"{missing[0]}-{missing[-1]}", detail={"years": missing, "days": written, "source": LIBRARY_SOURCE})
    _changed(session, set(missing), None)
    return written


def _system() -> Actor:
    return Actor(user_id=None, username="system", role=None, center_id=None, full_name="系统")


# ---- the calendar ----------------------------------------------------------------------------------------------
def _national(session: Session) -> tuple[tuple, dict[dt.date, tuple[bool, str]], int, int] | None:
    stamp = repo.national_stamp(session)
    if stamp[0] == 0:
        return None
    key = ("national", stamp)
    cached = _cache.get(key)
    if cached is not None:
        return stamp, cached.national_table, cached.first_year, cached.last_year
    years = sorted(repo.year_numbers(session))
    exceptions = {d.day: (d.kind == DayKind.WORKDAY, d.name) for d in repo.national_days(session)}
    cal = WorkCalendar(exceptions=exceptions, first_year=years[0], last_year=years[-1],
                       provisional_rest=provisional_rest_dates(years[-1] + 1))
    _cache.put(key, cal)
    return stamp, cal.national_table, cal.first_year, cal.last_year


def get_calendar(session: Session, *, center_id: int | None = None) -> WorkCalendar:
    """The working-day calendar: national schedule plus, for a center, its local overrides (cached, always current)."""
    national = _national(session)
    overrides = {}
    if center_id is not None:
        overrides = {o.day: (o.working, o.reason) for o in repo.center_overrides(session, center_id)}
    override_key = tuple(sorted((d.isoformat(), w, r) for d, (w, r) in overrides.items()))
    if national is None:
        # Nothing seeded yet: the library's own data, without writing anything on a read.
        key = ("library", center_id, override_key)
        cal = _cache.get(key)
        if cal is None:
            base = _library_calendar()
            cal = WorkCalendar(exceptions=base.national_table, first_year=base.first_year, last_year=base.last_year,
                               provisional_rest=provisional_rest_dates(base.last_year + 1), overrides=overrides)
            _cache.put(key, cal)
        return cal
    stamp, exceptions, first, last = national
    if not overrides:
        cal = _cache.get(("national", stamp))
        if cal is None:
            cal = WorkCalendar(exceptions=exceptions, first_year=first, last_year=last,
                               provisional_rest=provisional_rest_dates(last + 1))
            _cache.put(("national", stamp), cal)
        return cal
    key = ("center", stamp, center_id, override_key)
    cal = _cache.get(key)
    if cal is None:
        cal = WorkCalendar(exceptions=exceptions, first_year=first, last_year=last,
                           provisional_rest=provisional_rest_dates(last + 1), overrides=overrides)
        _cache.put(key, cal)
    return cal


def add_working_days(session: Session, *, start: dt.date, n: int, center_id: int | None = None) -> Due:
    """The due date of a period of `n` working days from `start` (start day not counted), and whether it is 待核定."""
    return get_calendar(session, center_id=center_id).due(start, n)


def add_working_days_many(session: Session, *, starts, ns, center_id: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised add_working_days: (due dates as datetime64[D], provisional flags) for arrays of starts and counts."""
    return get_calendar(session, center_id=center_id).add_working_days_many(starts, ns)


def is_working_day(session: Session, *, day: dt.date, center_id: int | None = None) -> bool:
    """Whether `day` is a working day for the center (or nationally)."""
    return get_calendar(session, center_id=center_id).is_working_day(day)


def explain_day(session: Session, *, day: dt.date, center_id: int | None = None) -> DayInfo:
    """Whether `day` is a working day, with the reason."""
    return get_calendar(session, center_id=center_id).explain(day)


def working_days_delta(session: Session, *, start: dt.date, end: dt.date, center_id: int | None = None) -> int:
    """Working days after `start` up to and including `end`."""
    return get_calendar(session, center_id=center_id).get_working_days_delta(start, end)


# ---- years -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class YearStatus:
    year: int
    status: str  # official | provisional | unknown
    notice: str = ""
    source: str = ""
    entered_at: dt.datetime | None = None
    has_text: bool = False

    @property
    def label(self) -> str:
        return {"official": "已公布", "provisional": "待核定", "unknown": "未公布"}[self.status]


def list_years(session: Session, *, actor: Actor) -> list[YearStatus]:
    """Every official year with its notice, then the provisional year and the first unknown one."""
    actor.require("calendar.read")
    rows = repo.list_years(session)
    if not rows:
        cal = get_calendar(session)
        out = [YearStatus(y, "official", notice_title(y), LIBRARY_SOURCE) for y in range(cal.first_year, cal.last_year + 1)]
        last = cal.last_year
    else:
        out = [YearStatus(r.year, "official", r.notice, r.source, r.entered_at, bool(r.notice_text)) for r in rows]
        last = rows[-1].year
    out.append(YearStatus(last + 1, "provisional", "", "全国年节及纪念日放假办法（推算）"))
    out.append(YearStatus(last + 2, "unknown"))
    return out


def year_text(session: Session, *, actor: Actor, year: int) -> CalendarYear:
    """The stored record of an official year (with the notice text when entered from one)."""
    actor.require("calendar.read")
    row = repo.get_year(session, year)
    if row is None:
        raise NotFound(f"{year}年没有已录入的放假安排")
    return row


# ---- notice import ---------------------------------------------------------------------------------------------
def _check_year_allowed(session: Session, year: int) -> None:
    cal = get_calendar(session)
    first, last = cal.first_year, cal.last_year
    if first <= year <= last + 1:
        return
    raise Conflict(f"只能录入{last + 1}年（待核定年份）的放假安排，或更正已录入的年份；{year}年不能录入", field="year")


def preview_notice(session: Session, *, actor: Actor, text: str, year: int | None = None) -> NoticePreview:
    """Parse a notice and check that its year may be entered; nothing is saved."""
    actor.require("calendar.write")
    preview = parse_notice(text, year)
    _check_year_allowed(session, preview.year)
    return preview


def _schedule_days(session: Session, year: int) -> list[dt.date]:
    """Dates now attributed to `year`'s schedule: the year's own, and late December days of its 元旦."""
    rows = repo.days_between(session, dt.date(year - 1, 12, 1), dt.date(year, 12, 31))
    out = []
    for r in rows:
        new_year_eve = r.day.month == 12 and "元旦" in r.name
        if (r.day.year == year and not new_year_eve) or (r.day.year == year - 1 and new_year_eve):
            out.append(r.day)
    return out


def save_notice(session: Session, *, actor: Actor, text: str, year: int | None = None) -> NoticePreview:
    """Save a year's schedule from the notice text: replaces that year's national days, audited, callbacks run."""
    preview = preview_notice(session, actor=actor, text=text, year=year)
    year = preview.year
    if not repo.year_numbers(session):
        seed_from_library(session)
    if not preview.rest_days:
        raise ValidationFailed("通知中没有识别出任何放假日期，未保存", field="text")
    previous = repo.get_year(session, year)
    replaced = _schedule_days(session, year)
    repo.delete_days(session, replaced)
    session.flush()
    statutory = {**statutory_dates(year - 1), **statutory_dates(year)}
    title = notice_title(year)
    rows = []
    for day, name in sorted(preview.rest_days.items()):
        kind = DayKind.STATUTORY if day in statutory and day.year == year else DayKind.HOLIDAY
        rows.append(CalendarDay(day=day, kind=str(kind), name=(statutory[day] if kind == DayKind.STATUTORY else name)[:32],
                                source=title))
    for day, name in sorted(preview.workdays.items()):
        rows.append(CalendarDay(day=day, kind=str(DayKind.WORKDAY), name=name[:32], source=title))
    # Dates of the neighbouring year's schedule are not touched; a clash means the text is wrong.
    new_days = {r.day for r in rows}
    clash = {r.day for r in repo.days_between(session, min(new_days), max(new_days))} & new_days
    if clash:
        listed = "、".join(d.isoformat() for d in sorted(clash))
        raise Conflict(f"{listed} 已属于相邻年份的放假安排，请核对通知文本", field="text")
    repo.add_days(session, rows)
    number = NOTICE_NUMBER_RE.search(text.replace(" ", ""))
    notice = f"{title}（国办发明电〔{number.group(1)}〕{number.group(2)}号）" if number else title
    if previous is None:
        session.add(CalendarYear(year=year, notice=notice, source=NOTICE_SOURCE, notice_text=text, entered_at=utcnow()))
    else:
        previous.notice, previous.source, previous.notice_text, previous.entered_at = notice, NOTICE_SOURCE, text, utcnow()
    session.flush()
    audit.record(session, actor=actor, action="calendar.notice.save", entity="calendar_year", entity_id=year,
                 detail={"year": year, "corrected": previous is not None, "rest_days": len(preview.rest_days),
                         "workdays": len(preview.workdays), "replaced_days": len(replaced), "warnings": preview.warnings})
    _changed(session, {year, year + 1}, None)
    return preview


# ---- local overrides -------------------------------------------------------------------------------------------
def _center_of(actor: Actor, center_id: int | None) -> int:
    if actor.is_system:
        if center_id is None and actor.center_id is None:
            raise ValidationFailed("请指定中心", field="center_id")
        return center_id if center_id is not None else actor.center_id
    if center_id is not None and center_id != actor.center_id:
        raise NotFound()
    if actor.center_id is None:
        raise ValidationFailed("当前账号不属于任何中心", field="center_id")
    return actor.center_id


def list_overrides(session: Session, *, actor: Actor) -> list[CalendarOverride]:
    """The local overrides the actor may see (their own center's)."""
    actor.require("calendar.read")
    return repo.list_overrides(session, actor)


def add_override(session: Session, *, actor: Actor, day: dt.date, working: bool, reason: str,
                 center_id: int | None = None) -> CalendarOverride:
    """Make `day` a working day or a rest day for the actor's center only; replaces an earlier override of that day."""
    actor.require("calendar.write")
    center = _center_of(actor, center_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("请填写调整原因", field="reason")
    if len(reason) > 200:
        raise ValidationFailed("调整原因不能超过200个字", field="reason")
    cal = get_calendar(session, center_id=center)
    try:
        cal.is_working_day(day)
    except Exception as exc:
        raise ValidationFailed(f"日期超出工作日历范围：{getattr(exc, 'message', exc)}", field="day") from None
    existing = repo.get_override(session, center, day)
    if existing is None:
        existing = CalendarOverride(center_id=center, day=day, working=working, reason=reason)
        session.add(existing)
    else:
        existing.working, existing.reason = working, reason
    session.flush()
    audit.record(session, actor=actor, action="calendar.override.add", entity="calendar_override",
                 entity_id=f"{center}:{day.isoformat()}", center_id=center,
                 detail={"day": day.isoformat(), "working": working, "reason": reason})
    _changed(session, {day.year}, center)
    return existing


def remove_override(session: Session, *, actor: Actor, day: dt.date, reason: str = "",
                    center_id: int | None = None) -> None:
    """Remove the center's override of `day`, so the national calendar applies again."""
    actor.require("calendar.write")
    center = _center_of(actor, center_id)
    existing = repo.get_override(session, center, day)
    if existing is None:
        raise NotFound(f"{day.isoformat()} 没有本地调整")
    detail = {"day": day.isoformat(), "working": existing.working, "was": existing.reason, "reason": (reason or "").strip()}
    session.delete(existing)
    session.flush()
    audit.record(session, actor=actor, action="calendar.override.remove", entity="calendar_override",
                 entity_id=f"{center}:{day.isoformat()}", center_id=center, detail=detail)
    _changed(session, {day.year}, center)

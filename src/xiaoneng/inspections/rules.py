"""Inspections of the service points (S3 (三)(五), SPEC F2-F3): what each check frequency asks of a monthly plan,
the results of a visit, when a finding falls due, when it repeats, and what a phone check of a consultation line
finds.

How the S3 frequencies read in a monthly plan (巡查计划), every point being visited at least once a month:
- 日常 (routine): checked at every visit of the point;
- 1周/次 (weekly): checked once in every working week of the month, so a point with such an indicator is visited
  in each of those weeks. The month's working days are split into weeks at each Monday; a week with fewer than
  three of the month's working days (a month starting on a Thursday, a holiday week) counts with its neighbour,
  so the first or last days of a month never ask for a visit of their own;
- 1月/次 (monthly): checked at the first visit of the month;
- 半年/次 (half-yearly): checked once in each half year (January-June, July-December). Each point has its turn, a
  month of the half year spread evenly over the points; from that month on, the indicator is planned at the
  point's first visit of the month until a visit records it, so a missed turn is caught up the next month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from xiaoneng.errors import ValidationFailed


class Frequency(StrEnum):
    ROUTINE = "routine"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    HALF_YEARLY = "half_yearly"


FREQUENCY_LABELS = {Frequency.ROUTINE: "日常", Frequency.WEEKLY: "1周/次", Frequency.MONTHLY: "1月/次",
                    Frequency.HALF_YEARLY: "半年/次"}
FREQUENCY_MEANINGS = {
    Frequency.ROUTINE: "每次巡查都检查",
    Frequency.WEEKLY: "本月每个工作周检查一次（点位每周都要巡查）",
    Frequency.MONTHLY: "本月第一次巡查时检查",
    Frequency.HALF_YEARLY: "每半年检查一次，按点位轮到的月份安排，未查的顺延到下月",
}

MIN_WEEK_DAYS = 3  # a week with fewer of the month's working days counts with its neighbour


def parse_frequency(text: str) -> Frequency:
    """A frequency from its code or from the way S3 writes it (日常, 1周/次, 1月/次, 半年/次)."""
    value = (text or "").strip()
    for frequency, label in FREQUENCY_LABELS.items():
        if value in (frequency.value, label):
            return frequency
    raise ValidationFailed("检查频次须为 日常、1周/次、1月/次 或 半年/次", field="frequency")


def month_days(month: dt.date, is_working_day) -> list[dt.date]:
    """The working days of the month that `month` falls in, in order."""
    first = month.replace(day=1)
    days, day = [], first
    while day.month == first.month:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def week_groups(days: Sequence[dt.date]) -> list[list[dt.date]]:
    """The month's working days split into weeks at each Monday, short weeks joined to their neighbour."""
    weeks: list[list[dt.date]] = []
    for day in days:
        if weeks and day.isocalendar()[:2] == weeks[-1][-1].isocalendar()[:2]:
            weeks[-1].append(day)
        else:
            weeks.append([day])
    merged: list[list[dt.date]] = []
    for week in weeks:
        if merged and len(week) < MIN_WEEK_DAYS:
            merged[-1].extend(week)  # a short last week joins the previous one
        elif merged and len(merged[-1]) < MIN_WEEK_DAYS:
            merged[-1].extend(week)  # a short first week joins the next one
        else:
            merged.append(list(week))
    return merged


def half_year_months(month: dt.date) -> list[dt.date]:
    start = 1 if month.month <= 6 else 7
    return [dt.date(month.year, m, 1) for m in range(start, start + 6)]


def half_year_turn(position: int, count: int) -> int:
    """The month (0-5) of the half year in which the point at `position` of `count` has its half-yearly checks."""
    if count <= 0:
        return 0
    return min(5, position * 6 // count)


def half_yearly_due(month: dt.date, *, turn: int, checked_this_half: bool) -> bool:
    """Whether a point's half-yearly indicator is planned in `month`: from its turn on, until checked."""
    if checked_this_half:
        return False
    index = half_year_months(month).index(month.replace(day=1))
    return index >= turn


# ---- a visit's results ----------------------------------------------------------------------------------------
class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "na"


OUTCOME_LABELS = {Outcome.PASS: "合格", Outcome.FAIL: "不合格", Outcome.NOT_APPLICABLE: "不适用"}


class VisitKind(StrEnum):
    ROUTINE = "routine"  # planned 常规巡查
    UNANNOUNCED = "unannounced"  # 暗访: results held from the unit until published
    REINSPECTION = "reinspection"  # 复查 of a finding


KIND_LABELS = {VisitKind.ROUTINE: "常规巡查", VisitKind.UNANNOUNCED: "暗访", VisitKind.REINSPECTION: "复查"}


class VisitStatus(StrEnum):
    PLANNED = "planned"
    RECORDED = "recorded"
    CANCELLED = "cancelled"


VISIT_STATUS_LABELS = {VisitStatus.PLANNED: "待巡查", VisitStatus.RECORDED: "已记录", VisitStatus.CANCELLED: "已取消"}

NOTE_MAX = 500
DESCRIPTION_MAX = 1000


@dataclass(frozen=True)
class ResultInput:
    indicator_id: int
    outcome: Outcome
    note: str


def check_results(expected: dict[int, str], given: Sequence[ResultInput]) -> None:
    """Every indicator of the visit answered once, a failure said in words: else the first problem, naming it."""
    seen: set[int] = set()
    for result in given:
        name = expected.get(result.indicator_id)
        if name is None:
            raise ValidationFailed("记录中有不属于本次巡查的指标", field="results")
        if result.indicator_id in seen:
            raise ValidationFailed(f"指标“{name}”填写了两次", field="results")
        seen.add(result.indicator_id)
        if len(result.note) > NOTE_MAX:
            raise ValidationFailed(f"指标“{name}”的说明不能超过 {NOTE_MAX} 个字符", field="results")
        if result.outcome == Outcome.FAIL and not result.note.strip():
            raise ValidationFailed(f"指标“{name}”不合格，请写明发现的问题", field="results")
    missing = [name for indicator_id, name in expected.items() if indicator_id not in seen]
    if missing:
        raise ValidationFailed(f"还有 {len(missing)} 项指标未填写：{'、'.join(missing[:3])}"
                               + ("等" if len(missing) > 3 else ""), field="results")


# ---- findings ---------------------------------------------------------------------------------------------------
class FindingStatus(StrEnum):
    HELD = "held"  # found on a 暗访 not yet published: the unit does not see it
    OPEN = "open"  # 待整改
    ANSWERED = "answered"  # the unit reported it rectified; awaiting the re-inspection
    CLOSED = "closed"  # 复查通过, 已销号


FINDING_STATUS_LABELS = {FindingStatus.HELD: "暗访待发布", FindingStatus.OPEN: "待整改",
                         FindingStatus.ANSWERED: "已反馈，待复查", FindingStatus.CLOSED: "复查通过，已销号"}

DEFAULT_FINDING_DAYS = 5
FINDING_DAY_BOUNDS = (1, 30)
REPEAT_WINDOW_DAYS = 365  # the same indicator failing again at the same point within a year is a repeat


def finding_due(found_on: dt.date, days: int, calendar) -> dt.date:
    """The last day to rectify: `days` working days after the day the unit learns of it (not counted itself)."""
    low, high = FINDING_DAY_BOUNDS
    if not low <= days <= high:
        raise ValidationFailed(f"整改时限须为 {low} 至 {high} 个工作日", field="deadline_days")
    return calendar.add_working_days(found_on, days)


def is_overdue(status: str, due_on: dt.date | None, today: dt.date, answered_on: dt.date | None = None) -> bool:
    """Not reported rectified by its due day: still open after it, or answered after it. A finding held back from
    the unit (暗访 not yet published) has no due day yet."""
    if due_on is None or status == FindingStatus.HELD:
        return False
    if answered_on is not None:
        return answered_on > due_on
    return status == FindingStatus.OPEN and today > due_on


def needs_urging(status: str, due_on: dt.date | None, today: dt.date, failed_reinspections: int) -> bool:
    """A finding for a 督办函 rather than a 提示函: still to rectify after its due day, or found again unrectified by
    a re-inspection. One the unit has reported rectified waits for its re-inspection, not for a letter."""
    if status != FindingStatus.OPEN or due_on is None:
        return False
    return today > due_on or failed_reinspections > 0


@dataclass(frozen=True)
class EarlierFinding:
    id: int
    found_on: dt.date


@dataclass(frozen=True)
class Repeat:
    of_id: int | None  # the latest earlier finding of the same kind at the point
    count: int  # 1 for a first finding, 2 for the second within the window, ...


def repeat_of(found_on: dt.date, earlier: Sequence[EarlierFinding]) -> Repeat:
    """Whether a finding repeats one of the same indicator at the same point found within the year before."""
    since = found_on - dt.timedelta(days=REPEAT_WINDOW_DAYS)
    within = sorted((e for e in earlier if since <= e.found_on <= found_on), key=lambda e: (e.found_on, e.id))
    return Repeat(of_id=within[-1].id if within else None, count=len(within) + 1)


# ---- phone checks of the consultation line ----------------------------------------------------------------------
DEFAULT_RING_LIMIT = 3  # 铃响三声内接听: the usual standard of a service hotline
RINGS_MAX = 30


def phone_check_problems(*, connected: bool, rings: int | None, answered_correctly: bool | None,
                         ring_limit: int) -> list[str]:
    """What a call to a consultation line found wrong, in words (empty when it was fine)."""
    if not connected:
        return ["咨询电话未接通（占线或无人接听）"]
    problems = []
    if rings is not None and rings > ring_limit:
        problems.append(f"铃响 {rings} 声才接听（应在 {ring_limit} 声内）")
    if answered_correctly is False:
        problems.append("咨询问题未能准确答复")
    return problems


def check_phone_input(*, connected: bool, rings, answered_correctly) -> int | None:
    """The rings as a number, with the combinations that cannot happen refused."""
    if rings in (None, ""):
        if connected:
            raise ValidationFailed("接通的电话请填写接听前的铃声次数", field="rings")
        ring_count = None
    else:
        text = str(rings).strip()
        if not text.isdigit() or not 0 <= int(text) <= RINGS_MAX:
            raise ValidationFailed(f"铃声次数须为 0 至 {RINGS_MAX} 的整数", field="rings")
        ring_count = int(text)
    if not connected and answered_correctly is not None:
        raise ValidationFailed("未接通的电话不能评价答复是否准确", field="answered_correctly")
    if connected and answered_correctly is None:
        raise ValidationFailed("请选择咨询问题是否答复准确", field="answered_correctly")
    return ring_count

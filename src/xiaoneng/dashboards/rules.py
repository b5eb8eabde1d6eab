"""The dashboards' arithmetic (pure): months of a trend, totals and rates, changes in words, top and bottom units.

满意率 is the share of ratings at 满意 or 非常满意; 差评率 the share at 不满意 or 非常不满意; both are given with the
default 满意 (S0 art.10: a rating not given in time counts as 满意) and without it, since the default ones raise the
rate of a department whose applicants do not rate. 按时办结率 is the share of the cases completed in the period that
were completed within their period (the S1 clock's due date, extensions included).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def months_back(first: dt.date, count: int) -> list[dt.date]:
    """The first days of `count` months ending with the month of `first`, oldest first."""
    index = first.year * 12 + first.month - 1
    return [dt.date((i) // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def month_label(first: dt.date, *, with_year: bool = True) -> str:
    return f"{first.year}年{first.month}月" if with_year else f"{first.month}月"


def trend_labels(months: list[dt.date]) -> tuple[str, ...]:
    """Short labels for a trend's axis: the year is written on the first month and on each January."""
    return tuple(month_label(m, with_year=i == 0 or m.month == 1) for i, m in enumerate(months))


@dataclass(frozen=True)
class Totals:
    """Ratings and cases counted over some days (one department, a center, a staff member)."""

    ratings: int = 0
    ratings_default: int = 0
    satisfied: int = 0
    satisfied_default: int = 0
    bad: int = 0
    cases_received: int = 0
    cases_completed: int = 0
    cases_on_time: int = 0
    cases_online: int = 0
    cases_late: int = 0  # completed after the due day (the reports' 超期办结; on time is the S1 clock's flag)

    def __add__(self, other: Totals) -> Totals:
        return Totals(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def as_tuple(self) -> tuple[int, ...]:
        return (self.ratings, self.ratings_default, self.satisfied, self.satisfied_default, self.bad,
                self.cases_received, self.cases_completed, self.cases_on_time, self.cases_online, self.cases_late)

    @property
    def rated_by_people(self) -> int:
        return self.ratings - self.ratings_default

    @property
    def satisfaction(self) -> float | None:
        return share(self.satisfied, self.ratings)

    @property
    def satisfaction_without_default(self) -> float | None:
        return share(self.satisfied - self.satisfied_default, self.ratings - self.ratings_default)

    @property
    def bad_rate(self) -> float | None:
        return share(self.bad, self.ratings)

    @property
    def bad_rate_without_default(self) -> float | None:
        return share(self.bad, self.ratings - self.ratings_default)

    @property
    def on_time_rate(self) -> float | None:
        return share(self.cases_on_time, self.cases_completed)


def total(parts) -> Totals:
    result = Totals()
    for part in parts:
        result = result + part
    return result


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def percent(value: float | None) -> float | None:
    """A share as the charts take it: 93.46 for 0.93456, None kept (a gap in the line, 无 in the table)."""
    return None if value is None else round(value * 100, 2)


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def count_text(value: int) -> str:
    return f"{value:,}"


def point_change(now: float | None, before: float | None, *, higher_is_better: bool = True) -> tuple[str, str]:
    """A rate against the month before in words and its tone: ("较上月上升 1.2 个百分点", "good")."""
    if now is None or before is None:
        return "上月无可比数据", ""
    points = round((now - before) * 100, 1)
    if points == 0:
        return "与上月持平", ""
    tone = "good" if (points > 0) == higher_is_better else "bad"
    return f"较上月{'上升' if points > 0 else '下降'} {abs(points):.1f} 个百分点", tone


def count_change(now: int, before: int, *, higher_is_better: bool | None = None) -> tuple[str, str]:
    """A count against the month before: ("较上月增加 12.5%", tone) or the plain difference from zero."""
    if before == 0:
        return ("上月为 0", "") if now else ("与上月持平", "")
    change = (now - before) / before
    if round(change * 100, 1) == 0:
        return "与上月持平", ""
    tone = "" if higher_is_better is None else ("good" if (change > 0) == higher_is_better else "bad")
    return f"较上月{'增加' if change > 0 else '减少'} {abs(change) * 100:.1f}%", tone


@dataclass(frozen=True)
class Unit:
    key: int
    name: str
    totals: Totals


def top_and_bottom(units: list[Unit], *, min_sample: int, count: int = 5) -> tuple[list[Unit], list[Unit], list[Unit]]:
    """(best, worst, too few) by 满意率 without the default ratings; ties go to the lower 差评率, then the name.

    A unit rated by fewer than `min_sample` people is not placed (the rankings' 样本不足): one 非常满意 must not put a
    department at the top. The worst list never repeats a unit of the best one."""
    placed = [u for u in units if u.totals.rated_by_people >= min_sample]
    few = sorted((u for u in units if u.totals.rated_by_people < min_sample), key=lambda u: u.name)
    ordered = sorted(placed, key=lambda u: (-(u.totals.satisfaction_without_default or 0),
                                            u.totals.bad_rate_without_default or 0, u.name))
    best = ordered[:count]
    rest = ordered[len(best):]
    worst = list(reversed(rest[-count:])) if rest else []
    return best, worst, few

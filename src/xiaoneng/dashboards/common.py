"""What the role dashboards share: the month's figures with their change, the 12-month trend chart, names."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.dashboards import figures
from xiaoneng.dashboards.period import TREND_MONTHS, Period
from xiaoneng.dashboards.rules import (
    Totals, count_change, count_text, months_back, percent, percent_text, point_change, trend_labels,
)
from xiaoneng.dashboards.shapes import COUNT, PERCENT, Chart, Figure, Series
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.org.models import Department, Staff


def month_pair(session: Session, *, actor: Actor, period: Period, staff_id: int | None = None) -> tuple[Totals, Totals]:
    """The period's totals and those of the same days of the month before."""
    now = figures.counts(session, actor=actor, start=period.start, end=period.end, by=(), staff_id=staff_id)
    before = figures.counts(session, actor=actor, start=period.before_start, end=period.before_end, by=(),
                            staff_id=staff_id)
    return now.get((), Totals()), before.get((), Totals())


def rate_figure(label: str, now: float | None, before: float | None, *, link: str = "",
                higher_is_better: bool = True) -> Figure:
    note, tone = point_change(now, before, higher_is_better=higher_is_better)
    return Figure(label, percent_text(now), link=link, note=note.replace("上月", "上月同期"), tone=tone)


def count_figure(label: str, now: int, before: int | None = None, *, link: str = "", note: str = "",
                 higher_is_better: bool | None = None, tone: str = "") -> Figure:
    if before is not None:
        note, tone = count_change(now, before, higher_is_better=higher_is_better)
        note = note.replace("上月", "上月同期")
    return Figure(label, count_text(now), link=link, note=note, tone=tone)


def month_figures(now: Totals, before: Totals, *, whose: str = "") -> list[Figure]:
    """Volume, on-time, satisfaction with and without the default ratings, bad-review rate."""
    return [
        count_figure(f"{whose}收件量", now.cases_received, before.cases_received, link="/cases"),
        rate_figure("按时办结率", now.on_time_rate, before.on_time_rate, link="/cases?status=completed"),
        rate_figure("满意率（含默认好评）", now.satisfaction, before.satisfaction, link="/ratings"),
        rate_figure("满意率（不含默认好评）", now.satisfaction_without_default, before.satisfaction_without_default,
                    link="/ratings"),
        rate_figure("差评率", now.bad_rate, before.bad_rate, link="/ratings?bad_only=1", higher_is_better=False),
    ]


def trend_charts(session: Session, *, actor: Actor, period: Period, key: str, staff_id: int | None = None,
                 months: int = TREND_MONTHS) -> tuple[Chart, Chart]:
    """Satisfaction (with and without defaults) and bad-review rate by month; volume and on-time rate by month."""
    firsts = months_back(period.start, months)
    totals = figures.month_counts(session, actor=actor, months=firsts, end=period.end, staff_id=staff_id)
    labels = trend_labels(firsts)
    satisfaction = Chart(
        key=f"{key}-satisfaction", title=f"满意率走势（近{months}个月）", category_label="月份", categories=labels,
        series=(Series("满意率（含默认好评）", tuple(percent(t.satisfaction) for t in totals), unit=PERCENT),
                Series("满意率（不含默认好评）", tuple(percent(t.satisfaction_without_default) for t in totals),
                       unit=PERCENT),
                Series("差评率", tuple(percent(t.bad_rate) for t in totals), unit=PERCENT, axis=1)),
        note="满意率：评为满意、非常满意的评价所占比例；差评率（右轴）：评为不满意、非常不满意的比例。按评价日期计。")
    volume = Chart(
        key=f"{key}-volume", title=f"办件量与按时办结率（近{months}个月）", category_label="月份", categories=labels,
        series=(Series("收件量", tuple(float(t.cases_received) for t in totals), kind="bar", unit=COUNT),
                Series("办结量", tuple(float(t.cases_completed) for t in totals), kind="bar", unit=COUNT),
                Series("按时办结率", tuple(percent(t.on_time_rate) for t in totals), unit=PERCENT, axis=1)),
        note="收件量按收件日期、办结量按办结日期计；按时办结率（右轴）：办结件中在承诺期限内办结的比例。")
    return satisfaction, volume


def department_names(session: Session, *, actor: Actor, ids) -> dict[int, str]:
    return {i: d.name for i, d in org.related(session, actor=actor, model=Department, ids=ids).items()}


def staff_names(session: Session, *, actor: Actor, ids) -> dict[int, str]:
    return {i: s.full_name for i, s in org.related(session, actor=actor, model=Staff, ids=ids).items()}

"""A department head's department (科室负责人: the scope of their account) with its staff, and a window clerk's own
month (窗口人员: only what they handled and the ratings of their own service)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.dashboards import figures
from xiaoneng.dashboards import repository as repo
from xiaoneng.dashboards.common import count_figure, month_figures, month_pair, staff_names, trend_charts
from xiaoneng.dashboards.period import Period
from xiaoneng.dashboards.rules import percent, percent_text
from xiaoneng.dashboards.shapes import PERCENT, Chart, Dashboard, Panel, Series, Table, TableRow
from xiaoneng.kit.scope import Actor

OWN_TREND_MONTHS = 6


def staff_panel(session: Session, *, actor: Actor, period: Period) -> Panel:
    """The department's staff this month: volume, on-time, ratings and bad reviews, busiest first."""
    units = {k: t for k, t in figures.unit_counts(session, actor=actor, start=period.start, end=period.end,
                                                  by="staff").items() if k is not None}
    names = staff_names(session, actor=actor, ids=units)
    ordered = sorted(units.items(), key=lambda kv: (-kv[1].cases_received, -kv[1].ratings, names.get(kv[0], "")))
    people = [(names.get(k, "（已调离）"), t) for k, t in ordered]
    chart = Chart(
        key="department-staff", title="工作人员本月评价", category_label="工作人员", horizontal=True,
        categories=tuple(n for n, _ in people[:12]),
        series=(Series("满意率（不含默认好评）", tuple(percent(t.satisfaction_without_default) for _, t in people[:12]),
                       kind="bar", unit=PERCENT),),
        note="办件量最多的 12 人；满意率按群众主动评价计。")
    rows = tuple(TableRow((n, f"{t.cases_received:,}", f"{t.cases_completed:,}", percent_text(t.on_time_rate),
                           f"{t.ratings:,}", percent_text(t.satisfaction_without_default), f"{t.bad:,}"))
                 for n, t in people)
    table = Table("工作人员本月明细", ("工作人员", "收件量", "办结量", "按时办结率", "评价数",
                                       "满意率（不含默认好评）", "差评数"), rows, link="/rankings?by=staff")
    return Panel("本科室工作人员", charts=(chart,), tables=(table,), wide=True)


def build_department(session: Session, *, actor: Actor, period: Period, today: dt.date) -> Dashboard:
    now, before = month_pair(session, actor=actor, period=period)
    work = repo.open_work(session, actor=actor, today=today)
    satisfaction, volume = trend_charts(session, actor=actor, period=period, key="department")
    open_figures = (
        count_figure("本月差评", now.bad, link="/ratings?bad_only=1"),
        count_figure("待整改差评", work["loop_open"], link="/rectifications?status=open"),
        count_figure("办理中投诉", work["complaints_open"], link="/complaints",
                     note=f"其中超期 {work['complaints_overdue']} 件，待签收 {work['complaints_to_sign']} 件",
                     tone="bad" if work["complaints_overdue"] else ""),
        count_figure("未销号巡查问题", work["findings_open"], link="/inspections/findings",
                     note=f"其中超期 {work['findings_overdue']} 个", tone="bad" if work["findings_overdue"] else ""),
    )
    return Dashboard(title="本科室概览", period=period.label, panels=[
        Panel("本月概况", figures=(*month_figures(now, before, whose="本科室"), *open_figures), wide=True),
        Panel("满意度", charts=(satisfaction,), link="/ratings"),
        Panel("办件与时效", charts=(volume,), link="/cases"),
        staff_panel(session, actor=actor, period=period),
    ])


def build_own(session: Session, *, actor: Actor, period: Period, today: dt.date) -> Dashboard:
    now, before = month_pair(session, actor=actor, period=period, staff_id=actor.user_id)
    satisfaction, volume = trend_charts(session, actor=actor, period=period, key="own", staff_id=actor.user_id,
                                        months=OWN_TREND_MONTHS)
    own = (
        count_figure("我的收件量", now.cases_received, before.cases_received, link="/cases"),
        count_figure("我的办结量", now.cases_completed, before.cases_completed, link="/cases?status=completed"),
        count_figure("收到评价", now.ratings, link="/ratings",
                     note=f"其中默认好评 {now.ratings_default} 条"),
        count_figure("收到差评", now.bad, link="/ratings?bad_only=1", tone="bad" if now.bad else ""),
    )
    rates = month_figures(now, before)[1:4]
    return Dashboard(title="我的本月", period=period.label, panels=[
        Panel("本月概况", figures=(*own, *rates), wide=True),
        Panel("我的满意度", charts=(satisfaction,)),
        Panel("我的办件", charts=(volume,)),
    ])

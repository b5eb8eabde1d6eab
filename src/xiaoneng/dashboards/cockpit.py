"""The director's cockpit (中心领导): the center's month, its 12-month trends, the best and worst departments, and
what is open (bad reviews, complaints, inspection findings). Open warnings and hot topics are panels registered by
the domain that finds them (panels.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.dashboards import figures
from xiaoneng.dashboards import repository as repo
from xiaoneng.dashboards.common import (
    count_figure, department_names, month_figures, month_pair, trend_charts,
)
from xiaoneng.dashboards.period import Period
from xiaoneng.dashboards.rules import Unit, percent, percent_text, top_and_bottom
from xiaoneng.dashboards.shapes import PERCENT, Chart, Dashboard, Panel, Series, Table, TableRow
from xiaoneng.kit.scope import Actor
from xiaoneng.rankings.rules import effective_min_sample
from xiaoneng.ratings import service as ratings


def _open_figures(work: dict[str, int]):
    return (
        count_figure("待整改差评", work["loop_open"], link="/rectifications?status=open"),
        count_figure("办理中投诉", work["complaints_open"], link="/complaints",
                     note=f"其中超期 {work['complaints_overdue']} 件", tone="bad" if work["complaints_overdue"] else ""),
        count_figure("未销号巡查问题", work["findings_open"], link="/inspections/findings",
                     note=f"其中超期 {work['findings_overdue']} 个", tone="bad" if work["findings_overdue"] else ""),
    )


def departments_panel(session: Session, *, actor: Actor, period: Period) -> Panel:
    """The five best and five worst departments of the month by 满意率 without the default ratings."""
    units = figures.unit_counts(session, actor=actor, start=period.start, end=period.end, by="department")
    names = department_names(session, actor=actor, ids=units)
    min_sample = effective_min_sample(ratings.rating_settings(session, center_id=actor.center_id).ranking_min_sample)
    best, worst, few = top_and_bottom([Unit(k, names.get(k, "未归属科室"), t) for k, t in units.items()
                                       if k is not None], min_sample=min_sample)
    shown = best + worst
    chart = Chart(
        key="director-departments", title="科室满意率：前五与后五", category_label="科室",
        categories=tuple(u.name for u in shown), horizontal=True,
        series=(Series("满意率（不含默认好评）", tuple(percent(u.totals.satisfaction_without_default) for u in shown),
                       kind="bar", unit=PERCENT),
                Series("差评率（不含默认好评）", tuple(percent(u.totals.bad_rate_without_default) for u in shown),
                       kind="bar", unit=PERCENT)),
        note=f"按本月群众主动评价（不含默认好评）计，主动评价不足 {min_sample} 条的科室不参与排列。")
    rows = tuple(TableRow((("前五" if u in best else "后五"), u.name, f"{u.totals.ratings:,}",
                           f"{u.totals.ratings_default:,}", f"{u.totals.bad:,}",
                           percent_text(u.totals.satisfaction_without_default))) for u in shown)
    table = Table("科室评价明细", ("位置", "科室", "评价数", "默认好评数", "差评数", "满意率（不含默认好评）"), rows,
                  link="/rankings")
    lines = []
    if worst:
        w = worst[0]
        lines.append(f"本月满意率（不含默认好评）最低的是{w.name}，为 {percent_text(w.totals.satisfaction_without_default)}，"
                     f"差评 {w.totals.bad} 条。")
    if few:
        lines.append(f"主动评价不足 {min_sample} 条、未参与排列的科室 {len(few)} 个：{'、'.join(u.name for u in few[:6])}"
                     f"{'等' if len(few) > 6 else ''}。")
    return Panel("科室表现", charts=(chart,), tables=(table,), lines=tuple(lines), link="/rankings")


def build(session: Session, *, actor: Actor, period: Period, today: dt.date) -> Dashboard:
    now, before = month_pair(session, actor=actor, period=period)
    work = repo.open_work(session, actor=actor, today=today)
    satisfaction, volume = trend_charts(session, actor=actor, period=period, key="director")
    summary = (f"{period.label}全中心收件 {now.cases_received:,} 件，办结 {now.cases_completed:,} 件，"
               f"按时办结率 {percent_text(now.on_time_rate)}；收到评价 {now.ratings:,} 条（其中默认好评 "
               f"{now.ratings_default:,} 条），满意率（不含默认好评）{percent_text(now.satisfaction_without_default)}，"
               f"差评 {now.bad:,} 条。")
    return Dashboard(title="中心运行概览", period=period.label, panels=[
        Panel("本月概况", figures=(*month_figures(now, before), *_open_figures(work)), lines=(summary,), wide=True),
        Panel("满意度", charts=(satisfaction,), link="/ratings"),
        Panel("办件与时效", charts=(volume,), link="/cases"),
        departments_panel(session, actor=actor, period=period),
    ])

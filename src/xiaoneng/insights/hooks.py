"""Hot topics and warnings where others show them: the report's section 热点与预警 (reports.sections) and the
director's, the supervisors' and a department head's dashboard panels (dashboards.panels), registered in wiring.py.
Both read what the timed job stored; nothing is clustered or tested here."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.dashboards import shapes as dash
from xiaoneng.insights import repository as repo
from xiaoneng.insights import service
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column
from xiaoneng.reports import shapes as report


def report_section(session: Session, center_id: int, period) -> report.Section | None:
    """热点与预警 of the report's period: the period's topics (a year reads its months' runs) and its warnings."""
    topics = service.hot_topics_summary(session, center_id=center_id, start=period.start, end=period.end, limit=10)
    warnings = service.open_warnings_summary(session, center_id=center_id, start=period.start, end=period.end,
                                             limit=10)
    if topics is None and not warnings.warnings:
        return None
    section = report.Section(key="insights", title="热点与预警")
    if topics is not None:
        section.sentences += topics.sentences
        section.tables.append(report.Table(
            sheet="热点话题", title=f"{topics.period}热点话题",
            columns=[Column("话题"), Column("热度", "number"), Column("本期条数", "int"), Column("上期条数", "int"),
                     Column("新出现或明显增多"), Column("下期预测", "number"), Column("预测下限（80%）", "number"),
                     Column("预测上限（80%）", "number")],
            rows=[[t.name, round(t.heat, 1), t.volume, t.previous_volume, "是" if t.emerging else "否",
                   round(t.forecast_mean, 1), round(t.forecast_low, 1), round(t.forecast_high, 1)]
                  for t in topics.topics]))
        if topics.topics:
            section.charts.append(report.Chart(
                key="insights_topics", title="热点话题热度", kind="barh",
                categories=[t.name for t in topics.topics], series=[("热度", [round(t.heat, 1) for t in topics.topics])]))
    section.sentences += warnings.sentences
    if warnings.warnings:
        section.tables.append(report.Table(
            sheet="异常预警", title="异常预警",
            columns=[Column("预警"), Column("指标"), Column("单位"), Column("状态"), Column("说明"), Column("主要来源")],
            rows=[[w.title, w.measure, w.unit, w.state, w.sentence, w.drivers] for w in warnings.warnings]))
    return section


def _last_topics(session: Session, center_id: int, today: dt.date):
    """The latest month whose topics are stored, ending before today."""
    for run in repo.runs(session, center_id=center_id, kind="topics"):
        if run.period_end < today:
            return service.hot_topics_summary(session, center_id=center_id, start=run.period_start,
                                              end=run.period_end)
    return None


def _warnings_panel(session: Session, actor: Actor, department_id: int | None) -> dash.Panel:
    summary = service.open_warnings_summary(session, center_id=actor.center_id, department_id=department_id)
    return dash.Panel(
        title="异常预警", link="/insights/warnings",
        figures=(dash.Figure("待处理", f"{summary.open} 条", link="/insights/warnings?state=open",
                             tone="bad" if summary.open else ""),
                 dash.Figure("已确认未关闭", f"{summary.acknowledged} 条", link="/insights/warnings?state=acknowledged")),
        tables=(dash.Table(title="尚未关闭的预警", columns=("预警", "状态", "说明"),
                           rows=tuple(dash.TableRow((w.title, w.state, w.sentence + w.drivers), link=w.link)
                                      for w in summary.warnings),
                           link="/insights/warnings", empty_text="目前没有尚未关闭的异常预警。"),))


def _topics_panel(session: Session, actor: Actor, today: dt.date) -> dash.Panel | None:
    topics = _last_topics(session, actor.center_id, today)
    if topics is None or not topics.topics:
        return None
    return dash.Panel(
        title=f"热点话题（{topics.period}）", link="/insights/topics", lines=tuple(topics.sentences[:2]),
        tables=(dash.Table(title="热点话题", columns=("话题", "热度", "条数", "下期预测（80%区间）"),
                           rows=tuple(dash.TableRow((t.name, f"{t.heat:.1f}", str(t.volume),
                                                     f"{t.forecast_mean:.0f}（{t.forecast_low:.0f}—"
                                                     f"{t.forecast_high:.0f}）"), link=t.link)
                                      for t in topics.topics),
                           link="/insights/topics"),))


def director_panels(session: Session, *, actor: Actor, today: dt.date) -> dash.Panel | None:
    return _warnings_panel(session, actor, None)


def topics_panel(session: Session, *, actor: Actor, today: dt.date) -> dash.Panel | None:
    return _topics_panel(session, actor, today)


def department_panel(session: Session, *, actor: Actor, today: dt.date) -> dash.Panel | None:
    return _warnings_panel(session, actor, actor.department_id)


def register(report_sections, dashboard_panels) -> None:
    """Called by wiring.install with the two hooks."""
    report_sections.register("insights", "热点与预警", report_section, after="breaches")
    for role in (Role.DIRECTOR, Role.SUPERVISOR):
        dashboard_panels.register(role, director_panels)
        dashboard_panels.register(role, topics_panel)
    dashboard_panels.register(Role.DEPT_HEAD, department_panel)

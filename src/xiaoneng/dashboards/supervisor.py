"""The supervisors' dashboard (效能监察): overdue work of every kind by department, appeals waiting for review,
complaints waiting to be signed for. Warnings are a panel registered by the domain that raises them (panels.py)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.dashboards import repository as repo
from xiaoneng.dashboards.common import count_figure, department_names
from xiaoneng.dashboards.period import Period
from xiaoneng.dashboards.shapes import COUNT, Chart, Dashboard, Figure, Panel, Series, Table, TableRow

# (key, label, the list of those records)
KINDS = (
    ("cases", "超期办件", "/cases?overdue=1"),
    ("loop", "超期未整改差评", "/rectifications?status=open&overdue=1"),
    ("complaints", "超期投诉", "/complaints"),
    ("findings", "超期巡查问题", "/inspections/findings"),
    ("notices", "逾期未反馈督办", "/supervision/notices?status=issued"),
)
SHOWN_DEPARTMENTS = 10


def build(session: Session, *, actor, period: Period, today: dt.date) -> Dashboard:
    overdue = repo.overdue_by_department(session, actor=actor, today=today)
    work = repo.open_work(session, actor=actor, today=today)
    totals = {key: sum(overdue[key].values()) for key, _, _ in KINDS}
    figures: list[Figure] = [count_figure(label, totals[key], link=link, tone="bad" if totals[key] else "")
                             for key, label, link in KINDS]
    figures += [count_figure("待复核申诉", work["appeals"], link="/rectifications?status=appealed"),
                count_figure("待签收投诉", work["complaints_to_sign"], link="/complaints?status=assigned")]
    departments = {d for counts in overdue.values() for d in counts}
    names = department_names(session, actor=actor, ids=departments)
    by_total = sorted(departments, key=lambda d: (-sum(overdue[k].get(d, 0) for k, _, _ in KINDS),
                                                  names.get(d, "") if d is not None else "~"))
    shown = by_total[:SHOWN_DEPARTMENTS]
    label = lambda d: names.get(d, "未分派科室") if d is not None else "未分派科室"  # noqa: E731
    chart = Chart(
        key="supervisor-overdue", title="超期事项（按科室）", category_label="科室", horizontal=True,
        categories=tuple(label(d) for d in shown),
        series=tuple(Series(name, tuple(float(overdue[key].get(d, 0)) for d in shown), kind="bar", unit=COUNT)
                     for key, name, _ in KINDS),
        note=f"超期事项最多的 {SHOWN_DEPARTMENTS} 个科室，截至今天。")
    rows = tuple(TableRow((label(d), *(str(overdue[key].get(d, 0)) for key, _, _ in KINDS),
                           str(sum(overdue[key].get(d, 0) for key, _, _ in KINDS)))) for d in by_total)
    table = Table("各科室超期事项", ("科室", *(name for _, name, _ in KINDS), "合计"), rows)
    worst = [f"{label(d)}（{sum(overdue[k].get(d, 0) for k, _, _ in KINDS)} 项）" for d in by_total[:3]]
    lines = (f"超期事项最多的科室：{'、'.join(worst)}。",) if worst else ("目前没有超期事项。",)
    return Dashboard(title="效能监察概览", period=f"截至{today.year}年{today.month}月{today.day}日", panels=[
        Panel("待督促的工作", figures=tuple(figures), lines=lines, wide=True),
        Panel("超期事项分布", charts=(chart,) if shown else (), tables=(table,), wide=True),
    ])

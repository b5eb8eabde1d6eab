"""The bad-review loop's lists as spreadsheets: the rectifications (差评整改) the page's filters match and the
concentration alerts (预警), in the actor's scope, as people read them; rater contacts masked unless the role
holds personal.read (C6)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.kit import clock
from xiaoneng.kit.masking import mask_name, mask_phone
from xiaoneng.kit.scope import Actor
from xiaoneng.kit.spreadsheets import Column, Sheet, yes_no
from xiaoneng.ratings.rules import CHANNEL_LABELS, LEVEL_LABELS, Channel, Level
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import service
from xiaoneng.rectification.rules import CALLBACK_METHODS, ESCALATION_LABELS, PATH_LABELS, STATUS_LABELS, Status

BATCH = 1000
RECTIFICATION_COLUMNS = [
    Column("编号", "int"), Column("收到日期", "date"), Column("科室", width=16), Column("窗口", width=16),
    Column("被评价人"), Column("事项", width=24), Column("差评等级"), Column("评价渠道", width=14),
    Column("差评内容", width=40), Column("实名"), Column("评价人"), Column("联系电话", width=14),
    Column("状态", width=14), Column("当前期限", "date"), Column("逾期"), Column("督办", width=20),
    Column("处理方式", width=14), Column("确认的问题", width=30), Column("整改措施", width=30),
    Column("解释说明", width=30), Column("反馈时间", "datetime"), Column("回访方式"), Column("回访满意度"),
    Column("回访时间", "datetime"), Column("办结时间", "datetime"),
]
ALERT_COLUMNS = [
    Column("对象类型"), Column("预警对象", width=24), Column("科室", width=16), Column("统计起", "date"),
    Column("统计止", "date"), Column("差评条数", "int"), Column("预警时间", "datetime"), Column("核查状态"),
    Column("核查情况", width=40), Column("核查人"), Column("核查时间", "datetime"),
]
OWN_STATUS_LABELS = {"open": "办理中", "pending": "未完成"}  # the list's groups of statuses
REAL_NAME_LABELS = {True: "仅实名", False: "仅匿名"}


def _label(table: dict, enum, value) -> str:
    try:
        return table[enum(value)] if value is not None else ""
    except (KeyError, ValueError):
        return str(value)


def describe(filters: dict, department_names: dict[int, str]) -> str:
    """The list's filters in words, for the title row."""
    parts = []
    status = filters.get("status")
    if status:
        parts.append(f"状态：{OWN_STATUS_LABELS.get(status) or _label(STATUS_LABELS, Status, status)}")
    if filters.get("department_id"):
        parts.append(f"科室：{department_names.get(int(filters['department_id']), '')}")
    if filters.get("real_name") is not None:
        parts.append(REAL_NAME_LABELS[filters["real_name"]])
    if filters.get("overdue"):
        parts.append("仅逾期")
    if filters.get("escalation"):
        parts.append("已逾期督办" if filters["escalation"] == "overdue" else ESCALATION_LABELS.get(filters["escalation"], ""))
    return "；".join(parts) or "全部记录"


def _rectification_row(found, personal: bool, today: dt.date) -> tuple:
    r = found.Rectification
    rater = (found.rater_name if personal else mask_name(found.rater_name)) if r.real_name else "匿名"
    phone = (found.rater_phone if personal else mask_phone(found.rater_phone)) if r.real_name else ""
    overdue = r.current_due is not None and r.current_due < today
    return (r.id, r.received_on, found.department, found.window, found.staff, found.item,
            _label(LEVEL_LABELS, Level, found.level), _label(CHANNEL_LABELS, Channel, found.channel), found.comment,
            yes_no(r.real_name), rater, phone, _label(STATUS_LABELS, Status, r.status), r.current_due, yes_no(overdue),
            ESCALATION_LABELS.get(r.escalation, r.escalation), PATH_LABELS.get(r.path, r.path), r.problem, r.measures,
            r.explanation, r.fed_back_at, CALLBACK_METHODS.get(r.callback_method, r.callback_method),
            _label(LEVEL_LABELS, Level, r.callback_level), r.callback_at, r.closed_at)


def rectifications_sheet(session: Session, *, actor: Actor, filters: dict, department_names: dict[int, str],
                         today: dt.date) -> Sheet:
    """Every record of the list with these filters (those of the page), newest first."""
    stmt = service.rectifications_query(actor=actor, today=today, **filters)
    personal = actor.can("personal.read")
    found = session.execute(repo.with_names(stmt).execution_options(yield_per=BATCH))
    rows = (_rectification_row(f, personal, today) for f in found)
    title = f"差评整改（{describe(filters, department_names)}）导出于 {clock.now():%Y-%m-%d %H:%M}"
    return Sheet(name="差评整改", title=title, columns=RECTIFICATION_COLUMNS, rows=rows)


def _alert_row(found) -> tuple:
    a = found.ConcentrationAlert
    return (service.TARGET_LABELS.get(a.target_kind, a.target_kind), found.target, found.department, a.period_start,
            a.period_end, a.count, a.raised_at, "已核查" if a.acknowledged_at else "待核查", a.note, found.checker,
            a.acknowledged_at)


def alerts_sheet(session: Session, *, actor: Actor, open_only: bool = False) -> Sheet:
    """Every concentration alert in scope (those not yet checked only, if asked), newest first."""
    actor.require("rectification.read")
    found = session.execute(repo.alerts_with_names(repo.alerts(actor=actor, open_only=open_only))
                            .execution_options(yield_per=BATCH))
    which = "待核查" if open_only else "全部"
    title = f"集中差评预警（{which}）导出于 {clock.now():%Y-%m-%d %H:%M}"
    return Sheet(name="集中差评预警", title=title, columns=ALERT_COLUMNS, rows=(_alert_row(f) for f in found))

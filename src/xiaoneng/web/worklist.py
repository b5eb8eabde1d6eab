"""What each role's home page shows: its own work, read through the domains' services (reads only).

A block is a heading, a count, the first few rows (labels, names, dates) and a link to the full filtered list.
Window staff see the cases and bad reviews that are theirs (handled by them or at their window); department heads
their department's (the scope of their account); supervisors the center's overdue work, alerts and appeals;
directors the headline figures; admins the setup status.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import CASE_STATUS_LABELS, CaseStatus
from xiaoneng.items.models import ServiceItem
from xiaoneng.jobs import service as jobs
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.org.models import Department
from xiaoneng.ratings import service as ratings
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.rules import AWAITING_CALLBACK, STATUS_LABELS, Status
from xiaoneng.web.duty_worklist import acting_blocks, duty_blocks
from xiaoneng.web.worklist_blocks import FETCH, SHOWN, Block, Home, Row
from xiaoneng.web.worklist_blocks import date_text as _date
from xiaoneng.supervision import cards as supervision_cards
from xiaoneng.supervision import queries as supervision_notices


def _mine(actor: Actor, record) -> bool:
    """A window clerk's own record: handled by them or at their window."""
    if actor.role != Role.WINDOW_STAFF:
        return True
    handler = getattr(record, "handler_id", None) or getattr(record, "staff_id", None)
    return handler == actor.user_id or (actor.window_id is not None and record.window_id == actor.window_id)


def _open_cases(session: Session, actor: Actor, *, statuses, overdue: bool = False) -> list:
    found = []
    for status in statuses:
        found += cases.list_cases(session, actor=actor, status=status, overdue=overdue, per_page=FETCH).items
    return [c for c in found if _mine(actor, c)]


def _days_left(session: Session, case, today: dt.date) -> str:
    if case.status == CaseStatus.SUSPENDED:
        return "计时暂停（补正中）"
    if case.due_on is None:
        return "即办"
    if case.overdue or case.due_on < today:
        return f"已超期 {calendar.working_days_delta(session, start=case.due_on, end=today, center_id=case.center_id)} 个工作日"
    left = calendar.working_days_delta(session, start=today, end=case.due_on, center_id=case.center_id)
    return "今天到期" if left == 0 else f"剩余 {left} 个工作日"


def _case_block(session: Session, actor: Actor, title: str, found: list, link: str, today: dt.date) -> Block:
    found = sorted(found, key=lambda c: (c.due_on or dt.date.max, c.id))
    items = org.related(session, actor=actor, model=ServiceItem, ids=[c.item_id for c in found[:SHOWN]])
    rows = tuple(Row(f"/cases/{c.id}", (
        c.number, getattr(items.get(c.item_id), "name", "—"), CASE_STATUS_LABELS.get(CaseStatus(c.status), c.status),
        _date(c.due_on, c.due_provisional), _days_left(session, c, today),
    )) for c in found[:SHOWN])
    return Block(title, len(found), link, ("办件编号", "事项", "状态", "办结期限", "剩余时间"), rows)


def _rect_block(session: Session, actor: Actor, title: str, found: list, link: str) -> Block:
    found = sorted(found, key=lambda r: (r.current_due or dt.date.max, r.id))
    departments = org.related(session, actor=actor, model=Department, ids=[r.department_id for r in found[:SHOWN]])
    rows = tuple(Row(f"/rectifications/{r.id}", (
        _date(r.received_on), getattr(departments.get(r.department_id), "name", "—"),
        STATUS_LABELS.get(Status(r.status), r.status), _date(r.current_due, r.current_due_provisional),
    )) for r in found[:SHOWN])
    return Block(title, len(found), link, ("收到日期", "科室", "状态", "当前期限"), rows)


def _rects(session: Session, actor: Actor, status: str, **filters) -> list:
    page = loop.list_rectifications(session, actor=actor, status=status, per_page=FETCH, **filters)
    return [r for r in page.items if _mine(actor, r)]


def _own_work(session: Session, actor: Actor, today: dt.date) -> list[Block]:
    """Window staff and department heads: open cases, cases in 补正, open bad reviews, callbacks due."""
    open_cases = _open_cases(session, actor, statuses=(CaseStatus.RECEIVED, CaseStatus.ACCEPTED))
    suspended = _open_cases(session, actor, statuses=(CaseStatus.SUSPENDED,))
    open_rects = _rects(session, actor, "open")
    callbacks = [r for r in _rects(session, actor, "pending") if Status(r.status) in AWAITING_CALLBACK]
    whose = "我的" if actor.role == Role.WINDOW_STAFF else "本科室"
    return [
        _case_block(session, actor, f"{whose}在办件", open_cases, "/cases?status=accepted", today),
        _case_block(session, actor, "补正中的办件", suspended, "/cases?status=suspended", today),
        _rect_block(session, actor, f"{whose}待整改差评", [r for r in open_rects if r.status != Status.APPEALED],
                    "/rectifications?status=open"),
        _rect_block(session, actor, "待回访", callbacks, "/rectifications?status=pending"),
    ]


def _appeals(session: Session, actor: Actor, title: str) -> Block:
    return _rect_block(session, actor, title, _rects(session, actor, Status.APPEALED.value),
                       f"/rectifications?status={Status.APPEALED.value}")


def _overdue(session: Session, actor: Actor, today: dt.date) -> list[Block]:
    overdue_cases = _open_cases(session, actor, statuses=(CaseStatus.RECEIVED, CaseStatus.ACCEPTED), overdue=True)
    overdue_rects = [r for r in _rects(session, actor, "open", overdue=True, today=today)
                     if r.status != Status.APPEALED]
    return [
        _case_block(session, actor, "超期办件", overdue_cases, "/cases?overdue=1", today),
        _rect_block(session, actor, "超期未整改差评", overdue_rects, "/rectifications?status=open&overdue=1"),
    ]


def _alerts(session: Session, actor: Actor) -> Block:
    page = loop.list_alerts(session, actor=actor, open_only=True, per_page=SHOWN)
    kinds = {"department": "科室", "item": "事项", "staff": "工作人员"}
    rows = tuple(Row("/rectifications/alerts", (
        f"{_date(a.period_start)}至{_date(a.period_end)}", kinds.get(a.target_kind, "对象"), f"差评 {a.count} 条",
    )) for a in page.items)
    return Block("未处理的差评集中预警", page.total, "/rectifications/alerts", ("统计期间", "对象", "差评数"), rows)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _figures(session: Session, actor: Actor, today: dt.date) -> list[Block]:
    start = today.replace(day=1)
    counts = ratings.level_counts(session, actor=actor, start=start, end=today)
    total = sum(counts.values())
    good = sum(n for level, n in counts.items() if int(level) >= 4)
    bad = sum(n for level, n in counts.items() if int(level) <= 2)
    open_rects = loop.list_rectifications(session, actor=actor, status="open", per_page=1).total
    overdue_rects = loop.list_rectifications(session, actor=actor, status="open", overdue=True, today=today,
                                             per_page=1).total
    overdue_cases = sum(cases.list_cases(session, actor=actor, status=s, overdue=True, per_page=1).total
                        for s in (CaseStatus.RECEIVED, CaseStatus.ACCEPTED))
    callback = loop.callback_rate(session, actor=actor, start=dt.date(today.year, 1, 1), end=today)
    month = f"{today.month}月"
    return [
        Block(f"{month}评价数", total, "/ratings"),
        Block(f"{month}好评率", _percent(good / total if total else None), "/ratings"),
        Block(f"{month}差评率", _percent(bad / total if total else None), "/ratings?bad_only=1"),
        Block("待整改差评", open_rects, "/rectifications?status=open"),
        Block("超期未整改差评", overdue_rects, "/rectifications?status=open&overdue=1"),
        Block("超期办件", overdue_cases, "/cases?overdue=1"),
        Block(f"{today.year}年实名差评回访整改率", _percent(callback.all_reviews.rate),
              "/rectifications?real_name=1", note=f"尚未完成 {len(callback.pending)} 条"),
    ]


def _supervision(session: Session, actor: Actor) -> list[Block]:
    """督办: supervisors the open cards nobody has sent a notice on and the replies awaiting their close; department
    heads the notices awaiting their reply."""
    def notices(status: str):
        return supervision_notices.list_notices(session, actor=actor, per_page=SHOWN,
                                                filters=supervision_notices.Filters(status=status))

    if actor.can("supervision.issue"):
        found = supervision_cards.list_cards(session, actor=actor, per_page=SHOWN, filters=supervision_cards.Filters(
            notice="none", progress="open", sort="due", descending=False))
        card_rows = tuple(Row(f"/cases/{c.case_id}", (c.color_label, c.number, c.department, _date(c.due_on),
                                                      f"超时 {c.days_late} 个工作日")) for c in found.items)
        replied = notices("replied")
        reply_rows = tuple(Row(f"/supervision/notices/{r.notice.id}", (
            r.notice.number, r.case_number, r.department, _date(r.notice.replied_on))) for r in replied.items)
        return [Block("未督办的黄牌红牌（仍未完成）", found.total, "/supervision/cards?notice=none&progress=open",
                      ("牌色", "办件编号", "科室", "应完成日期", "超时"), card_rows),
                Block("待办结的督办反馈", replied.total, "/supervision/notices?status=replied",
                      ("督办文号", "办件编号", "科室", "反馈日期"), reply_rows)]
    if actor.can("supervision.reply"):
        waiting = notices("issued")
        rows = tuple(Row(f"/supervision/notices/{r.notice.id}", (
            r.notice.number, r.case_number, _date(r.notice.reply_due, r.notice.reply_due_provisional),
            r.deadline_label or "—")) for r in waiting.items)
        return [Block("待反馈的督办通知", waiting.total, "/supervision/notices?status=issued",
                      ("督办文号", "办件编号", "反馈期限", "期限情况"), rows)]
    return []


def _setup(session: Session, actor: Actor) -> list[Block]:
    years = [y for y in calendar.list_years(session, actor=actor) if y.status == "provisional"]
    year_rows = tuple(Row("/admin/calendar", (f"{y.year}年", "国务院放假通知尚未录入，按放假办法推算，期限待核定"))
                      for y in years)
    failing = [s for s in jobs.job_statuses(session, actor=actor) if s.last_run and s.last_run.status == "failed"]
    job_rows = tuple(Row("/admin/jobs", (s.job.label or s.job.name, s.last_run.started_at and
                                         clock.local(s.last_run.started_at).strftime("%Y-%m-%d %H:%M") or ""))
                     for s in failing[:SHOWN])
    return [
        Block("待核定的日历年度", len(years), "/admin/calendar", ("年度", "说明"), year_rows),
        Block("最近一次运行失败的定时任务", len(failing), "/admin/jobs", ("任务", "运行时间"), job_rows),
        Block("数据导入", "—", "/admin/import", note="组织、事项和人员的批量导入"),
    ]


def home_for(session: Session, *, actor: Actor, today: dt.date | None = None) -> Home:
    today = today or clock.today()
    role = Role(actor.role)
    home = Home()
    if role == Role.WINDOW_STAFF:
        home.blocks = _own_work(session, actor, today)
    elif role == Role.DEPT_HEAD:
        home.blocks = (_own_work(session, actor, today) + [_appeals(session, actor, "本科室待复核申诉")]
                       + _supervision(session, actor))
    elif role == Role.SUPERVISOR:
        home.blocks = (_overdue(session, actor, today) + [_alerts(session, actor), _appeals(session, actor, "待复核申诉")]
                       + _supervision(session, actor))
    elif role == Role.DIRECTOR:
        home.figures = _figures(session, actor, today)
        home.blocks = _overdue(session, actor, today) + [_appeals(session, actor, "待复核申诉")]
    elif role == Role.ADMIN:
        home.blocks = _setup(session, actor)
    if role != Role.ADMIN:
        home.blocks = (acting_blocks(session, actor=actor) + home.blocks
                       + duty_blocks(session, actor=actor, today=today))
    return home

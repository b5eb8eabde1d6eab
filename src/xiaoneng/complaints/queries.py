"""Complaints as lists: filtered by status, channel, type, topic, unit, deadline state and dates, searched, sorted,
paged and exported (XLSX for the page, CSV of a month for the command line), and the director's summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from xiaoneng.complaints import rules
from xiaoneng.complaints.models import Complaint
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.masking import mask_phone
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, scoped, system_actor
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.org import service as org

SORTS = {"received": Complaint.received_at, "number": Complaint.number, "due": Complaint.due_on,
         "status": Complaint.status, "kind": Complaint.kind}
DEADLINE_FILTERS = {"overdue": "已逾期", "due_soon": "即将到期", "late_answer": "超期答复", "reopened": "重新办理过"}
CSV_COLUMNS = ("number", "channel", "type", "received_on", "due_on", "department", "status")


@dataclass(frozen=True)
class Filters:
    q: str = ""
    status: str = ""
    channel: str = ""
    kind: str = ""
    topic: str = ""
    deadline: str = ""
    department_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sort: str = "received"
    descending: bool = True


def _choice(value: str, allowed, label: str, field: str) -> None:
    if value and value not in set(allowed):
        raise ValidationFailed(f"{label}不正确", field=field)


def statement(actor: Actor, f: Filters) -> Select:
    actor.require("complaints.read")
    stmt = scoped(select(Complaint), Complaint, actor)
    _choice(f.status, rules.Status, "状态", "status")
    _choice(f.channel, rules.Channel, "来源渠道", "channel")
    _choice(f.kind, rules.Kind, "诉求类型", "kind")
    _choice(f.deadline, DEADLINE_FILTERS, "时限状态", "deadline")
    if f.status:
        stmt = stmt.where(Complaint.status == f.status)
    if f.channel:
        stmt = stmt.where(Complaint.channel == f.channel)
    if f.kind:
        stmt = stmt.where(Complaint.kind == f.kind)
    if f.topic:
        stmt = stmt.where(Complaint.topic == f.topic)
    if f.department_id and not actor.department_scoped:
        stmt = stmt.where(Complaint.department_id == f.department_id)
    if f.deadline in ("overdue", "due_soon"):
        stmt = stmt.where(Complaint.deadline_state == f.deadline)
    elif f.deadline == "late_answer":
        stmt = stmt.where(Complaint.answered_on_time.is_(False))
    elif f.deadline == "reopened":
        stmt = stmt.where(Complaint.round > 0)
    if f.start:
        stmt = stmt.where(Complaint.received_on >= f.start)
    if f.end:
        stmt = stmt.where(Complaint.received_on <= f.end)
    stmt = search(stmt, f.q, Complaint.number, Complaint.source_number, Complaint.content, Complaint.complainant_name,
                  Complaint.title)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    order = column.desc() if f.descending else column.asc()
    return stmt.order_by(order, Complaint.id.desc() if f.descending else Complaint.id.asc())


def list_complaints(session: Session, *, actor: Actor, filters: Filters, page: int = 1,
                    per_page: int = 20) -> Page[Complaint]:
    return paginate(session, statement(actor, filters), page=page, per_page=per_page)


def topics(session: Session, *, actor: Actor) -> list[str]:
    stmt = scoped(select(Complaint.topic).distinct(), Complaint, actor).where(Complaint.topic != "")
    return sorted(session.scalars(stmt))


def status_text(c: Complaint) -> str:
    text = rules.STATUS_LABELS[rules.Status(c.status)]
    if c.deadline_state == "overdue":
        return text + "（逾期）"
    if c.deadline_state == "due_soon":
        return text + "（即将到期）"
    return text


def _chunks(session: Session, stmt: Select, size: int = 1000):
    offset = 0
    while True:
        chunk = list(session.scalars(stmt.limit(size).offset(offset)))
        if not chunk:
            return
        yield chunk
        offset += size


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    """Every matching complaint for the XLSX export: labels, names and dates; phones masked without personal.read."""
    reader = system_actor(actor.center_id)
    departments = {d.id: d.name for d in org.department_choices(session, actor=reader)}
    names = {s.id: s.full_name for s in org.staff_choices(session, center_id=actor.center_id)}
    full = actor.can("personal.read")

    def rows():
        for chunk in _chunks(session, statement(actor, filters)):
            for c in chunk:
                yield [c.number, rules.CHANNEL_LABELS[rules.Channel(c.channel)], c.source_number or "",
                       rules.KIND_LABELS[rules.Kind(c.kind)], c.topic, c.received_at, c.complainant_name,
                       c.complainant_phone if full else mask_phone(c.complainant_phone), c.content,
                       departments.get(c.department_id, ""), names.get(c.staff_id, ""), c.sign_by, c.due_on,
                       status_text(c), c.answered_at, c.round,
                       rules.CALLBACK_LABELS[rules.Callback(c.callback_result)] if c.callback_result else ""]

    columns = [Column("投诉编号", width=16), Column("来源渠道"), Column("来文编号", width=16), Column("诉求类型"),
               Column("问题类别"), Column("收到时间", "datetime"), Column("诉求人"), Column("联系电话", width=14),
               Column("诉求内容", width=50), Column("承办单位", width=18), Column("涉及人员"), Column("签收时限", "date"),
               Column("答复时限", "date"), Column("状态", width=14), Column("答复时间", "datetime"),
               Column("重办次数", "int"), Column("回访结果")]
    return Sheet(name="投诉处理", title=title, columns=columns, rows=rows())


def month_rows(session: Session, *, actor: Actor, month: str) -> list[list[str]]:
    """The month's complaints (by day received) for `xiaoneng complaints export`, in Chinese labels."""
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date()
    except ValueError:
        raise ValidationFailed("月份格式应为 YYYY-MM", field="month") from None
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(actor.center_id))}
    stmt = statement(actor, Filters(start=first, end=last, sort="received", descending=False))
    return [[c.number, rules.CHANNEL_LABELS[rules.Channel(c.channel)], rules.KIND_LABELS[rules.Kind(c.kind)],
             c.received_on.isoformat(), c.due_on.isoformat() if c.due_on else "",
             departments.get(c.department_id, ""), rules.STATUS_LABELS[rules.Status(c.status)]]
            for chunk in _chunks(session, stmt) for c in chunk]


@dataclass(frozen=True)
class Summary:
    total: int
    by_status: dict[str, int]
    by_channel: dict[str, int]
    by_kind: dict[str, int]
    by_topic: list[tuple[str, int]]
    by_department: list[tuple[str, int, int, int]]  # name, received, overdue now, answered late
    answered: int
    on_time: int
    callbacks: dict[str, int]
    reopened: int
    merged: int
    escalated: list[Complaint]

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def satisfaction_rate(self) -> float | None:
        asked = sum(self.callbacks.values())
        good = self.callbacks.get("满意", 0) + self.callbacks.get("基本满意", 0)
        return good / asked if asked else None


def summary(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> Summary:
    """The director's view of a period: volumes, where they went, timeliness, satisfaction, what waits on them."""
    actor.require("complaints.read")
    base = scoped(select(Complaint.status, Complaint.channel, Complaint.kind, Complaint.topic, Complaint.department_id,
                         Complaint.deadline_state, Complaint.answered_on_time, Complaint.callback_result,
                         Complaint.round), Complaint, actor)
    rows = session.execute(base.where(Complaint.received_on >= start, Complaint.received_on <= end)).all()
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(actor.center_id))}
    status, channel, kind, topic = Counter(), Counter(), Counter(), Counter()
    units: dict[int | None, list[int]] = {}
    callbacks = Counter()
    answered = on_time = reopened = merged = 0
    for r in rows:
        status[rules.STATUS_LABELS[rules.Status(r.status)]] += 1
        if r.status == rules.Status.MERGED:
            merged += 1
            continue
        channel[rules.CHANNEL_LABELS[rules.Channel(r.channel)]] += 1
        kind[rules.KIND_LABELS[rules.Kind(r.kind)]] += 1
        topic[r.topic or "未分类"] += 1
        unit = units.setdefault(r.department_id, [0, 0, 0])
        unit[0] += 1
        unit[1] += r.deadline_state == "overdue"
        unit[2] += r.answered_on_time is False
        if r.answered_on_time is not None:
            answered += 1
            on_time += bool(r.answered_on_time)
        if r.callback_result:
            callbacks[rules.CALLBACK_LABELS[rules.Callback(r.callback_result)]] += 1
        reopened += r.round > 0
    escalated = list(session.scalars(scoped(select(Complaint), Complaint, actor)
                                     .where(Complaint.status == rules.Status.ESCALATED).order_by(Complaint.escalated_at)))
    by_department = sorted(((departments.get(k, "未分派"), *v) for k, v in units.items()), key=lambda u: -u[1])
    return Summary(total=len(rows), by_status=dict(status), by_channel=dict(channel), by_kind=dict(kind),
                   by_topic=topic.most_common(), by_department=by_department, answered=answered, on_time=on_time,
                   callbacks=dict(callbacks), reopened=reopened, merged=merged, escalated=escalated)


def count_open(session: Session, *, actor: Actor) -> int:
    stmt = scoped(select(func.count()).select_from(Complaint), Complaint, actor)
    return session.scalar(stmt.where(Complaint.status.in_(list(rules.OPEN)))) or 0

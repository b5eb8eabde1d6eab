"""What the complaint use cases share: loading one in the actor's scope, the trail's events, reference numbers,
the center's settings and calendar."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from xiaoneng.calendar import service as calendar
from xiaoneng.complaints import rules
from xiaoneng.complaints.models import Complaint, ComplaintEvent, ComplaintNumber, ComplaintSettings
from xiaoneng.errors import NotFound
from xiaoneng.kit import clock
from xiaoneng.kit.edits import record_id
from xiaoneng.kit.scope import Actor, ensure_visible

EVENT_LABELS = {
    "register": "登记", "import": "12345工单导入", "public": "网上投诉提交", "classify": "分类", "merge": "合并重复件",
    "merged": "并入重复件", "split": "取消合并", "assign": "分派", "sign": "签收", "note": "调查记录",
    "evidence": "上传证据", "urge": "催办通知书", "notice": "通报", "answer": "答复诉求人", "callback": "回访",
    "reopen": "重新办理", "escalate": "提请中心领导", "decide": "中心领导批示", "close": "办结",
}
TEXT_MAX = 4000


def load(session: Session, actor: Actor, complaint_id, *, permission: str = "complaints.read") -> Complaint:
    """One complaint within the actor's scope (a department head: their unit's); out of scope reads as missing."""
    actor.require(permission)
    complaint = session.get(Complaint, record_id(complaint_id))
    if complaint is None:
        raise NotFound()
    return ensure_visible(complaint, actor)


def event(session: Session, complaint: Complaint, kind: str, *, actor: Actor, text: str = "",
          at: dt.datetime | None = None, **detail) -> ComplaintEvent:
    row = ComplaintEvent(complaint_id=complaint.id, center_id=complaint.center_id, at=at or clock.now(), kind=kind,
                         actor_id=actor.user_id, actor_name=actor_label(actor), text=text, detail=detail)
    session.add(row)
    return row


def actor_label(actor: Actor) -> str:
    if actor.user_id is not None:
        return actor.full_name or actor.username
    if actor.username == "public":
        return "诉求人（网上提交）"
    return "系统" if not actor.username.startswith("job:") else "系统（定时任务）"


def settings_for(session: Session, center_id: int) -> ComplaintSettings:
    row = session.get(ComplaintSettings, center_id)
    if row is None:
        row = ComplaintSettings(center_id=center_id, consult_days=rules.DEFAULT_DAYS[rules.Kind.CONSULT],
                                help_days=rules.DEFAULT_DAYS[rules.Kind.HELP],
                                complaint_days=rules.DEFAULT_DAYS[rules.Kind.COMPLAINT],
                                report_days=rules.DEFAULT_DAYS[rules.Kind.REPORT],
                                suggest_days=rules.DEFAULT_DAYS[rules.Kind.SUGGEST],
                                sign_days=rules.DEFAULT_SIGN_DAYS, duplicate_days=rules.DEFAULT_DUPLICATE_DAYS)
    return row


def calendar_of(session: Session, center_id: int):
    return calendar.get_calendar(session, center_id=center_id)


def reserve_numbers(session: Session, center_id: int, day: dt.date, count: int = 1) -> list[str]:
    """`count` new reference numbers of the day, TSyyyymmdd0001 …, taken in one atomic statement so concurrent
    writers (the public form, an import) never get the same one."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = ComplaintNumber.__table__
    stmt = insert(table).values(center_id=center_id, day=day, last=count)
    stmt = stmt.on_conflict_do_update(index_elements=[table.c.center_id, table.c.day],
                                      set_={"last": table.c.last + count}).returning(table.c.last)
    last = session.execute(stmt).scalar_one()
    prefix = "TS" + day.strftime("%Y%m%d")
    return [f"{prefix}{n:04d}" for n in range(last - count + 1, last + 1)]


def linked(session: Session, complaint: Complaint) -> tuple[Complaint | None, list[Complaint]]:
    """The complaint this one was merged into, and the duplicates merged into this one."""
    into = session.get(Complaint, complaint.merged_into_id) if complaint.merged_into_id else None
    merged = list(session.scalars(select(Complaint).where(Complaint.merged_into_id == complaint.id)
                                  .order_by(Complaint.received_at)))
    return into, merged


def trail(session: Session, complaint: Complaint) -> list[ComplaintEvent]:
    """Every step of the complaint in the order it happened."""
    return list(session.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == complaint.id)
                                .order_by(ComplaintEvent.at, ComplaintEvent.id)))

"""Hourly job `complaint_urges` (督办): a complaint a unit still holds past its deadline gets a 催办通知书 on the first
working day after it, and a 通报 when it is still not answered 5 working days after that. Each is issued once per
round of handling, as a ComplaintUrge row holding what its letter needs (the letters package lays it out), noted in
the trail and the audit chain, and sent to the unit's head (a 通报 also to the supervisors and the director)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.complaints import common, rules
from xiaoneng.complaints.models import Complaint, ComplaintUrge
from xiaoneng.kit import clock
from xiaoneng.letters import service as letters
from xiaoneng.letters.rules import Kind as LetterKind
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

SUPERVISION_OFFICE = "效能监督科"


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _summary(c: Complaint, limit: int = 80) -> str:
    text = " ".join(c.content.split())
    return text if len(text) <= limit else text[:limit] + "……"


def letter(c: Complaint, kind: rules.UrgeKind, *, unit: str, center: str, today: dt.date, reply_by: dt.date,
           overdue_days: int, urged_on: dt.date | None) -> tuple[str, list[str]]:
    """The title and body paragraphs of the 催办通知书 or 通报 about `c`."""
    channel = rules.CHANNEL_LABELS[rules.Channel(c.channel)]
    kind_label = rules.KIND_LABELS[rules.Kind(c.kind)]
    source = f"，12345工单编号 {c.source_number}" if c.channel == rules.Channel.HOTLINE and c.source_number else ""
    facts = (f"{_cn(c.received_on)}，中心通过{channel}收到{c.complainant_name or '群众'}反映的{kind_label}件"
             f"（编号 {c.number}{source}），反映：“{_summary(c)}”。该件于"
             f"{_cn(clock.local(c.assigned_at).date()) if c.assigned_at else _cn(c.received_on)}分派你单位办理，"
             f"办理时限为{_cn(c.due_on)}。")
    if kind is rules.UrgeKind.URGE:
        title = f"关于督促办理{kind_label}件 {c.number} 的催办通知书"
        body = [facts,
                f"截至{_cn(today)}，该件尚未办结答复，已超过办理时限 {overdue_days} 个工作日。",
                f"请你单位接此通知后高度重视，于{_cn(reply_by)}前办结，将办理结果答复诉求人，并将办理情况书面报送中心"
                f"{SUPERVISION_OFFICE}。逾期仍未办结的，中心将予以通报。"]
        return title, body
    title = f"关于{unit}{kind_label}件 {c.number} 超期未办结的通报"
    body = [facts,
            f"中心{SUPERVISION_OFFICE}已于{_cn(urged_on or today)}发出催办通知书，截至{_cn(today)}该件仍未办结答复，"
            f"超过办理时限 {overdue_days} 个工作日，违反了限时办结的规定，现予通报。",
            f"请{unit}立即办结并答复诉求人，于{_cn(reply_by)}前将办理结果和整改措施书面报送中心{SUPERVISION_OFFICE}。"
            f"各单位要引以为戒，严格落实首问负责、限时办结制度，切实提升政务服务效能。"]
    return title, body


def issue_urges(session: Session, *, today: dt.date, now: dt.datetime | None = None) -> dict:
    counts = {"checked": 0, "urges": 0, "notices": 0}
    at = now or clock.now()
    late = list(session.scalars(select(Complaint).where(Complaint.status.in_(list(rules.WITH_UNIT)),
                                                         Complaint.due_on < today).order_by(Complaint.id)))
    issued: dict[tuple[int, int], dict[str, ComplaintUrge]] = {}
    if late:
        for urge in session.scalars(select(ComplaintUrge).where(ComplaintUrge.complaint_id.in_([c.id for c in late]))):
            issued.setdefault((urge.complaint_id, urge.round), {})[urge.kind] = urge
    calendars: dict[int, object] = {}
    names: dict[int, tuple[str, dict[int, str]]] = {}
    for c in late:
        counts["checked"] += 1
        if c.center_id not in calendars:
            calendars[c.center_id] = common.calendar_of(session, c.center_id)
            reader = system_actor(c.center_id)
            names[c.center_id] = (org.get_center(session, actor=reader).name,
                                  {d.id: d.name for d in org.department_choices(session, actor=reader)})
        cal = calendars[c.center_id]
        done = issued.get((c.id, c.round), {})
        for kind in rules.urges_due(c.status, c.due_on, today, cal, set(done)):
            urge = _issue(session, c, kind, cal=cal, today=today, at=at, center=names[c.center_id][0],
                          unit=names[c.center_id][1].get(c.department_id, ""), earlier=done.get(rules.UrgeKind.URGE))
            done[kind] = urge
            counts["urges" if kind is rules.UrgeKind.URGE else "notices"] += 1
    session.flush()
    return counts


LETTER_KINDS = {rules.UrgeKind.URGE: LetterKind.REMINDER, rules.UrgeKind.NOTICE: LetterKind.BULLETIN}


def _issue(session: Session, c: Complaint, kind: rules.UrgeKind, *, cal, today: dt.date, at: dt.datetime,
           center: str, unit: str, earlier: ComplaintUrge | None) -> ComplaintUrge:
    actor: Actor = system_actor(c.center_id, name="job:complaint_urges")
    reply_by = cal.add_working_days(today, rules.REPLY_DAYS)
    title, body = letter(c, kind, unit=unit, center=center, today=today, reply_by=reply_by,
                         overdue_days=rules.overdue_working_days(c.due_on, today, cal),
                         urged_on=earlier.issued_on if earlier else None)
    urge = ComplaintUrge(center_id=c.center_id, complaint_id=c.id, kind=kind, round=c.round, issued_on=today,
                         issued_at=at, department_id=c.department_id, recipient=unit, title=title, paragraphs=body,
                         reference=c.number, due_on=c.due_on, reply_by=reply_by,
                         issuer=f"{center}{SUPERVISION_OFFICE}",
                         copy_to=["中心领导"] if kind is rules.UrgeKind.NOTICE else [])
    session.add(urge)
    common.event(session, c, kind.value, actor=actor, at=at, text=f"{title}（主送{unit}，{_cn(reply_by)}前报送办理情况）")
    session.flush()
    audit.record(session, actor=actor, action=f"complaint.{kind.value}", entity="complaint", entity_id=c.id,
                 center_id=c.center_id, detail={"number": c.number, "urge": urge.id, "round": c.round})
    # The 催办通知书 or 通报 itself: an official letter, numbered and printable (GB/T 9704), about the complaint.
    document = letters.draft(session, actor=actor, kind=LETTER_KINDS[kind], to_department_id=c.department_id,
                             to_name=unit, title=title, paragraphs=body, copy_to=urge.copy_to,
                             source_entity="complaint", source_id=c.id, source_link=f"/complaints/{c.id}", at=at)
    letters.issue(session, actor=actor, letter_id=document.id, at=at)
    label = rules.URGE_LABELS[kind]
    shared = {"kind": f"complaint_{kind.value}", "title": f"{label}：{title}", "body": "\n".join(body),
              "link": f"/complaints/{c.id}"}
    key = f"complaint:{c.id}:{c.round}:{kind.value}"
    notifications.notify_role(session, center_id=c.center_id, role=Role.DEPT_HEAD, department_id=c.department_id,
                              key=key, **shared)
    if kind is rules.UrgeKind.NOTICE:
        for role in (Role.SUPERVISOR, Role.DIRECTOR):
            notifications.notify_role(session, center_id=c.center_id, role=role, key=f"{key}:{role}", **shared)
    return urge


def of(session: Session, complaint_id: int) -> list[ComplaintUrge]:
    return list(session.scalars(select(ComplaintUrge).where(ComplaintUrge.complaint_id == complaint_id)
                                .order_by(ComplaintUrge.id)))

"""A complaint arrives: registered by a supervisor (意见箱, 监督电话, 电子邮件, 监督平台, 纪委转办, a 12345 order typed
in) or sent through the public form; classified from its text; checked for duplicates (merged into the earlier
open one, both kept and linked); a supervisor may merge or split by hand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.complaints import common, duplicates, rules
from xiaoneng.complaints.models import Complaint
from xiaoneng.complaints.sorting import Sorter
from xiaoneng.errors import NotFound, TooManyRequests, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.identifiers import phone_problem
from xiaoneng.kit.scope import Actor, public_actor, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

STAFF_CHANNELS = [c for c in rules.Channel if c is not rules.Channel.ONLINE]
PUBLIC_KINDS = [rules.Kind.COMPLAINT, rules.Kind.REPORT, rules.Kind.SUGGEST, rules.Kind.CONSULT, rules.Kind.HELP,
                rules.Kind.PRAISE]
PUBLIC_PER_PHONE_PER_DAY = 5


def _clean(values: dict, *, phone_required: bool) -> dict:
    v = {k: clean_text(values.get(k)) for k in ("kind", "content", "title", "complainant_name", "complainant_phone",
                                                  "complainant_contact", "source_number")}
    if v["kind"] not in set(rules.Kind):
        raise ValidationFailed(f"请选择诉求类型（{'、'.join(rules.KIND_LABELS.values())}）", field="kind")
    check("content", text_problem(v["content"], label="诉求内容", max_len=common.TEXT_MAX))
    check("title", text_problem(v["title"], label="标题", max_len=200, required=False))
    check("complainant_name", text_problem(v["complainant_name"], label="诉求人姓名", max_len=64, required=False))
    check("complainant_contact", text_problem(v["complainant_contact"], label="其他联系方式", max_len=200,
                                              required=False))
    check("source_number", text_problem(v["source_number"], label="来文编号", max_len=64, required=False))
    v["complainant_phone"] = v["complainant_phone"].replace(" ", "")
    if phone_required and not v["complainant_phone"]:
        raise ValidationFailed("请填写联系电话（凭投诉编号和电话查询办理进度）", field="complainant_phone")
    check("complainant_phone", phone_problem(v["complainant_phone"], label="联系电话"))
    return v


def _department(session: Session, center_id: int, value, field: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        department = org.get_department(session, actor=system_actor(center_id), department_id=record_id(value))
    except NotFound:
        raise ValidationFailed("所选单位不存在", field=field) from None
    return department.id


def _create(session: Session, *, actor: Actor, center_id: int, channel: str, values: dict, received_at: dt.datetime,
            department_id: int | None, event_kind: str) -> Complaint:
    sorted_ = Sorter(session, center_id).sort(values["content"])
    settings = common.settings_for(session, center_id)
    cal = common.calendar_of(session, center_id)
    received_on = clock.local(received_at).date()
    due = cal.due(received_on, rules.handling_days(values["kind"], settings.days_by_kind()), field="received_at") \
        if values["kind"] != rules.Kind.PRAISE else None
    complaint = Complaint(
        center_id=center_id, number=common.reserve_numbers(session, center_id, received_on)[0], channel=channel,
        source_number=values["source_number"] or None, kind=values["kind"], status=rules.Status.NEW,
        complainant_name=values["complainant_name"], complainant_phone=values["complainant_phone"],
        complainant_contact=values["complainant_contact"], title=values["title"], content=values["content"],
        received_at=received_at, received_on=received_on, registered_by_id=actor.user_id, topic=sorted_.topic,
        suggested_department_id=department_id or sorted_.suggested_department_id,
        suggestion_score=1.0 if department_id else sorted_.score, evidence=sorted_.evidence,
        staff_id=sorted_.staff_id, window_id=sorted_.window_id, item_id=sorted_.item_id,
        due_on=due.day if due else None, due_provisional=bool(due and due.provisional),
        due_from=received_on if due else None,
        due_days=rules.handling_days(values["kind"], settings.days_by_kind()) if due else None)
    session.add(complaint)
    session.flush()
    common.event(session, complaint, event_kind, actor=actor, text=complaint.content, at=received_at,
                 channel=rules.CHANNEL_LABELS[rules.Channel(channel)])
    audit.record(session, actor=actor, action="complaint.register", entity="complaint", entity_id=complaint.id,
                 center_id=center_id, detail={"number": complaint.number, "channel": channel, "kind": complaint.kind})
    match = _duplicate_of(session, complaint, settings.duplicate_days)
    if match is not None:
        merge_into(session, actor=actor, duplicate=complaint, primary=session.get(Complaint, match.key),
                   reason=match.reason)
    else:
        _tell_supervisors(session, complaint)
    return complaint


def register(session: Session, *, actor: Actor, channel: str, kind: str, content: str, title: str = "",
             complainant_name: str = "", complainant_phone: str = "", complainant_contact: str = "",
             source_number: str = "", department_id=None, received_at: dt.datetime | None = None,
             now: dt.datetime | None = None) -> Complaint:
    """A complaint from a staffed channel, typed in by a supervisor (`now`: when it is typed in, the clock's by
    default; a demo year passes its own)."""
    actor.require("complaints.manage")
    center_id = actor_center_id(actor)
    if channel not in set(STAFF_CHANNELS):
        raise ValidationFailed(f"请选择来源渠道（{'、'.join(rules.CHANNEL_LABELS[c] for c in STAFF_CHANNELS)}）",
                               field="channel")
    values = _clean(locals(), phone_required=False)
    now = now or clock.now()
    at = received_at or now
    if at > now:
        raise ValidationFailed("收到时间不能晚于现在", field="received_at")
    if values["source_number"] and session.scalar(select(func.count()).select_from(Complaint).where(
            Complaint.center_id == center_id, Complaint.channel == channel,
            Complaint.source_number == values["source_number"])):
        raise ValidationFailed(f"来文编号 {values['source_number']} 已登记过", field="source_number")
    return _create(session, actor=actor, center_id=center_id, channel=channel, values=values, received_at=at,
                   department_id=_department(session, center_id, department_id, "department_id"),
                   event_kind="register")


def submit_public(session: Session, *, center_code: str, kind: str, content: str, complainant_phone: str,
                  complainant_name: str = "", complainant_contact: str = "", department_id=None,
                  ip: str = "") -> Complaint:
    """The public online form, without an account: the complainant gets the reference number to look it up."""
    center = org.find_center_by_code(session, actor=system_actor(name="public"), code=clean_text(center_code))
    if center is None or not center.active:
        raise NotFound("该服务中心不存在")
    if kind not in set(PUBLIC_KINDS):
        raise ValidationFailed("请选择诉求类型", field="kind")
    values = _clean({**locals(), "title": "", "source_number": ""}, phone_required=True)
    today = clock.today()
    start = dt.datetime.combine(today, dt.time(), clock.TZ)
    sent_today = session.scalar(select(func.count()).select_from(Complaint).where(
        Complaint.center_id == center.id, Complaint.channel == rules.Channel.ONLINE,
        Complaint.complainant_phone == values["complainant_phone"], Complaint.received_at >= start)) or 0
    if sent_today >= PUBLIC_PER_PHONE_PER_DAY:
        raise TooManyRequests(f"同一电话每天最多提交 {PUBLIC_PER_PHONE_PER_DAY} 件，请明天再试或拨打监督电话")
    return _create(session, actor=public_actor(center.id, ip=ip), center_id=center.id, channel=rules.Channel.ONLINE,
                   values=values, received_at=clock.now(),
                   department_id=_department(session, center.id, department_id, "department_id"), event_kind="public")


def _duplicate_of(session: Session, complaint: Complaint, period_days: int) -> duplicates.Match | None:
    since = complaint.received_at - dt.timedelta(days=period_days)
    phone = duplicates.phone_key(complaint.complainant_phone)
    unit = complaint.department_id or complaint.suggested_department_id
    conditions = [Complaint.department_id == unit, Complaint.suggested_department_id == unit] if unit else []
    if phone:
        conditions.append(Complaint.complainant_phone == complaint.complainant_phone)
    if not conditions:
        return None
    rows = session.scalars(select(Complaint).where(
        Complaint.center_id == complaint.center_id, Complaint.id != complaint.id,
        Complaint.status.in_([rules.Status.NEW, rules.Status.ASSIGNED, rules.Status.SIGNED]),
        Complaint.keep_apart.is_(False), Complaint.received_at >= since,
        Complaint.received_at <= complaint.received_at, or_(*conditions)))
    index = duplicates.Index(dt.timedelta(days=period_days))
    for other in rows:
        index.add(_probe(other))
    return index.find(_probe(complaint))


def _probe(c: Complaint) -> duplicates.Probe:
    return duplicates.Probe(key=c.id, received_at=c.received_at, phone=duplicates.phone_key(c.complainant_phone),
                            unit=c.department_id or c.suggested_department_id, item=c.item_id, text=c.content,
                            topic=c.topic)


def merge_into(session: Session, *, actor: Actor, duplicate: Complaint, primary: Complaint, reason: str) -> None:
    """Both kept: the duplicate is marked merged and linked; the primary's trail records what joined it."""
    rules.check_action("merge", duplicate.status)
    if primary.id == duplicate.id or primary.center_id != duplicate.center_id or primary.status not in rules.OPEN:
        raise ValidationFailed("只能并入本中心未办结的另一件投诉", field="primary")
    duplicate.status, duplicate.merged_into_id, duplicate.duplicate_reason = rules.Status.MERGED, primary.id, reason
    duplicate.deadline_state = ""
    common.event(session, duplicate, "merged", actor=actor, text=f"{reason}，并入 {primary.number}",
                 primary=primary.number)
    common.event(session, primary, "merge", actor=actor, text=f"{duplicate.number}（{reason}）并入本件",
                 duplicate=duplicate.number)
    session.flush()
    audit.record(session, actor=actor, action="complaint.merge", entity="complaint", entity_id=duplicate.id,
                 center_id=duplicate.center_id, detail={"number": duplicate.number, "into": primary.number,
                                                        "reason": reason})


def merge(session: Session, *, actor: Actor, complaint_id, primary_number: str) -> Complaint:
    """A supervisor merges a complaint into another one they name by number."""
    complaint = common.load(session, actor, complaint_id, permission="complaints.manage")
    primary = session.scalar(select(Complaint).where(Complaint.center_id == complaint.center_id,
                                                     Complaint.number == clean_text(primary_number).upper()))
    if primary is None:
        raise ValidationFailed(f"投诉编号 {clean_text(primary_number)} 不存在", field="primary")
    if primary.status == rules.Status.MERGED:
        raise ValidationFailed(f"{primary.number} 本身已并入其他投诉，请并入 {primary.number} 所并入的那一件",
                               field="primary")
    merge_into(session, actor=actor, duplicate=complaint, primary=primary, reason="监察人员确认重复")
    return complaint


def split(session: Session, *, actor: Actor, complaint_id) -> Complaint:
    """Not a duplicate after all: it stands on its own again (待分派) and is never merged automatically again."""
    complaint = common.load(session, actor, complaint_id, permission="complaints.manage")
    rules.check_action("split", complaint.status)
    primary = session.get(Complaint, complaint.merged_into_id)
    complaint.status, complaint.merged_into_id, complaint.keep_apart = rules.Status.NEW, None, True
    common.event(session, complaint, "split", actor=actor, text=f"不属于 {primary.number} 的重复件，单独办理")
    common.event(session, primary, "split", actor=actor, text=f"{complaint.number} 不属于本件的重复件，已单独办理")
    session.flush()
    audit.record(session, actor=actor, action="complaint.split", entity="complaint", entity_id=complaint.id,
                 center_id=complaint.center_id, detail={"number": complaint.number, "from": primary.number})
    return complaint


def _tell_supervisors(session: Session, complaint: Complaint) -> None:
    label = f"{rules.CHANNEL_LABELS[rules.Channel(complaint.channel)]}{rules.KIND_LABELS[rules.Kind(complaint.kind)]}"
    notifications.notify_role(session, center_id=complaint.center_id, role=Role.SUPERVISOR, kind="complaint_new",
                              title=f"新{label} {complaint.number} 待分派：{complaint.content[:30]}",
                              body=complaint.content, link=f"/complaints/{complaint.id}",
                              key=f"complaint-new:{complaint.id}")


def public_lookup(session: Session, *, number: str, phone: str) -> Complaint | None:
    """Found only with its number and the phone given; a merged one shows the complaint it joined."""
    number, phone = clean_text(number).upper(), clean_text(phone).replace(" ", "")
    if not number or not phone:
        return None
    return session.scalar(select(Complaint).where(Complaint.number == number, Complaint.complainant_phone == phone))


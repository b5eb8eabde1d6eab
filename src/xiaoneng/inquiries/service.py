"""Use cases of first inquiries (E2): log an inquiry with its first responder and outcome, refer one out of scope,
sign for and answer a referral, look a referral up by its number and the asker's phone. Every change audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import service as cases
from xiaoneng.duty import queries as duty
from xiaoneng.duty.rules import HalfDay
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.inquiries import rules
from xiaoneng.inquiries.models import Inquiry, InquirySettings, Referral
from xiaoneng.kit import acting, clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.identifiers import phone_problem
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

CONTENT_MAX = 2000


def settings_for(session: Session, center_id: int) -> InquirySettings:
    row = session.get(InquirySettings, center_id)
    return row or InquirySettings(center_id=center_id, ack_days=rules.DEFAULT_ACK_DAYS,
                                  answer_days=rules.DEFAULT_ANSWER_DAYS)


DAY_BOUNDS = (1, 10)


def update_settings(session: Session, *, actor: Actor, ack_days, answer_days) -> InquirySettings:
    """The center's referral deadlines (working days to sign for, to answer), edited by its admin and audited."""
    actor.require("org.write")
    center_id = actor_center_id(actor)
    low, high = DAY_BOUNDS
    values = {}
    for field, value, label in (("ack_days", ack_days, "签收时限"), ("answer_days", answer_days, "答复时限")):
        text = str(value).strip()
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValidationFailed(f"{label}须为 {low} 至 {high} 之间的整数（工作日）", field=field)
        values[field] = int(text)
    if values["answer_days"] < values["ack_days"]:
        raise ValidationFailed("答复时限不能短于签收时限", field="answer_days")
    row = session.get(InquirySettings, center_id)
    before = (row.ack_days, row.answer_days) if row else (rules.DEFAULT_ACK_DAYS, rules.DEFAULT_ANSWER_DAYS)
    if row is None:
        row = InquirySettings(center_id=center_id, **values)
        session.add(row)
    else:
        row.ack_days, row.answer_days = values["ack_days"], values["answer_days"]
    session.flush()
    audit.record(session, actor=actor, action="update", entity="inquiry_settings", entity_id=center_id,
                 center_id=center_id, detail={"ack_days": [before[0], row.ack_days],
                                              "answer_days": [before[1], row.answer_days]})
    return row


def _next_number(session: Session, center_id: int, day: dt.date) -> str:
    prefix = "ZX" + day.strftime("%Y%m%d")
    count = session.scalar(select(func.count()).select_from(Inquiry).where(
        Inquiry.center_id == center_id, Inquiry.number.like(prefix + "%"))) or 0
    return f"{prefix}{count + 1:04d}"


def _half(at: dt.datetime) -> HalfDay:
    return HalfDay.of_time(clock.local(at))


def _responder(session: Session, actor: Actor, present_ids) -> tuple[int, list[int]]:
    """The first responder among the signed-in person and those present: the highest-ranked (首问负责)."""
    reader = system_actor(actor_center_id(actor))
    ids = [actor.user_id] + [record_id(i) for i in (present_ids or []) if str(i).strip()]
    ids = list(dict.fromkeys(i for i in ids if i is not None))
    present = []
    for staff_id in ids:
        try:
            person = org.get_staff(session, actor=reader, staff_id=staff_id)
        except NotFound:
            raise ValidationFailed("所选在场人员不存在或不属于本中心", field="present_ids") from None
        present.append(rules.Present(staff_id=person.id, rank=person.rank))
    return rules.first_responder(present), ids


def log_inquiry(session: Session, *, actor: Actor, channel: str, content: str, outcome: str, asker_name: str = "",
                asker_phone: str = "", answer: str = "", case_number: str = "", to_department_id=None,
                to_staff_id=None, present_ids=None, now: dt.datetime | None = None) -> Inquiry:
    actor.require("inquiries.write")
    center_id = actor_center_id(actor)
    if actor.user_id is None:
        raise Forbidden("请以本人账号登记咨询")
    if channel not in set(rules.Channel):
        raise ValidationFailed("请选择咨询方式（来访、来电、传真、网上）", field="channel")
    if outcome not in set(rules.Outcome):
        raise ValidationFailed("请选择处理结果（当场答复、转为办件、转办）", field="outcome")
    content, answer, asker_name = clean_text(content), clean_text(answer), clean_text(asker_name)
    check("content", text_problem(content, label="咨询内容", max_len=CONTENT_MAX))
    check("asker_name", text_problem(asker_name, label="咨询人", max_len=64, required=False))
    asker_phone = clean_text(asker_phone)
    if outcome == rules.Outcome.REFERRED and not asker_phone:
        # A referral is looked up later by its number and this phone, and answered on it.
        raise ValidationFailed("转办的咨询请填写咨询人联系电话（凭咨询编号和电话查询办理进度）", field="asker_phone")
    if asker_phone:
        check("asker_phone", phone_problem(asker_phone, label="咨询人联系电话"))
    case_id = None
    if outcome == rules.Outcome.ANSWERED:
        check("answer", text_problem(answer, label="答复内容", max_len=CONTENT_MAX))
    elif outcome == rules.Outcome.CASE:
        case_id = _case_id(session, actor, case_number)
    responder_id, present = _responder(session, actor, present_ids)
    at = now or clock.now()
    responder = org.get_staff(session, actor=system_actor(center_id), staff_id=responder_id)
    inquiry = Inquiry(center_id=center_id, department_id=responder.department_id,
                      number=_next_number(session, center_id, clock.local(at).date()), channel=channel,
                      asker_name=asker_name, asker_phone=asker_phone, content=content, asked_at=at,
                      responder_id=responder_id, present_ids=present, logged_by_id=actor.user_id, outcome=outcome,
                      answer=answer if outcome == rules.Outcome.ANSWERED else "", case_id=case_id)
    session.add(inquiry)
    session.flush()
    audit.record(session, actor=actor, action="log", entity="inquiry", entity_id=inquiry.id, center_id=center_id,
                 detail={"number": inquiry.number, "channel": channel, "outcome": outcome,
                         "responder": responder.full_name})
    if outcome == rules.Outcome.REFERRED:
        _refer(session, actor=actor, inquiry=inquiry, to_department_id=to_department_id, to_staff_id=to_staff_id,
               at=at)
    return inquiry


def _case_id(session: Session, actor: Actor, number: str) -> int:
    number = clean_text(number)
    if not number:
        raise ValidationFailed("请填写转为办件后的办件编号", field="case_number")
    case = cases.find_case_by_number(session, actor=actor, number=number)
    if case is None:
        raise ValidationFailed(f"办件 {number} 不存在", field="case_number")
    return case.id


def _refer(session: Session, *, actor: Actor, inquiry: Inquiry, to_department_id, to_staff_id,
           at: dt.datetime) -> Referral:
    reader = system_actor(inquiry.center_id)
    if to_department_id in (None, ""):
        raise ValidationFailed("请选择转办的责任科室", field="to_department_id")
    try:
        department = org.get_department(session, actor=reader, department_id=record_id(to_department_id))
    except NotFound:
        raise ValidationFailed("所选科室不存在", field="to_department_id") from None
    person = None
    if to_staff_id not in (None, ""):
        try:
            person = org.get_staff(session, actor=reader, staff_id=record_id(to_staff_id))
        except NotFound:
            raise ValidationFailed("所选责任人不存在", field="to_staff_id") from None
        if person.department_id != department.id:
            raise ValidationFailed(f"{person.full_name} 不属于{department.name}", field="to_staff_id")
    # When the responsible person is away, the referral goes to whoever holds their post then (their B).
    assigned = duty.covering(session, staff_id=person.id, at=_half(at)) if person else None
    day = clock.local(at).date()
    setting = settings_for(session, inquiry.center_id)
    due = rules.referral_due(day, calendar.get_calendar(session, center_id=inquiry.center_id),
                             ack_days=setting.ack_days, answer_days=setting.answer_days)
    referral = Referral(center_id=inquiry.center_id, inquiry_id=inquiry.id, department_id=department.id,
                        to_staff_id=person.id if person else None, assigned_staff_id=assigned, referred_on=day,
                        acknowledge_by=due.acknowledge_by, answer_by=due.answer_by)
    session.add(referral)
    session.flush()
    audit.record(session, actor=actor, action="refer", entity="inquiry", entity_id=inquiry.id,
                 center_id=inquiry.center_id,
                 detail={"department": department.name, "to": person.full_name if person else "",
                         "acting_for": bool(person and assigned and assigned != person.id),
                         "acknowledge_by": due.acknowledge_by.isoformat(), "answer_by": due.answer_by.isoformat()})
    title = (f"转办咨询 {inquiry.number}：{inquiry.content[:30]}（请于 {due.acknowledge_by.isoformat()} 前签收、"
             f"{due.answer_by.isoformat()} 前答复）")
    link = f"/inquiries/{inquiry.id}"
    common = {"kind": "inquiry_referral", "title": title, "body": inquiry.content, "link": link,
              "center_id": inquiry.center_id}
    if assigned is not None:
        notifications.notify(session, recipient_id=assigned, key=f"inquiry-referral:{referral.id}:{assigned}", **common)
    if assigned is None or (person and assigned != person.id):
        notifications.notify_role(session, role=Role.DEPT_HEAD, department_id=department.id,
                                  key=f"inquiry-referral:{referral.id}", **common)
    return referral


def _referral(session: Session, actor: Actor, referral_id) -> Referral:
    referral = session.get(Referral, record_id(referral_id))
    if referral is None or referral.center_id != actor.center_id:
        raise NotFound()
    if actor.department_scoped and referral.department_id != actor.department_id and \
            referral.assigned_staff_id != actor.user_id:
        raise NotFound()
    return referral


def _acting(session: Session, actor: Actor, referral: Referral, action: str, at: dt.datetime) -> dict:
    """代岗: an action on a referral assigned to someone who is away, by whoever holds their post (E1)."""
    inquiry = session.get(Inquiry, referral.inquiry_id)
    return acting.note(session, actor=actor, owner_id=referral.assigned_staff_id, entity="inquiry",
                       entity_id=referral.inquiry_id, action=action, summary=f"咨询 {inquiry.number}：{action}",
                       link=f"/inquiries/{inquiry.id}", at=at)


def acknowledge(session: Session, *, actor: Actor, referral_id, now: dt.datetime | None = None) -> Referral:
    """签收: the responsible department (or whoever it was assigned to) takes the referral on."""
    actor.require("inquiries.write")
    referral = _referral(session, actor, referral_id)
    if referral.status != rules.ReferralStatus.OPEN:
        raise Conflict("该转办已签收", field="status")
    referral.status, referral.acknowledged_at = rules.ReferralStatus.ACKNOWLEDGED, now or clock.now()
    referral.acknowledged_by_id = actor.user_id
    session.flush()
    audit.record(session, actor=actor, action="acknowledge", entity="inquiry", entity_id=referral.inquiry_id,
                 center_id=referral.center_id,
                 detail={"referral": referral.id, **_acting(session, actor, referral, "签收转办", referral.acknowledged_at)})
    return referral


def answer(session: Session, *, actor: Actor, referral_id, text: str, now: dt.datetime | None = None) -> Referral:
    actor.require("inquiries.write")
    referral = _referral(session, actor, referral_id)
    if referral.status == rules.ReferralStatus.ANSWERED:
        raise Conflict("该转办已答复", field="status")
    text = clean_text(text)
    check("answer", text_problem(text, label="答复内容", max_len=CONTENT_MAX))
    at = now or clock.now()
    if referral.status == rules.ReferralStatus.OPEN:  # answering signs for it too
        referral.acknowledged_at, referral.acknowledged_by_id = at, actor.user_id
    referral.status, referral.answered_at, referral.answered_by_id, referral.answer = (
        rules.ReferralStatus.ANSWERED, at, actor.user_id, text)
    referral.deadline_state = ""
    session.flush()
    inquiry = session.get(Inquiry, referral.inquiry_id)
    audit.record(session, actor=actor, action="answer", entity="inquiry", entity_id=inquiry.id,
                 center_id=referral.center_id, detail={"referral": referral.id, **_acting(session, actor, referral, "答复转办", at)})
    notifications.notify(session, recipient_id=inquiry.responder_id, kind="inquiry_answered",
                         title=f"转办咨询 {inquiry.number} 已答复", body=text, link=f"/inquiries/{inquiry.id}",
                         key=f"inquiry-answered:{referral.id}", center_id=inquiry.center_id)
    return referral


def get_inquiry(session: Session, *, actor: Actor, inquiry_id) -> Inquiry:
    actor.require("inquiries.read")
    inquiry = session.get(Inquiry, record_id(inquiry_id))
    if inquiry is None or inquiry.center_id != actor.center_id:
        raise NotFound()
    if actor.department_scoped and inquiry.department_id != actor.department_id:
        referred_here = session.scalar(select(func.count()).select_from(Referral).where(
            Referral.inquiry_id == inquiry.id, Referral.department_id == actor.department_id)) or 0
        if not referred_here:
            raise NotFound()
    return inquiry


def referrals_of(session: Session, inquiry: Inquiry) -> list[Referral]:
    return list(session.scalars(select(Referral).where(Referral.inquiry_id == inquiry.id).order_by(Referral.id)))


def public_lookup(session: Session, *, number: str, phone: str) -> tuple[Inquiry, list[Referral]] | None:
    """What the person who asked may see of their inquiry: found only with its number and the phone they gave."""
    number, phone = clean_text(number).upper(), clean_text(phone).replace(" ", "")
    if not number or not phone:
        return None
    inquiry = session.scalar(select(Inquiry).where(Inquiry.number == number, Inquiry.asker_phone == phone))
    if inquiry is None:
        return None
    return inquiry, referrals_of(session, inquiry)


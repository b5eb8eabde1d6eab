"""Phone checks of the consultation lines (电话暗访, S3 咨询电话检查): the inspector calls a point's line as a citizen
and notes whether it connected, the rings before an answer and whether the question was answered correctly. What
was wrong becomes a finding of the point's 咨询电话检查, held from the unit until the check is published."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.inspections import catalogue, findings, rules, setup
from xiaoneng.inspections.common import get_point
from xiaoneng.inspections.models import InspectionFinding, PhoneCheck
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.identifiers import phone_problem
from xiaoneng.kit.scope import Actor

PHONE_CHECK_CODE = "A02"  # 咨询电话检查 in the seeded catalogue
QUESTION_MAX, NOTE_MAX = 500, 1000
SERVICE_NUMBER_DIGITS = (5, 6)  # short service numbers such as 12345 are lines too


def _yes_no(value, field: str, label: str) -> bool | None:
    text = clean_text(value).lower()
    if text in ("", "none"):
        return None
    if text in ("1", "true", "yes", "是"):
        return True
    if text in ("0", "false", "no", "否"):
        return False
    raise ValidationFailed(f"请选择{label}", field=field)


def _phone(value) -> str:
    phone = clean_text(value).replace(" ", "")
    if not phone:
        raise ValidationFailed("请填写拨打的咨询电话号码", field="phone")
    low, high = SERVICE_NUMBER_DIGITS
    if phone.isdigit() and low <= len(phone) <= high:
        return phone
    check("phone", phone_problem(phone, label="咨询电话"))
    return phone


def record_check(session: Session, *, actor: Actor, point_id, phone, connected, rings=None, answered_correctly=None,
                 question: str = "", note: str = "", called_at: dt.datetime | None = None) -> PhoneCheck:
    actor.require("inspections.record")
    center_id = actor_center_id(actor)
    point = get_point(session, actor, point_id)
    number = _phone(phone)
    was_connected = _yes_no(connected, "connected", "是否接通")
    if was_connected is None:
        raise ValidationFailed("请选择电话是否接通", field="connected")
    correct = _yes_no(answered_correctly, "answered_correctly", "咨询问题是否答复准确")
    ring_count = rules.check_phone_input(connected=was_connected, rings=rings, answered_correctly=correct)
    question, note = clean_text(question), clean_text(note)
    check("question", text_problem(question, label="咨询的问题", max_len=QUESTION_MAX, required=was_connected))
    check("note", text_problem(note, label="备注", max_len=NOTE_MAX, required=False))
    limit = setup.settings_for(session, center_id).ring_limit
    problems = rules.phone_check_problems(connected=was_connected, rings=ring_count, answered_correctly=correct,
                                          ring_limit=limit)
    at = called_at or clock.now()
    row = PhoneCheck(center_id=center_id, point_id=point.id, phone=number, called_at=at, connected=was_connected,
                     rings=ring_count, answered_correctly=correct, question=question, note=note,
                     checker_id=actor.user_id, problems=problems, passed=not problems)
    session.add(row)
    session.flush()
    if problems:
        indicator = next((i for i in catalogue.indicators(session, center_id=center_id, point_type=point.point_type)
                          if i.code == PHONE_CHECK_CODE), None)
        text = "；".join(problems) + (f"。咨询问题：{question}" if question else "") + (f"。{note}" if note else "")
        findings.open_finding(session, actor=actor, point=point, indicator=indicator, kind="phone",
                              description=f"电话暗访（{number}）：{text}", found_on=clock.local(at).date(), held=True,
                              phone_check_id=row.id)
    audit.record(session, actor=actor, action="inspection.phone_check", entity="inspection_phone_check", entity_id=row.id,
                 center_id=center_id, detail={"point": point.name, "connected": was_connected, "rings": ring_count,
                                              "answered_correctly": correct, "problems": len(problems)})
    return row


def get_check(session: Session, *, actor: Actor, check_id) -> PhoneCheck:
    actor.require("inspections.read")
    row = session.get(PhoneCheck, record_id(check_id))
    if row is None or row.center_id != actor.center_id:
        raise NotFound()
    return row


def publish(session: Session, *, actor: Actor, check_id) -> PhoneCheck:
    actor.require("inspections.manage")
    row = get_check(session, actor=actor, check_id=check_id)
    if row.published_at is not None:
        raise Conflict("该电话暗访已发布", field="status")
    row.published_at = clock.now()
    held = list(session.scalars(select(InspectionFinding).where(InspectionFinding.phone_check_id == row.id)))
    findings.release(session, actor=actor, findings=held, today=clock.today())
    audit.record(session, actor=actor, action="inspection.publish", entity="inspection_phone_check", entity_id=row.id,
                 center_id=row.center_id, detail={"findings": len(held)})
    return row

"""The handling of a complaint through the services: registration with its classification, assignment with the
deadlines of its type, sign-for, notes, answer, callback, reopens (twice at most) and the director's decision."""

import datetime as dt

import pytest

from tests.complaints.conftest import AT, register
from xiaoneng.audit.models import AuditRecord
from xiaoneng.complaints import common, rules, service
from xiaoneng.complaints.models import ComplaintEvent
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.notifications.models import Notification
from sqlalchemy import select


def events(db, c):
    return [e.kind for e in db.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == c.id)
                                      .order_by(ComplaintEvent.id))]


def test_registration_classifies_and_numbers(db, hall):
    c = register(db, hall)
    assert c.number == "TS202611180001" and c.status == rules.Status.NEW
    assert c.topic == "服务态度"
    assert c.suggested_department_id == hall["land"].id
    assert c.staff_id == hall["clerk"].id
    assert c.due_on == dt.date(2026, 12, 7)  # 13 working days after Wed 18 Nov
    assert {"不动产登记中心", "二手房", "张伟"} <= {term for _, _, term in c.evidence}
    second = register(db, hall, complainant_phone="13900139000", content="食品经营许可证核发一直没有结果", kind="consult")
    assert second.number == "TS202611180002" and second.suggested_department_id == hall["market"].id
    assert second.due_on == dt.date(2026, 11, 23)  # 3 working days
    notes = db.scalars(select(Notification).where(Notification.recipient_id == hall["supervisor"].id)).all()
    assert any(c.number in n.title for n in notes)


def test_the_whole_way_to_a_satisfied_callback(db, hall):
    c = register(db, hall)
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=c.id, department_id=hall["land"].id, now=AT)
    assert c.status == rules.Status.ASSIGNED and c.sign_by == dt.date(2026, 11, 19)
    head = db.scalars(select(Notification).where(Notification.recipient_id == hall["head"].id)).all()
    assert len(head) == 1 and "2026-11-19 前签收" in head[0].title
    with pytest.raises(NotFound):  # another unit's head does not see it
        service.sign(db, actor=hall["as"]["market_head"], complaint_id=c.id)
    service.sign(db, actor=hall["as"]["head"], complaint_id=c.id)
    service.note(db, actor=hall["as"]["head"], complaint_id=c.id, text="调取窗口录像，张伟确有语气生硬，已批评教育")
    service.answer(db, actor=hall["as"]["head"], complaint_id=c.id, text="已致电陈先生致歉并当场办结过户", method="phone")
    assert c.status == rules.Status.ANSWERED and c.answered_on_time
    with pytest.raises(Forbidden):
        service.callback(db, actor=hall["as"]["head"], complaint_id=c.id, result="satisfied")
    with pytest.raises(ValidationFailed) as bad:
        service.callback(db, actor=hall["as"]["supervisor"], complaint_id=c.id, result="great")
    assert bad.value.field == "result"
    service.callback(db, actor=hall["as"]["supervisor"], complaint_id=c.id, result="basic")
    assert c.status == rules.Status.CLOSED and c.closed_at is not None
    assert events(db, c) == ["register", "assign", "sign", "note", "answer", "callback", "close"]
    actions = db.scalars(select(AuditRecord.action).where(AuditRecord.entity == "complaint",
                                                          AuditRecord.entity_id == str(c.id))).all()
    assert actions == ["complaint.register", "complaint.assign", "complaint.sign", "complaint.note",
                       "complaint.answer", "complaint.callback"]


def _answered(db, hall, c):
    service.answer(db, actor=hall["as"]["head"], complaint_id=c.id, text="已答复", method="sms")


def test_reopened_twice_then_the_director_decides(db, hall, clock):
    c = register(db, hall)
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=c.id, department_id=hall["land"].id)
    for round_ in (1, 2):
        _answered(db, hall, c)
        service.callback(db, actor=hall["as"]["supervisor"], complaint_id=c.id, result="unsatisfied",
                         note="诉求人认为未解决")
        assert c.status == rules.Status.ASSIGNED and c.round == round_
        assert c.sign_by == dt.date(2026, 11, 19) and c.due_on == dt.date(2026, 12, 7)  # counted from the reopen
    _answered(db, hall, c)
    service.callback(db, actor=hall["as"]["supervisor"], complaint_id=c.id, result="unsatisfied", note="仍不满意")
    assert c.status == rules.Status.ESCALATED and c.round == 2
    told = db.scalars(select(Notification).where(Notification.recipient_id == hall["director"].id)).all()
    assert len(told) == 1 and "请批示" in told[0].title
    with pytest.raises(Forbidden):
        service.decide(db, actor=hall["as"]["supervisor"], complaint_id=c.id, text="结案")
    with pytest.raises(ValidationFailed):
        service.decide(db, actor=hall["as"]["director"], complaint_id=c.id, text=" ")
    service.decide(db, actor=hall["as"]["director"], complaint_id=c.id, text="责成不动产登记中心约谈诉求人，依法解释到位后结案")
    assert c.status == rules.Status.CLOSED
    assert events(db, c).count("reopen") == 2 and events(db, c)[-3:] == ["escalate", "decide", "close"]


def test_refusals_change_nothing(db, hall):
    c = register(db, hall)
    with pytest.raises(Conflict):
        service.sign(db, actor=hall["as"]["supervisor"], complaint_id=c.id)
    with pytest.raises(Conflict) as bad:  # the state is checked first: nothing to call back yet
        service.callback(db, actor=hall["as"]["supervisor"], complaint_id=c.id, result="satisfied")
    assert bad.value.message == "投诉当前为“待分派”，不能回访"
    with pytest.raises(ValidationFailed) as bad:
        register(db, hall, complainant_phone="12345", content="另一件事")
    assert bad.value.field == "complainant_phone"
    with pytest.raises(ValidationFailed) as bad:
        register(db, hall, channel="online")
    assert bad.value.field == "channel"
    with pytest.raises(ValidationFailed) as bad:
        register(db, hall, content="")
    assert bad.value.field == "content"
    assert c.status == rules.Status.NEW and events(db, c) == ["register"]


def test_praise_has_no_deadline_and_needs_no_callback(db, hall):
    c = register(db, hall, kind="praise", content="不动产窗口张伟服务热情耐心，特此表扬", complainant_phone="")
    assert c.due_on is None and c.topic == "表扬感谢"
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=c.id, department_id=hall["land"].id)
    service.answer(db, actor=hall["as"]["head"], complaint_id=c.id, text="已转达表扬", method="phone")
    assert c.status == rules.Status.CLOSED


def test_settings_change_the_deadlines_of_later_complaints(db, hall):
    with pytest.raises(Forbidden):
        service.update_settings(db, actor=hall["as"]["head"], values={})
    values = {"consult_days": "2", "help_days": "3", "complaint_days": "10", "report_days": "13", "suggest_days": "13",
              "sign_days": "1", "duplicate_days": "30"}
    with pytest.raises(ValidationFailed) as bad:
        service.update_settings(db, actor=hall["as"]["admin"], values={**values, "complaint_days": "0"})
    assert bad.value.field == "complaint_days" and "投诉办理时限" in bad.value.message
    service.update_settings(db, actor=hall["as"]["admin"], values=values)
    assert common.settings_for(db, hall["center"].id).complaint_days == 10
    assert register(db, hall).due_on == dt.date(2026, 12, 2)

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.inquiries.conftest import AT, refer
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.duty import service as duty
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.inquiries import service
from xiaoneng.inquiries.models import Referral
from xiaoneng.inquiries.rules import ReferralStatus
from xiaoneng.notifications.models import Notification

def test_an_inquiry_answered_on_the_spot_names_the_highest_ranked_present(db, hall):
    inquiry = service.log_inquiry(db, actor=actor_for(hall["clerk"]), channel="phone", content="几点下班？",
                                  outcome="answered", answer="工作日 17:00", present_ids=[hall["senior"].id], now=AT)
    assert inquiry.responder_id == hall["senior"].id and inquiry.number == "ZX202611180001"
    record = db.scalars(select(AuditRecord).where(AuditRecord.entity == "inquiry")).one()
    assert json.loads(record.detail)["responder"] == "黄科员"


def test_a_referral_gets_its_deadlines_and_tells_the_responsible_person(db, hall):
    inquiry = refer(db, hall)
    [referral] = service.referrals_of(db, inquiry)
    assert referral.assigned_staff_id == hall["a"].id
    assert (referral.acknowledge_by, referral.answer_by) == (dt.date(2026, 11, 19), dt.date(2026, 11, 23))
    note = db.scalars(select(Notification).where(Notification.recipient_id == hall["a"].id)).one()
    assert note.title.startswith(f"转办咨询 {inquiry.number}：二手房过户需要哪些材料？")
    assert "2026-11-19 前签收" in note.title and note.link == f"/inquiries/{inquiry.id}"


def test_while_the_responsible_person_is_away_the_referral_goes_to_their_b(db, hall):
    duty.create_post(db, actor=actor_for(hall["head"]), name="不动产咨询岗", a_staff_id=hall["a"].id,
                     b_staff_id=hall["b"].id, department_id=hall["land"].id)
    leave = duty.request_absence(db, actor=actor_for(hall["a"]), kind="trip", start_date="2026-11-18", start_half=0,
                                 end_date="2026-11-18", end_half=1)
    duty.decide_absence(db, actor=actor_for(hall["head"]), absence_id=leave.id, approve=True, now=AT)
    [referral] = service.referrals_of(db, refer(db, hall))
    assert referral.to_staff_id == hall["a"].id and referral.assigned_staff_id == hall["b"].id
    heads = db.scalars(select(Notification).where(Notification.recipient_id == hall["head"].id,
                                                  Notification.kind == "inquiry_referral")).all()
    assert len(heads) == 1  # the head is told that B acts for A


def test_signing_for_and_answering_a_referral(db, hall):
    inquiry = refer(db, hall)
    [referral] = service.referrals_of(db, inquiry)
    service.acknowledge(db, actor=actor_for(hall["a"]), referral_id=referral.id, now=AT)
    with pytest.raises(ValidationFailed, match="答复内容"):
        service.answer(db, actor=actor_for(hall["a"]), referral_id=referral.id, text=" ")
    service.answer(db, actor=actor_for(hall["a"]), referral_id=referral.id, text="需携带不动产权证书、身份证", now=AT)
    assert db.get(Referral, referral.id).status == ReferralStatus.ANSWERED
    told = db.scalars(select(Notification).where(Notification.recipient_id == hall["clerk"].id)).one()
    assert told.title == f"转办咨询 {inquiry.number} 已答复"


def test_another_department_cannot_touch_the_referral(db, hall):
    [referral] = service.referrals_of(db, refer(db, hall))
    with pytest.raises(NotFound):
        service.acknowledge(db, actor=actor_for(hall["other"]), referral_id=referral.id)


@pytest.mark.parametrize(("changes", "field"), [
    ({"channel": "letter"}, "channel"),
    ({"outcome": "ignored"}, "outcome"),
    ({"content": ""}, "content"),
    ({"asker_phone": ""}, "asker_phone"),            # a referral is looked up by the phone
    ({"asker_phone": "123abc"}, "asker_phone"),
    ({"to_department_id": None}, "to_department_id"),
    ({"to_staff_id": 10 ** 6}, "to_staff_id"),
    ({"outcome": "answered", "answer": ""}, "answer"),
    ({"outcome": "case", "case_number": "BJ-NONE"}, "case_number"),
])
def test_bad_input_is_refused_naming_the_field(db, hall, changes, field):
    with pytest.raises(ValidationFailed) as exc:
        refer(db, hall, **changes)
    assert exc.value.field == field


def test_a_referral_to_someone_outside_the_department_is_refused(db, hall):
    with pytest.raises(ValidationFailed, match="刘洋 不属于不动产登记科"):
        refer(db, hall, to_staff_id=hall["clerk"].id)


def test_the_asker_looks_it_up_with_number_and_phone_only(db, hall):
    inquiry = refer(db, hall)
    found = service.public_lookup(db, number=inquiry.number.lower(), phone="13800138000")
    assert found is not None and found[0].id == inquiry.id and len(found[1]) == 1
    assert service.public_lookup(db, number=inquiry.number, phone="13900139000") is None
    assert service.public_lookup(db, number="", phone="13800138000") is None

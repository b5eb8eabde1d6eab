"""Phone checks of the consultation lines: what was wrong becomes a finding of 咨询电话检查, held from the unit
until the check is published; impossible input refused in Chinese."""

import pytest
from sqlalchemy import select

from xiaoneng.auth.service import actor_for
from xiaoneng.errors import ValidationFailed
from xiaoneng.inspections import phone_checks, rules, visit_queries
from xiaoneng.inspections.models import InspectionFinding, PhoneCheck


def test_a_line_not_answered_is_a_held_finding_until_published(db, world):
    check = phone_checks.record_check(db, actor=actor_for(world.inspector), point_id=world.street.id,
                                      phone="028-85551234", connected="0", question="")
    assert check.problems == ["咨询电话未接通（占线或无人接听）"] and not check.passed
    finding = db.scalars(select(InspectionFinding)).one()
    assert finding.status == rules.FindingStatus.HELD and finding.indicator_code == "A02"
    assert finding.kind == "phone" and "028-85551234" in finding.description
    phone_checks.publish(db, actor=world.actor, check_id=check.id)
    assert finding.status == rules.FindingStatus.OPEN and finding.due_on is not None


def test_a_good_call_makes_no_finding(db, world):
    check = phone_checks.record_check(db, actor=actor_for(world.inspector), point_id=world.hall.id, phone="12345",
                                      connected="1", rings="2", answered_correctly="1", question="营业执照怎么办？")
    assert check.passed and check.rings == 2
    assert db.scalars(select(InspectionFinding)).all() == []
    rows = visit_queries.list_checks(db, actor=world.actor, filters=visit_queries.PhoneFilters(result="ok"))
    assert [c.id for c in rows.items] == [check.id]


def test_slow_and_wrong_answers_are_both_named(db, world):
    phone_checks.record_check(db, actor=actor_for(world.inspector), point_id=world.hall.id, phone="028-85550000",
                              connected="1", rings="6", answered_correctly="0", question="社保转移要带什么")
    finding = db.scalars(select(InspectionFinding)).one()
    assert "铃响 6 声才接听（应在 3 声内）；咨询问题未能准确答复" in finding.description


@pytest.mark.parametrize(("values", "message"), [
    ({"phone": "", "connected": "1", "rings": "1", "answered_correctly": "1"}, "请填写拨打的咨询电话号码"),
    ({"phone": "abc", "connected": "1", "rings": "1", "answered_correctly": "1"}, "咨询电话格式不正确"),
    ({"phone": "12345", "connected": "", "rings": "", "answered_correctly": ""}, "请选择电话是否接通"),
    ({"phone": "12345", "connected": "1", "rings": "", "answered_correctly": "1"}, "请填写接听前的铃声次数"),
    ({"phone": "12345", "connected": "1", "rings": "2", "answered_correctly": "1", "question": ""},
     "咨询的问题不能为空"),
])
def test_bad_phone_checks_are_refused(db, world, values, message):
    values = {"question": "问题", **values}
    with pytest.raises(ValidationFailed, match=message):
        phone_checks.record_check(db, actor=actor_for(world.inspector), point_id=world.hall.id, **values)
    assert db.scalars(select(PhoneCheck)).all() == []

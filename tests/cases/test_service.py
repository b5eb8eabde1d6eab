"""Cases through the service: steps, S1 clock events cached on the case, the rating window of a step."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_case, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import CaseEvent, CaseStatus
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import Actor, system_actor


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def test_window_case_has_one_step_and_a_due_date_on_the_working_day_calendar(db):
    item = make_item(db, promised_limit_days=5)
    case = make_case(db, item=item, received_at=at(2026, 9, 29))
    assert [s.name for s in case.steps] == ["窗口办理"]
    # 5 working days from Tue 29 Sep 2026: 30 Sep; 国庆 1-7 Oct off; 8, 9, Sat 10 (make-up day), Mon 12
    assert case.due_on == dt.date(2026, 10, 12)
    assert case.status == CaseStatus.RECEIVED
    assert case.number.startswith("20260929")


def test_completing_a_step_opens_a_five_working_day_rating_window(db):
    case = make_case(db, received_at=at(2026, 9, 28), completed_at=at(2026, 9, 30, 16))
    step = case.steps[0]
    assert case.status == CaseStatus.COMPLETED and case.completed_on == dt.date(2026, 9, 30)
    # 5 working days after 30 Sep 2026 across 国庆: 8, 9, Sat 10 (make-up day), 12, 13 Oct
    assert step.rating_due_on == dt.date(2026, 10, 13)


def test_online_case_steps_each_invite_a_rating_and_the_last_completes_the_case(db):
    case = make_case(db, origin="online", window=None, received_at=at(2026, 11, 2))
    actor = system_actor(case.center_id)
    first = cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 11, 3))
    assert first.seq == 1 and first.rating_due_on == dt.date(2026, 11, 10)
    assert case.status == CaseStatus.ACCEPTED
    cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 11, 4))
    cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 11, 5))
    assert case.status == CaseStatus.COMPLETED
    with pytest.raises(Conflict):
        cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 11, 6))


def test_notice_stops_the_clock_and_the_supplement_restarts_it_from_zero(db):
    item = make_item(db, promised_limit_days=3)
    case = make_case(db, item=item, received_at=at(2026, 11, 2))
    actor = system_actor(case.center_id)
    cases.issue_notice(db, actor=actor, case_id=case.id, materials=["营业执照副本"], at=at(2026, 11, 3))
    assert case.status == CaseStatus.SUSPENDED and case.due_on is None
    with pytest.raises(Conflict):
        cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 11, 4))
    cases.receive_supplement(db, actor=actor, case_id=case.id, at=at(2026, 11, 6))  # Friday
    assert case.due_on == dt.date(2026, 11, 11)  # Mon 9, Tue 10, Wed 11
    assert case.status == CaseStatus.RECEIVED


def test_an_omitted_material_does_not_stop_the_clock_and_is_recorded_as_a_violation(db):
    item = make_item(db, promised_limit_days=3)
    case = make_case(db, item=item, received_at=at(2026, 11, 2))
    actor = system_actor(case.center_id)
    cases.issue_notice(db, actor=actor, case_id=case.id, materials=["身份证"], at=at(2026, 11, 3))
    cases.receive_supplement(db, actor=actor, case_id=case.id, at=at(2026, 11, 4))
    cases.issue_notice(db, actor=actor, case_id=case.id, materials=["租赁合同"], at=at(2026, 11, 5))
    assert case.status != CaseStatus.SUSPENDED
    assert case.due_on == dt.date(2026, 11, 9)
    clock = cases.case_clock(db, actor=actor, case_id=case.id)
    assert "未一次性告知" in clock.violations[0]


def test_window_staff_of_another_department_cannot_see_the_case(db):
    case = make_case(db)
    other = make_window(db)
    outsider = Actor(user_id=1, username="x", role="window_staff", center_id=case.center_id,
                     department_id=other.department_id)
    with pytest.raises(NotFound):
        cases.get_case(db, actor=outsider, case_id=case.id)


def test_every_clock_event_is_stored_once(db):
    case = make_case(db, completed_at=at(2026, 11, 20, 15), received_at=at(2026, 11, 20, 9))
    kinds = [e.kind for e in db.query(CaseEvent).filter_by(case_id=case.id).order_by(CaseEvent.id)]
    assert kinds == ["received", "completed"]


@pytest.mark.parametrize("fields, field", [
    (dict(applicant_phone="123abc"), "applicant_phone"),
    (dict(applicant_id_number="xyz"), "applicant_id_number"),
    (dict(applicant_id_number="110105194912310021"), "applicant_id_number"),  # wrong check digit
    (dict(applicant_type="organisation", applicant_name="锦江建设有限公司", applicant_id_number="11010519491231002X"),
     "applicant_id_number"),  # a person's ID number is not a credit code
])
def test_the_case_form_refuses_malformed_applicant_identifiers(db, fields, field):
    with pytest.raises(ValidationFailed) as e:
        make_case(db, **fields)
    assert e.value.field == field


def test_the_case_form_accepts_a_landline_and_an_organisations_credit_code(db):
    case = make_case(db, applicant_type="organisation", applicant_name="锦江建设有限公司",
                     applicant_phone="028-85551234-12", applicant_id_number="91350100M000100Y43")
    assert case.applicant_id_number == "91350100M000100Y43"


@pytest.mark.parametrize("statutory, promised, received, due, limit", [
    (20, 0, at(2026, 11, 18), dt.date(2026, 11, 18), 0),  # 即办件 (the case found): due the day of receipt
    (20, None, at(2026, 11, 18), dt.date(2026, 12, 16), 20),  # not set: the statutory 20 working days
    (20, 5, at(2026, 11, 18), dt.date(2026, 11, 25), 5),  # promised: Thu 19 … Wed 25
    (0, None, at(2026, 11, 18), dt.date(2026, 11, 18), 0),  # neither limit set by law nor promised
])
def test_a_case_takes_the_promised_limit_when_set_and_the_statutory_one_when_not(db, statutory, promised, received,
                                                                                 due, limit):
    item = make_item(db, statutory_limit_days=statutory, promised_limit_days=promised)
    case = make_case(db, item=item, received_at=received)
    assert (case.limit_days, case.due_on) == (limit, due)

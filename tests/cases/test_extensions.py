"""Extensions (S1 限时办结 5): the handler requests, the department head or a center leader approves or refuses."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_case, make_department, make_item, make_staff, make_window
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import extensions
from xiaoneng.cases import rules
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import CaseEvent
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications.models import Notification, OutboundMessage
from xiaoneng.org.models import Center


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.fixture
def setting(db):
    """A case received Mon 16 Nov 2026 with 3 working days (due Thu 19), its clerk, head and a leader."""
    dept = make_department(db, name="市场监管科")
    item = make_item(db, department=dept, name="食品经营许可", promised_limit_days=3)
    window = make_window(db, department=dept)
    clerk = make_staff(db, role=Role.WINDOW_STAFF, department=dept, window_id=window.id, full_name="王窗口")
    head = make_staff(db, role=Role.DEPT_HEAD, department=dept, full_name="李科长")
    director = make_staff(db, role=Role.DIRECTOR, center=db.get(Center, dept.center_id), full_name="张主任")
    case = make_case(db, item=item, window=window, handler=clerk, applicant_phone="13912345678",
                     received_at=at(2026, 11, 16))
    assert case.due_on == dt.date(2026, 11, 19)
    return dict(dept=dept, item=item, clerk=clerk, head=head, director=director, case=case)


def _request(db, s, new_due=dt.date(2026, 11, 27), reason="需现场核查经营场所", when=at(2026, 11, 18)):
    return extensions.request_extension(db, actor=actor_for(s["clerk"]), case_id=s["case"].id, new_due=new_due,
                                        reason=reason, at=when)


def test_staff_request_notifies_the_head_and_the_leaders_and_leaves_the_due_date(db, setting):
    request = _request(db, setting)
    case = setting["case"]
    assert request.status == "pending" and request.current_due == dt.date(2026, 11, 19)
    assert case.due_on == dt.date(2026, 11, 19)  # nothing changes before the approval
    notes = db.scalars(select(Notification).where(Notification.kind == "case_extension")).all()
    assert {n.recipient_id for n in notes} == {setting["head"].id, setting["director"].id}
    assert all(case.number in n.title and "食品经营许可" in n.title and "2026-11-19" in n.title
               and "2026-11-27" in n.title and n.link == f"/cases/{case.id}#extension" for n in notes)
    audit = db.scalars(select(AuditRecord).where(AuditRecord.action == "extension.request")).one()
    assert audit.entity_id == str(case.id)


@pytest.mark.parametrize("approver", ["head", "director"])
def test_a_leader_approves_and_the_extension_counts_from_the_approval(db, setting, approver):
    request = _request(db, setting)
    leader = setting[approver]
    extensions.approve(db, actor=actor_for(leader), request_id=request.id, at=at(2026, 11, 19))
    case = setting["case"]
    assert case.due_on == dt.date(2026, 11, 27) and request.status == "approved"
    event = db.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "extension")).one()
    assert (event.day, event.new_due, event.reason, event.approved_by_id, event.actor_id) == (
        dt.date(2026, 11, 19), dt.date(2026, 11, 27), "需现场核查经营场所", leader.id, setting["clerk"].id)
    told = db.scalars(select(Notification).where(Notification.recipient_id == setting["clerk"].id)).all()
    assert any("已批准" in n.title and case.number in n.title and "2026-11-27" in n.title for n in told)
    assert db.scalars(select(AuditRecord).where(AuditRecord.action == "extension.approve")).one()


def test_the_applicant_gets_one_sms_with_the_reason_and_the_new_deadline(db, setting):
    request = _request(db, setting)
    extensions.approve(db, actor=actor_for(setting["head"]), request_id=request.id, at=at(2026, 11, 19))
    with pytest.raises(Conflict):  # decided already: nothing is sent again
        extensions.approve(db, actor=actor_for(setting["director"]), request_id=request.id, at=at(2026, 11, 19))
    sms = db.scalars(select(OutboundMessage).where(OutboundMessage.address == "13912345678")).all()
    assert len(sms) == 1 and sms[0].channel == "sms" and sms[0].key == f"case-extension-sms:{request.id}"
    assert "需现场核查经营场所" in sms[0].body and "2026年11月27日" in sms[0].body
    assert setting["case"].number in sms[0].body
    # Queuing it again under its key adds nothing.
    extensions._tell_applicant(db, actor=actor_for(setting["head"]), case=setting["case"], request=request)
    assert len(db.scalars(select(OutboundMessage).where(OutboundMessage.address == "13912345678")).all()) == 1


def test_a_refusal_needs_its_reason_and_keeps_the_due_date(db, setting):
    request = _request(db, setting)
    with pytest.raises(ValidationFailed) as e:
        extensions.refuse(db, actor=actor_for(setting["head"]), request_id=request.id, note=" ")
    assert e.value.field == "note" and "理由" in e.value.message
    extensions.refuse(db, actor=actor_for(setting["head"]), request_id=request.id, note="材料齐全，可按期办结")
    assert request.status == "refused" and setting["case"].due_on == dt.date(2026, 11, 19)
    assert not db.scalars(select(CaseEvent).where(CaseEvent.kind == "extension")).all()
    told = db.scalars(select(Notification).where(Notification.recipient_id == setting["clerk"].id)).all()
    assert any("未获批准" in n.title and setting["case"].number in n.title for n in told)
    assert not db.scalars(select(OutboundMessage)).all()
    # A new request may follow a refusal.
    assert _request(db, setting, new_due=dt.date(2026, 11, 24)).status == "pending"


def test_the_head_of_another_department_cannot_approve(db, setting):
    request = _request(db, setting)
    other_dept = make_department(db, center=db.get(Center, setting["dept"].center_id))
    other = make_staff(db, role=Role.DEPT_HEAD, department=other_dept)
    with pytest.raises((NotFound, Forbidden)):
        extensions.approve(db, actor=actor_for(other), request_id=request.id)
    assert request.status == "pending" and setting["case"].due_on == dt.date(2026, 11, 19)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN, Role.WINDOW_STAFF])
def test_who_is_no_leader_of_the_case_cannot_approve(db, setting, role):
    request = _request(db, setting)
    department = setting["dept"] if role == Role.WINDOW_STAFF else None
    someone = make_staff(db, role=role, department=department, center=db.get(Center, setting["dept"].center_id))
    with pytest.raises(Forbidden) as e:
        extensions.approve(db, actor=actor_for(someone), request_id=request.id)
    assert "科室的负责人或中心领导" in e.value.message
    assert request.status == "pending"


def test_nobody_approves_their_own_request(db, setting):
    request = extensions.request_extension(db, actor=actor_for(setting["head"]), case_id=setting["case"].id,
                                           new_due=dt.date(2026, 11, 27), reason="需专家论证", at=at(2026, 11, 18))
    with pytest.raises(Forbidden):
        extensions.approve(db, actor=actor_for(setting["head"]), request_id=request.id)
    extensions.approve(db, actor=actor_for(setting["director"]), request_id=request.id, at=at(2026, 11, 18))
    assert setting["case"].due_on == dt.date(2026, 11, 27)


def test_a_request_while_the_clock_is_stopped_is_refused(db, setting):
    cases.issue_notice(db, actor=system_actor(setting["case"].center_id), case_id=setting["case"].id,
                       materials=["营业执照副本"], at=at(2026, 11, 17))
    with pytest.raises(Conflict) as e:
        _request(db, setting)
    assert e.value.field == "status" and "补正" in e.value.message


def test_a_request_pending_when_the_clock_stops_cannot_be_approved(db, setting):
    request = _request(db, setting)
    cases.issue_notice(db, actor=system_actor(setting["case"].center_id), case_id=setting["case"].id,
                       materials=["营业执照副本"], at=at(2026, 11, 18, 15))
    with pytest.raises(Conflict) as e:
        extensions.approve(db, actor=actor_for(setting["head"]), request_id=request.id, at=at(2026, 11, 19))
    assert "补正" in e.value.message and request.status == "pending"


@pytest.mark.parametrize("new_due", [dt.date(2026, 11, 19), dt.date(2026, 11, 18), None])
def test_the_new_due_date_must_be_later_than_the_current_one(db, setting, new_due):
    with pytest.raises(ValidationFailed) as e:
        _request(db, setting, new_due=new_due)
    assert e.value.field == "new_due" and "办结期限" in e.value.message


@pytest.mark.parametrize("reason, problem", [("", "请填写延期理由"), ("理" * 201, "不能超过200个字")])
def test_the_reason_is_required_and_bounded(db, setting, reason, problem):
    with pytest.raises(ValidationFailed) as e:
        _request(db, setting, reason=reason)
    assert e.value.field == "reason" and problem in e.value.message


def test_one_pending_request_at_a_time(db, setting):
    _request(db, setting)
    with pytest.raises(Conflict):
        _request(db, setting, new_due=dt.date(2026, 11, 30))


def test_a_supervisor_cannot_even_request(db, setting):
    supervisor = make_staff(db, role=Role.SUPERVISOR, center=db.get(Center, setting["dept"].center_id))
    with pytest.raises(Forbidden):
        _request_as(db, supervisor, setting)


def _request_as(db, staff, s):
    return extensions.request_extension(db, actor=actor_for(staff), case_id=s["case"].id,
                                        new_due=dt.date(2026, 11, 27), reason="需现场核查", at=at(2026, 11, 18))


@pytest.mark.parametrize("status, due, new_due, today, field", [
    ("running", dt.date(2026, 11, 19), dt.date(2026, 11, 27), dt.date(2026, 11, 18), None),
    ("running", dt.date(2026, 11, 19), dt.date(2026, 11, 27), dt.date(2026, 11, 19), None),  # on the due day
    ("running", dt.date(2026, 11, 19), dt.date(2026, 11, 27), dt.date(2026, 11, 20), "new_due"),  # run out
    ("running", dt.date(2026, 11, 19), dt.date(2026, 11, 19), dt.date(2026, 11, 18), "new_due"),  # not later
    ("stopped", None, dt.date(2026, 11, 27), dt.date(2026, 11, 18), "status"),  # 补正中
    ("done", dt.date(2026, 11, 19), dt.date(2026, 11, 27), dt.date(2026, 11, 18), "status"),
])
def test_extension_rules(status, due, new_due, today, field):
    problem = rules.extension_problem(status, due, new_due, today)
    assert (problem[0] if problem else None) == field


@pytest.mark.parametrize("role, dept, ok", [
    ("dept_head", 7, True), ("dept_head", 8, False), ("director", None, True), ("supervisor", None, False),
    ("window_staff", 7, False), ("admin", None, False), (None, None, False),
])
def test_who_may_approve(role, dept, ok):
    assert rules.may_approve_extension(role, dept, 7) is ok

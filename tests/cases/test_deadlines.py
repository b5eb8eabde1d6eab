"""The hourly deadline job: a case turns due-soon and overdue with today's date, and each state is told once."""

import datetime as dt

import pytest

from sqlalchemy import select

from tests.fixtures.objects import make_case, make_item, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.cases import deadlines
from xiaoneng.cases import service as cases
from xiaoneng.jobs.registry import find
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Department

D = dt.date


def _case(db):
    item = make_item(db, promised_limit_days=5)
    department = db.get(Department, item.department_id)
    handler = make_staff(db, department=department)
    head = make_staff(db, role=Role.DEPT_HEAD, department=department)
    # Received Tue 2026-09-29: due Mon 10-12 across the national day holiday (Sat 10-10 is a working day).
    case = make_case(db, item=item, handler=handler, received_at=dt.datetime(2026, 9, 29, 10, tzinfo=TZ))
    assert case.due_on == D(2026, 10, 12) and not case.overdue
    return case, handler, head


def _notes(db, case):
    return list(db.scalars(select(Notification).where(Notification.link == f"/cases/{case.id}")
                           .order_by(Notification.id)))


def test_a_case_turns_due_soon_then_overdue_with_no_new_event_and_each_state_is_told_once(db):
    case, handler, head = _case(db)
    assert deadlines.refresh_deadlines(db, today=D(2026, 10, 9))["changed"] == 0  # two working days left
    assert case.deadline_state == "" and _notes(db, case) == []

    deadlines.refresh_deadlines(db, today=D(2026, 10, 10))  # one working day left
    assert case.deadline_state == "due_soon" and not case.overdue
    notes = _notes(db, case)
    assert sorted(n.recipient_id for n in notes) == sorted([handler.id, head.id])
    assert case.number in notes[0].title and "即将到期" in notes[0].title and "2026-10-12" in notes[0].title
    deadlines.refresh_deadlines(db, today=D(2026, 10, 10))
    deadlines.refresh_deadlines(db, today=D(2026, 10, 12))
    assert len(_notes(db, case)) == 2  # told once per state

    deadlines.refresh_deadlines(db, today=D(2026, 10, 13))
    assert case.overdue and case.deadline_state == "overdue"
    overdue = [n for n in _notes(db, case) if "逾期" in n.title]
    assert sorted(n.recipient_id for n in overdue) == sorted([handler.id, head.id])
    deadlines.refresh_deadlines(db, today=D(2026, 10, 14))
    assert len(_notes(db, case)) == 4


def test_the_title_names_the_item(db):
    case, _, _ = _case(db)
    deadlines.refresh_deadlines(db, today=D(2026, 10, 13))
    from xiaoneng.items.models import ServiceItem
    assert db.get(ServiceItem, case.item_id).name in _notes(db, case)[0].title


def test_a_stopped_clock_is_neither_due_soon_nor_overdue(db):
    case, _, _ = _case(db)
    cases.issue_notice(db, actor=system_actor(case.center_id), case_id=case.id, materials=["身份证明"],
                       at=dt.datetime(2026, 9, 30, 10, tzinfo=TZ))
    deadlines.refresh_deadlines(db, today=D(2026, 10, 20))
    assert not case.overdue and case.deadline_state == "" and _notes(db, case) == []


def test_the_job_is_registered_hourly():
    job = find("case_deadlines")
    assert job is not None and job.interval_seconds == 3600


def test_the_api_lists_due_soon_cases(db, sign_in):
    case, handler, head = _case(db)
    deadlines.refresh_deadlines(db, today=D(2026, 10, 10))
    db.commit()
    body = sign_in(head).get("/api/cases?due_soon=1").json()
    assert [c["number"] for c in body["items"]] == [case.number] and body["items"][0]["deadline_state"] == "due_soon"


def test_a_center_warns_earlier_when_its_setting_says_so_and_the_change_is_audited(db):
    from xiaoneng.audit.models import AuditRecord
    from xiaoneng.cases import settings
    from xiaoneng.errors import ValidationFailed
    case, _, _ = _case(db)
    actor = system_actor(case.center_id)
    settings.update(db, actor=actor, due_soon_days="2")
    deadlines.refresh_deadlines(db, today=D(2026, 10, 9))  # two working days left: due soon in this center
    assert case.deadline_state == "due_soon"
    assert db.scalars(select(AuditRecord).where(AuditRecord.entity == "case_settings")).one()
    with pytest.raises(ValidationFailed):
        settings.update(db, actor=actor, due_soon_days="abc")

"""The hourly jobs: deadline states told once per state to the unit (and the supervisors once overdue), and the
urges: a 催办通知书 the first working day after the deadline and a 通报 five working days later, each once, with
what its letter needs; both found again on the next run do nothing."""

import datetime as dt

from sqlalchemy import func, select

from tests.complaints.conftest import register
from xiaoneng.audit.models import AuditRecord
from xiaoneng.complaints import breaches, deadlines, rules, service, urges
from xiaoneng.complaints.models import ComplaintUrge
from xiaoneng.kit.clock import TZ
from xiaoneng.letters.models import Letter
from xiaoneng.notifications.models import Notification

RECEIVED = dt.datetime(2025, 9, 26, 9, 0, tzinfo=TZ)  # Friday before 国庆 2025


def _late_consult(db, hall):
    c = register(db, hall, kind="consult", content="不动产登记中心二手房过户需要哪些材料？", received_at=RECEIVED)
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=c.id, department_id=hall["land"].id,
                   now=RECEIVED + dt.timedelta(hours=1))
    service.sign(db, actor=hall["as"]["head"], complaint_id=c.id, now=RECEIVED + dt.timedelta(hours=2))
    assert c.due_on == dt.date(2025, 9, 30)
    return c


def _notes(db, person, kind):
    return db.scalar(select(func.count()).select_from(Notification).where(Notification.recipient_id == person.id,
                                                                          Notification.kind == kind))


def test_deadline_states_told_once(db, hall):
    c = _late_consult(db, hall)
    assert deadlines.refresh_deadlines(db, today=dt.date(2025, 9, 29))["changed"] == 1
    assert c.deadline_state == "due_soon" and _notes(db, hall["head"], "complaint_due_soon") == 1
    assert deadlines.refresh_deadlines(db, today=dt.date(2025, 9, 30))["changed"] == 0
    deadlines.refresh_deadlines(db, today=dt.date(2025, 10, 1))
    assert c.deadline_state == "overdue" and _notes(db, hall["head"], "complaint_overdue") == 1
    assert _notes(db, hall["supervisor"], "complaint_overdue") == 1
    deadlines.refresh_deadlines(db, today=dt.date(2025, 10, 2))
    assert _notes(db, hall["head"], "complaint_overdue") == 1


def test_urge_then_notice_once_each(db, hall):
    c = _late_consult(db, hall)
    assert urges.issue_urges(db, today=dt.date(2025, 10, 8)) == {"checked": 1, "urges": 0, "notices": 0}  # holiday
    assert urges.issue_urges(db, today=dt.date(2025, 10, 9))["urges"] == 1
    assert urges.issue_urges(db, today=dt.date(2025, 10, 9))["urges"] == 0
    assert urges.issue_urges(db, today=dt.date(2025, 10, 14)) == {"checked": 1, "urges": 0, "notices": 0}
    assert urges.issue_urges(db, today=dt.date(2025, 10, 15))["notices"] == 1
    assert urges.issue_urges(db, today=dt.date(2025, 10, 16))["notices"] == 0
    urge, notice = urges.of(db, c.id)
    assert (urge.kind, urge.issued_on, urge.reply_by) == ("urge", dt.date(2025, 10, 9), dt.date(2025, 10, 11))
    assert urge.recipient == "区不动产登记中心" and urge.reference == c.number and urge.due_on == dt.date(2025, 9, 30)
    assert urge.title == f"关于督促办理咨询件 {c.number} 的催办通知书"
    assert "办理时限为2025年9月30日" in urge.paragraphs[0] and "超过办理时限 1 个工作日" in urge.paragraphs[1]
    assert urge.issuer.endswith("效能监督科") and urge.copy_to == []
    assert notice.kind == "notice" and "已于2025年10月9日发出催办通知书" in notice.paragraphs[1]
    assert "超过办理时限 6 个工作日" in notice.paragraphs[1] and notice.copy_to == ["中心领导"]
    assert _notes(db, hall["head"], "complaint_urge") == 1 and _notes(db, hall["head"], "complaint_notice") == 1
    assert _notes(db, hall["director"], "complaint_notice") == 1 and _notes(db, hall["director"], "complaint_urge") == 0
    assert db.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "complaint.urge")) == 1
    letters = db.scalars(select(Letter).where(Letter.source_entity == "complaint", Letter.source_id == c.id)
                         .order_by(Letter.id)).all()
    assert [(x.kind, x.status, x.title, x.copy_to) for x in letters] == [
        ("reminder", "issued", urge.title, []), ("bulletin", "issued", notice.title, ["中心领导"])]
    assert all(x.number and x.department_id == c.department_id for x in letters)
    assert letters[0].paragraphs == urge.paragraphs


def test_a_reopened_complaint_can_be_urged_again(db, hall, clock):
    c = _late_consult(db, hall)
    urges.issue_urges(db, today=dt.date(2025, 10, 9))
    clock.set(dt.datetime(2025, 10, 10, 9, 0, tzinfo=TZ))
    service.answer(db, actor=hall["as"]["head"], complaint_id=c.id, text="已告知所需材料")
    assert c.answered_on_time is False
    service.callback(db, actor=hall["as"]["supervisor"], complaint_id=c.id, result="unsatisfied", note="未说清楚")
    assert c.round == 1 and c.due_on == dt.date(2025, 10, 14)  # Saturday 10/11, 10/13, 10/14
    assert urges.issue_urges(db, today=dt.date(2025, 10, 16))["urges"] == 1
    assert [(u.round, u.kind) for u in urges.of(db, c.id)] == [(0, "urge"), (1, "urge")]
    assert db.scalar(select(func.count()).select_from(ComplaintUrge)) == 2


def test_overdue_complaints_are_breaches(db, hall, clock):
    clock.set(dt.datetime(2025, 10, 10, 9, 0, tzinfo=TZ))
    c = _late_consult(db, hall)
    found = breaches.breaches(db, actor=hall["as"]["supervisor"], start=dt.date(2025, 10, 1), end=dt.date(2025, 10, 31))
    assert [(b.kind, b.day, b.department_name) for b in found] == [("complaint_overdue", dt.date(2025, 10, 1),
                                                                    "区不动产登记中心")]
    assert c.number in found[0].summary and "9月30日前答复" in found[0].summary
    assert breaches.breaches(db, actor=hall["as"]["market_head"], start=dt.date(2025, 10, 1),
                             end=dt.date(2025, 10, 31)) == []
    assert breaches.breaches(db, actor=hall["as"]["supervisor"], start=dt.date(2025, 11, 1),
                             end=dt.date(2025, 11, 30)) == []

"""The hourly supervision_deadlines job: an unanswered notice turns due soon, then overdue, each told once; a reply
ends it. A published schedule moves reply deadlines of the provisional year."""

import datetime as dt

from sqlalchemy import select

from tests.calendar.notices import NOTICE_2027
from tests.supervision.conftest import D, as_
from xiaoneng.audit.models import AuditRecord
from xiaoneng.calendar import service as calendar
from xiaoneng.jobs.registry import find
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications.models import Notification
from xiaoneng.supervision import deadlines, service


def _notes(db, notice, kind):
    return list(db.scalars(select(Notification).where(Notification.link == f"/supervision/notices/{notice.id}",
                                                      Notification.kind == kind)))


def test_the_job_is_registered_hourly():
    job = find("supervision_deadlines")
    assert job.interval_seconds == 3600 and job.target == "xiaoneng.supervision.deadlines:refresh_deadlines"


def test_an_unanswered_notice_turns_due_soon_then_overdue_each_told_once(db, hall, late):
    # Sent on Wed 11/18 with 2 working days: due Fri 11/20.
    notice = service.issue(db, actor=as_(hall, "supervisor"), case_id=late["window"].id, text="请说明超期原因",
                           reply_days=2)
    assert deadlines.refresh_deadlines(db, today=D(2026, 11, 18))["changed"] == 0  # two working days left
    deadlines.refresh_deadlines(db, today=D(2026, 11, 19))
    assert notice.deadline_state == "due_soon"
    soon = _notes(db, notice, "supervision_due_soon")
    assert [n.recipient_id for n in soon] == [hall["head"].id]
    assert notice.number in soon[0].title and late["window"].number in soon[0].title
    deadlines.refresh_deadlines(db, today=D(2026, 11, 20))
    assert len(_notes(db, notice, "supervision_due_soon")) == 1
    deadlines.refresh_deadlines(db, today=D(2026, 11, 21))  # Saturday: the deadline has passed
    assert notice.deadline_state == "overdue"
    overdue = _notes(db, notice, "supervision_overdue")
    assert sorted(n.recipient_id for n in overdue) == sorted([hall["head"].id, hall["supervisor"].id])
    deadlines.refresh_deadlines(db, today=D(2026, 11, 23))
    assert len(_notes(db, notice, "supervision_overdue")) == 2
    changes = db.scalars(select(AuditRecord).where(AuditRecord.entity == "supervision_notice",
                                                   AuditRecord.action == "deadline"))
    assert len(list(changes)) == 2
    service.reply(db, actor=as_(hall, "head"), notice_id=notice.id, text="已整改")
    assert notice.deadline_state == ""
    assert deadlines.refresh_deadlines(db, today=D(2026, 11, 24))["checked"] == 0


def test_a_published_schedule_moves_the_reply_deadline(db, hall, late, clock):
    calendar.seed_from_library(db)  # 2027 provisional: the Spring Festival not yet announced
    clock.set(dt.date(2027, 2, 4))
    notice = service.issue(db, actor=as_(hall, "supervisor"), case_id=late["window"].id, text="请说明超期原因",
                           reply_days=3)
    # Provisional: 2/5 and 2/8 (春节) and 2/9-2/10 (补假) rest: 3 working days from Thu 2/4 are 2/11, 2/12, 2/15.
    assert (notice.reply_due, notice.reply_due_provisional) == (D(2027, 2, 15), True)
    # The notice rests 2/5-2/13 and works on Sunday 2/14: 2/14, 2/15, 2/16.
    calendar.save_notice(db, actor=system_actor(), text=NOTICE_2027, year=2027)
    db.refresh(notice)
    assert (notice.reply_due, notice.reply_due_provisional) == (D(2027, 2, 16), False)
    record = db.scalar(select(AuditRecord).where(AuditRecord.action == "calendar.recompute",
                                                 AuditRecord.entity == "supervision_notice"))
    assert record is not None

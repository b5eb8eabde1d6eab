import datetime as dt

import pytest
from sqlalchemy import select

from tests.duty.conftest import ask
from xiaoneng.auth.service import actor_for
from xiaoneng.calendar import service as calendars
from xiaoneng.cases.rules import DeadlineState
from xiaoneng.duty import deadlines, service
from xiaoneng.notifications.models import Notification

D = dt.date.fromisoformat


@pytest.mark.parametrize(("start", "today", "expected"), [
    ("2026-11-20", "2026-11-18", DeadlineState.ON_TIME),    # two working days ahead
    ("2026-11-20", "2026-11-19", DeadlineState.DUE_SOON),   # starts tomorrow
    ("2026-10-08", "2026-09-30", DeadlineState.DUE_SOON),   # 国庆 in between: the next working day
    ("2026-11-20", "2026-11-20", DeadlineState.OVERDUE),    # it has begun, undecided
])
def test_an_undecided_leave_falls_due_by_its_start(start, today, expected):
    assert deadlines.leave_state(D(start), D(today), calendars._library_calendar(), 1) == expected


def titles(db, person):
    return [n.title for n in db.scalars(select(Notification).where(Notification.recipient_id == person.id,
                                                                   Notification.kind.like("duty_absence_%")))]


def test_the_head_is_reminded_once_then_the_supervisors_when_it_has_begun(db, hall):
    ask(db, hall["a"], "2026-11-20", 0, "2026-11-20", 1)
    deadlines.refresh_deadlines(db, today=D("2026-11-19"))
    deadlines.refresh_deadlines(db, today=D("2026-11-19"))
    assert titles(db, hall["head"]) == ["请假审批即将到期：张敏 休假 2026-11-20 上午至2026-11-20 下午，尚未审批"]
    deadlines.refresh_deadlines(db, today=D("2026-11-20"))
    assert len(titles(db, hall["head"])) == 2 and len(titles(db, hall["supervisor"])) == 1
    assert titles(db, hall["a"]) == []


def test_a_decided_leave_is_left_alone(db, hall):
    absence = ask(db, hall["a"], "2026-11-20", 0, "2026-11-20", 1)
    service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=absence.id, approve=True)
    assert deadlines.refresh_deadlines(db, today=D("2026-11-20"))["checked"] == 0

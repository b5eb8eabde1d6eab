"""S0 art.15: the callback deadline (回访时限) counts from the end of the handling and escalates like the others;
concentrated bad reviews reach the center's director (S0 art.11)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.rectification.conftest import actor_of
from xiaoneng.notifications.models import Notification
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.rules import LoopSettings, Status, callback_deadline, current_due, deadlines

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.mark.parametrize("handled, days, due", [
    (D(2026, 3, 5), 5, D(2026, 3, 12)),  # an ordinary week
    (D(2025, 9, 29), 5, D(2025, 10, 13)),  # across National Day 2025, make-up Sat 10/11 counted
    (D(2026, 2, 13), 5, D(2026, 2, 27)),  # make-up Sat 2/14 counted, then Spring Festival 2/15-2/23
    (D(2026, 3, 5), 7, D(2026, 3, 16)),  # a local rule of seven working days
])
def test_callback_deadline_on_real_dates(cal, handled, days, due):
    assert callback_deadline(handled, LoopSettings(callback_days=days), cal) == due


def test_awaiting_a_callback_is_measured_by_the_callback_deadline(cal):
    d = deadlines(D(2026, 3, 2), LoopSettings(), cal)
    for status in (Status.SOLVED_ON_SPOT, Status.EXPLAINED, Status.FED_BACK):
        assert current_due(status, d, None, D(2026, 3, 12)) == D(2026, 3, 12)
        assert current_due(status, d, None, None) is None  # anonymous: no callback owed
    assert current_due(Status.CALLED_BACK, d, None, D(2026, 3, 12)) is None


def _notes(db, recipient, kind):
    return db.scalars(select(Notification.title).where(Notification.recipient_id == recipient.id,
                                                       Notification.kind == kind)).all()


def test_an_uncalled_record_falls_due_and_escalates_once(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    clerk = actor_of(world.clerk)
    loop.log_contact(db, actor=clerk, rectification_id=rect.id, method="phone", summary="联系", at=at(2026, 3, 3))
    loop.confirm_problem(db, actor=clerk, rectification_id=rect.id, problem="清单未更新", at=at(2026, 3, 3))
    loop.feed_back(db, actor=clerk, rectification_id=rect.id, measures="已更新", at=at(2026, 3, 5))
    assert (rect.handled_on, rect.callback_due, rect.current_due) == (D(2026, 3, 5), D(2026, 3, 12), D(2026, 3, 12))

    loop.refresh_deadlines(db, today=D(2026, 3, 11))
    assert rect.escalation == "none"
    assert _notes(db, world.clerk, "due_soon") == [f"差评整改 #{rect.id}回访即将到期（2026-03-12）"]
    loop.refresh_deadlines(db, today=D(2026, 3, 13))
    assert rect.escalation == "department_head"
    for _ in range(2):
        loop.refresh_deadlines(db, today=D(2026, 3, 16))
    assert _notes(db, world.head, "overdue") == [f"差评整改 #{rect.id}回访已逾期（期限 2026-03-12）"]
    assert _notes(db, world.director, "escalated") == []
    loop.refresh_deadlines(db, today=D(2026, 3, 17))  # two working days after the deadline passed
    loop.refresh_deadlines(db, today=D(2026, 3, 18))
    assert rect.escalation == "director"
    assert len(_notes(db, world.director, "escalated")) == 1
    lists = loop.escalations(db, actor=actor_of(world.director), today=D(2026, 3, 18))
    assert [r.id for r in lists.director_list] == [rect.id]

    loop.callback(db, actor=clerk, rectification_id=rect.id, method="phone", level=4, at=at(2026, 3, 18))
    assert (rect.current_due, rect.escalation) == (None, "none")


def test_an_anonymous_record_owes_no_callback(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2), real_name=False)
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场补办",
                       at=at(2026, 3, 2))
    assert (rect.callback_due, rect.current_due) == (None, None)
    loop.refresh_deadlines(db, today=D(2026, 4, 1))
    assert rect.escalation == "none"


def test_a_record_awaiting_its_callback_without_a_deadline_gets_one(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    rect.status, rect.fed_back_at, rect.current_due = Status.FED_BACK.value, at(2026, 3, 5), None
    db.flush()
    loop.refresh_deadlines(db, today=D(2026, 3, 13))
    assert (rect.callback_due, rect.current_due, rect.escalation) == (D(2026, 3, 12), D(2026, 3, 12), "department_head")


def test_the_callback_deadline_is_on_the_page(db, world, sign_in):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场补办",
                       at=at(2026, 3, 2))
    page = sign_in(world.clerk).page(f"/rectifications/{rect.id}")
    assert "回访期限 2026-03-09（2026-03-02 办理完毕起算）" in page.text


def test_concentration_alerts_reach_the_director(db, world):
    for day in (3, 10, 20):
        world.open(db, rated_on=D(2026, 3, day))
    loop.raise_concentration_alerts(db, today=D(2026, 3, 20))
    assert len(_notes(db, world.director, "alert")) == 3
    assert len(_notes(db, world.supervisor, "alert")) == 3

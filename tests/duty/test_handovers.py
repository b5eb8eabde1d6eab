"""交接记录 (E1, B4): made when A's absence has ended, listing what was done for A; A confirms it by the working day
after their return (over holidays and make-up Saturdays); unconfirmed ones warn once per state."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.duty.conftest import ask
from tests.fixtures.objects import make_case, make_item, make_window
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import service as cases
from xiaoneng.duty import handovers, rules, service
from xiaoneng.duty.models import Handover, HandoverStatus
from xiaoneng.errors import Forbidden, NotFound
from xiaoneng.kit.clock import TZ
from xiaoneng.notifications.models import Notification

D = dt.date.fromisoformat
AM, PM = rules.Half.AM, rules.Half.PM


@pytest.mark.parametrize(("end", "half", "back", "due"), [
    ("2026-11-24", PM, "2026-11-25", "2026-11-26"),  # Tuesday afternoon: back Wednesday, confirm by Thursday
    ("2026-11-24", AM, "2026-11-24", "2026-11-25"),  # a morning off: back the same afternoon
    ("2026-11-20", PM, "2026-11-23", "2026-11-24"),  # Friday: back Monday
    ("2026-09-30", PM, "2026-10-08", "2026-10-09"),  # 国庆 2026 (10/1-10/7) in between
    ("2026-10-09", PM, "2026-10-10", "2026-10-12"),  # back on the make-up Saturday 10/10
    ("2026-02-13", PM, "2026-02-14", "2026-02-24"),  # make-up Saturday 2/14, then 春节 2/15-2/23
    ("2025-12-31", PM, "2026-01-04", "2026-01-05"),  # 元旦 2026 (1/1-1/3), make-up Sunday 1/4
])
def test_the_return_day_and_the_confirmation_day(calendar, end, half, back, due):
    assert rules.handover_dates(rules.HalfDay(D(end), half), calendar) == (D(back), D(due))


@pytest.fixture
def done_for_a(db, hall, clock):
    """A away Mon 11-23 to Tue 11-24 (approved); B accepted and completed one of A's cases on the Monday."""
    absence = ask(db, hall["a"], "2026-11-23", "0", "2026-11-24", "1")
    service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=absence.id, approve=True)
    case = make_case(db, item=make_item(db, department=hall["dept"]), window=make_window(db, department=hall["dept"]),
                     handler=hall["a"])
    clock.set(dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ))
    cases.accept_case(db, actor=actor_for(hall["b"]), case_id=case.id)
    cases.complete_step(db, actor=actor_for(hall["b"]), case_id=case.id)
    return absence, case


def _run(db, clock, at):
    now = clock.set(at)
    return handovers.refresh_handovers(db, now=now, today=now.date())


def _titles(db, person):
    return sorted(n.title for n in db.scalars(select(Notification).where(
        Notification.recipient_id == person.id, Notification.kind.like("duty_handover%"))))


def test_made_once_the_absence_has_ended_and_a_is_told(db, hall, done_for_a, clock):
    assert _run(db, clock, dt.datetime(2026, 11, 24, 16, 0, tzinfo=TZ))["made"] == 0  # still away
    assert _run(db, clock, dt.datetime(2026, 11, 25, 8, 0, tzinfo=TZ))["made"] == 1
    assert _run(db, clock, dt.datetime(2026, 11, 25, 9, 0, tzinfo=TZ))["made"] == 0  # once
    handover = db.scalars(select(Handover)).one()
    assert (handover.staff_id, handover.actions, handover.acting_names) == (hall["a"].id, 2, "李强")
    assert (handover.return_day, handover.due_on) == (D("2026-11-25"), D("2026-11-26"))
    assert "请确认请假期间的交接记录（2 项代岗办理），11月26日前确认" in _titles(db, hall["a"])


def test_warned_once_per_state_then_the_supervisors_when_overdue(db, hall, done_for_a, clock):
    _run(db, clock, dt.datetime(2026, 11, 25, 8, 0, tzinfo=TZ))  # made; due 11-26: one working day left
    _run(db, clock, dt.datetime(2026, 11, 25, 9, 0, tzinfo=TZ))
    soon = "交接记录确认即将到期：张敏 请假返岗后的交接记录尚未确认（11月26日前确认）"
    assert _titles(db, hall["head"]) == [soon]
    assert soon in _titles(db, hall["a"]) and _titles(db, hall["supervisor"]) == []
    _run(db, clock, dt.datetime(2026, 11, 27, 9, 0, tzinfo=TZ))
    late = "交接记录确认逾期：张敏 请假返岗后的交接记录尚未确认（11月26日前确认）"
    assert _titles(db, hall["supervisor"]) == [late] and set(_titles(db, hall["head"])) == {late, soon}


def test_a_confirms_on_the_page_which_lists_what_b_did(db, hall, done_for_a, clock, sign_in):
    _, case = done_for_a
    _run(db, clock, dt.datetime(2026, 11, 25, 8, 0, tzinfo=TZ))
    handover = db.scalars(select(Handover)).one()
    browser = sign_in(hall["a"])
    page = browser.page(f"/duty/handovers/{handover.id}")
    assert page.status_code == 200
    assert "请假期间代岗办理的事项（2 项）" in page.text and f"办件 {case.number}：受理" in page.text
    assert "李强" in page.text and "2026年11月26日" in page.text and "确认交接" in page.text
    home = browser.page("/")
    assert "待我确认的交接记录" in home.text
    assert browser.submit(f"/duty/handovers/{handover.id}/confirm", {"note": "已知悉"}).status_code == 303
    db.expire_all()
    assert (db.get(Handover, handover.id).status, db.get(Handover, handover.id).note) == (
        HandoverStatus.CONFIRMED, "已知悉")
    assert "已确认" in browser.page(f"/duty/handovers/{handover.id}").text


def test_who_sees_and_who_confirms(db, hall, done_for_a, clock, sign_in):
    _run(db, clock, dt.datetime(2026, 11, 25, 8, 0, tzinfo=TZ))
    handover = db.scalars(select(Handover)).one()
    assert sign_in(hall["b"]).page(f"/duty/handovers/{handover.id}").status_code == 200  # B acted in it
    assert sign_in(hall["head"]).page(f"/duty/handovers/{handover.id}").status_code == 200
    assert sign_in(hall["c"]).page(f"/duty/handovers/{handover.id}").status_code == 404
    assert sign_in(hall["other_head"]).page(f"/duty/handovers/{handover.id}").status_code == 404
    with pytest.raises(Forbidden):
        handovers.confirm(db, actor=actor_for(hall["head"]), handover_id=handover.id)
    with pytest.raises(NotFound):
        handovers.get_handover(db, actor=actor_for(hall["c"]), handover_id=handover.id)
    handovers.confirm(db, actor=actor_for(hall["a"]), handover_id=handover.id)
    assert _run(db, clock, dt.datetime(2026, 11, 30, 9, 0, tzinfo=TZ))["notices"] == 0  # confirmed: no warning


def test_bs_home_page_shows_as_open_work_while_a_is_away(db, hall, clock, sign_in):
    absence = ask(db, hall["a"], "2026-11-23", "0", "2026-11-24", "1")
    service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=absence.id, approve=True)
    case = make_case(db, item=make_item(db, department=hall["dept"]), window=make_window(db, department=hall["dept"]),
                     handler=hall["a"])
    clock.set(dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ))
    page = sign_in(hall["b"]).page("/")
    assert "代岗：张敏（不动产登记受理岗）的在办事项，至2026-11-24 下午" in page.text
    assert case.number in page.text and "您在此期间的办理记为代岗" in page.text
    assert "代岗：张敏" not in sign_in(hall["c"]).page("/").text

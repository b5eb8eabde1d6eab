"""Saving a provisional year's schedule recomputes the open deadlines of that year and clears 待核定."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.calendar.notices import NOTICE_2027
from tests.fixtures.objects import make_case, make_department, make_item, make_rating, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.items.models import ServiceItem
from xiaoneng.org.models import Center
from xiaoneng.audit.models import AuditRecord
from xiaoneng.calendar import service as calendar
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor
from xiaoneng.rectification.models import Rectification


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), TZ)


def _save_2027(db):
    calendar.save_notice(db, actor=system_actor(), text=NOTICE_2027, year=2027)


@pytest.fixture
def provisional_2027(db, clock):
    calendar.seed_from_library(db)  # 2026 is the last published year: 2027 is provisional, 春节 not announced
    clock.set(dt.date(2027, 1, 20))
    return db


# (what, provisional value, value once the 2027 notice is loaded)
# Provisional 2027 rests on 2/5 and 2/8 (春节) and 2/9-2/10 (补假); the notice rests 2/5-2/13 and works on Sunday 2/14.
CASE_DUE = (dt.date(2027, 2, 23), dt.date(2027, 2, 24))  # received 1/20, 20 working days
WINDOW_DUE = (dt.date(2027, 2, 16), dt.date(2027, 2, 17))  # step completed 2/3, 5 working days
CONTACT_DUE = (dt.date(2027, 2, 4), dt.date(2027, 2, 4))  # bad review 2/3, 1 working day
RECTIFY_DUE = (dt.date(2027, 2, 16), dt.date(2027, 2, 17))  # bad review 2/3, 5 working days


def test_open_case_due_date_moves_and_loses_its_mark(provisional_2027):
    db = provisional_2027
    case = make_case(db, item=make_item(db, promised_limit_days=20), received_at=_at(dt.date(2027, 1, 20)))
    assert (case.due_on, case.due_provisional) == (CASE_DUE[0], True)
    _save_2027(db)
    db.refresh(case)
    assert (case.due_on, case.due_provisional) == (CASE_DUE[1], False)
    audit = db.scalar(select(AuditRecord).where(AuditRecord.action == "calendar.recompute",
                                                AuditRecord.entity == "case").order_by(AuditRecord.id.desc()))
    assert json.loads(audit.detail)["moved"] == 1


def test_rating_window_and_loop_deadlines_move(provisional_2027, clock):
    db = provisional_2027
    clock.set(dt.date(2027, 2, 3))
    case = make_case(db, completed_at=_at(dt.date(2027, 2, 3)), received_at=_at(dt.date(2027, 2, 3), 9))
    step = case.steps[0]
    assert (step.rating_due_on, step.rating_due_provisional) == (WINDOW_DUE[0], True)
    make_rating(db, case=case, level=1)
    rect = db.scalar(select(Rectification).where(Rectification.center_id == case.center_id))
    assert (rect.contact_due, rect.contact_due_provisional) == (CONTACT_DUE[0], True)
    assert (rect.rectify_due, rect.rectify_due_provisional) == (RECTIFY_DUE[0], True)
    # The bad review closed this step's window; a second step of another case still open to rating.
    other = make_case(db, completed_at=_at(dt.date(2027, 2, 3)), received_at=_at(dt.date(2027, 2, 3), 9))
    _save_2027(db)
    db.refresh(rect)
    db.refresh(other.steps[0])
    assert (other.steps[0].rating_due_on, other.steps[0].rating_due_provisional) == (WINDOW_DUE[1], False)
    assert (rect.contact_due, rect.contact_due_provisional) == (CONTACT_DUE[1], False)
    assert (rect.rectify_due, rect.rectify_due_provisional) == (RECTIFY_DUE[1], False)
    assert rect.current_due == CONTACT_DUE[1]


def test_completed_case_is_not_touched(provisional_2027):
    db = provisional_2027
    case = make_case(db, item=make_item(db, promised_limit_days=20), received_at=_at(dt.date(2027, 1, 20)),
                     completed_at=_at(dt.date(2027, 1, 25)))
    before = (case.due_on, case.due_provisional)
    assert before == (CASE_DUE[0], True)
    _save_2027(db)
    db.refresh(case)
    assert (case.due_on, case.due_provisional) == before


def test_override_of_one_center_leaves_the_others(provisional_2027):
    db = provisional_2027
    mine = make_case(db, item=make_item(db, promised_limit_days=20), received_at=_at(dt.date(2027, 1, 20)))
    theirs = make_case(db, item=make_item(db, department=make_department(db), promised_limit_days=20),
                       received_at=_at(dt.date(2027, 1, 20)))
    assert mine.center_id != theirs.center_id
    calendar.add_override(db, actor=system_actor(mine.center_id), day=dt.date(2027, 2, 1), working=False,
                          reason="本地停电闭厅", center_id=mine.center_id)
    db.refresh(mine)
    db.refresh(theirs)
    assert mine.due_on == dt.date(2027, 2, 24)  # one working day less, still provisional
    assert theirs.due_on == CASE_DUE[0]


def test_pages_mark_provisional_deadlines_until_the_notice(provisional_2027, clock, sign_in):
    db = provisional_2027
    clock.set(dt.date(2027, 2, 3))
    case = make_case(db, completed_at=_at(dt.date(2027, 2, 3)), received_at=_at(dt.date(2027, 2, 3), 9))
    make_rating(db, case=case, level=1)
    rect = db.scalar(select(Rectification).where(Rectification.center_id == case.center_id))
    other = make_case(db, item=db.get(ServiceItem, case.item_id), completed_at=_at(dt.date(2027, 2, 3)),
                      received_at=_at(dt.date(2027, 2, 3), 9))
    director = make_staff(db, role=Role.DIRECTOR, center=db.get(Center, case.center_id))
    browser = sign_in(director)
    step_page = browser.page(f"/cases/{other.id}").text
    assert "2027-02-16 <span class=\"badge warn\"" in step_page  # the rating window, 待核定
    rect_page = browser.page(f"/rectifications/{rect.id}").text
    assert rect_page.count("待核定") == 3  # contact, rectification and the current step's deadline
    assert "待核定" in browser.page("/rectifications").text
    _save_2027(db)
    step_page = browser.page(f"/cases/{other.id}").text
    assert "<td>2027-02-17</td>" in step_page  # the rating window moved, without its mark
    assert "待核定" not in browser.page(f"/rectifications/{rect.id}").text

"""D4 and D6: the timed job's escalation, due-soon and overdue notices, concentration alerts, per-center settings."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_staff
from tests.rectification.conftest import actor_of
from xiaoneng.auth.rules import Role
from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.notifications.models import Notification
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.models import ConcentrationAlert

D = dt.date


def _notices(db, kind, recipient):
    return db.scalar(select(func.count()).select_from(Notification).where(
        Notification.kind == kind, Notification.recipient_id == recipient.id))


def test_overdue_goes_to_the_head_then_to_the_director_once_each(db, world):
    rect = world.open(db, rated_on=D(2026, 1, 5))  # contact due Tue 2026-01-06
    loop.refresh_deadlines(db, today=D(2026, 1, 6))
    assert rect.escalation == "none"
    assert _notices(db, "due_soon", world.head) == 1

    loop.refresh_deadlines(db, today=D(2026, 1, 7))
    assert rect.escalation == "department_head"
    assert _notices(db, "overdue", world.head) == 1 and _notices(db, "overdue", world.clerk) == 1
    assert _notices(db, "escalated", world.director) == 0

    loop.refresh_deadlines(db, today=D(2026, 1, 8))
    assert rect.escalation == "department_head"
    counts = loop.refresh_deadlines(db, today=D(2026, 1, 9))
    assert rect.escalation == "director" and counts["director_notices"] == 1
    loop.refresh_deadlines(db, today=D(2026, 1, 12))
    assert _notices(db, "overdue", world.head) == 1
    assert _notices(db, "escalated", world.director) == 1

    lists = loop.escalations(db, actor=actor_of(world.director), today=D(2026, 1, 12))
    assert [r.id for r in lists.director_list] == [rect.id]
    assert [(d.id, [r.id for r in rs]) for d, rs in lists.overdue_by_department] == [(world.department.id, [rect.id])]


def test_a_step_done_in_time_clears_the_escalation(db, world):
    rect = world.open(db, rated_on=D(2026, 1, 5))
    loop.refresh_deadlines(db, today=D(2026, 1, 7))
    assert rect.escalation == "department_head"
    loop.log_contact(db, actor=actor_of(world.clerk), rectification_id=rect.id, method="phone", summary="联系",
                     at=dt.datetime(2026, 1, 7, 9, tzinfo=dt.timezone(dt.timedelta(hours=8))))
    assert (rect.current_due, rect.escalation) == (D(2026, 1, 12), "none")
    loop.refresh_deadlines(db, today=D(2026, 1, 8))
    assert rect.escalation == "none"


def test_concentration_alert_is_raised_once_and_supervisors_told(db, world):
    for day in (3, 10, 20):
        world.open(db, rated_on=D(2026, 3, day))
    assert loop.raise_concentration_alerts(db, today=D(2026, 3, 20)) == 3  # department, item and staff member
    assert loop.raise_concentration_alerts(db, today=D(2026, 3, 21)) == 0
    kinds = set(db.scalars(select(ConcentrationAlert.target_kind).where(
        ConcentrationAlert.center_id == world.department.center_id)))
    assert kinds == {"department", "item", "staff"}
    assert _notices(db, "alert", world.supervisor) == 3


def test_excluded_reviews_and_old_ones_do_not_count_toward_an_alert(db, world):
    world.open(db, rated_on=D(2026, 1, 5))  # outside the 30-day period
    world.open(db, rated_on=D(2026, 3, 3))
    excluded = world.open(db, rated_on=D(2026, 3, 4))
    loop.appeal(db, actor=actor_of(world.head), rectification_id=excluded.id, reason="恶意")
    loop.decide_appeal(db, actor=actor_of(world.supervisor), rectification_id=excluded.id, uphold=True, reason="属实")
    world.open(db, rated_on=D(2026, 3, 5))
    assert loop.raise_concentration_alerts(db, today=D(2026, 3, 20)) == 0


def test_admin_sets_seven_and_fifteen_days_for_the_center(db, world):
    admin = actor_of(world.admin)
    row = loop.update_settings(db, actor=admin, contact_days="7", rectify_days=15)
    assert (row.contact_days, row.rectify_days, row.due_soon_days) == (7, 15, 1)
    rect = world.open(db, rated_on=D(2026, 1, 5))
    assert (rect.contact_due, rect.rectify_due) == (D(2026, 1, 14), D(2026, 1, 26))
    other_center_head = make_staff(db, role=Role.ADMIN)
    assert loop.get_settings(db, actor=actor_of(other_center_head)).contact_days == 1


@pytest.mark.parametrize("values, field", [
    (dict(contact_days=0), "contact_days"),
    (dict(rectify_days="五"), "rectify_days"),
    (dict(contact_days=10, rectify_days=5), "rectify_days"),
    (dict(concentration_threshold=1), "concentration_threshold"),
    (dict(colour="red"), "colour"),
])
def test_bad_settings_are_refused_and_nothing_saved(db, world, values, field):
    with pytest.raises(ValidationFailed) as err:
        loop.update_settings(db, actor=actor_of(world.admin), **values)
    assert err.value.field == field
    assert loop.get_settings(db, actor=actor_of(world.admin)).contact_days == 1


def test_only_the_settings_permission_changes_settings(db, world):
    with pytest.raises(Forbidden):
        loop.update_settings(db, actor=actor_of(world.supervisor), contact_days=2)

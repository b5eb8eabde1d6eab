"""D1: every bad review opens a rectification at once, with the center's deadlines, and tells who must act."""

import datetime as dt

from sqlalchemy import select

from xiaoneng.audit.models import AuditRecord
from xiaoneng.notifications.models import Notification
from xiaoneng.rectification.models import LoopSettings
from xiaoneng.rectification.rules import Status

D = dt.date


def test_bad_review_opens_record_with_seed_deadlines_across_national_day(db, world):
    rect = world.open(db, rated_on=D(2025, 9, 30))
    assert rect.status == Status.OPEN
    assert (rect.contact_due, rect.rectify_due, rect.current_due) == (D(2025, 10, 9), D(2025, 10, 14), D(2025, 10, 9))
    assert rect.department_id == world.department.id and rect.staff_id == world.clerk.id
    assert rect.item_id == world.item.id and rect.real_name is True
    assert db.scalar(select(AuditRecord).where(AuditRecord.action == "rectification.open",
                                               AuditRecord.entity_id == str(rect.id))) is not None


def test_bad_review_before_national_day_2026(db, world, cal):
    rect = world.open(db, rated_on=D(2026, 9, 30))
    assert rect.contact_due == cal.add_working_days(D(2026, 9, 30), 1)
    assert rect.contact_due > D(2026, 10, 7)


def test_center_settings_of_seven_and_fifteen_days(db, world):
    db.add(LoopSettings(center_id=world.department.center_id, contact_days=7, rectify_days=15))
    db.flush()
    rect = world.open(db, rated_on=D(2026, 1, 5))
    assert (rect.contact_due, rect.rectify_due) == (D(2026, 1, 14), D(2026, 1, 26))


def test_staff_rated_and_department_head_are_notified_once(db, world):
    rect = world.open(db)
    recipients = sorted(db.scalars(select(Notification.recipient_id).where(Notification.link == f"/rectifications/{rect.id}")))
    assert recipients == sorted([world.clerk.id, world.head.id])


def test_a_bad_rating_through_the_ratings_service_opens_one_record(db):
    from tests.fixtures.objects import make_rating
    from xiaoneng.rectification.models import Rectification

    rating = make_rating(db, level=1)
    rects = db.scalars(select(Rectification).where(Rectification.rating_id == rating.id)).all()
    assert len(rects) == 1 and rects[0].status == Status.OPEN
    assert (rects[0].center_id, rects[0].department_id, rects[0].received_on) == (
        rating.center_id, rating.department_id, rating.rated_on)


def test_a_good_rating_opens_nothing(db):
    from tests.fixtures.objects import make_rating
    from xiaoneng.rectification.models import Rectification

    rating = make_rating(db, level=3)
    assert db.scalar(select(Rectification).where(Rectification.rating_id == rating.id)) is None

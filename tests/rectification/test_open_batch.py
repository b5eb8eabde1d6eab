"""D1 for a batch of bad reviews: one record each, as open_for_rating would, with one audit record per batch."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_staff, make_window
from tests.rectification.conftest import bad_rating
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications.models import Notification
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.models import LoopSettings, Rectification
from xiaoneng.rectification.rules import Status

D = dt.date


def _audits(db):
    return db.scalars(select(AuditRecord).where(AuditRecord.action == "rectification.open")).all()


def test_batch_opens_one_record_per_rating_with_the_same_deadlines_as_one_by_one(db, world):
    ratings = [bad_rating(db, window=world.window, staff=world.clerk, item=world.item, rated_on=D(2025, 9, 30)),
               bad_rating(db, window=world.window, staff=world.clerk, rated_on=D(2026, 1, 5), level=2)]
    rects = loop.open_for_ratings(db, actor=system_actor(world.window.center_id), ratings=ratings)
    assert [r.rating_id for r in rects] == [r.id for r in ratings]
    assert all(r.status == Status.OPEN for r in rects)
    assert (rects[0].contact_due, rects[0].rectify_due, rects[0].current_due) == (D(2025, 10, 9), D(2025, 10, 14),
                                                                                  D(2025, 10, 9))
    single = world.open(db, rated_on=D(2026, 1, 5))
    assert (rects[1].contact_due, rects[1].rectify_due) == (single.contact_due, single.rectify_due)
    assert rects[0].item_id == world.item.id and rects[1].department_id == world.department.id


def test_one_audit_record_names_every_record_of_the_batch(db, world):
    ratings = [bad_rating(db, window=world.window, staff=world.clerk) for _ in range(3)]
    rects = loop.open_for_ratings(db, actor=system_actor(world.window.center_id), ratings=ratings)
    (record,) = _audits(db)
    listed = json.loads(record.detail)["rectifications"]
    assert [(x["id"], x["rating_id"]) for x in listed] == [(r.id, r.rating_id) for r in rects]
    assert record.center_id == world.window.center_id


def test_a_batch_of_one_is_audited_like_open_for_rating(db, world):
    rating = bad_rating(db, window=world.window, staff=world.clerk)
    (rect,) = loop.open_for_ratings(db, actor=system_actor(world.window.center_id), ratings=[rating])
    (record,) = _audits(db)
    assert record.entity_id == str(rect.id)
    assert json.loads(record.detail)["rating_id"] == rating.id


def test_the_staff_rated_or_posted_at_the_window_and_the_head_are_notified_once_per_record(db, world):
    other_window = make_window(db, department=world.department)
    other_clerk = make_staff(db, department=world.department, window_id=other_window.id)
    ratings = [bad_rating(db, window=world.window, staff=world.clerk),
               bad_rating(db, window=other_window, staff=other_clerk),
               bad_rating(db, window=other_window)]
    rects = loop.open_for_ratings(db, actor=system_actor(world.window.center_id), ratings=ratings)
    got = {r.id: sorted(db.scalars(select(Notification.recipient_id).where(Notification.link == f"/rectifications/{r.id}")))
           for r in rects}
    assert got == {rects[0].id: sorted([world.clerk.id, world.head.id]),
                   rects[1].id: sorted([other_clerk.id, world.head.id]),
                   rects[2].id: sorted([other_clerk.id, world.head.id])}  # the window's QR code: its clerk
    keys = db.scalars(select(Notification.key).where(Notification.kind == "bad_review")).all()
    assert len(keys) == len(set(keys)) == 6


def test_ratings_already_opened_are_returned_not_opened_again(db, world):
    first = bad_rating(db, window=world.window, staff=world.clerk)
    opened = loop.open_for_rating(db, actor=system_actor(world.window.center_id), rating=first)
    second = bad_rating(db, window=world.window, staff=world.clerk)
    rects = loop.open_for_ratings(db, actor=system_actor(world.window.center_id), ratings=[first, second, second])
    assert rects[0].id == opened.id and rects[1] is rects[2]
    assert db.scalar(select(func.count()).select_from(Rectification)) == 2
    assert len(_audits(db)) == 2


def test_center_settings_apply_to_the_batch(db, world):
    db.add(LoopSettings(center_id=world.department.center_id, contact_days=7, rectify_days=15))
    db.flush()
    rects = loop.open_for_ratings(db, actor=system_actor(world.window.center_id),
                                  ratings=[bad_rating(db, window=world.window, rated_on=D(2026, 1, 5))])
    assert (rects[0].contact_due, rects[0].rectify_due) == (D(2026, 1, 14), D(2026, 1, 26))


def test_a_good_rating_in_the_batch_refuses_the_whole_batch(db, world):
    ratings = [bad_rating(db, window=world.window), bad_rating(db, window=world.window, level=3)]
    with pytest.raises(ValidationFailed) as err:
        loop.open_for_ratings(db, actor=system_actor(world.window.center_id), ratings=ratings)
    assert err.value.field == "level"
    assert db.scalar(select(func.count()).select_from(Rectification)) == 0


def test_an_empty_batch_opens_nothing(db, world):
    assert loop.open_for_ratings(db, actor=system_actor(world.window.center_id), ratings=[]) == []
    assert _audits(db) == []


def test_a_head_of_another_department_is_not_notified(db, world):
    from tests.fixtures.objects import make_department

    other = make_department(db)
    outsider = make_staff(db, role=Role.DEPT_HEAD, department=other)
    rects = loop.open_for_ratings(db, actor=system_actor(world.window.center_id),
                                  ratings=[bad_rating(db, window=world.window, staff=world.clerk)])
    assert outsider.id not in db.scalars(select(Notification.recipient_id).where(
        Notification.link == f"/rectifications/{rects[0].id}")).all()

"""The closed loop that drives every bad review to rectification and callback (SPEC D1-D7)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import pytest

from tests.fixtures.objects import make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification import service as loop

_seq = itertools.count(1)


@pytest.fixture(scope="session")
def cal():
    return service._library_calendar()


def actor_of(staff) -> Actor:
    return Actor(user_id=staff.id, username=staff.username, role=Role(staff.role), center_id=staff.center_id,
                 department_id=staff.department_id, window_id=staff.window_id, full_name=staff.full_name)


def bad_rating(db, *, window, staff=None, item=None, level: int = 1, rated_on: dt.date = dt.date(2026, 3, 2),
               real_name: bool = True, comment: str = "等了很久，态度不好") -> Rating:
    """A bad review as the ratings service stores it (real-name ones carry the rater's contacts)."""
    n = next(_seq)
    rating = Rating(
        center_id=window.center_id, department_id=window.department_id, window_id=window.id,
        staff_id=staff.id if staff else None, item_id=item.id if item else None, channel="window_device",
        level=level, is_bad=level <= 2, comment=comment, rater_key=f"rater-{n}", real_name=real_name,
        rater_name="张三丰" if real_name else "", rater_phone="13812345678" if real_name else "",
        rated_on=rated_on,
    )
    db.add(rating)
    db.flush()
    return rating


@dataclass
class Loop:
    """One department with a window, its staff, a head, plus center-wide supervisor, director and admin."""

    department: object
    window: object
    clerk: object
    head: object
    supervisor: object
    director: object
    admin: object
    item: object

    def open(self, db, **kw):
        rating = bad_rating(db, window=self.window, staff=self.clerk, item=self.item, **kw)
        return loop.open_for_rating(db, actor=system_actor(self.window.center_id), rating=rating)


@pytest.fixture
def world(db) -> Loop:
    department = make_department(db)
    window = make_window(db, department=department)
    center_id = department.center_id
    return Loop(
        department=department, window=window,
        clerk=make_staff(db, department=department, window_id=window.id),
        head=make_staff(db, role=Role.DEPT_HEAD, department=department),
        supervisor=make_staff(db, role=Role.SUPERVISOR, center=_center(db, center_id)),
        director=make_staff(db, role=Role.DIRECTOR, center=_center(db, center_id)),
        admin=make_staff(db, role=Role.ADMIN, center=_center(db, center_id)),
        item=make_item(db, department=department),
    )


def _center(db, center_id):
    from xiaoneng.org.models import Center
    return db.get(Center, center_id)

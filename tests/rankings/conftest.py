"""The hall both the rankings page and its export rank: two departments rated on one March day, one bad review
excluded by an appeal."""

import datetime as dt

import pytest

from tests.disclosure.data import make_hall, make_rating_row, make_rectification_row

DAY = dt.date(2026, 3, 10)
QUERY = "start=2026-03-01&end=2026-03-31"


@pytest.fixture
def hall(db):
    hall = make_hall(db)
    make_rating_row(db, department=hall.dept_a, level=5, rated_on=DAY, staff=hall.clerk_a)
    bad = make_rating_row(db, department=hall.dept_b, level=2, rated_on=DAY, staff=hall.clerk_b)
    make_rectification_row(db, bad, status="excluded", excluded=True)
    make_rating_row(db, department=hall.dept_b, level=3, rated_on=DAY, staff=hall.clerk_b)
    return hall

"""The hall both the rankings page and its export rank: two departments rated on one March day, one bad review
excluded by an appeal; a minimum sample of one rating, so every rated department is ranked."""

import datetime as dt

import pytest

from tests.disclosure.data import make_hall, make_rating_row, make_rectification_row
from xiaoneng.ratings.models import RatingSettings

DAY = dt.date(2026, 3, 10)
QUERY = "start=2026-03-01&end=2026-03-31"


@pytest.fixture
def hall(db):
    hall = make_hall(db)
    db.add(RatingSettings(center_id=hall.center.id, ranking_min_sample=1))
    db.flush()
    make_rating_row(db, department=hall.dept_a, level=5, rated_on=DAY, staff=hall.clerk_a)
    bad = make_rating_row(db, department=hall.dept_b, level=2, rated_on=DAY, staff=hall.clerk_b)
    make_rectification_row(db, bad, status="excluded", excluded=True)
    make_rating_row(db, department=hall.dept_b, level=3, rated_on=DAY, staff=hall.clerk_b)
    return hall

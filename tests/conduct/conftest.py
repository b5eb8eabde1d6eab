"""Ratings with comments, made through the real service, for the conduct scan."""

import datetime as dt

from tests.fixtures.objects import make_case, make_rating
from xiaoneng.kit import clock

TODAY = dt.date(2026, 11, 18)


def rated(db, comment, level=2):
    case = make_case(db, completed_at=clock.now() - dt.timedelta(hours=2))
    return make_rating(db, case=case, level=level, comment=comment)

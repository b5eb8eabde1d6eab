"""The demo year follows the day of the build: it ends the day before, the same day builds the same data, another
day shifts the year, the scale multiplies the volume, and days the calendar cannot cover are refused.

These builds use a small volume (SMALL cases a working day at scale 1) so that they stay fast, and build the cases
year without the duty year after it, except where the edges of the calendar are tried."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.demo.conftest import SEED, snapshot
from xiaoneng.audit.models import AuditRecord
from xiaoneng.calendar import service as calendar_service
from xiaoneng.cases.models import Case, CaseStep
from xiaoneng.demo import builder
from xiaoneng.demo.cases_year import add_cases_and_ratings, supported_days
from xiaoneng.demo.days import year_ending
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.clock import TZ
from xiaoneng.notifications.models import Notification
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification

SMALL = 8
CASES_YEAR = [*builder.ORGANISATION_STEPS, add_cases_and_ratings]


def _build(db, today: dt.date, *, scale: int = 1, steps=CASES_YEAR) -> dict:
    """What one build at `today` generated, read back before it is rolled back."""
    nested = db.begin_nested()
    builder.build(db, seed=SEED, today=today, scale=scale, cases_per_day=SMALL, steps=steps)
    db.flush()
    received = [at.astimezone(TZ).date() for at in db.scalars(select(Case.received_at))]
    details = [json.loads(d) for d in db.scalars(select(AuditRecord.detail).where(AuditRecord.action == "demo_build"))]
    detail = next(d for d in details if d["step"] == "cases_and_ratings")
    facts = {
        "received": received, "detail": detail, "digest": snapshot(db),
        "completed": db.scalar(select(func.max(CaseStep.completed_on))),
        "rated": db.scalar(select(func.max(Rating.rated_on))),
        "noticed": db.scalar(select(func.max(Notification.created_at))),
        "cases": len(received), "ratings": db.scalar(select(func.count()).select_from(Rating)),
        "bad": db.scalar(select(func.count()).select_from(Rectification)),
    }
    nested.rollback()
    return facts


def test_a_year_runs_to_the_day_before_the_build(db):
    cal = calendar_service.get_calendar(db)
    for today in (dt.date(2026, 11, 18), dt.date(2026, 3, 2)):  # the second: the day before is a Sunday
        last = today - dt.timedelta(days=1)
        first = year_ending(last)
        facts = _build(db, today)
        assert (facts["detail"]["from"], facts["detail"]["to"]) == (first.isoformat(), last.isoformat())
        last_working = max(cal.working_days_between(last - dt.timedelta(days=7), last))
        assert first <= min(facts["received"]) < first + dt.timedelta(days=7)
        assert max(facts["received"]) == last_working
        assert facts["completed"] <= last and facts["rated"] <= last
        assert facts["noticed"].astimezone(TZ).date() <= last


def test_the_same_day_builds_the_same_data_and_another_day_shifts_the_year(db):
    first = _build(db, dt.date(2026, 11, 18))
    again = _build(db, dt.date(2026, 11, 18))
    later = _build(db, dt.date(2026, 11, 19))
    assert first["digest"] == again["digest"]
    assert later["digest"] != first["digest"]
    assert max(later["received"]) == dt.date(2026, 11, 18) > max(first["received"])


def test_scale_two_builds_about_twice_the_cases_ratings_and_bad_reviews(db):
    one = _build(db, dt.date(2026, 11, 18))
    two = _build(db, dt.date(2026, 11, 18), scale=2)
    assert 1.85 <= two["cases"] / one["cases"] <= 2.15
    assert 1.8 <= two["ratings"] / one["ratings"] <= 2.2
    assert 1.5 <= two["bad"] / one["bad"] <= 2.6
    assert two["detail"]["scale"] == 2


def test_a_scale_below_one_is_refused(db):
    with pytest.raises(ValidationFailed) as refused:
        builder.build(db, seed=SEED, today=dt.date(2026, 11, 18), scale=0)
    assert refused.value.field == "scale"


def test_the_first_and_last_days_the_calendar_covers_build_and_the_days_beyond_are_refused(db):
    cal = calendar_service.get_calendar(db)
    first, last = supported_days(cal)
    assert first == dt.date(cal.first_year + 1, 1, 31)
    assert last.year == cal.provisional_year and last.month >= 9  # deadlines run up to 70 working days ahead
    for day in (first, last):
        facts = _build(db, day, steps=builder.STEPS)
        assert max(facts["received"]) < day and facts["cases"] > 1000
    for day, hint in ((first - dt.timedelta(days=1), ""), (last + dt.timedelta(days=1), "import-notice")):
        nested = db.begin_nested()
        with pytest.raises(ValidationFailed) as refused:
            builder.build(db, seed=SEED, today=day, cases_per_day=SMALL)
        nested.rollback()
        assert refused.value.field == "today"
        assert first.isoformat() in refused.value.message and last.isoformat() in refused.value.message
        assert hint in refused.value.message


def test_a_year_ending_on_29_february_starts_on_1_march():
    assert year_ending(dt.date(2024, 2, 29)) == dt.date(2023, 3, 1)
    assert year_ending(dt.date(2026, 11, 17)) == dt.date(2025, 11, 18)


def test_a_build_the_day_after_29_february(db):
    facts = _build(db, dt.date(2024, 3, 1), steps=builder.STEPS)
    assert facts["detail"]["from"] == "2023-03-01" and facts["detail"]["to"] == "2024-02-29"

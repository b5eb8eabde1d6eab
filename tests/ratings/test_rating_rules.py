"""Levels and the 5-working-day rating window of S0 art.7 and art.10, on real dates."""

import datetime as dt

import pytest

from xiaoneng.ratings.rules import DEFAULT_LEVEL, Level, default_due, rating_deadline, rating_open

D = dt.date


def test_two_lowest_levels_are_bad_reviews():
    assert [lv.label for lv in Level if lv.is_bad] == ["不满意", "非常不满意"]
    assert DEFAULT_LEVEL.label == "满意" and not DEFAULT_LEVEL.is_bad


@pytest.mark.parametrize("completed, deadline", [
    (D(2025, 1, 24), D(2025, 2, 7)),  # make-up Sun 1/26, 1/27, Spring Festival 1/28-2/4, then 2/5, 2/6, 2/7
    (D(2026, 9, 29), D(2026, 10, 12)),  # 9/30, then National Day 2026 10/1-10/7, make-up Sat 10/10
    (D(2024, 12, 27), D(2025, 1, 6)),  # New Year's Day 2025 in between
])
def test_rating_deadline(cal, completed, deadline):
    assert rating_deadline(completed, cal) == deadline
    assert rating_open(completed, deadline, cal)
    assert not default_due(completed, deadline, cal)
    assert default_due(completed, deadline + dt.timedelta(days=1), cal)

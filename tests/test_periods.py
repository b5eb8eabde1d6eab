"""The period the rankings and the public page open on, and the period each is compared with, as tables."""

import datetime as dt

import pytest

from xiaoneng.kit.periods import default_month, default_period, previous_period

D = dt.date


@pytest.mark.parametrize("today, month", [
    (D(2026, 12, 1), D(2026, 11, 1)),   # the 1st: the month has not begun, November is shown
    (D(2026, 12, 5), D(2026, 11, 1)),
    (D(2026, 12, 6), D(2026, 12, 1)),
    (D(2026, 12, 15), D(2026, 12, 1)),
    (D(2027, 1, 3), D(2026, 12, 1)),    # across the year
    (D(2026, 3, 31), D(2026, 3, 1)),
])
def test_default_month(today, month):
    assert default_month(today) == month


@pytest.mark.parametrize("today, period", [
    (D(2026, 12, 1), (D(2026, 11, 1), D(2026, 11, 30))),
    (D(2026, 12, 15), (D(2026, 12, 1), D(2026, 12, 15))),
    (D(2026, 3, 2), (D(2026, 2, 1), D(2026, 2, 28))),
    (D(2028, 3, 4), (D(2028, 2, 1), D(2028, 2, 29))),
    (D(2026, 11, 18), (D(2026, 11, 1), D(2026, 11, 18))),
])
def test_default_period(today, period):
    assert default_period(today) == period


@pytest.mark.parametrize("start, end, previous", [
    (D(2026, 11, 1), D(2026, 11, 30), (D(2026, 10, 1), D(2026, 10, 31))),   # a month: the month before
    (D(2026, 3, 1), D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28))),
    (D(2027, 1, 1), D(2027, 3, 31), (D(2026, 10, 1), D(2026, 12, 31))),    # a quarter: the quarter before
    (D(2026, 12, 1), D(2026, 12, 15), (D(2026, 11, 16), D(2026, 11, 30))),  # part of a month: as many days before
    (D(2026, 3, 10), D(2026, 3, 10), (D(2026, 3, 9), D(2026, 3, 9))),
    (D(2026, 1, 1), D(2026, 12, 31), (D(2025, 1, 1), D(2025, 12, 31))),
])
def test_previous_period(start, end, previous):
    assert previous_period(start, end) == previous

"""Overdue and due-soon follow from today's date (real dates, with the 2026 national day holiday)."""

import datetime as dt

import pytest

from xiaoneng.cases.rules import DeadlineState, deadline_state

D = dt.date
OVERDUE, SOON, ON_TIME = DeadlineState.OVERDUE, DeadlineState.DUE_SOON, DeadlineState.ON_TIME


@pytest.mark.parametrize(
    "clock, due, today, n, expected",
    [
        ("running", D(2026, 11, 18), D(2026, 11, 19), 1, OVERDUE),  # the day after the due date
        ("running", D(2026, 11, 18), D(2026, 11, 18), 1, SOON),  # the due day itself
        ("running", D(2026, 11, 19), D(2026, 11, 18), 1, SOON),  # one working day left
        ("running", D(2026, 11, 20), D(2026, 11, 18), 1, ON_TIME),  # two working days left
        ("running", D(2026, 11, 20), D(2026, 11, 18), 2, SOON),  # the center warns two days ahead
        ("running", D(2026, 11, 23), D(2026, 11, 20), 1, SOON),  # Fri → Mon: the weekend is not counted
        # 2026-10-01..07 national day holiday: from 9/30, 10/8 is the next working day.
        ("running", D(2026, 10, 8), D(2026, 9, 30), 1, SOON),  # a week away, but one working day left
        ("running", D(2026, 10, 9), D(2026, 9, 30), 1, ON_TIME),  # two working days left
        ("running", D(2026, 10, 8), D(2026, 10, 3), 1, SOON),  # during the holiday
        ("running", D(2026, 9, 30), D(2026, 10, 5), 1, OVERDUE),  # overdue during the holiday too
        ("stopped", D(2026, 11, 1), D(2026, 11, 18), 1, ON_TIME),  # 补正中: the clock is stopped
        ("done", D(2026, 11, 1), D(2026, 11, 18), 1, ON_TIME),  # finished cases do not fall due
        ("running", None, D(2026, 11, 18), 1, ON_TIME),
    ],
)
def test_deadline_state(cal, clock, due, today, n, expected):
    assert deadline_state(clock, due, today, cal, due_soon_days=n) is expected

"""Pure rules added for the service: due soon, anonymous close, settings bounds, the callback rate's two views."""

import datetime as dt

import pytest

from xiaoneng.rectification.rules import (
    CALLBACK_METHODS, CONTACT_METHODS, Action, Status, TransitionRefused, allowed_actions_for, callback_rates,
    due_soon, method_code, next_status_for, setting_problems,
)

D = dt.date
DEFAULTS = dict(contact_days=1, rectify_days=5, callback_days=5, escalate_to_director_after_days=2, due_soon_days=1,
                concentration_threshold=3, concentration_period_days=30)


@pytest.mark.parametrize("today, expected", [
    (D(2025, 9, 29), False),  # two working days before
    (D(2025, 9, 30), True),  # the next working day is the deadline (National Day in between)
    (D(2025, 10, 3), True),  # holiday: the next working day 10/9 is the deadline
    (D(2025, 10, 9), True),  # the deadline itself
    (D(2025, 10, 10), False),  # overdue, not due soon
])
def test_due_soon_across_national_day(cal, today, expected):
    assert due_soon(D(2025, 10, 9), today, 1, cal) is expected


@pytest.mark.parametrize("status", [Status.SOLVED_ON_SPOT, Status.EXPLAINED, Status.FED_BACK])
def test_anonymous_record_closes_without_callback_real_name_does_not(status):
    assert next_status_for(status, Action.CLOSE, real_name=False) is Status.CLOSED
    assert Action.CLOSE in allowed_actions_for(status, real_name=False)
    with pytest.raises(TransitionRefused):
        next_status_for(status, Action.CLOSE, real_name=True)
    assert Action.CLOSE not in allowed_actions_for(status, real_name=True)


def test_anonymous_open_record_still_cannot_close():
    with pytest.raises(TransitionRefused):
        next_status_for(Status.OPEN, Action.CLOSE, real_name=False)


@pytest.mark.parametrize("value, methods, code", [
    ("电话", CONTACT_METHODS, "phone"), ("visit", CONTACT_METHODS, "visit"), ("传真", CONTACT_METHODS, None),
    ("网上问卷", CALLBACK_METHODS, "online"), ("sms", CALLBACK_METHODS, None),
])
def test_method_code(value, methods, code):
    assert method_code(value, methods) == code


@pytest.mark.parametrize("changes, field", [
    ({}, None),
    ({"contact_days": 7, "rectify_days": 15}, None),
    ({"contact_days": 0}, "contact_days"),
    ({"rectify_days": 61}, "rectify_days"),
    ({"due_soon_days": "1"}, "due_soon_days"),
    ({"concentration_threshold": True}, "concentration_threshold"),
    ({"contact_days": 6, "rectify_days": 5}, "rectify_days"),
])
def test_setting_problems(changes, field):
    problems = setting_problems({**DEFAULTS, **changes})
    assert (next(iter(problems)) if problems else None) == field


def test_callback_rates_in_both_views():
    statuses = [Status.CLOSED, Status.CALLED_BACK, Status.EXCLUDED, Status.OPEN, Status.APPEALED]
    all_reviews, counted = callback_rates(statuses)
    assert (all_reviews.finished, all_reviews.total) == (3, 5)
    assert (counted.finished, counted.total) == (2, 4) and counted.percent == "50.0%"
    assert callback_rates([])[1].percent == "—"

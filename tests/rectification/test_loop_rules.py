"""The bad-review loop: transitions, the 1- and 5-working-day deadlines on real dates, escalation."""

import datetime as dt

import pytest

from xiaoneng.rectification.rules import (
    Action, Escalation, LoopSettings, Status, TransitionRefused, allowed_actions, current_due, deadlines,
    escalation, next_status,
)

D = dt.date


@pytest.mark.parametrize("status, action, expected", [
    (Status.OPEN, Action.SOLVE_ON_SPOT, Status.SOLVED_ON_SPOT),
    (Status.OPEN, Action.CONTACT, Status.CONTACTED),
    (Status.CONTACTED, Action.CONFIRM, Status.RECTIFYING),
    (Status.CONTACTED, Action.TO_LEDGER, Status.LEDGER),
    (Status.CONTACTED, Action.EXPLAIN, Status.EXPLAINED),
    (Status.RECTIFYING, Action.FEED_BACK, Status.FED_BACK),
    (Status.LEDGER, Action.FEED_BACK, Status.FED_BACK),
    (Status.FED_BACK, Action.CALLBACK, Status.CALLED_BACK),
    (Status.EXPLAINED, Action.CALLBACK, Status.CALLED_BACK),
    (Status.CALLED_BACK, Action.CLOSE, Status.CLOSED),
    (Status.OPEN, Action.APPEAL, Status.APPEALED),
    (Status.APPEALED, Action.UPHOLD_APPEAL, Status.EXCLUDED),
])
def test_allowed_transitions(status, action, expected):
    assert next_status(status, action) is expected


@pytest.mark.parametrize("status, action", [
    (Status.OPEN, Action.CALLBACK),  # no callback before anything was done
    (Status.OPEN, Action.FEED_BACK),
    (Status.CLOSED, Action.CONTACT),
    (Status.EXCLUDED, Action.APPEAL),
    (Status.RECTIFYING, Action.APPEAL),
])
def test_refused_transitions(status, action):
    with pytest.raises(TransitionRefused):
        next_status(status, action)


def test_rejected_appeal_returns_to_the_previous_step():
    assert next_status(Status.APPEALED, Action.REJECT_APPEAL, before_appeal=Status.CONTACTED) is Status.CONTACTED
    assert Action.REJECT_APPEAL in allowed_actions(Status.APPEALED)


@pytest.mark.parametrize("received, contact_due, rectify_due", [
    (D(2025, 9, 30), D(2025, 10, 9), D(2025, 10, 14)),  # across National Day 2025, make-up Sat 10/11
    (D(2026, 2, 13), D(2026, 2, 14), D(2026, 2, 27)),  # make-up Sat 2/14, then Spring Festival 2/15-2/23
    (D(2024, 4, 30), D(2024, 5, 6), D(2024, 5, 10)),  # Labour Day 2024, make-up Sat 5/11 is after
])
def test_seed_deadlines_on_real_dates(cal, received, contact_due, rectify_due):
    d = deadlines(received, LoopSettings(), cal)
    assert (d.contact_due, d.rectify_due) == (contact_due, rectify_due)


def test_local_rule_of_seven_and_fifteen_days(cal):
    d = deadlines(D(2026, 1, 5), LoopSettings(contact_days=7, rectify_days=15), cal)
    assert (d.contact_due, d.rectify_due) == (D(2026, 1, 14), D(2026, 1, 26))


def test_current_due_follows_the_step(cal):
    d = deadlines(D(2026, 1, 5), LoopSettings(), cal)
    assert current_due(Status.OPEN, d, None) == d.contact_due
    assert current_due(Status.RECTIFYING, d, None) == d.rectify_due
    assert current_due(Status.LEDGER, d, D(2026, 3, 31)) == D(2026, 3, 31)
    assert current_due(Status.FED_BACK, d, None) is None


@pytest.mark.parametrize("today, level", [
    (D(2026, 1, 6), Escalation.NONE),
    (D(2026, 1, 7), Escalation.DEPARTMENT_HEAD),
    (D(2026, 1, 8), Escalation.DEPARTMENT_HEAD),
    (D(2026, 1, 9), Escalation.DIRECTOR),
])
def test_escalation(cal, today, level):
    assert escalation(D(2026, 1, 6), today, LoopSettings(), cal) is level

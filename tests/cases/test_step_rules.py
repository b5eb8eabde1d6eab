"""Step deadlines (cases/rules.fold_steps) with real dates: the 2026 Spring Festival and National Day, their make-up
Saturdays and Sundays, 补正 not charged, 即办件 due the day of receipt, an approved extension."""

import datetime as dt

import pytest

from xiaoneng.cases.rules import (
    Completed, Extension, Notice, Received, StepDone, Supplement, fold_clock, fold_steps, step_shares,
)

D = dt.date


@pytest.mark.parametrize("limit, steps, shares", [
    (5, 3, (1, 1, 3)),  # even shares, the remainder to the last step
    (10, 3, (3, 3, 4)),
    (3, 3, (1, 1, 1)),
    (2, 3, (0, 0, 2)),  # fewer days than steps: the first steps are due the day they start
    (0, 3, (0, 0, 0)),  # 即办件
    (20, 1, (20,)),  # a window case: its one step has the whole period
])
def test_the_period_is_shared_among_the_steps(limit, steps, shares):
    assert step_shares(limit, steps) == shares
    assert sum(shares) == limit


def test_a_case_has_at_least_one_step():
    with pytest.raises(ValueError):
        step_shares(5, 0)


R, N, S, X, C = Received, Notice, Supplement, Extension, Completed
M = frozenset


@pytest.mark.parametrize("timeline, limit, steps, dues", [
    # Received Fri 2/13: 受理 (1 day) is due on the make-up Saturday 2/14; 审查 (1 day, from 2/14) after the Spring
    # Festival (2/15-2/23) on 2/24; finished a day late on 2/25, 决定 (3 days) is due on the make-up Saturday 2/28.
    ([R(D(2026, 2, 13))], 5, 3, (D(2026, 2, 14), None, None)),
    ([R(D(2026, 2, 13)), StepDone(D(2026, 2, 14))], 5, 3, (D(2026, 2, 14), D(2026, 2, 24), None)),
    ([R(D(2026, 2, 13)), StepDone(D(2026, 2, 14)), StepDone(D(2026, 2, 25))], 5, 3,
     (D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 28))),
    # Completed steps keep their dates once the case is done.
    ([R(D(2026, 2, 13)), StepDone(D(2026, 2, 14)), StepDone(D(2026, 2, 25)), StepDone(D(2026, 2, 26)),
      C(D(2026, 2, 26))], 5, 3, (D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 28))),
    # 即办件: every step is due on the day of receipt, even the one that starts a day late.
    ([R(D(2026, 11, 18)), StepDone(D(2026, 11, 18)), StepDone(D(2026, 11, 19))], 0, 3,
     (D(2026, 11, 18), D(2026, 11, 18), D(2026, 11, 18))),
    # A one-time notice stops the clock: the open step has no due date while 补正 lasts.
    ([R(D(2026, 9, 28)), N(D(2026, 9, 29), M({"营业执照"}))], 6, 3, (None, None, None)),
    # The supplement restarts the open step's share from zero: from Wed 9/30, two working days after the National
    # Day holiday (10/1-10/7) are 10/8 and 10/9.
    ([R(D(2026, 9, 28)), N(D(2026, 9, 29), M({"营业执照"})), S(D(2026, 9, 30))], 6, 3, (D(2026, 10, 9), None, None)),
    # A notice during 审查 restarts 审查, not 受理 (already done): 11/9 + 2 working days.
    ([R(D(2026, 11, 2)), StepDone(D(2026, 11, 3)), N(D(2026, 11, 4), M({"申请书"})), S(D(2026, 11, 9)),
      StepDone(D(2026, 11, 11))], 6, 3, (D(2026, 11, 4), D(2026, 11, 11), D(2026, 11, 13))),
    # A later notice naming a material the first one missed does not stop the clock (S1 限时办结 4).
    ([R(D(2026, 11, 2)), N(D(2026, 11, 2), M({"申请书"})), S(D(2026, 11, 3)), N(D(2026, 11, 4), M({"授权委托书"}))],
     3, 1, (D(2026, 11, 6),)),
    # An approved extension: no open step is due before the case's new date; a completed step keeps its own.
    ([R(D(2026, 11, 2)), X(D(2026, 11, 4), D(2026, 11, 20))], 3, 1, (D(2026, 11, 20),)),
    ([R(D(2026, 11, 2)), StepDone(D(2026, 11, 3)), X(D(2026, 11, 4), D(2026, 11, 30))], 6, 3,
     (D(2026, 11, 4), D(2026, 11, 30), None)),
    # Make-up days count: Fri 10/9 + 1 is Saturday 10/10; Fri 9/18 + 1 is Sunday 9/20.
    ([R(D(2026, 10, 9))], 1, 1, (D(2026, 10, 10),)),
    ([R(D(2026, 9, 18))], 1, 1, (D(2026, 9, 20),)),
    # Received on a holiday: the share counts from the next working days (1/1-1/3 rest, Sunday 1/4 works).
    ([R(D(2026, 1, 1))], 2, 1, (D(2026, 1, 5),)),
])
def test_step_due_dates(cal, timeline, limit, steps, dues):
    assert fold_steps(timeline, limit_days=limit, steps=steps, calendar=cal) == dues


@pytest.mark.parametrize("events", [
    [R(D(2026, 9, 28))],
    [R(D(2026, 9, 28)), N(D(2026, 9, 29), M({"营业执照"})), S(D(2026, 10, 9))],
    [R(D(2026, 2, 2)), N(D(2026, 2, 3), M({"申请书"})), S(D(2026, 2, 13)), N(D(2026, 2, 24), M({"申请书"})),
     S(D(2026, 2, 26))],
    [R(D(2026, 11, 2)), X(D(2026, 11, 4), D(2026, 11, 27))],
])
def test_a_single_step_is_due_with_its_case(cal, events):
    assert fold_steps(events, limit_days=4, steps=1, calendar=cal) == (
        fold_clock(events, limit_days=4, calendar=cal).due,)


def test_the_timeline_starts_with_the_receipt(cal):
    with pytest.raises(ValueError):
        fold_steps([StepDone(D(2026, 11, 2))], limit_days=3, steps=1, calendar=cal)

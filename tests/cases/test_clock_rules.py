"""The S1 case clock with real dates: stops on a one-time notice, restarts from zero, omissions not charged."""

import datetime as dt

import pytest

from xiaoneng.cases.rules import (
    ClockStatus, Completed, Extension, Notice, Received, Supplement, fold_clock,
)

D = dt.date


def m(*names):
    return frozenset(names)


def test_plain_period_skips_national_day_2025(cal):
    # Received Tue 2025-09-30; 10/1-10/8 holiday, Sat 10/11 is a make-up working day.
    clock = fold_clock([Received(D(2025, 9, 30))], limit_days=5, calendar=cal)
    assert clock.status is ClockStatus.RUNNING
    assert clock.due == D(2025, 10, 14)  # 10/9, 10/10, 10/11 (make-up Sat), 10/13, 10/14


def test_immediate_item_is_due_the_same_day(cal):
    assert fold_clock([Received(D(2026, 3, 4))], limit_days=0, calendar=cal).due == D(2026, 3, 4)


def test_notice_stops_and_supplement_restarts_from_zero(cal):
    events = [Received(D(2026, 2, 2)), Notice(D(2026, 2, 3), m("营业执照")), ]
    stopped = fold_clock(events, limit_days=3, calendar=cal)
    assert stopped.status is ClockStatus.STOPPED and stopped.due is None
    # Supplement on Fri 2026-02-13; 2/14 (Sat) is a make-up working day, 2/15-2/23 Spring Festival.
    running = fold_clock(events + [Supplement(D(2026, 2, 13))], limit_days=3, calendar=cal)
    assert running.counting_from == D(2026, 2, 13)
    assert running.due == D(2026, 2, 25)  # 2/14, 2/24, 2/25


def test_omitted_material_does_not_restart_the_period(cal):
    events = [
        Received(D(2025, 4, 1)),
        Notice(D(2025, 4, 2), m("申请书")),
        Supplement(D(2025, 4, 7)),
        Notice(D(2025, 4, 9), m("授权委托书")),  # should have been listed on 4/2
        Supplement(D(2025, 4, 14)),
    ]
    clock = fold_clock(events, limit_days=5, calendar=cal)
    assert clock.counting_from == D(2025, 4, 7)
    assert clock.due == D(2025, 4, 14)
    assert len(clock.violations) == 1 and "授权委托书" in clock.violations[0]


def test_non_compliant_listed_material_is_a_normal_stop(cal):
    events = [
        Received(D(2025, 4, 1)),
        Notice(D(2025, 4, 2), m("申请书")),
        Supplement(D(2025, 4, 7)),
        Notice(D(2025, 4, 8), m("申请书")),  # supplied but not compliant: not an omission
        Supplement(D(2025, 4, 30)),
    ]
    clock = fold_clock(events, limit_days=3, calendar=cal)
    assert clock.violations == ()
    assert clock.counting_from == D(2025, 4, 30)
    assert clock.due == D(2025, 5, 8)  # 5/1-5/5 Labour Day, 4/27 (Sun) make-up is before; 5/6, 5/7, 5/8


def test_extension_replaces_the_due_date(cal):
    events = [Received(D(2026, 1, 5)), Extension(D(2026, 1, 9), D(2026, 1, 30))]
    assert fold_clock(events, limit_days=5, calendar=cal).due == D(2026, 1, 30)


def test_completion_and_overdue(cal):
    events = [Received(D(2026, 1, 5)), Completed(D(2026, 1, 14))]
    clock = fold_clock(events, limit_days=5, calendar=cal)
    assert clock.status is ClockStatus.DONE and clock.due == D(2026, 1, 12)
    assert clock.overdue(D(2026, 3, 1))


@pytest.mark.parametrize("today, left", [
    (D(2026, 2, 12), 2),   # Thu: 2/13, 2/14 (make-up Sat) remain
    (D(2026, 2, 14), 0),   # the due day itself
    (D(2026, 2, 24), -1),  # first working day after the Spring Festival
])
def test_remaining_working_days(cal, today, left):
    clock = fold_clock([Received(D(2026, 2, 11))], limit_days=3, calendar=cal)
    assert clock.due == D(2026, 2, 14)
    assert clock.remaining_working_days(today, cal) == left


def test_clock_needs_a_receipt(cal):
    with pytest.raises(ValueError):
        fold_clock([Notice(D(2026, 1, 1), m("x"))], limit_days=1, calendar=cal)


@pytest.mark.parametrize(
    "events, counting_from, due",
    [
        # Omission after one legitimate stop: counts from the only (first) supplement.
        (
            [Received(D(2025, 4, 1)), Notice(D(2025, 4, 2), m("申请书")), Supplement(D(2025, 4, 7)),
             Notice(D(2025, 4, 9), m("授权委托书")), Supplement(D(2025, 4, 14))],
            D(2025, 4, 7), D(2025, 4, 14),
        ),
        # A legitimate re-notice (申请书 supplied non-compliant) came in between: the omission counts from the
        # LAST legitimate restart (4/21), not from the first supplement (4/7) as S1 clause 4 literally reads.
        (
            [Received(D(2025, 4, 1)), Notice(D(2025, 4, 2), m("申请书")), Supplement(D(2025, 4, 7)),
             Notice(D(2025, 4, 8), m("申请书")), Supplement(D(2025, 4, 21)),
             Notice(D(2025, 4, 22), m("授权委托书")), Supplement(D(2025, 4, 25))],
            D(2025, 4, 21), D(2025, 4, 27),  # 4/22-4/25 and Sun 4/27, a make-up working day
        ),
    ],
)
def test_omission_counts_from_the_last_legitimate_restart(cal, events, counting_from, due):
    clock = fold_clock(events, limit_days=5, calendar=cal)
    assert clock.status is ClockStatus.RUNNING
    assert clock.counting_from == counting_from
    assert clock.due == due
    assert len(clock.violations) == 1 and "授权委托书" in clock.violations[0]

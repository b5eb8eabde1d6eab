"""The sign-in back-off as a table of attempts and times (pure rules, no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from xiaoneng.auth.rules import BackOff, Failures, after_failure, lock_left, retry_after_seconds, wait_label
from xiaoneng.kit.clock import TZ

T0 = dt.datetime(2026, 11, 18, 9, 0, tzinfo=TZ)
POLICY = BackOff(free_failures=5)


def _play(attempts: list[float], policy: BackOff = POLICY) -> list[tuple[str, int | None]]:
    """Attempts at minutes after T0, each a failure unless refused: (what happened, lock in seconds)."""
    state, seen = None, []
    for minute in attempts:
        now = T0 + dt.timedelta(minutes=minute)
        if lock_left(state, now) is not None:
            seen.append(("refused", retry_after_seconds(lock_left(state, now))))
            continue
        state = after_failure(state, now, policy)
        left = lock_left(state, now)
        seen.append((f"failure {state.count}", retry_after_seconds(left) if left else None))
    return seen


def test_five_failures_are_free_the_fifth_locks_a_minute():
    assert _play([0, 0.1, 0.2, 0.3, 0.4]) == [
        ("failure 1", None), ("failure 2", None), ("failure 3", None), ("failure 4", None), ("failure 5", 60)]


def test_attempts_during_the_lock_are_refused_and_do_not_count():
    assert _play([0, 0, 0, 0, 0, 0.5, 0.9]) [5:] == [("refused", 30), ("refused", 6)]


def test_each_failure_after_a_lock_doubles_it_up_to_half_an_hour():
    # After every lock has run out the next guess fails again: 1, 2, 4, 8, 16, then 30 minutes (the cap), 30.
    minutes, at = [0, 0, 0, 0, 0], 0.0
    for lock in (1, 2, 4, 8, 16, 30):
        at += lock
        minutes.append(at)
    locks = [seconds for _, seconds in _play(minutes)[4:]]
    assert locks == [60, 120, 240, 480, 960, 1800, 1800]


def test_a_quiet_quarter_of_an_hour_starts_the_count_afresh():
    assert _play([0, 1, 2, 3, 18.5]) == [
        ("failure 1", None), ("failure 2", None), ("failure 3", None), ("failure 4", None), ("failure 1", None)]


def test_the_quiet_spell_is_counted_from_the_end_of_the_lock():
    # Locked 60 s at minute 0; 14 minutes after the lock ended the count goes on (6th failure: 2 minutes).
    assert _play([0, 0, 0, 0, 0, 15])[-1] == ("failure 6", 120)
    assert _play([0, 0, 0, 0, 0, 16.5])[-1] == ("failure 1", None)


def test_a_lock_ends_at_its_instant():
    state = Failures(count=5, last_at=T0, locked_until=T0 + dt.timedelta(minutes=1))
    assert lock_left(state, T0 + dt.timedelta(seconds=59)) == dt.timedelta(seconds=1)
    assert lock_left(state, T0 + dt.timedelta(minutes=1)) is None
    assert lock_left(None, T0) is None


def test_an_address_allows_more_failures_than_an_account():
    assert _play([0] * 20, BackOff(free_failures=20))[-2:] == [("failure 19", None), ("failure 20", 60)]


@pytest.mark.parametrize("seconds, label", [(0.2, "1 秒"), (59, "59 秒"), (60, "1 分钟"), (61, "2 分钟"), (1800, "30 分钟")])
def test_the_wait_is_told_in_seconds_or_minutes(seconds, label):
    assert wait_label(dt.timedelta(seconds=seconds)) == label

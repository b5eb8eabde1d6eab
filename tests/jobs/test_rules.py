"""Slots, due checks and job specs of timed work, on real dates in Asia/Shanghai."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from xiaoneng.jobs.rules import Job, align, is_due, next_slot, parse_extra_jobs, result_summary

TZ = ZoneInfo("Asia/Shanghai")


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)


@pytest.mark.parametrize("moment, interval, expected", [
    (at(2026, 11, 23, 10, 17, 42), 3600, at(2026, 11, 23, 10, 0)),
    (at(2026, 11, 23, 10, 0), 3600, at(2026, 11, 23, 10, 0)),
    (at(2026, 11, 23, 10, 17, 42), 60, at(2026, 11, 23, 10, 17)),
    (at(2026, 11, 23, 10, 17, 42), 86400, at(2026, 11, 23)),
    (at(2026, 11, 23, 10, 17, 42), 900, at(2026, 11, 23, 10, 15)),
    (at(2026, 11, 23, 10, 17, 42), 7000, at(2026, 11, 23, 10, 17, 42)),  # does not divide a day
])
def test_align(moment, interval, expected):
    assert align(moment, interval) == expected


@pytest.mark.parametrize("now, interval, expected", [
    (at(2026, 11, 23, 10, 17), 3600, at(2026, 11, 23, 11, 0)),
    (at(2026, 11, 23, 10, 0), 3600, at(2026, 11, 23, 11, 0)),
    (at(2026, 11, 23, 23, 59, 59), 3600, at(2026, 11, 24, 0, 0)),
    (at(2026, 12, 31, 10, 0), 86400, at(2027, 1, 1)),
    (at(2026, 11, 23, 10, 17, 30), 60, at(2026, 11, 23, 10, 18)),
    (at(2026, 11, 23, 10, 0), 7000, at(2026, 11, 23, 10, 0) + dt.timedelta(seconds=7000)),
])
def test_next_slot_is_strictly_after_now(now, interval, expected):
    assert next_slot(now, interval) == expected
    assert next_slot(now, interval) > now


NOW = at(2026, 11, 23, 10, 0)


@pytest.mark.parametrize("enabled, next_run_at, lease_until, due", [
    (True, NOW - dt.timedelta(minutes=1), None, True),
    (True, NOW, None, True),
    (True, NOW + dt.timedelta(seconds=1), None, False),
    (False, NOW - dt.timedelta(hours=5), None, False),
    (True, NOW - dt.timedelta(minutes=1), NOW + dt.timedelta(minutes=5), False),
    (True, NOW - dt.timedelta(minutes=1), NOW - dt.timedelta(seconds=1), True),
])
def test_is_due(enabled, next_run_at, lease_until, due):
    assert is_due(enabled=enabled, next_run_at=next_run_at, lease_until=lease_until, now=NOW) is due


def test_extra_jobs_spec():
    jobs = parse_extra_jobs(" weekly_report=604800@xiaoneng.reports.service:weekly ; tick=60@tests.jobs.effects:tick0;")
    assert jobs == [Job("weekly_report", 604800, "xiaoneng.reports.service:weekly"),
                    Job("tick", 60, "tests.jobs.effects:tick0")]


@pytest.mark.parametrize("spec", ["tick", "tick=60", "tick=sixty@a:b", "=60@a:b", "tick=60@module_only", "tick=0@a:b"])
def test_bad_extra_job_spec_is_refused(spec):
    with pytest.raises(ValueError):
        parse_extra_jobs(spec)


@pytest.mark.parametrize("value, summary", [
    (None, {}),
    (7, {"count": 7}),
    (True, {"ok": True}),
    ({"opened": 2, "day": dt.date(2026, 11, 23)}, {"opened": 2, "day": "2026-11-23"}),
    ([1, 2, 3], {"count": 3}),
])
def test_result_summary(value, summary):
    assert result_summary(value) == summary

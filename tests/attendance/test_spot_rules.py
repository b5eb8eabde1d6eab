"""The spot-check rules as tables: the four key times, working days of the platform's calendar (2026's make-up days
worked, holidays not), approved leave by half day, and each expected person answered."""

import datetime as dt

import pytest

from xiaoneng.attendance import rules
from xiaoneng.calendar import service as calendars
from xiaoneng.duty.rules import Half, HalfDay
from xiaoneng.errors import ValidationFailed

K = rules.KeyTime
NOW = dt.datetime(2026, 11, 18, 10, 0)


@pytest.fixture(scope="module")
def calendar():
    return calendars._library_calendar()


def check(calendar, day: str, time: str, now=NOW):
    d = dt.date.fromisoformat(day)
    info = calendar.explain(d)
    return rules.spot_check_key(d, dt.time.fromisoformat(time), working=info.working, day_reason=info.reason, now=now)


@pytest.mark.parametrize(("time", "key"), [
    ("09:00", K.AM_IN), ("09:05", K.AM_IN), ("11:55", K.AM_OUT), ("12:00", K.AM_OUT),
    ("13:00", K.PM_IN), ("13:05", K.PM_IN), ("16:55", K.PM_OUT), ("17:00", K.PM_OUT),
])
def test_each_key_time_both_ends_included(calendar, time, key):
    assert check(calendar, "2026-11-17", time) is key


@pytest.mark.parametrize("time", ["08:59", "09:06", "10:30", "11:54", "12:01", "12:59", "13:06", "16:54", "17:01"])
def test_a_time_outside_the_key_times_is_refused_naming_the_field(calendar, time):
    with pytest.raises(ValidationFailed) as exc:
        check(calendar, "2026-11-17", time)
    assert exc.value.field == "time"
    assert "9:00-9:05、11:55-12:00、13:00-13:05、16:55-17:00" in exc.value.message
    assert f"{int(time[:2])}:{time[3:]} 不在其中" in exc.value.message


@pytest.mark.parametrize(("day", "working"), [
    ("2026-01-04", True),    # Sunday, make-up working day after 元旦 2026
    ("2026-02-14", True),    # Saturday, make-up working day before 春节
    ("2026-02-28", True),    # Saturday, make-up working day after 春节
    ("2026-10-10", True),    # Saturday, make-up working day after 国庆
    ("2026-01-02", False),   # 元旦 holiday (a Friday)
    ("2026-02-17", False),   # 春节 (a Tuesday)
    ("2026-10-05", False),   # 国庆 (a Monday)
    ("2026-11-21", False),   # an ordinary Saturday
    ("2026-11-16", True),    # an ordinary Monday
])
def test_only_working_days_of_the_platforms_calendar(calendar, day, working):
    if working:
        assert check(calendar, day, "09:02") is K.AM_IN
    else:
        with pytest.raises(ValidationFailed, match="不是工作日，无需抽检") as exc:
            check(calendar, day, "09:02")
        assert exc.value.field == "day" and day in exc.value.message


def test_the_holiday_is_named(calendar):
    with pytest.raises(ValidationFailed, match="2026-02-17 是春节"):
        check(calendar, "2026-02-17", "09:02")


def test_a_check_later_than_now_is_refused(calendar):
    assert check(calendar, "2026-11-18", "09:03") is K.AM_IN  # this morning, before 10:00
    with pytest.raises(ValidationFailed, match="晚于现在") as exc:
        check(calendar, "2026-11-18", "11:56")
    assert exc.value.field == "time"


@pytest.mark.parametrize(("leave", "key", "away"), [
    ({HalfDay(dt.date(2026, 2, 14), Half.AM).slot}, K.AM_IN, True),
    ({HalfDay(dt.date(2026, 2, 14), Half.AM).slot}, K.AM_OUT, True),
    ({HalfDay(dt.date(2026, 2, 14), Half.AM).slot}, K.PM_IN, False),   # the morning's leave, checked in the afternoon
    ({HalfDay(dt.date(2026, 2, 14), Half.PM).slot}, K.PM_OUT, True),
    ({HalfDay(dt.date(2026, 2, 13), Half.PM).slot}, K.AM_IN, False),   # the day before
    (set(), K.AM_IN, False),
])
def test_approved_leave_excludes_its_half_day(leave, key, away):
    assert rules.on_leave_at(dt.date(2026, 2, 14), key, leave) is away


def test_every_expected_person_is_answered():
    expected = {1: "张敏", 2: "李强"}
    findings = rules.check_findings(expected, {2: ("absent", " 离岗未挂牌 "), 1: ("present", "")})
    assert findings == [rules.Finding(1, True, ""), rules.Finding(2, False, "离岗未挂牌")]
    with pytest.raises(ValidationFailed, match="请为 李强 选择“在岗”或“不在岗”") as exc:
        rules.check_findings(expected, {1: ("present", "")})
    assert exc.value.field == "present_2"
    with pytest.raises(ValidationFailed, match="请为 张敏 选择"):
        rules.check_findings(expected, {1: ("maybe", ""), 2: ("present", "")})
    with pytest.raises(ValidationFailed, match="不在本次抽检的应在岗人员中") as exc:
        rules.check_findings(expected, {1: ("present", ""), 2: ("present", ""), 3: ("absent", "")})
    assert exc.value.field == "present_3"
    with pytest.raises(ValidationFailed, match="李强 的说明不能超过 200 字") as exc:
        rules.check_findings(expected, {1: ("present", ""), 2: ("absent", "长" * 201)})
    assert exc.value.field == "note_2"
    with pytest.raises(ValidationFailed, match="没有应在岗人员") as exc:
        rules.check_findings({}, {})


def test_a_day_records_which_key_times_the_punches_miss():
    r = rules.check_day(dt.date(2026, 11, 17), [dt.time(9, 12), dt.time(12, 0), dt.time(13, 0)], working=True)
    assert r.absent_keys == {K.AM_IN, K.PM_OUT} and r.key_time_absences == 2
    assert rules.Schedule().key_label(K.PM_OUT) == "下午下班（16:55-17:00）"

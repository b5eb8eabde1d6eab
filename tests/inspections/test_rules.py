"""The inspection rules with real dates: the working weeks of a month across the 2026 holidays and make-up days,
the half-yearly turns, findings' deadlines, repeats, a visit's results and phone checks."""

import datetime as dt

import pytest

from xiaoneng.calendar import service as calendars
from xiaoneng.errors import ValidationFailed
from xiaoneng.inspections import catalogue_seed, rules
from xiaoneng.org.models import ServicePointType as T

D = dt.date


@pytest.fixture(scope="module")
def calendar():
    return calendars._library_calendar()


def _days(first: D, last: D) -> list[D]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@pytest.mark.parametrize(("month", "weeks"), [
    # National Day 1-7 October, make-up Saturday 10 October: the first week is 8-10 October.
    (D(2026, 10, 1), [(D(2026, 10, 8), D(2026, 10, 10)), (D(2026, 10, 12), D(2026, 10, 16)),
                      (D(2026, 10, 19), D(2026, 10, 23)), (D(2026, 10, 26), D(2026, 10, 30))]),
    # Spring Festival 15-23 February, make-up Saturdays 14 and 28 February: no week in the holiday.
    (D(2026, 2, 1), [(D(2026, 2, 2), D(2026, 2, 6)), (D(2026, 2, 9), D(2026, 2, 14)),
                     (D(2026, 2, 24), D(2026, 2, 28))]),
    # New Year 1-3 January, make-up Sunday 4 January: that lone day counts with the next week.
    (D(2026, 1, 1), [(D(2026, 1, 4), D(2026, 1, 9)), (D(2026, 1, 12), D(2026, 1, 16)),
                     (D(2026, 1, 19), D(2026, 1, 23)), (D(2026, 1, 26), D(2026, 1, 30))]),
    # A month ending on a Monday and Tuesday: the short last week joins the one before.
    (D(2026, 3, 1), [(D(2026, 3, 2), D(2026, 3, 6)), (D(2026, 3, 9), D(2026, 3, 13)),
                     (D(2026, 3, 16), D(2026, 3, 20)), (D(2026, 3, 23), D(2026, 3, 31))]),
    # 2026-11: a plain month of 21 working days.
    (D(2026, 11, 1), [(D(2026, 11, 2), D(2026, 11, 6)), (D(2026, 11, 9), D(2026, 11, 13)),
                      (D(2026, 11, 16), D(2026, 11, 20)), (D(2026, 11, 23), D(2026, 11, 30))]),
])
def test_working_weeks_of_a_month(calendar, month, weeks):
    days = rules.month_days(month, calendar.is_working_day)
    groups = rules.week_groups(days)
    assert [(g[0], g[-1]) for g in groups] == weeks
    assert sum(len(g) for g in groups) == len(days)
    assert all(calendar.is_working_day(d) for d in days)


def test_month_days_keep_make_up_days_and_drop_holidays(calendar):
    october = rules.month_days(D(2026, 10, 1), calendar.is_working_day)
    assert D(2026, 10, 10) in october and not set(_days(D(2026, 10, 1), D(2026, 10, 7))) & set(october)
    assert len(october) == 18
    february = rules.month_days(D(2026, 2, 1), calendar.is_working_day)
    assert D(2026, 2, 14) in february and D(2026, 2, 28) in february and D(2026, 2, 23) not in february
    assert len(rules.month_days(D(2026, 11, 1), calendar.is_working_day)) == 21


@pytest.mark.parametrize(("text", "frequency"), [("日常", "routine"), ("1周/次", "weekly"), ("1月/次", "monthly"),
                                                 ("半年/次", "half_yearly"), ("weekly", "weekly")])
def test_frequencies_read_as_s3_writes_them(text, frequency):
    assert rules.parse_frequency(text) == frequency


def test_an_unknown_frequency_is_refused_in_chinese():
    with pytest.raises(ValidationFailed, match="检查频次须为") as e:
        rules.parse_frequency("每季度")
    assert e.value.field == "frequency"


@pytest.mark.parametrize(("position", "count", "turn"), [(0, 44, 0), (7, 44, 0), (8, 44, 1), (43, 44, 5), (0, 3, 0),
                                                         (1, 3, 2), (2, 3, 4), (0, 1, 0)])
def test_half_yearly_turns_spread_over_the_six_months(position, count, turn):
    assert rules.half_year_turn(position, count) == turn


@pytest.mark.parametrize(("month", "turn", "checked", "due"), [
    (D(2026, 1, 1), 0, False, True), (D(2026, 1, 1), 2, False, False), (D(2026, 3, 1), 2, False, True),
    (D(2026, 5, 1), 2, False, True),  # missed in March and April: caught up
    (D(2026, 5, 1), 2, True, False), (D(2026, 12, 1), 5, False, True), (D(2026, 7, 1), 3, False, False),
])
def test_half_yearly_checks_from_the_turn_until_checked(month, turn, checked, due):
    assert rules.half_yearly_due(month, turn=turn, checked_this_half=checked) is due


@pytest.mark.parametrize(("notified", "days", "due"), [
    (D(2026, 9, 30), 5, D(2026, 10, 13)),  # over National Day, the make-up Saturday 10 October counts
    (D(2026, 2, 13), 5, D(2026, 2, 27)),  # over the Spring Festival, Saturday 14 February is a working day
    (D(2025, 12, 31), 3, D(2026, 1, 6)),  # New Year, then Sunday 4 January worked
    (D(2026, 11, 18), 5, D(2026, 11, 25)),
    (D(2026, 11, 20), 1, D(2026, 11, 23)),  # a Friday: the next Monday
])
def test_finding_deadlines_in_working_days(calendar, notified, days, due):
    assert rules.finding_due(notified, days, calendar) == due


def test_a_deadline_out_of_bounds_is_refused(calendar):
    with pytest.raises(ValidationFailed, match="整改时限须为 1 至 30 个工作日"):
        rules.finding_due(D(2026, 11, 18), 0, calendar)


@pytest.mark.parametrize(("status", "due", "today", "answered", "overdue"), [
    ("open", D(2026, 11, 25), D(2026, 11, 25), None, False),
    ("open", D(2026, 11, 25), D(2026, 11, 26), None, True),
    ("answered", D(2026, 11, 25), D(2026, 11, 30), D(2026, 11, 25), False),
    ("answered", D(2026, 11, 25), D(2026, 11, 30), D(2026, 11, 26), True),
    ("closed", D(2026, 11, 25), D(2026, 12, 30), D(2026, 11, 20), False),
    ("held", None, D(2026, 12, 30), None, False),
])
def test_overdue_findings(status, due, today, answered, overdue):
    assert rules.is_overdue(status, due, today, answered) is overdue


def test_a_repeat_is_the_same_indicator_at_the_point_within_a_year():
    earlier = [rules.EarlierFinding(3, D(2025, 10, 1)), rules.EarlierFinding(7, D(2026, 3, 2)),
               rules.EarlierFinding(9, D(2026, 8, 20))]
    assert rules.repeat_of(D(2026, 11, 18), earlier) == rules.Repeat(of_id=9, count=3)
    assert rules.repeat_of(D(2026, 11, 18), []) == rules.Repeat(of_id=None, count=1)
    assert rules.repeat_of(D(2027, 8, 21), earlier) == rules.Repeat(of_id=None, count=1)


def test_results_must_cover_every_indicator_and_say_what_failed():
    expected = {1: "服务态度检查", 2: "咨询电话检查", 3: "消防设施"}
    ok = [rules.ResultInput(1, rules.Outcome.PASS, ""), rules.ResultInput(2, rules.Outcome.NOT_APPLICABLE, ""),
          rules.ResultInput(3, rules.Outcome.FAIL, "灭火器过期")]
    rules.check_results(expected, ok)
    with pytest.raises(ValidationFailed, match="还有 1 项指标未填写：消防设施"):
        rules.check_results(expected, ok[:2])
    with pytest.raises(ValidationFailed, match="指标“消防设施”不合格，请写明发现的问题"):
        rules.check_results(expected, [*ok[:2], rules.ResultInput(3, rules.Outcome.FAIL, " ")])
    with pytest.raises(ValidationFailed, match="不属于本次巡查"):
        rules.check_results(expected, [*ok, rules.ResultInput(4, rules.Outcome.PASS, "")])


@pytest.mark.parametrize(("connected", "rings", "correct", "problems"), [
    (True, 2, True, []),
    (True, 3, True, []),
    (True, 5, True, ["铃响 5 声才接听（应在 3 声内）"]),
    (True, 1, False, ["咨询问题未能准确答复"]),
    (False, None, None, ["咨询电话未接通（占线或无人接听）"]),
])
def test_phone_checks(connected, rings, correct, problems):
    assert rules.phone_check_problems(connected=connected, rings=rings, answered_correctly=correct,
                                      ring_limit=3) == problems


def test_impossible_phone_checks_are_refused():
    with pytest.raises(ValidationFailed, match="接通的电话请填写接听前的铃声次数"):
        rules.check_phone_input(connected=True, rings="", answered_correctly=True)
    with pytest.raises(ValidationFailed, match="未接通的电话不能评价答复是否准确"):
        rules.check_phone_input(connected=False, rings=None, answered_correctly=True)
    with pytest.raises(ValidationFailed, match="铃声次数须为 0 至 30 的整数"):
        rules.check_phone_input(connected=True, rings="-1", answered_correctly=True)


@pytest.mark.parametrize("point_type", catalogue_seed.INSPECTED_TYPES)
def test_the_seed_has_29_indicators_per_point_type(point_type):
    checks = catalogue_seed.checks_for(point_type)
    assert len(checks) == 29 and len({c[0] for c in checks}) == 29
    assert {rules.parse_frequency(c[5]) for c in checks} <= set(rules.Frequency)


def test_the_seed_keeps_s3_frequencies():
    hall = {c[0]: c[5] for c in catalogue_seed.checks_for(T.DISTRICT_HALL)}
    assert hall["A09"] == "1周/次" and hall["A01"] == "日常" and hall["B14"] == "半年/次" and "B09" not in hall
    street = {c[0]: c[5] for c in catalogue_seed.checks_for(T.STREET_CENTER)}
    assert street["A09"] == "1月/次" and "A06" not in street and "B10" in street

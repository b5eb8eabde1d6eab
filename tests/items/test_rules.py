"""Pure rules of service items: limits, materials, stale guides."""

import datetime as dt

import pytest

from xiaoneng.items import rules


@pytest.mark.parametrize("value, expected", [
    (0, 0), (20, 20), ("15", 15), (" 7 ", 7), (5.0, 5), ("3.0", 3), (None, 0), ("", 0),
])
def test_limits_parse_as_whole_days(value, expected):
    assert rules.parse_limit(value, label="法定时限") == (expected, None)


@pytest.mark.parametrize("value", [-1, "-3", 2.5, "二十", "5天", True, "1e3", 99999])
def test_bad_limits_are_refused_in_chinese(value):
    days, problem = rules.parse_limit(value, label="法定时限")
    assert days is None and problem.startswith("法定时限")


@pytest.mark.parametrize("statutory, promised, ok", [
    (20, 5, True), (20, 20, True), (20, 21, False), (0, 30, True), (0, 0, True), (1, 0, True),
])
def test_promised_limit_may_not_exceed_statutory(statutory, promised, ok):
    assert (rules.limits_problem(statutory, promised) is None) is ok


@pytest.mark.parametrize("text, names", [
    ("身份证；户口簿", ["身份证", "户口簿"]),
    ("身份证;户口簿;", ["身份证", "户口簿"]),
    ("身份证\n户口簿\r\n结婚证", ["身份证", "户口簿", "结婚证"]),
    ("  ", []),
    (None, []),
])
def test_materials_split_on_semicolons_and_line_breaks(text, names):
    assert rules.split_materials(text) == names


@pytest.mark.parametrize("reviewed, stale", [
    (None, True),
    (dt.date(2025, 3, 1), False),    # 365 days before 2026-03-01: exactly the limit
    (dt.date(2025, 2, 28), True),    # 366 days
    (dt.date(2026, 2, 1), False),
])
def test_guide_is_stale_after_the_review_period(reviewed, stale):
    assert rules.guide_is_stale(reviewed, today=dt.date(2026, 3, 1), max_days=365) is stale


@pytest.mark.parametrize("code, ok", [("110-A.1", True), ("", False), ("事项1", False), ("-A", False), ("A" * 65, False)])
def test_item_codes(code, ok):
    assert (rules.code_problem(code) is None) is ok


@pytest.mark.parametrize("statutory, promised, limit", [(20, 0, 0), (20, None, 20), (20, 5, 5), (0, None, 0)])
def test_case_limit_is_the_promised_one_when_set(statutory, promised, limit):
    assert rules.case_limit(statutory, promised) == limit


@pytest.mark.parametrize("days, kwargs, label", [
    (0, {}, "即办"), (5, {}, "5 个工作日"), (None, {}, "未设定（按法定时限）"), (0, {"zero": "未规定"}, "未规定"),
])
def test_limit_label_never_says_zero_working_days(days, kwargs, label):
    assert rules.limit_label(days, **kwargs) == label


@pytest.mark.parametrize("value, optional, days", [("", True, None), ("", False, 0), ("0", True, 0), (" 7 ", True, 7)])
def test_a_blank_promised_limit_is_not_set(value, optional, days):
    assert rules.parse_limit(value, label="承诺时限", optional=optional) == (days, None)

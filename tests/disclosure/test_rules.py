"""Scrubbing of free text and the disclosure period, as tables."""

import datetime as dt

import pytest

from xiaoneng.disclosure.rules import (
    Period, latest_period, opening_period, page_number, parse_month, published_through, recent_periods, scrub,
)


@pytest.mark.parametrize("text, expected", [
    ("电话13812345678请回电", "电话[电话已隐去]请回电"),
    ("手机 138 1234 5678", "手机 [电话已隐去]"),
    ("+86-13912345678", "[电话已隐去]"),
    ("座机028-85123456转分机", "座机[电话已隐去]转分机"),
    ("拨打(0551)6512345", "拨打[电话已隐去]"),
    ("身份证110101199003071234办理", "身份证[身份证号已隐去]办理"),
    ("证号11010119900307123X", "证号[身份证号已隐去]"),
    ("邮箱 wang.jg@example.com.cn 联系", "邮箱 [邮箱已隐去] 联系"),
    ("等了40分钟，窗口3个人只开1个", "等了40分钟，窗口3个人只开1个"),
    ("办件编号20261123001查不到", "办件编号20261123001查不到"),
    ("老身份证110101900307123", "老身份证[身份证号已隐去]"),
    ("营业执照91310000MA1FL4X12K已交", "营业执照[信用代码已隐去]已交"),
    ("代码 91350100M000100Y43", "代码 [信用代码已隐去]"),
    ("车牌苏A12345停在门口", "车牌[车牌号已隐去]停在门口"),
    ("新能源车粤B·D12345", "新能源车[车牌号已隐去]"),
    ("浙AB这几个字母不是车牌", "浙AB这几个字母不是车牌"),
    ("第2026110100000001号", "第2026110100000001号"),
    ("", ""),
    (None, ""),
])
def test_scrub(text, expected):
    assert scrub(text) == expected


@pytest.mark.parametrize("text, names, expected", [
    ("李秀英态度很差", ("李秀英",), "李**态度很差"),
    ("我是张伟，找李秀英", ("张伟", "李秀英"), "我是张*，找李**"),
    ("单字名王不替换", ("王",), "单字名王不替换"),
])
def test_scrub_known_names(text, names, expected):
    assert scrub(text, names=names) == expected


@pytest.mark.parametrize("value, expected", [
    ("2026-03", Period(2026, 3)),
    ("2026-3", Period(2026, 3)),
    ("2026-13", None),
    ("2026/03", None),
    ("", None),
    ("1999-01", None),
])
def test_parse_month(value, expected):
    assert parse_month(value) == expected


@pytest.mark.parametrize("period, first, last", [
    (Period(2026, 2), dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
    (Period(2024, 2), dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    (Period(2026, 12), dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
])
def test_period_bounds(period, first, last):
    assert (period.first, period.last) == (first, last)


@pytest.mark.parametrize("today, delay, through, latest", [
    (dt.date(2026, 3, 10), 0, dt.date(2026, 3, 10), Period(2026, 3)),
    (dt.date(2026, 3, 10), 15, dt.date(2026, 2, 23), Period(2026, 2)),
    (dt.date(2026, 1, 5), 7, dt.date(2025, 12, 29), Period(2025, 12)),
    (dt.date(2026, 1, 5), -3, dt.date(2026, 1, 5), Period(2026, 1)),
])
def test_publication_delay(today, delay, through, latest):
    assert published_through(today, delay) == through
    assert latest_period(today, delay) == latest


def test_month_selector_runs_back_across_the_year():
    periods = recent_periods(dt.date(2026, 2, 10), 0, count=4)
    assert [p.key for p in periods] == ["2026-02", "2026-01", "2025-12", "2025-11"]


@pytest.mark.parametrize("today, delay, opening", [
    (dt.date(2026, 12, 1), 0, Period(2026, 11)),
    (dt.date(2026, 12, 15), 0, Period(2026, 12)),
    (dt.date(2026, 12, 6), 0, Period(2026, 12)),
    (dt.date(2026, 12, 10), 7, Period(2026, 11)),   # newest publishable day 12-03: the month has hardly begun
    (dt.date(2027, 1, 2), 0, Period(2026, 12)),
])
def test_opening_period(today, delay, opening):
    assert opening_period(today, delay) == opening


@pytest.mark.parametrize("raw, pages, expected", [
    (None, 3, 1), ("", 3, 1), ("2", 3, 2), ("0", 3, 1), ("9", 3, 3), ("-1", 3, 1), ("abc", 3, 1),
    ("99999999999999999999", 3, 3), ("1", 0, 1),
])
def test_page_number(raw, pages, expected):
    assert page_number(raw, pages) == expected

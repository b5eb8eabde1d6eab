"""The reports' pure rules: periods and their comparisons, 延时服务, the first working day a report falls due on
(real dates of the national calendar), the numbers as people read them and the findings' sentences."""

import datetime as dt

import pytest

from xiaoneng.calendar import service as calendars
from xiaoneng.errors import ValidationFailed
from xiaoneng.reports import rules
from xiaoneng.reports.rules import Driver, Metric, UnitRate

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return calendars._library_calendar()


@pytest.mark.parametrize(("text", "start", "end", "label"), [
    ("2026-10", D(2026, 10, 1), D(2026, 10, 31), "2026年10月"),
    ("2026-2", D(2026, 2, 1), D(2026, 2, 28), "2026年2月"),
    ("2024-02", D(2024, 2, 1), D(2024, 2, 29), "2024年2月"),
    ("2026-12", D(2026, 12, 1), D(2026, 12, 31), "2026年12月"),
])
def test_months_are_parsed(text, start, end, label):
    p = rules.parse_month(text)
    assert (p.start, p.end, p.label, p.kind) == (start, end, label, rules.MONTH)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "202610", "2026/10", "", None, "10-2026", "1899-01"])
def test_bad_months_are_refused_in_chinese(text):
    with pytest.raises(ValidationFailed) as caught:
        rules.parse_month(text)
    assert caught.value.field == "month" and "YYYY-MM" in caught.value.message


@pytest.mark.parametrize("text", ["26", "2026-1", "二〇二六", "", "3000"])
def test_bad_years_are_refused(text):
    with pytest.raises(ValidationFailed) as caught:
        rules.parse_year(text)
    assert caught.value.field == "year" and "年份" in caught.value.message


def test_comparisons_of_a_month_and_a_year():
    jan = rules.parse_month("2026-01")
    assert rules.previous(jan).key == "2025-12" and rules.year_ago(jan).key == "2025-01"
    mar = rules.parse_month("2024-03")
    assert rules.previous(mar) == rules.Period(rules.MONTH, D(2024, 2, 1), D(2024, 2, 29))
    year = rules.parse_year("2026")
    assert rules.previous(year).key == rules.year_ago(year).key == "2025"
    assert [m.key for m in rules.months_of(year)][::11] == ["2026-01", "2026-12"]
    trend = rules.months_of(rules.parse_month("2026-10"))
    assert len(trend) == 12 and trend[0].key == "2025-11" and trend[-1].key == "2026-10"


def test_a_future_period_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        rules.check_not_future(rules.parse_month("2026-12"), D(2026, 11, 18))
    assert "尚未开始" in caught.value.message
    rules.check_not_future(rules.parse_month("2026-11"), D(2026, 11, 18))  # the month under way may be reported


@pytest.mark.parametrize(("minute", "working", "extended"), [
    (8 * 60 + 59, True, True), (9 * 60, True, False), (11 * 60 + 59, True, False), (12 * 60, True, True),
    (12 * 60 + 59, True, True), (13 * 60, True, False), (16 * 60 + 59, True, False), (17 * 60, True, True),
    (10 * 60, False, True),
])
def test_extended_hours(minute, working, extended):
    assert rules.is_extended(minute, working) is extended


@pytest.mark.parametrize(("year", "month", "first"), [
    (2026, 10, D(2026, 10, 8)),  # 1-7 October: the National Day holiday of the 2026 schedule
    (2026, 2, D(2026, 2, 2)),  # Sunday the 1st
    (2026, 1, D(2026, 1, 4)),  # New Year holiday 1-3 January, the 4th a make-up working Sunday
    (2026, 6, D(2026, 6, 1)),  # a Monday
    (2026, 5, D(2026, 5, 6)),  # Labour Day holiday 1-5 May
    (2026, 11, D(2026, 11, 2)),  # Sunday the 1st
])
def test_first_working_day_on_the_national_calendar(cal, year, month, first):
    assert rules.first_working_day(year, month, cal) == first


def test_the_report_falls_due_on_the_first_working_day_and_after(cal):
    assert rules.due_month(D(2026, 10, 7), cal) is None
    assert rules.due_month(D(2026, 10, 8), cal).key == "2026-09"
    assert rules.due_month(D(2026, 10, 20), cal).key == "2026-09"  # a missed run catches up
    assert rules.due_month(D(2026, 1, 3), cal) is None
    assert rules.due_month(D(2026, 1, 4), cal).key == "2025-12"


@pytest.mark.parametrize(("metric", "previous", "year_ago"), [
    (Metric("办件量", 120, 100, 150), "+20.0%", "-20.0%"),
    (Metric("办件量", 120, 0, None), "—", "—"),
    (Metric("满意率", 0.934, 0.95, 0.934, "percent"), "-1.6个百分点", "+0.0个百分点"),
    (Metric("满意率", None, 0.95, None, "percent"), "—", "—"),
])
def test_metric_changes(metric, previous, year_ago):
    assert (metric.change(metric.previous), metric.change(metric.year_ago)) == (previous, year_ago)


@pytest.mark.parametrize(("metric", "unit", "sentence"), [
    (Metric("办件量", 1234, 1000, 2468), " 件", "办件量 1,234 件，环比增长 23.4%，同比下降 50.0%。"),
    (Metric("办件量", 1000, 1000, None), " 件", "办件量 1,000 件，环比持平。"),
    (Metric("按时办结率", 0.981, 0.975, None, "percent"), "", "按时办结率 98.1%，环比上升 0.6 个百分点。"),
    (Metric("差评数", 5, 0, None), " 条", "差评数 5 条。"),
    (Metric("差评数", None, 3, None), " 条", "差评数本期无数据。"),
])
def test_metric_sentences(metric, unit, sentence):
    assert rules.metric_sentence(metric, unit=unit) == sentence


@pytest.mark.parametrize(("now", "before", "percent", "words"), [
    (0.034, 0.012, True, "由 1.2% 升至 3.4%，上升 2.2 个百分点"),
    (0.01, 0.03, True, "由 3.0% 降至 1.0%，下降 2.0 个百分点"),
    (0.0301, 0.03, True, "与上期持平（3.0%）"),
    (96, 120, False, "由 120 件降至 96 件，下降 20.0%"),
    (5, 0, False, "由 0 件增至 5 件"),
])
def test_change_words(now, before, percent, words):
    assert rules.change_words(now, before, percent=percent, unit="" if percent else " 件") == words


def test_the_rise_of_a_rate_is_written_with_what_drove_it():
    units = [UnitRate("区城建局", 34, 1000, 12, 1000), UnitRate("区税务局", 20, 1000, 10, 1000),
             UnitRate("区小局", 5, 10, 0, 10)]  # too few ratings to speak of
    rise = rules.biggest_rise(units)
    assert rise.name == "区城建局"
    drivers = [Driver("窗口", "A3窗口", 15), Driver("窗口", "A4窗口", 7), Driver("人员", "张三", 11),
               Driver("事项", "施工许可", 9), Driver("指标", "服务态度·缺乏耐心", -2), Driver("人员", "李四", 0)]
    assert rules.rate_rise_sentence("差评率", rise, drivers) == (
        "区城建局差评率由 1.2% 升至 3.4%，上升 2.2 个百分点，主要来自窗口「A3窗口」（+15 件，占增量 68%）、"
        "人员「张三」（+11 件，占增量 50%）、事项「施工许可」（+9 件，占增量 41%）。")
    assert rules.biggest_fall(units) is None
    better = rules.biggest_fall([UnitRate("区民政局", 5, 500, 20, 500)])
    assert rules.rate_fall_sentence("差评率", better) == "区民政局差评率由 4.0% 降至 1.0%，下降 3.0 个百分点，改善最为明显。"


def test_a_rise_from_a_smaller_base_says_so():
    unit = UnitRate("区规划和自然资源局", 7, 62, 8, 115)
    assert rules.rate_rise_sentence("差评率", unit, [Driver("窗口", "B23窗口", 2)]) == (
        "区规划和自然资源局差评率由 7.0% 升至 11.3%，上升 4.3 个百分点，但件数由 8 件变为 7 件，上升主要因为基数由 115 件减至 "
        "62 件。")


def test_a_rise_without_drivers_is_a_plain_sentence():
    unit = UnitRate("区教育局", 4, 100, 1, 100)
    assert rules.rate_rise_sentence("超期办结占比", unit, []) == "区教育局超期办结占比由 1.0% 升至 4.0%，上升 3.0 个百分点。"


def test_ranked_sentence():
    rows = [("甲局", 0.99), ("乙局", 0.95), ("丙局", 0.90), ("丁局", 0.97), ("戊局", None)]
    assert rules.ranked_sentence("满意率", rows, best_high=True, count=2) == (
        "满意率最好的是甲局（99.0%）、丁局（97.0%）；最弱的是丙局（90.0%）、乙局（95.0%）。")
    assert rules.ranked_sentence("满意率", [("甲局", 0.9)], best_high=True) == ""

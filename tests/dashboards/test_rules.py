"""The dashboards' pure arithmetic with fixed numbers: months, rates, changes in words, best and worst, charts."""

import datetime as dt
import json

import pytest

from xiaoneng.dashboards import charts
from xiaoneng.dashboards.period import period_of
from xiaoneng.dashboards.rules import (
    Totals, Unit, count_change, months_back, percent, percent_text, point_change, top_and_bottom, total,
    trend_labels,
)
from xiaoneng.dashboards.shapes import COUNT, PERCENT, Chart, Series

D = dt.date


def test_twelve_months_end_with_the_shown_month_across_a_year():
    months = months_back(D(2026, 11, 1), 12)
    assert months[0] == D(2025, 12, 1) and months[-1] == D(2026, 11, 1) and len(months) == 12
    assert trend_labels(months)[:3] == ("2025年12月", "2026年1月", "2月")


@pytest.mark.parametrize(("today", "start", "end", "before"), [
    (D(2026, 11, 18), D(2026, 11, 1), D(2026, 11, 18), (D(2026, 10, 1), D(2026, 10, 18))),
    (D(2026, 12, 1), D(2026, 11, 1), D(2026, 11, 30), (D(2026, 10, 1), D(2026, 10, 30))),  # last month until the 5th
    (D(2026, 3, 31), D(2026, 3, 1), D(2026, 3, 31), (D(2026, 2, 1), D(2026, 2, 28))),  # February is shorter
])
def test_the_month_shown_and_the_same_days_before(today, start, end, before):
    period = period_of(today)
    assert (period.start, period.end, (period.before_start, period.before_end)) == (start, end, before)


def test_period_label_says_when_the_month_is_not_over():
    assert period_of(D(2026, 11, 18)).label == "2026年11月（截至18日）"
    assert period_of(D(2026, 12, 1)).label == "2026年11月"


def test_rates_with_and_without_the_default_ratings():
    # 200 ratings, 80 of them default 满意; 170 satisfied in all; 6 bad; 50 cases completed, 47 on time.
    t = Totals(ratings=200, ratings_default=80, satisfied=170, satisfied_default=80, bad=6,
               cases_received=60, cases_completed=50, cases_on_time=47)
    assert t.satisfaction == pytest.approx(0.85)
    assert t.satisfaction_without_default == pytest.approx(90 / 120)
    assert t.bad_rate == pytest.approx(0.03) and t.bad_rate_without_default == pytest.approx(0.05)
    assert t.on_time_rate == pytest.approx(0.94)
    assert Totals().satisfaction is None and percent_text(None) == "—" and percent(None) is None
    assert total([t, t]).ratings == 400 and (t + Totals()).as_tuple() == t.as_tuple()


def test_changes_in_words():
    assert point_change(0.953, 0.941) == ("较上月上升 1.2 个百分点", "good")
    assert point_change(0.031, 0.021, higher_is_better=False) == ("较上月上升 1.0 个百分点", "bad")
    assert point_change(0.5, 0.5) == ("与上月持平", "")
    assert point_change(0.5, None) == ("上月无可比数据", "")
    assert count_change(120, 100) == ("较上月增加 20.0%", "")
    assert count_change(80, 100, higher_is_better=True) == ("较上月减少 20.0%", "bad")
    assert count_change(5, 0) == ("上月为 0", "")


def _unit(key, rated, satisfied, bad=0):
    return Unit(key, f"科室{key}", Totals(ratings=rated + 10, ratings_default=10, satisfied=satisfied + 10,
                                          satisfied_default=10, bad=bad))


def test_best_and_worst_by_satisfaction_without_defaults_small_samples_apart():
    units = [_unit(1, 100, 99), _unit(2, 100, 90, bad=5), _unit(3, 100, 90, bad=2), _unit(4, 100, 80),
             _unit(5, 3, 3)]
    best, worst, few = top_and_bottom(units, min_sample=10, count=2)
    assert [u.key for u in best] == [1, 3]  # 3 before 2: the same rate, fewer bad reviews
    assert [u.key for u in worst] == [4, 2]  # worst first, never one of the best
    assert [u.key for u in few] == [5]
    best, worst, _ = top_and_bottom(units[:2], min_sample=10, count=5)
    assert [u.key for u in best] == [1, 2] and worst == []


def test_a_chart_as_echarts_draws_it_and_as_a_table():
    chart = Chart(key="k", title="满意率走势", category_label="月份", categories=("10月", "11月"),
                  series=(Series("满意率", (93.5, None), unit=PERCENT), Series("收件量", (120.0, 98.0), kind="bar",
                                                                           unit=COUNT, axis=1)))
    spec = json.loads(charts.option_json(chart))
    assert spec["xAxis"]["data"] == ["10月", "11月"] and len(spec["yAxis"]) == 2
    assert spec["series"][0]["data"] == [93.5, None] and spec["series"][1]["yAxisIndex"] == 1
    assert spec["yAxis"][0]["axisLabel"]["formatter"] == "{value}%" and spec["_units"] == ["%", "件"]
    table = charts.as_table(chart)
    assert table.columns == ("月份", "满意率", "收件量")
    assert [r.cells for r in table.rows] == [("10月", "93.5%", "120"), ("11月", "无", "98")]


def test_a_horizontal_chart_puts_the_names_on_the_vertical_axis():
    chart = Chart(key="k", title="t", category_label="科室", categories=("甲", "乙"), horizontal=True,
                  series=(Series("满意率", (90.0, 80.0), kind="bar", unit=PERCENT),))
    spec = charts.option(chart)
    assert spec["yAxis"]["data"] == ["甲", "乙"] and spec["xAxis"]["type"] == "value"
    assert not chart.empty and Chart("e", "t", "科室", (), ()).empty


@pytest.mark.parametrize(("values", "kind", "bounds"), [
    ((93.5, 96.2, 97.9), "line", (90.0, 100.0)),  # near the data, never past 100%
    ((100.0, 100.0), "line", (95.0, 100.0)),
    ((1.2, 3.4), "line", (0.0, 5.0)),
    ((80.0, 95.0), "bar", (0.0, 100.0)),  # bars from 0
    ((None, None), "line", (0.0, 100.0)),
])
def test_rate_axes_fit_their_data(values, kind, bounds):
    chart = Chart(key="k", title="t", category_label="月份", categories=("10月", "11月", "12月")[:len(values)],
                  series=(Series("率", values, kind=kind, unit=PERCENT),))
    spec = charts.option(chart)
    assert (spec["yAxis"]["min"], spec["yAxis"]["max"]) == bounds

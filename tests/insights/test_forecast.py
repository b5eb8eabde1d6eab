"""The forecast: its interval around its mean, the fallback of a short series, and on simulated counts an 80%
interval that holds about four values in five."""

import numpy as np
import pytest

from xiaoneng.insights import forecast


def test_interval_holds_the_mean_and_never_goes_below_zero():
    f = forecast.next_value([40, 52, 47, 61, 38, 55, 49, 58, 44, 50, 53, 46])
    assert 0 <= f.low < f.mean < f.high
    assert 35 < f.mean < 65 and f.model == "指数平滑"
    assert set(f.as_dict()) == {"mean", "low", "high", "model"}


def test_short_series_fall_back_to_the_recent_mean_with_a_poisson_interval():
    f = forecast.next_value([0, 0, 0, 9, 12, 15])  # three periods since the first record
    assert f.model == "近三期均值" and f.mean == pytest.approx(12.0)
    assert f.low == pytest.approx(12 - 1.2816 * 12 ** 0.5, abs=0.01)
    assert forecast.next_value([]).mean == 0.0
    assert forecast.next_value([5, 5, 5, 5, 5, 5, 5]).model == "近三期均值"  # no variation to fit


def test_coverage_on_simulated_counts_is_near_eighty_percent():
    rng = np.random.default_rng(7)
    inside = total = 0
    for level in rng.uniform(10, 200, size=30):
        series = rng.poisson(level, size=18).tolist()
        actuals, made = forecast.backtest(series, first=12)
        inside += sum(f.low <= a <= f.high for a, f in zip(actuals, made))
        total += len(made)
    assert total == 180
    assert 0.72 <= inside / total <= 0.95

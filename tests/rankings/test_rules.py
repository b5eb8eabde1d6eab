"""Composite scoring of the internal ranking, as tables."""

import pytest

from xiaoneng.rankings.rules import (
    DEFAULT_WEIGHTS, UnitStats, components, composite, effective_weights, rank, weights_problems,
)


def unit(key, ratings, level_sum, bad=0, due=0, done=0, name=None):
    return UnitStats(key=key, name=name or f"单位{key}", ratings=ratings, level_sum=level_sum, bad=bad,
                     rectify_due=due, rectified=done)


@pytest.mark.parametrize("stats, max_ratings, expected", [
    (unit(1, 10, 50), 10, {"satisfaction": 1.0, "bad_rate": 1.0, "rectification": 1.0, "volume": 1.0}),
    (unit(1, 4, 4, bad=4, due=4, done=1), 8, {"satisfaction": 0.0, "bad_rate": 0.0, "rectification": 0.25,
                                               "volume": 0.5}),
    (unit(1, 5, 15, bad=1, due=0), 20, {"satisfaction": 0.5, "bad_rate": 0.8, "rectification": 1.0, "volume": 0.25}),
])
def test_components(stats, max_ratings, expected):
    assert components(stats, max_ratings=max_ratings) == pytest.approx(expected)


@pytest.mark.parametrize("weights, expected", [
    ({"satisfaction": 1, "bad_rate": 0, "rectification": 0, "volume": 0}, 50.0),
    ({"satisfaction": 1, "bad_rate": 1, "rectification": 0, "volume": 0}, 65.0),
    ({"satisfaction": 0.5, "bad_rate": 0.2, "rectification": 0.2, "volume": 0.1}, 63.5),
    ({"satisfaction": 5, "bad_rate": 2, "rectification": 2, "volume": 1}, 63.5),
])
def test_composite_is_a_weighted_mean(weights, expected):
    parts = {"satisfaction": 0.5, "bad_rate": 0.8, "rectification": 1.0, "volume": 0.25}
    assert composite(parts, weights) == pytest.approx(expected)


def test_weights_decide_the_order():
    busy_but_mixed = unit(1, 100, 400, bad=10, due=10, done=10, name="窗口多")
    quiet_and_perfect = unit(2, 10, 50, name="窗口少")
    units = [busy_but_mixed, quiet_and_perfect]
    by_satisfaction = rank(units, {"satisfaction": 1, "bad_rate": 0, "rectification": 0, "volume": 0})
    by_volume = rank(units, {"satisfaction": 0, "bad_rate": 0, "rectification": 0, "volume": 1})
    assert [r.stats.name for r in by_satisfaction] == ["窗口少", "窗口多"]
    assert [r.stats.name for r in by_volume] == ["窗口多", "窗口少"]


def test_ties_share_a_rank_and_unrated_units_come_last_unranked():
    units = [unit(1, 2, 10, name="甲"), unit(2, 0, 0, name="乙"), unit(3, 2, 10, name="丙"), unit(4, 2, 6, name="丁")]
    ranked = rank(units, {"satisfaction": 1, "bad_rate": 0, "rectification": 0, "volume": 0})
    assert [(r.stats.name, r.rank, r.score) for r in ranked] == [
        ("丙", 1, 100.0), ("甲", 1, 100.0), ("丁", 3, 50.0), ("乙", None, None)]


@pytest.mark.parametrize("raw, problems", [
    ({"satisfaction": "0.5", "bad_rate": "0.2", "rectification": "0.2", "volume": "0.1"}, {}),
    ({"satisfaction": "1"}, {}),
    ({"satisfaction": "-1", "bad_rate": "1"}, {"satisfaction": "不能为负数"}),
    ({"satisfaction": "abc"}, {"satisfaction": "须为数字"}),
    ({"satisfaction": "nan"}, {"satisfaction": "须为数字"}),
    ({"satisfaction": "0", "bad_rate": "", "rectification": "0", "volume": "0"}, {"satisfaction": "各项权重不能全部为零"}),
    ({"satisfaction": "5000"}, {"satisfaction": "不能大于 1000"}),
    ({"satisfaction": "1", "speed": "1"}, {"speed": "不是排名的组成项"}),
])
def test_weights_problems(raw, problems):
    assert weights_problems(raw) == problems


@pytest.mark.parametrize("stored, expected", [
    (None, DEFAULT_WEIGHTS),
    ({}, DEFAULT_WEIGHTS),
    ({"satisfaction": 0, "bad_rate": 0}, DEFAULT_WEIGHTS),
    ({"satisfaction": 2, "volume": 1}, {"satisfaction": 2.0, "bad_rate": 0.0, "rectification": 0.0, "volume": 1.0}),
])
def test_effective_weights(stored, expected):
    assert effective_weights(stored) == expected

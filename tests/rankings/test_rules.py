"""Composite scoring of the internal ranking, as tables."""

import pytest

from xiaoneng.rankings.rules import (
    DEFAULT_WEIGHTS, Ranked, UnitStats, compare, components, composite, effective_min_sample, effective_weights,
    min_sample_problem, rank, weights_problems,
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


@pytest.mark.parametrize("ratings, min_sample, expected", [
    # (name, ratings) per unit → (name, rank, standing) in order
    ({"甲": 1, "乙": 30, "丙": 12}, 10, [("丙", 1, "ranked"), ("乙", 1, "ranked"), ("甲", None, "small_sample")]),
    ({"甲": 10, "乙": 9}, 10, [("甲", 1, "ranked"), ("乙", None, "small_sample")]),
    ({"甲": 1, "乙": 0}, 1, [("甲", 1, "ranked"), ("乙", None, "unrated")]),
    ({"甲": 3, "乙": 0, "丙": 2}, 5, [("丙", None, "small_sample"), ("甲", None, "small_sample"),
                                      ("乙", None, "unrated")]),
])
def test_small_samples_follow_the_ranked_without_a_rank(ratings, min_sample, expected):
    units = [unit(i, n, 5 * n, name=name) for i, (name, n) in enumerate(ratings.items(), start=1)]
    ranked = rank(units, {"satisfaction": 1, "bad_rate": 0, "rectification": 0, "volume": 0}, min_sample=min_sample)
    assert [(r.stats.name, r.rank, r.standing) for r in ranked] == expected
    assert all(r.score is None for r in ranked if r.rank is None)


def test_one_rating_no_longer_outranks_a_hundred():
    # A clerk rated once 非常满意 against colleagues rated a hundred times with a few bad reviews.
    units = [unit(1, 1, 5, name="新人"), unit(2, 100, 460, bad=3, due=3, done=3, name="老员工")]
    ranked = rank(units, DEFAULT_WEIGHTS, min_sample=10)
    assert [(r.stats.name, r.rank) for r in ranked] == [("老员工", 1), ("新人", None)]


@pytest.mark.parametrize("raw, problem", [
    ("10", None), (" 3 ", None), ("1", None), ("10000", None),
    ("", "请填写最少评价数"), (None, "请填写最少评价数"), ("0", "不能小于 1"), ("-1", "须为正整数"),
    ("1.5", "须为正整数"), ("abc", "须为正整数"), ("10001", "不能大于 10000"),
])
def test_min_sample_problem(raw, problem):
    assert min_sample_problem(raw) == problem


@pytest.mark.parametrize("stored, expected", [(None, 10), (0, 10), (3, 3), (20000, 10)])
def test_effective_min_sample(stored, expected):
    assert effective_min_sample(stored) == expected


def _ranked(key, rank_, ratings, bad):
    return Ranked(stats=unit(key, ratings, 4 * ratings, bad=bad), components={}, score=None if rank_ is None else 1.0,
                  rank=rank_, standing="ranked" if rank_ else "small_sample")


@pytest.mark.parametrize("now, before, expected", [
    # (rank, ratings, bad) now and before for unit 1 → (places, bad share change)
    ((1, 20, 1), (3, 20, 4), (2, -0.15)),
    ((4, 10, 2), (2, 20, 2), (-2, 0.1)),
    ((2, 10, 0), (2, 10, 0), (0, 0.0)),
    ((2, 10, 0), (None, 3, 0), None),  # not ranked before: no change
    ((None, 3, 0), (1, 10, 0), None),  # not ranked now: no change
])
def test_change_against_the_previous_period(now, before, expected):
    current = [_ranked(1, *now)]
    (row,) = compare(current, [_ranked(1, *before), _ranked(2, 1, 10, 0)])
    if expected is None:
        assert row.change is None
    else:
        assert (row.change.places, round(row.change.bad_share, 4)) == expected
        assert row.change.previous_rank == before[0]

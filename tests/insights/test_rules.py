"""The statistics of insights against hand-computed values and, where a library computes the same, against it."""

import math

import numpy as np
import pytest
from scipy import stats

from xiaoneng.insights import rules


@pytest.mark.parametrize("k, n, p, expected", [
    # P(X >= 2), X ~ Bin(3, 0.5) = (3 + 1) / 8
    (2, 3, 0.5, 0.5),
    # P(X >= 1), X ~ Bin(4, 0.1) = 1 - 0.9^4
    (1, 4, 0.1, 1 - 0.9 ** 4),
    # P(X >= 3), X ~ Bin(3, 0.2) = 0.008
    (3, 3, 0.2, 0.008),
    (0, 5, 0.3, 1.0),
    (6, 5, 0.3, 0.0),
])
def test_binomial_upper_tail_by_hand(k, n, p, expected):
    assert rules.binomial_upper_tail(k, n, p) == pytest.approx(expected, rel=1e-9)


def test_binomial_upper_tail_matches_scipy_on_large_n():
    for k, n, p in [(40, 1000, 0.03), (700, 20000, 0.03), (5, 12, 0.2)]:
        assert rules.binomial_upper_tail(k, n, p) == pytest.approx(stats.binom.sf(k - 1, n, p), rel=1e-7)


def test_count_rise_is_the_conditional_poisson_test():
    # 12 complaints in 30 days against 20 in the 180 before: given 32, the period's share is Bin(32, 30/210).
    p = rules.count_rise_p(12, 20, 30, 180)
    assert p == pytest.approx(stats.binom.sf(11, 32, 30 / 210), rel=1e-9)
    assert p < 0.001
    # As many per day as before: no evidence of a rise.
    assert rules.count_rise_p(5, 30, 30, 180) > 0.4


def test_rate_rise_two_proportion_z_by_hand():
    # 30 bad of 200 against 60 bad of 1200: pooled 90/1400, z = (0.15 - 0.05) / sqrt(p(1-p)(1/200 + 1/1200)).
    pooled = 90 / 1400
    z = 0.10 / math.sqrt(pooled * (1 - pooled) * (1 / 200 + 1 / 1200))
    assert rules.rate_rise_p(30, 200, 60, 1200) == pytest.approx(0.5 * math.erfc(z / math.sqrt(2)), rel=1e-12)
    assert z == pytest.approx(5.3384, abs=1e-4)
    assert rules.rate_rise_p(5, 100, 50, 1000) == pytest.approx(0.5)  # the same rate: p = 0.5


def test_bh_qvalues_by_hand_and_against_scipy():
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted 0.005, 0.01, 0.03, 0.04 → ×4/1, ×4/2, ×4/3, ×4/4 = 0.02, 0.02, 0.04, 0.04
    assert rules.bh_qvalues(p) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    rng = np.random.default_rng(1)
    many = rng.uniform(size=200) ** 3
    assert rules.bh_qvalues(many) == pytest.approx(stats.false_discovery_control(many).tolist())
    assert rules.bh_qvalues([]) == []


def test_discoveries_control_the_false_discovery_rate_not_a_threshold():
    # Twenty units at the same rate as before and one whose bad reviews tripled: only that one is a warning.
    same = [rules.Test("bad_rate", "department", i, current=10, baseline=60, current_total=200, baseline_total=1200)
            for i in range(20)]
    risen = rules.Test("bad_rate", "department", 99, current=30, baseline=60, current_total=200, baseline_total=1200)
    found = rules.discoveries(same + [risen])
    assert [f.test.unit_id for f in found] == [99]
    assert found[0].q == pytest.approx(found[0].p * 21)


def test_small_or_untestable_rises_are_not_warnings():
    tiny = rules.Test("bad_rate", "staff", 1, current=3, baseline=0, current_total=10, baseline_total=100)
    assert not tiny.testable()  # 10 ratings in the period: too few to judge a rate
    # Significant at a huge volume but only 1.1 times the baseline: below MIN_RATIO.
    huge = rules.Test("bad_rate", "department", 2, current=1100, baseline=6000, current_total=50000,
                      baseline_total=300000)
    assert huge.p_value() < 0.01
    assert rules.discoveries([huge]) == []


def test_count_test_figures():
    t = rules.Test("complaints", "department", 1, current=12, baseline=20, current_days=30, baseline_days=180)
    assert t.expected == pytest.approx(20 / 180 * 30)
    assert t.excess == pytest.approx(12 - 10 / 3)
    assert t.ratio == pytest.approx(3.6)


def test_rate_shift_share_adds_up():
    # A unit whose baseline rate is 5%: item A rose from 5% to 20%, item B stayed at 5%.
    parts = [rules.Part("A", current=20, current_total=100, baseline=25, baseline_total=500),
             rules.Part("B", current=5, current_total=100, baseline=25, baseline_total=500)]
    result = rules.decompose_rate(parts, 50 / 1000)
    assert result.total_excess == pytest.approx(25 - 200 * 0.05)  # 15
    a = next(d for d in result.drivers if d.key == "A")
    # A's baseline (25 + 20 × 0.05) / (500 + 20) = 0.05 → expected 5, excess 15, the whole rise.
    assert a.expected == pytest.approx(5.0)
    assert a.excess == pytest.approx(15.0)
    assert a.share == pytest.approx(1.0)
    assert result.mix == pytest.approx(0.0)
    assert sum(d.excess for d in result.drivers) + result.mix == pytest.approx(result.total_excess)


def test_rate_mix_effect_when_ratings_move_to_a_worse_part():
    # Neither part's rate changed (A 20%, B 2%), but A's share of the ratings went from 1/6 to 1/2.
    parts = [rules.Part("A", current=20, current_total=100, baseline=20, baseline_total=100),
             rules.Part("B", current=2, current_total=100, baseline=10, baseline_total=500)]
    unit_rate = 30 / 600
    result = rules.decompose_rate(parts, unit_rate)
    assert result.total_excess == pytest.approx(22 - 200 * unit_rate)  # 12
    # A's baseline shrunk: (20 + 20 × 0.05) / 120 = 0.175, B's (10 + 1) / 520; mix = 100 × 0.175 + 100 × 11/520 − 10.
    assert result.mix == pytest.approx(17.5 + 1100 / 520 - 10, abs=0.01)
    assert result.mix > 9  # most of the rise is the mix, little is A's own
    assert sum(d.excess for d in result.drivers) + result.mix == pytest.approx(result.total_excess)


def test_count_decomposition_is_exact():
    parts = [rules.Part("系统与网办", current=14, baseline=12), rules.Part("服务态度", current=6, baseline=30)]
    result = rules.decompose_count(parts, 30 / 180)
    assert [d.key for d in result.drivers] == ["系统与网办", "服务态度"]
    assert result.drivers[0].expected == pytest.approx(2.0)
    assert result.drivers[0].excess == pytest.approx(12.0)
    assert result.total_excess == pytest.approx(20 - 7)
    assert result.drivers[0].share == pytest.approx(12 / 13, abs=1e-4)


def test_heat_by_hand():
    parts = rules.heat_parts(volume=50, largest=100, previous=20, supports=9, most_supports=99, ages_days=[0, 7])
    assert parts.volume == 0.5
    assert parts.growth == pytest.approx((min(1, 30 / 25) + 1) / 2)  # capped at 1
    assert parts.support == pytest.approx(math.log(10) / math.log(100))
    assert parts.recency == pytest.approx((1 + math.exp(-1)) / 2)
    expected = 100 * (0.4 * 0.5 + 0.25 * 1.0 + 0.15 * 0.5 + 0.2 * (1 + math.exp(-1)) / 2)
    assert parts.heat == pytest.approx(round(expected, 1))


def test_heat_without_support_counts_rescales_the_weights():
    parts = rules.heat_parts(volume=100, largest=100, previous=100, supports=0, most_supports=0, ages_days=[0])
    assert parts.support is None
    assert parts.heat == pytest.approx(round(100 * (0.4 + 0.25 * 0.5 + 0.2) / 0.85, 1))


def test_topic_name_and_class_tfidf():
    assert rules.topic_name(["排队等候", "排队", "窗口", "叫号", "时间"]) == "排队等候、窗口、叫号"
    assert rules.topic_name(["办", "企业", "人", "许可", "经营"]) == "企业、许可、经营"
    assert rules.topic_name(["办", "企业"]) == "办、企业"
    assert rules.topic_name([]) == "其他"
    counts = np.array([[4, 0, 1], [0, 5, 1]])
    weights = rules.class_tfidf(counts)
    # The word both topics share ranks below each topic's own word.
    assert weights[0, 0] > weights[0, 2] and weights[1, 1] > weights[1, 2]
    assert weights[0, 1] == 0


def test_coverage():
    assert rules.coverage([1, 5, 9], [0, 0, 0], [4, 6, 8]) == pytest.approx(2 / 3)
    assert rules.coverage([], [], []) == 0.0

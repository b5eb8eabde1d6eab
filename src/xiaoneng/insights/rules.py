"""The statistics of hot topics and anomaly warnings, pure (numbers in, numbers out): the heat index, emerging topics,
the one-sided tests of a rise, the Benjamini-Hochberg false-discovery control and the shift-share decomposition of a
rise into what drove it.

Heat index of a topic in a period (0-100), the formula shown on the topics page too:

    热度 = 100 × (0.40 × 量 + 0.25 × 增长 + 0.15 × 支持 + 0.20 × 新近)

    量   = the topic's texts / the largest topic's texts in the period
    增长 = (clip((n − n_prev) / (n_prev + 5), −1, 1) + 1) / 2   (0.5: as many as the previous period)
    支持 = ln(1 + supports) / ln(1 + the largest topic's supports)   (点赞数 where the source has them)
    新近 = the mean of exp(−age / 7 days) over the topic's texts, age counted back from the period's last day

When no text of the period carries support counts the 支持 term is left out and the other weights are scaled up to
sum to one, so a period without them is not marked down.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

HEAT_WEIGHTS = {"volume": 0.40, "growth": 0.25, "support": 0.15, "recency": 0.20}
GROWTH_DAMPING = 5  # texts added to the previous count: 1 → 3 is not a 200% rise worth the top of the page
RECENCY_DAYS = 7.0

# A topic is emerging when it is at least this big, at least EMERGING_RATIO times its previous-period volume, and the
# rise passes the same count test as the warnings at EMERGING_P.
EMERGING_MIN_TEXTS = 5
EMERGING_RATIO = 2.0
EMERGING_P = 0.01

# The warnings: the false-discovery rate over all units and measures of a run, and the smallest rise worth a
# supervisor's time whatever its significance (at a million ratings a year, 0.1 point is "significant").
FDR_Q = 0.05
MIN_RATIO = 1.25  # the period's rate (or daily volume) at least 1.25 × the baseline's
MIN_EXCESS = 3.0  # and at least three records more than expected
MIN_RATED = 20  # ratings or due cases of the unit in the period for a rate to be tested
SHRINK = 20.0  # pseudo-records pulling a part's baseline rate toward the unit's (a new window has no history)


def clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def growth_score(volume: int, previous: int) -> float:
    return (clip((volume - previous) / (previous + GROWTH_DAMPING), -1.0, 1.0) + 1.0) / 2.0


def recency_score(ages_days: Sequence[float]) -> float:
    if not len(ages_days):
        return 0.0
    return float(np.mean(np.exp(-np.asarray(ages_days, dtype=float) / RECENCY_DAYS)))


@dataclass(frozen=True)
class HeatParts:
    volume: float
    growth: float
    support: float | None  # None: the period's sources carry no support counts
    recency: float

    @property
    def heat(self) -> float:
        weights = dict(HEAT_WEIGHTS)
        values = {"volume": self.volume, "growth": self.growth, "support": self.support or 0.0,
                  "recency": self.recency}
        if self.support is None:
            weights.pop("support")
        total = sum(weights.values())
        return round(100.0 * sum(w * values[k] for k, w in weights.items()) / total, 1)


def heat_parts(volume: int, largest: int, previous: int, supports: int, most_supports: int,
               ages_days: Sequence[float]) -> HeatParts:
    support = None if most_supports <= 0 else math.log1p(supports) / math.log1p(most_supports)
    return HeatParts(volume=volume / largest if largest else 0.0, growth=growth_score(volume, previous),
                     support=support, recency=recency_score(ages_days))


def topic_name(keywords: Sequence[str], words: int = 3) -> str:
    """A topic's Chinese name: its top keywords of two characters or more (a lone 办 or 人 names nothing), those
    contained in an earlier one left out (排队 after 排队等候); single characters only to fill up."""
    chosen: list[str] = []
    for pool in ([w for w in keywords if len(w) >= 2], [w for w in keywords if len(w) < 2]):
        for word in pool:
            if len(chosen) == words:
                break
            if any(word in other or other in word for other in chosen):
                continue
            chosen.append(word)
    order = {w: i for i, w in enumerate(keywords)}
    return "、".join(sorted(chosen, key=order.get)) or "其他"


def class_tfidf(counts: np.ndarray) -> np.ndarray:
    """c-TF-IDF of a (topics × words) count matrix: each topic's term frequency times log(1 + A / f_t), A the mean
    number of words per topic and f_t the word's count over all topics: words frequent in one topic and rare in the
    rest come first."""
    counts = np.asarray(counts, dtype=float)
    per_topic = counts.sum(axis=1, keepdims=True)
    tf = np.divide(counts, per_topic, out=np.zeros_like(counts), where=per_topic > 0)
    average = counts.sum() / max(1, counts.shape[0])
    frequency = counts.sum(axis=0)
    idf = np.log1p(np.divide(average, frequency, out=np.zeros_like(frequency), where=frequency > 0))
    return tf * idf


# --- tests of a rise -------------------------------------------------------------------------------------------------

def binomial_upper_tail(k: int, n: int, p: float) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p), exact: the pmf from k up by its ratio recurrence, summed in log space."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    first = (math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
             + k * math.log(p) + (n - k) * math.log1p(-p))
    i = np.arange(k, n, dtype=float)
    steps = np.log(n - i) - np.log(i + 1) + math.log(p) - math.log1p(-p)
    logs = np.concatenate(([first], first + np.cumsum(steps)))
    top = logs.max()
    return float(min(1.0, math.exp(top) * np.exp(logs - top).sum()))


def count_rise_p(current: int, baseline: int, current_exposure: float, baseline_exposure: float) -> float:
    """One-sided p-value that a count's rate rose: the conditional test of two Poisson rates (given the total, the
    current count is Binomial(total, e1 / (e1 + e0)) when the rate did not change). Exposures are days."""
    if current_exposure <= 0 or baseline_exposure <= 0:
        return 1.0
    share = current_exposure / (current_exposure + baseline_exposure)
    return binomial_upper_tail(current, current + baseline, share)


def rate_rise_p(k1: int, n1: int, k0: int, n0: int) -> float:
    """One-sided p-value that a proportion rose from k0/n0 (baseline) to k1/n1 (this period): the pooled two-proportion
    z test, upper tail."""
    if n1 <= 0 or n0 <= 0:
        return 1.0
    pooled = (k1 + k0) / (n1 + n0)
    if pooled <= 0.0 or pooled >= 1.0:
        return 1.0
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    z = (k1 / n1 - k0 / n0) / se
    return 0.5 * math.erfc(z / math.sqrt(2))


def bh_qvalues(pvalues: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values): a test is a discovery at FDR q when its q-value ≤ q."""
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(ranked[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return q.tolist()


# --- decomposition ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Part:
    """One part of a unit (an item of a department, a window, a channel …) in the period and in the baseline."""

    key: object
    current: int  # records of the period: bad reviews, complaints, overdue cases
    current_total: int = 0  # ratings or due cases of the period (rates only)
    baseline: int = 0
    baseline_total: int = 0


@dataclass(frozen=True)
class Driver:
    key: object
    current: int
    expected: float
    excess: float
    share: float  # of the unit's whole excess; the parts' shares and the mix's sum to one


@dataclass(frozen=True)
class Decomposition:
    drivers: list[Driver]  # largest excess first
    mix: float  # rates: the excess explained by the period's ratings going more to parts worse before
    total_excess: float


def decompose_rate(parts: Sequence[Part], unit_rate: float) -> Decomposition:
    """Shift-share of a rate's excess k − n·p0: each part's own rise k_j − n_j·p_j (p_j its baseline rate shrunk
    toward the unit's p0 by SHRINK pseudo-records), plus the mix Σ n_j·p_j − n·p0. The two add up to the excess."""
    n = sum(part.current_total for part in parts)
    k = sum(part.current for part in parts)
    total = k - n * unit_rate
    drivers, expected_sum = [], 0.0
    for part in parts:
        p_j = (part.baseline + SHRINK * unit_rate) / (part.baseline_total + SHRINK)
        expected = part.current_total * p_j
        expected_sum += expected
        drivers.append((part, expected))
    mix = expected_sum - n * unit_rate
    return _ranked(drivers, mix, total)


def decompose_count(parts: Sequence[Part], ratio: float) -> Decomposition:
    """A count's excess split by part: each part's count less its baseline count × ratio (the period's days over the
    baseline's). The parts' excesses add up to the unit's exactly: counts have no mix."""
    drivers = [(part, part.baseline * ratio) for part in parts]
    total = sum(part.current for part in parts) - sum(e for _, e in drivers)
    return _ranked(drivers, 0.0, total)


def _ranked(drivers, mix: float, total: float) -> Decomposition:
    out = [Driver(key=part.key, current=part.current, expected=round(expected, 2),
                  excess=round(part.current - expected, 2),
                  share=round((part.current - expected) / total, 4) if total else 0.0)
           for part, expected in drivers]
    out.sort(key=lambda d: (-d.excess, str(d.key)))
    return Decomposition(drivers=out, mix=round(mix, 2), total_excess=round(total, 2))


# --- forecast backtest -----------------------------------------------------------------------------------------------

def coverage(actuals: Sequence[float], lows: Sequence[float], highs: Sequence[float]) -> float:
    """The share of actual values inside their intervals."""
    if not len(actuals):
        return 0.0
    inside = [lo <= a <= hi for a, lo, hi in zip(actuals, lows, highs)]
    return sum(inside) / len(inside)


# --- a run's tests ---------------------------------------------------------------------------------------------------

RATE_MEASURES = frozenset({"bad_rate", "overdue"})


@dataclass(frozen=True)
class Test:
    """One unit and measure: the period against its baseline (the periods of equal length before it)."""

    measure: str  # bad_rate | complaints | overdue
    unit_kind: str  # department | item | window | staff
    unit_id: int
    current: int  # bad reviews, complaints, overdue cases in the period
    baseline: int
    current_total: int = 0  # rates: ratings, due cases
    baseline_total: int = 0
    current_days: float = 0.0  # counts: the exposures
    baseline_days: float = 0.0

    @property
    def is_rate(self) -> bool:
        return self.measure in RATE_MEASURES

    @property
    def baseline_rate(self) -> float:
        """Rates: the baseline proportion; counts: the baseline's records per day."""
        if self.is_rate:
            return self.baseline / self.baseline_total if self.baseline_total else 0.0
        return self.baseline / self.baseline_days if self.baseline_days else 0.0

    @property
    def current_rate(self) -> float:
        if self.is_rate:
            return self.current / self.current_total if self.current_total else 0.0
        return self.current / self.current_days if self.current_days else 0.0

    @property
    def expected(self) -> float:
        return self.baseline_rate * (self.current_total if self.is_rate else self.current_days)

    @property
    def excess(self) -> float:
        return self.current - self.expected

    @property
    def ratio(self) -> float:
        base = self.baseline_rate
        if base > 0:
            return self.current_rate / base
        return math.inf if self.current else 1.0

    def testable(self) -> bool:
        """Enough records to say anything: rates need MIN_RATED in the period and some baseline."""
        if self.is_rate:
            return self.current_total >= MIN_RATED and self.baseline_total >= MIN_RATED
        return self.baseline_days > 0 and self.current_days > 0

    def p_value(self) -> float:
        if self.is_rate:
            return rate_rise_p(self.current, self.current_total, self.baseline, self.baseline_total)
        return count_rise_p(self.current, self.baseline, self.current_days, self.baseline_days)


@dataclass(frozen=True)
class Finding:
    test: Test
    p: float
    q: float


def discoveries(tests: Sequence[Test], q: float = FDR_Q) -> list[Finding]:
    """The rises that are warnings: the testable ones are tested, their q-values taken together (BH over every unit
    and measure of the run), and those at or under `q` that are also big enough (MIN_RATIO, MIN_EXCESS) kept."""
    tested = [t for t in tests if t.testable()]
    p = [t.p_value() for t in tested]
    found = [Finding(t, pv, qv) for t, pv, qv in zip(tested, p, bh_qvalues(p))]
    return [f for f in found if f.q <= q and f.test.ratio >= MIN_RATIO and f.test.excess >= MIN_EXCESS]

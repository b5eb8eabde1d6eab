"""The internal composite ranking of departments and staff (S0 art.13, SPEC G5): components, weights, scores.

Each component is normalised to 0..1, higher is better; the score is 100 × the weighted mean of the components.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

SATISFACTION = "satisfaction"
BAD_RATE = "bad_rate"
RECTIFICATION = "rectification"
VOLUME = "volume"
COMPONENTS = (SATISFACTION, BAD_RATE, RECTIFICATION, VOLUME)

COMPONENT_LABELS = {
    SATISFACTION: "满意度",
    BAD_RATE: "差评率（越低越好）",
    RECTIFICATION: "差评回访整改率",
    VOLUME: "服务量",
}

DEFAULT_WEIGHTS = {SATISFACTION: 0.5, BAD_RATE: 0.2, RECTIFICATION: 0.2, VOLUME: 0.1}
MAX_WEIGHT = 1000.0

# Below this many ratings in the period a unit is listed as 样本不足, after the ranked ones and without a rank:
# one 非常满意 must not put a clerk above colleagues rated a hundred times. Per center (RatingSettings).
DEFAULT_MIN_SAMPLE = 10
MAX_MIN_SAMPLE = 10000

RANKED = "ranked"
SMALL_SAMPLE = "small_sample"
UNRATED = "unrated"
STANDING_LABELS = {RANKED: "已排名", SMALL_SAMPLE: "样本不足", UNRATED: "无评价"}


@dataclass(frozen=True)
class UnitStats:
    """What was counted for one department or staff member in the period."""

    key: int
    name: str
    ratings: int
    level_sum: int
    bad: int
    rectify_due: int  # bad reviews whose rectification is counted (not judged mistaken on appeal)
    rectified: int  # of those, rectified and called back

    @property
    def mean_level(self) -> float | None:
        return self.level_sum / self.ratings if self.ratings else None

    @property
    def bad_share(self) -> float | None:
        return self.bad / self.ratings if self.ratings else None

    @property
    def rectified_share(self) -> float | None:
        return self.rectified / self.rectify_due if self.rectify_due else None


@dataclass(frozen=True)
class Change:
    """A ranked unit against the previous period of equal length, where it was ranked too."""

    previous_rank: int
    previous_bad_share: float
    places: int  # places moved up: +2 from 5th to 3rd, -1 from 3rd to 4th
    bad_share: float  # 差评率 now minus then, as a fraction (0.015 = 1.5 个百分点 more)


@dataclass(frozen=True)
class Ranked:
    stats: UnitStats
    components: dict[str, float]
    score: float | None  # None: not ranked (样本不足 or nothing rated)
    rank: int | None
    standing: str = RANKED
    change: Change | None = None  # None: not ranked now or in the previous period


def weights_problems(raw: dict) -> dict[str, str]:
    """{component: Chinese reason} for weights that are not numbers, negative, too large, or all zero."""
    problems: dict[str, str] = {}
    values = {}
    for name in COMPONENTS:
        value = raw.get(name, 0)
        if isinstance(value, bool):
            problems[name] = "须为数字"
            continue
        try:
            number = float(str(value).strip() or "0")
        except ValueError:
            problems[name] = "须为数字"
            continue
        if not math.isfinite(number):
            problems[name] = "须为数字"
        elif number < 0:
            problems[name] = "不能为负数"
        elif number > MAX_WEIGHT:
            problems[name] = f"不能大于 {MAX_WEIGHT:g}"
        else:
            values[name] = number
    for name in raw:
        if name not in COMPONENTS:
            problems[name] = "不是排名的组成项"
    if not problems and not any(values.values()):
        problems[SATISFACTION] = "各项权重不能全部为零"
    return problems


def parse_weights(raw: dict) -> dict[str, float]:
    """Validated weights (see weights_problems); missing components weigh 0."""
    problems = weights_problems(raw)
    if problems:
        raise ValueError(problems)
    return {name: float(str(raw.get(name, 0)).strip() or "0") for name in COMPONENTS}


def effective_weights(stored: dict | None) -> dict[str, float]:
    """The stored weights when they are valid, else the defaults."""
    if stored and not weights_problems(stored):
        return parse_weights(stored)
    return dict(DEFAULT_WEIGHTS)


def min_sample_problem(raw) -> str | None:
    """Why a minimum sample typed in is refused (Chinese), or None: a whole number from 1."""
    text = str(raw if raw is not None else "").strip()
    if not text:
        return "请填写最少评价数"
    if not text.isdigit():
        return "须为正整数"
    value = int(text)
    if value < 1:
        return "不能小于 1"
    if value > MAX_MIN_SAMPLE:
        return f"不能大于 {MAX_MIN_SAMPLE}"
    return None


def effective_min_sample(stored: int | None) -> int:
    """The stored minimum sample when it is valid, else the default."""
    return stored if isinstance(stored, int) and 1 <= stored <= MAX_MIN_SAMPLE else DEFAULT_MIN_SAMPLE


def components(stats: UnitStats, *, max_ratings: int) -> dict[str, float]:
    """The four components of one unit, each 0..1 (higher is better). Only called for units with ratings."""
    return {
        # 非常不满意 (1) → 0, 非常满意 (5) → 1.
        SATISFACTION: (stats.mean_level - 1) / 4,
        BAD_RATE: 1 - stats.bad_share,
        # No bad review to rectify is a full rate: nothing was left undone.
        RECTIFICATION: 1.0 if stats.rectified_share is None else stats.rectified_share,
        VOLUME: stats.ratings / max_ratings if max_ratings else 0.0,
    }


def composite(parts: dict[str, float], weights: dict[str, float]) -> float:
    total = sum(weights.get(name, 0) for name in COMPONENTS)
    return 100 * sum(weights.get(name, 0) * parts[name] for name in COMPONENTS) / total


def rank(units: list[UnitStats], weights: dict[str, float], *, min_sample: int = 1) -> list[Ranked]:
    """Units ordered by score, ties sharing a rank (1, 2, 2, 4); then units with fewer than `min_sample` ratings
    (样本不足) and units with none (无评价), each by name and without a rank."""
    max_ratings = max((u.ratings for u in units), default=0)
    scored = []
    for unit in units:
        if unit.ratings >= max(1, min_sample):
            parts = components(unit, max_ratings=max_ratings)
            scored.append((round(composite(parts, weights), 2), parts, unit))
    scored.sort(key=lambda s: (-s[0], s[2].name, s[2].key))
    out: list[Ranked] = []
    previous = None
    for position, (score, parts, unit) in enumerate(scored, start=1):
        place = out[-1].rank if previous == score else position
        out.append(Ranked(stats=unit, components=parts, score=score, rank=place))
        previous = score
    by_name = lambda u: (u.name, u.key)  # noqa: E731
    for unit in sorted((u for u in units if 0 < u.ratings < min_sample), key=by_name):
        out.append(Ranked(stats=unit, components=components(unit, max_ratings=max_ratings), score=None, rank=None,
                          standing=SMALL_SAMPLE))
    for unit in sorted((u for u in units if not u.ratings), key=by_name):
        out.append(Ranked(stats=unit, components={}, score=None, rank=None, standing=UNRATED))
    return out


def compare(current: list[Ranked], previous: list[Ranked]) -> list[Ranked]:
    """`current` with each unit's change against `previous` (same units, weights and views, the period before);
    a unit ranked in only one of the two periods has no change."""
    before = {r.stats.key: r for r in previous if r.rank is not None}
    out = []
    for row in current:
        then = before.get(row.stats.key)
        if row.rank is None or then is None:
            out.append(row)
            continue
        change = Change(previous_rank=then.rank, previous_bad_share=then.stats.bad_share,
                        places=then.rank - row.rank, bad_share=row.stats.bad_share - then.stats.bad_share)
        out.append(dataclasses.replace(row, change=change))
    return out

"""The internal composite ranking of departments and staff (S0 art.13, SPEC G5): components, weights, scores.

Each component is normalised to 0..1, higher is better; the score is 100 × the weighted mean of the components.
"""

from __future__ import annotations

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
class Ranked:
    stats: UnitStats
    components: dict[str, float]
    score: float | None  # None: nothing rated in the period, so not ranked
    rank: int | None


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


def rank(units: list[UnitStats], weights: dict[str, float]) -> list[Ranked]:
    """Units ordered by score, ties sharing a rank (1, 2, 2, 4); units with no ratings last and unranked."""
    max_ratings = max((u.ratings for u in units), default=0)
    scored = []
    for unit in units:
        if unit.ratings:
            parts = components(unit, max_ratings=max_ratings)
            scored.append((round(composite(parts, weights), 2), parts, unit))
    scored.sort(key=lambda s: (-s[0], s[2].name, s[2].key))
    out: list[Ranked] = []
    previous = None
    for position, (score, parts, unit) in enumerate(scored, start=1):
        place = out[-1].rank if previous == score else position
        out.append(Ranked(stats=unit, components=parts, score=score, rank=place))
        previous = score
    for unit in sorted((u for u in units if not u.ratings), key=lambda u: (u.name, u.key)):
        out.append(Ranked(stats=unit, components={}, score=None, rank=None))
    return out

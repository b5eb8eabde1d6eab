"""Next period's volume with an 80% interval: simple exponential smoothing, ETS(A,N,N) in statsmodels' ETSModel with
its analytic prediction interval, on the square root of the counts, which steadies their variance (a count's spread
grows with its level), the interval squared back. The initial level is the mean of the first three values and only
the smoothing weight is estimated (a dozen points do not support more; a damped trend tried on the demo year and
the 问政 messages covered no better). Periods before the first record are left out; a series too short to fit falls
back to the mean of its last three values with a Poisson interval."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

LEVEL = 0.80
Z80 = 1.2815515655446004  # the normal quantile of 0.9: a two-sided 80% interval
MIN_POINTS = 6  # fewer observed periods than this: the fallback


@dataclass(frozen=True)
class Forecast:
    mean: float
    low: float
    high: float
    model: str

    def as_dict(self) -> dict:
        return {k: (round(v, 1) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _fallback(values: np.ndarray) -> Forecast:
    mean = float(values[-3:].mean()) if len(values) else 0.0
    spread = Z80 * math.sqrt(max(mean, 1.0))
    return Forecast(mean=mean, low=max(0.0, mean - spread), high=mean + spread, model="近三期均值")


def _fit(y: np.ndarray):
    import pandas as pd
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    # A Series, not an array: the prediction's summary frame is indexed by it.
    model = ETSModel(pd.Series(y), error="add", initialization_method="known", initial_level=float(y[:3].mean()))
    return model.fit(disp=False, maxiter=200)


def next_value(series: Sequence[float]) -> Forecast:
    values = np.asarray(series, dtype=float)
    started = np.flatnonzero(values > 0)
    values = values[started[0]:] if len(started) else values[:0]
    if len(values) < MIN_POINTS:
        return _fallback(values)
    y = np.sqrt(values)
    if np.ptp(y) == 0:
        return _fallback(values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on short series
        try:
            fit = _fit(y)
        except (ValueError, np.linalg.LinAlgError):
            return _fallback(values)
        frame = fit.get_prediction(start=len(y), end=len(y)).summary_frame(alpha=1 - LEVEL)
    mean, low, high = (float(frame[c].iloc[0]) for c in ("mean", "pi_lower", "pi_upper"))
    # The analytic interval treats the fitted weight and level as known; on a dozen points they are not. Student's t
    # with n − 2 degrees of freedom in place of the normal quantile widens it for short series, not for long ones.
    from scipy.stats import t as student

    widen = float(student.ppf(0.5 + LEVEL / 2, len(y) - 2)) / Z80
    low, high = mean - (mean - low) * widen, mean + (high - mean) * widen
    square = lambda v: max(0.0, v) ** 2  # noqa: E731
    return Forecast(mean=square(mean), low=square(low), high=square(high), model="指数平滑")


def backtest(series: Sequence[float], *, first: int = 12) -> tuple[list[float], list[Forecast]]:
    """Rolling origin: from `first` periods on, each next period forecast from those before it."""
    values = [float(v) for v in series]
    actuals, forecasts = [], []
    for t in range(first, len(values)):
        forecasts.append(next_value(values[:t]))
        actuals.append(values[t])
    return actuals, forecasts

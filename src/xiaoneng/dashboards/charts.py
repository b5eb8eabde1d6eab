"""A chart as ECharts draws it and as a table (pure): the page script (web/static/dashboard.js) reads the option
from the element's data-chart attribute, so no script is written into the page (CSP script-src 'self')."""

from __future__ import annotations

import json
import math

from xiaoneng.dashboards.shapes import PERCENT, Chart, Series, Table, TableRow

COLOURS = ("#1f6feb", "#d4a017", "#c0392b", "#2e8b57", "#7d3c98", "#5d6d7e")


def _rate_bounds(on_axis: list[Series]) -> tuple[float, float]:
    """A rate axis's range: near the data, in steps of 5 points, never beyond 0-100% (a satisfaction rate between 90%
    and 98% drawn from 0 is a flat line; an on-time rate at 100% must not stretch the axis to 160%). Bars from 0."""
    values = [v for s in on_axis for v in s.values if v is not None]
    if not values:
        return 0.0, 100.0
    low, high = min(values), max(values)
    pad = max(1.0, (high - low) * 0.1)
    top = min(100.0, math.ceil((high + pad) / 5) * 5)
    bottom = 0.0 if any(s.kind == "bar" for s in on_axis) else max(0.0, math.floor((low - pad) / 5) * 5)
    if top - bottom < 5:
        bottom = max(0.0, top - 5)
    return bottom, top


def _value_axis(series: list[Series], axis: int) -> dict:
    """A value axis: counts in whole numbers from 0, rates in percent within _rate_bounds."""
    on_axis = [s for s in series if s.axis == axis]
    unit = on_axis[0].unit if on_axis else ""
    spec: dict = {"type": "value", "axisLabel": {"formatter": "{value}%" if unit == PERCENT else "{value}"},
                  "splitLine": {"show": axis == 0}}
    if unit == PERCENT:
        spec["min"], spec["max"] = _rate_bounds(on_axis)
    else:
        spec["minInterval"] = 1
    if axis == 1:
        spec["position"] = "right"
    return spec


def option(chart: Chart) -> dict:
    """The ECharts option of `chart`. Units ride along (`_units`) for the script's tooltip."""
    series = list(chart.series)
    axes = sorted({s.axis for s in series})
    category = {"type": "category", "data": list(chart.categories), "axisLabel": {"hideOverlap": True}}
    values = [_value_axis(series, a) for a in axes] if len(axes) > 1 else _value_axis(series, 0)
    drawn = []
    for s in series:
        one = {"name": s.name, "type": s.kind, "data": list(s.values), "connectNulls": False}
        if len(axes) > 1:
            one["yAxisIndex" if not chart.horizontal else "xAxisIndex"] = s.axis
        if s.kind == "line":
            one.update(symbolSize=6, smooth=False)
        else:
            one["barMaxWidth"] = 22
        drawn.append(one)
    grid = {"left": 8, "right": 12, "top": 36, "bottom": 8, "containLabel": True}
    if chart.horizontal:
        category = {**category, "inverse": True, "axisLabel": {"width": 96, "overflow": "truncate"}}
    return {
        "color": list(COLOURS),
        "legend": {"top": 0, "type": "scroll"},
        "grid": grid,
        "tooltip": {"trigger": "axis"},
        "xAxis": values if chart.horizontal else category,
        "yAxis": category if chart.horizontal else values,
        "series": drawn,
        "_units": [s.unit for s in series],
    }


def option_json(chart: Chart) -> str:
    return json.dumps(option(chart), ensure_ascii=False, separators=(",", ":"))


def _cell(value: float | None, unit: str) -> str:
    if value is None:
        return "无"
    if unit == PERCENT:
        return f"{value:.1f}%"
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.1f}"


def as_table(chart: Chart) -> Table:
    """The chart's numbers: a row per category, a column per series."""
    rows = tuple(TableRow(cells=(name, *(_cell(s.values[i], s.unit) for s in chart.series)))
                 for i, name in enumerate(chart.categories))
    return Table(title=chart.title, columns=(chart.category_label, *(s.name for s in chart.series)), rows=rows)

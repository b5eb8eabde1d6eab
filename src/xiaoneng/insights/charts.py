"""A topic's or department's volume by period with next period's forecast and its 80% interval, as an SVG line chart
drawn on the server (presentation attributes only, so the pages' Content-Security-Policy holds); the same numbers are
printed in a table beside it for those who cannot see the chart."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 220, 48, 16, 16, 36
LINE, BAND, POINT, AXIS, TEXT = "#2f6fb2", "#cfe0f3", "#c2410c", "#9aa5b1", "#1f2933"


def trend(labels: Sequence[str], values: Sequence[float], forecast: dict, *, title: str) -> Markup:
    """The observed values as a line, the forecast as a point with its interval as a bar after the last one."""
    n = len(values) + 1
    top = max([*values, forecast.get("high", 0.0), 1.0])
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(i: int) -> float:
        return round(LEFT + plot_w * (i + 0.5) / n, 1)

    def y(v: float) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" '
             f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="{AXIS}"/>',
             f'<text x="{LEFT - 6}" y="{TOP + 5}" text-anchor="end" font-size="12" fill="{TEXT}">{top:.0f}</text>',
             f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="12" fill="{TEXT}">0</text>']
    points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(values))
    if points:
        parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    for i, v in enumerate(values):
        parts.append(f'<circle cx="{x(i)}" cy="{y(v)}" r="3" fill="{LINE}"><title>{escape(labels[i])}：{v:.0f}'
                     f'</title></circle>')
    step = max(1, len(labels) // 6)
    for i, label in enumerate(labels):
        if i % step == 0 or i == len(labels) - 1:
            parts.append(f'<text x="{x(i)}" y="{HEIGHT - 14}" text-anchor="middle" font-size="11" '
                         f'fill="{TEXT}">{escape(label)}</text>')
    if forecast:
        fx = x(n - 1)
        low, high, mean = forecast.get("low", 0.0), forecast.get("high", 0.0), forecast.get("mean", 0.0)
        parts.append(f'<rect x="{fx - 7}" y="{y(high)}" width="14" height="{max(1.0, y(low) - y(high)):.1f}" '
                     f'fill="{BAND}"><title>80%区间 {low:.0f}—{high:.0f}</title></rect>')
        parts.append(f'<circle cx="{fx}" cy="{y(mean)}" r="4" fill="{POINT}"><title>预测 {mean:.0f}</title></circle>')
        parts.append(f'<text x="{fx}" y="{HEIGHT - 14}" text-anchor="middle" font-size="11" fill="{POINT}">预测</text>')
    parts.append("</svg>")
    return Markup("".join(parts))

"""A section's charts as PNG images (matplotlib, headless), with a Chinese font from the system: the same images
go into the DOCX, the PDF and the preview page."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from xiaoneng.errors import XiaonengError
from xiaoneng.reports.shapes import Chart

# TrueType with CJK glyphs; matplotlib embeds the glyphs it draws into the raster, so any reader shows them.
FONT_FILES = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
COLORS = ("#2f6fb0", "#e07b39", "#4c9a5f", "#b94a48", "#8064a2")
DPI = 120


class ChartFontMissing(XiaonengError):
    status_code = 503
    code = "fonts_missing"


@lru_cache(maxsize=1)
def _font_name() -> str:
    from matplotlib import font_manager

    for path in FONT_FILES:
        if Path(path).is_file():
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    raise ChartFontMissing("服务器缺少中文字体（Debian 软件包 fonts-wqy-microhei），无法绘制报告图表")


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = _font_name()
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _values(values, percent: bool) -> list[float]:
    return [float("nan") if v is None else (v * 100 if percent else v) for v in values]


def png(chart: Chart, *, width_in: float = 6.4) -> bytes:
    """The chart as a PNG: bars, horizontal bars (categories top-down) or lines, a legend when it has several
    series, percent axes for shares."""
    plt = _pyplot()
    rows = max(len(chart.categories), 1)
    height = max(2.6, 0.32 * rows + 1.2) if chart.kind == "barh" else 3.0
    fig, ax = plt.subplots(figsize=(width_in, height), dpi=DPI)
    try:
        n = len(chart.series)
        positions = range(len(chart.categories))
        if chart.kind == "line":
            for k, (name, values) in enumerate(chart.series):
                ax.plot(list(positions), _values(values, chart.percent), marker="o", markersize=3.5, linewidth=1.8,
                        color=COLORS[k % len(COLORS)], label=name)
            ax.set_xticks(list(positions), chart.categories, fontsize=8)
        else:
            width = 0.8 / max(n, 1)
            for k, (name, values) in enumerate(chart.series):
                offsets = [p - 0.4 + width * (k + 0.5) for p in positions]
                draw = ax.barh if chart.kind == "barh" else ax.bar
                draw(offsets, _values(values, chart.percent), width, color=COLORS[k % len(COLORS)], label=name)
            if chart.kind == "barh":
                ax.set_yticks(list(positions), chart.categories, fontsize=8)
                ax.invert_yaxis()
            else:
                ax.set_xticks(list(positions), chart.categories, fontsize=8, rotation=20 if rows > 6 else 0)
        value_axis = ax.xaxis if chart.kind == "barh" else ax.yaxis
        if chart.percent:
            from matplotlib.ticker import FuncFormatter

            value_axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.1f}%"))
        elif chart.unit:
            (ax.set_xlabel if chart.kind == "barh" else ax.set_ylabel)(chart.unit, fontsize=8)
        ax.tick_params(labelsize=8)
        ax.set_title(chart.title, fontsize=11)
        ax.grid(axis="x" if chart.kind == "barh" else "y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        if n > 1:
            ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        out = io.BytesIO()
        fig.savefig(out, format="png")
        return out.getvalue()
    finally:
        plt.close(fig)


def all_png(charts: list[Chart]) -> dict[str, bytes]:
    """{chart key: PNG} of the charts that have something to draw."""
    return {c.key: png(c) for c in charts if c.categories and any(v for _, vs in c.series for v in vs)}

"""The report as an HTML fragment for the pages (the same sections, sentences, tables and chart images as the
documents), written with its own autoescaping Jinja2 environment so that the job can store it beside the files
without the web layer; every chart's numbers are in a table too."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from xiaoneng.reports import layout
from xiaoneng.reports.content import Content


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(Path(__file__).parent / "templates")),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def chart_rows(chart) -> tuple[list[str], list[list[str]]]:
    """The chart's numbers as a table: a row per category, a column per series."""
    header = ["", *[name for name, _ in chart.series]]
    kind = "percent" if chart.percent else "int"
    rows = [[category, *[layout.cell(values[i] if i < len(values) else None, kind) for _, values in chart.series]]
            for i, category in enumerate(chart.categories)]
    return header, rows


def fragment(content: Content, *, chart_url: Callable[[str], str], charts: set[str]) -> str:
    """The HTML of the report's body; `chart_url(key)` the address of each drawn chart (`charts` the keys)."""
    template = _environment().get_template("preview.html")
    return template.render(content=content, layout=layout, chart_url=chart_url, drawn=charts, chart_rows=chart_rows)

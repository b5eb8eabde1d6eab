"""What a dashboard is made of (pure): figures, charts whose numbers are also a table, panels, the dashboard.

A panel other domains add (panels.register) returns a `Panel`: a title, figures (label, value, a note such as the
change against last month, a link to the records), charts, tables of rows with links, and sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PERCENT = "%"
COUNT = "件"


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    link: str = ""
    note: str = ""  # e.g. 较上月上升 1.2 个百分点
    tone: str = ""  # "good", "bad" or "": how the note reads (colour only repeats what the words say)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    kind: str = "line"  # line | bar
    unit: str = COUNT  # PERCENT: values are percentages (93.5 for 93.5%)
    axis: int = 0  # 0: the left (or only) value axis, 1: the right one


@dataclass(frozen=True)
class Chart:
    key: str  # the element's id on the page
    title: str
    category_label: str  # what the categories are: 月份, 科室, 工作人员
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    horizontal: bool = False  # bars along the categories (long names: departments, staff)
    note: str = ""  # what the numbers count, in one sentence

    @property
    def empty(self) -> bool:
        return not self.categories or all(v is None or v == 0 for s in self.series for v in s.values)


@dataclass(frozen=True)
class TableRow:
    cells: tuple[str, ...]
    link: str = ""  # the first cell links here


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    link: str = ""  # the full list
    empty_text: str = "暂无。"


@dataclass(frozen=True)
class Panel:
    title: str
    figures: tuple[Figure, ...] = ()
    charts: tuple[Chart, ...] = ()
    tables: tuple[Table, ...] = ()
    lines: tuple[str, ...] = ()  # findings as sentences
    link: str = ""
    wide: bool = False  # spans the grid's width on a wide screen


@dataclass
class Dashboard:
    title: str
    period: str  # 2026年11月（截至18日）
    panels: list[Panel] = field(default_factory=list)

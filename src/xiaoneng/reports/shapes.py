"""What a report section is made of, the one shape every builder returns and every document renders.

    Section(key, title, sentences, metrics, tables, charts)
      key        short ASCII name ("cases", "hotspots"), unique in the report
      title      the Chinese heading ("一、总体运行情况" is numbered by the documents, give "总体运行情况")
      sentences  findings written out from the numbers, each a whole Chinese sentence ending in 。
      metrics    rules.Metric rows: a figure now, the period before and a year before (环比, 同比 computed)
      tables     Table: sheet name (unique, at most 31 characters: the XLSX tab), title, kit.spreadsheets.Column
                 list, rows of plain values (str, int, float; a percent column holds a share, 0.034 for 3.4%)
      charts     Chart: key (ASCII file stem), title, kind (bar, barh, line), categories, series of
                 (name, values), percent (values are shares) — drawn as PNG for the documents and the page

No database or documents here: builders fill it, documents and pages read it."""

from __future__ import annotations

from dataclasses import dataclass, field

from xiaoneng.kit.spreadsheets import Column
from xiaoneng.reports.rules import Metric

__all__ = ["Chart", "Column", "Metric", "Section", "Table"]


@dataclass(frozen=True)
class Table:
    sheet: str
    title: str
    columns: list[Column]
    rows: list[list]
    note: str = ""


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str
    categories: list[str]
    series: list[tuple[str, list]]
    percent: bool = False
    unit: str = ""


@dataclass
class Section:
    key: str
    title: str
    sentences: list[str] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)

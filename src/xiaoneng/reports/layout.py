"""What the DOCX, the PDF and the preview page share: section numbers, cells as text, the metrics table, how many
rows of a long table a printed report shows (the XLSX has them all)."""

from __future__ import annotations

from xiaoneng.reports import rules
from xiaoneng.reports.shapes import Section, Table

NUMERALS = "一二三四五六七八九十"
PRINTED_ROWS = 15


def numbered(n: int, title: str) -> str:
    """"一、总体运行情况" (n from 0)."""
    numeral = NUMERALS[n] if n < 10 else f"十{NUMERALS[n - 10]}" if n < 20 else str(n + 1)
    return f"{numeral}、{title}"


def cell(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if kind == "percent" and isinstance(value, int | float):
        return rules.pct(value)
    if kind == "int" and isinstance(value, int | float):
        return f"{int(value):,}"
    if kind == "number" and isinstance(value, int | float):
        return f"{value:,.1f}"
    return str(value)


def metric_header(period: rules.Period) -> list[str]:
    if period.kind == rules.YEAR:
        return ["指标", "本年", "上年", "同比"]
    return ["指标", "本月", "上月", "环比", "去年同月", "同比"]


def metric_widths(period: rules.Period) -> list[float]:
    """Column widths in mm of the comparison table (160 mm of text)."""
    return [60, 30, 30, 40] if period.kind == rules.YEAR else [44, 21, 21, 27, 20, 27]


def metric_rows(section: Section, period: rules.Period) -> list[list[str]]:
    rows = []
    for m in section.metrics:
        if period.kind == rules.YEAR:
            rows.append([m.label, m.shown(m.current), m.shown(m.year_ago), m.change(m.year_ago)])
        else:
            rows.append([m.label, m.shown(m.current), m.shown(m.previous), m.change(m.previous),
                         m.shown(m.year_ago), m.change(m.year_ago)])
    return rows


def printed(table: Table) -> tuple[list[str], list[list[str]], str]:
    """(header, rows as text, a note when rows were left to the XLSX)."""
    header = [c.header for c in table.columns]
    kinds = [c.kind for c in table.columns]
    rows = [[cell(v, k) for v, k in zip(row, kinds)] for row in table.rows[:PRINTED_ROWS]]
    note = f"（共 {len(table.rows)} 行，此处列出前 {PRINTED_ROWS} 行，完整数据见 XLSX 表“{table.sheet}”。）" \
        if len(table.rows) > PRINTED_ROWS else ""
    return header, rows, note

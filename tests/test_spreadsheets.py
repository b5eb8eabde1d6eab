"""kit.spreadsheets: typed cells, neutralised formulas, the title and frozen bold header, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xiaoneng.kit.clock import TZ
from xiaoneng.kit.spreadsheets import Column, Sheet, neutral_text, period_text, sheet_name, write_xlsx


@pytest.mark.parametrize("text, shown", [
    ("=1+1", "'=1+1"), ("+86 139", "'+86 139"), ("-很好", "'-很好"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("很好=1", "很好=1"), ("", ""), ("'已引用", "'已引用"), (" =1", " =1"),
])
def test_text_that_begins_like_a_formula_gets_an_apostrophe(text, shown):
    assert neutral_text(text) == shown


def _book(columns, rows, title="标题", name="列表"):
    out = io.BytesIO()
    count = write_xlsx(Sheet(name=name, title=title, columns=columns, rows=rows), out, tz=TZ)
    out.seek(0)
    return count, load_workbook(out).active


def test_cells_are_typed_by_column_and_text_is_never_a_formula():
    columns = [Column("数量", "int"), Column("得分", "number"), Column("比率", "percent"), Column("日期", "date"),
               Column("时间", "datetime"), Column("内容")]
    utc_noon = dt.datetime(2026, 3, 10, 4, 0, tzinfo=dt.UTC)
    count, ws = _book(columns, [(-3, 92.5, 0.25, dt.date(2026, 3, 10), utc_noon, "=HYPERLINK(\"x\")"),
                                ("-3", None, "", "停止计时", "—", True)])
    assert count == 2
    number, score, share, day, moment, text = ws[3]
    assert (number.value, number.data_type) == (-3, "n")  # a real negative number stays a number
    assert (score.value, score.number_format, share.number_format) == (92.5, "0.00", "0.0%")
    assert day.is_date and day.value == dt.datetime(2026, 3, 10) and day.number_format == "yyyy-mm-dd"
    assert moment.value == dt.datetime(2026, 3, 10, 12, 0) and moment.number_format == "yyyy-mm-dd hh:mm"
    assert (text.value, text.data_type) == ("'=HYPERLINK(\"x\")", "s")
    as_text, empty, blank, stopped, dash, flag = ws[4]
    assert (as_text.value, as_text.data_type) == ("'-3", "s")  # text that looks like a number is still text
    assert (empty.value, blank.value, stopped.value, dash.value, flag.value) == (None, None, "停止计时", "—", "是")


def test_title_row_bold_frozen_header_and_widths():
    count, ws = _book([Column("评价内容", width=40), Column("等级")], iter([]), title="=评价列表", name="评价:3/4?")
    assert count == 0 and ws.title == "评价_3_4_"
    assert ws["A1"].value == "'=评价列表" and ws["A1"].font.b
    assert [c.value for c in ws[2]] == ["评价内容", "等级"] and ws["A2"].font.b and ws["B2"].font.b
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:B2"
    assert ws.column_dimensions["A"].width == 40 and ws.column_dimensions["B"].width == 8


def test_sheet_names_and_periods():
    assert sheet_name("x" * 40) == "x" * 31 and sheet_name("") == "Sheet1"
    assert period_text(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == "2026-03-01 至 2026-03-31"
    assert (period_text(dt.date(2026, 3, 1), None), period_text(None, None)) == ("2026-03-01 起", "全部日期")

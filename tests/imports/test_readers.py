"""Reading XLSX and CSV into rows numbered as a spreadsheet shows them."""

import datetime as dt

import pytest

from tests.imports.conftest import csv_bytes, xlsx
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.readers import normalize_header, read_table

ROWS = [["事项编码", "事项名称", "法定时限（工作日）"], ["A1", "不动产登记", 30], [None, None, None], ["A2", "抵押登记", 20]]


def test_xlsx_rows_keep_their_spreadsheet_numbers_across_blank_rows():
    table = read_table("items.xlsx", xlsx(ROWS))
    assert table.headers == ["事项编码", "事项名称", "法定时限(工作日)"]
    assert [(r.number, r.values["事项编码"], r.values["法定时限(工作日)"]) for r in table.rows] == [
        (2, "A1", 30), (4, "A2", 20)]


def test_xlsx_dates_arrive_as_datetimes():
    table = read_table("x.xlsx", xlsx([["指南审核日期"], [dt.date(2025, 12, 1)]]))
    assert table.rows[0].values["指南审核日期"] == dt.datetime(2025, 12, 1)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_in_the_encodings_excel_writes(encoding):
    table = read_table("items.csv", csv_bytes([[str(c) if c is not None else "" for c in r] for r in ROWS], encoding))
    assert table.headers[0] == "事项编码"
    assert [(r.number, r.values["事项名称"]) for r in table.rows] == [(2, "不动产登记"), (4, "抵押登记")]


def test_duplicate_headers_are_noted():
    table = read_table("a.csv", csv_bytes([["编码", "名称", "编码"], ["A", "B", "C"]]))
    assert table.headers == ["编码", "名称"] and table.duplicate_headers == ["编码"]


@pytest.mark.parametrize("raw, name", [(" 法定时限（工作日） ", "法定时限(工作日)"), ("编码*", "编码"), ("名\u3000称", "名称")])
def test_headers_are_compared_without_width_and_marks(raw, name):
    assert normalize_header(raw) == name


@pytest.mark.parametrize("name, data, message", [
    ("a.xls", b"abc", "另存为 .xlsx"),
    ("a.pdf", b"abc", "仅支持 .xlsx 和 .csv"),
    ("a.xlsx", b"not a zip", "无法读取 XLSX"),
    ("a.csv", b"", "文件为空"),
    ("a.csv", "编码\n".encode("utf-16"), "无法识别"),
])
def test_unreadable_files_are_refused_in_chinese(name, data, message):
    with pytest.raises(ValidationFailed) as exc:
        read_table(name, data)
    assert message in exc.value.message and exc.value.field == "file"

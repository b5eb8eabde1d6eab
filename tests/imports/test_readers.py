"""Reading XLSX and CSV into rows numbered as a spreadsheet shows them."""

import datetime as dt
import io
import os
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from tests.imports.conftest import csv_bytes, xlsx
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.readers import Limits, normalize_header, read_table

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


# --- limits: size, rows, unpacked size, compression ratio, memory -----------------------------------------------------

LIMITS = Limits(max_upload_bytes=1024 * 1024, max_rows=100, max_unpacked_bytes=5 * 1024 * 1024)


def _refused(name: str, data: bytes, limits: Limits = LIMITS) -> str:
    with pytest.raises(ValidationFailed) as exc:
        read_table(name, data, limits)
    assert exc.value.field == "file"
    return exc.value.message


def test_a_file_past_the_upload_limit_is_refused_naming_the_limit():
    assert "超过 1 MB 的上限" in _refused("a.csv", b"a,b\n" * 300_000)


@pytest.mark.parametrize("name, make", [("a.csv", csv_bytes), ("a.xlsx", xlsx)])
def test_rows_past_the_limit_are_refused_and_the_limit_itself_is_allowed(name, make):
    header = [["事项编码", "事项名称"]]
    assert len(read_table(name, make(header + [[f"A{i}", "x"] for i in range(100)]), LIMITS).rows) == 100
    assert "超过 100 行的上限" in _refused(name, make(header + [[f"A{i}", "x"] for i in range(101)]))


def test_blank_lines_count_towards_the_row_limit():
    """A sheet whose one cell sits a million rows down is not walked to its end."""
    workbook = Workbook()
    workbook.active.append(["事项编码"])
    workbook.active.cell(row=1_000_000, column=1, value="A")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "超过 100 行的上限" in _refused("far.xlsx", buffer.getvalue())


def _with_entry(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_before_it_is_opened():
    data = _with_entry(xlsx(ROWS), "xl/media/filler.bin", os.urandom(6 * 1024 * 1024))  # 6 MB
    assert "解压后超过 5 MB 的上限" in _refused("a.xlsx", data, Limits(10 * 1024 * 1024, 100, 5 * 1024 * 1024))


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    data = _with_entry(xlsx(ROWS), "xl/worksheets/sheet2.xml", b"\0" * (4 * 1024 * 1024))  # packs 1000 to 1
    assert "压缩比异常" in _refused("bomb.xlsx", data)


def test_a_big_xlsx_is_read_as_a_stream():
    """Read-only mode: 2,000 rows of 11 columns peak at about 3 MB (a fully loaded workbook: about 10 MB)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([f"列{c}" for c in range(11)])
    for i in range(2000):
        sheet.append([f"P-{i}", f"事项{i}", "BDC", "依据", 20, 5, "流程", "不收费", "是", "", "申请书"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    tracemalloc.start()
    try:
        table = read_table("big.xlsx", buffer.getvalue(), Limits(10 * 1024 * 1024, 20_000, 100 * 1024 * 1024))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(table.rows) == 2000 and peak < 6 * 1024 * 1024, peak

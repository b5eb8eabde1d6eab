"""The exchange format: codes, timestamps, CSV for Excel and streamed JSON, as tables."""

import csv
import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest

from xiaoneng.exchange import rules

TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("ours, code, name", [
    ("window_device", "3", "现场评价器"),
    ("qr_code", "4", "现场二维码"),
    ("system_step", "1", "网上办事系统（一环节一评）"),
    ("default", "9", "系统默认好评"),
    ("something_new", "0", "其他"),
])
def test_channel_codes(ours, code, name):
    assert rules.channel(ours) == (code, name)


@pytest.mark.parametrize("value, expected", [("person", "1"), ("organisation", "2"), ("", ""), (None, "")])
def test_applicant_type_codes(value, expected):
    assert rules.applicant_type(value) == expected


@pytest.mark.parametrize("value, expected", [
    (dt.datetime(2026, 3, 10, 2, 0, 5, 123, tzinfo=dt.UTC), "2026-03-10T10:00:05+08:00"),
    (dt.datetime(2026, 3, 10, 23, 30, tzinfo=TZ), "2026-03-10T23:30:00+08:00"),
    (dt.datetime(2026, 3, 10, 16, 30), "2026-03-11T00:30:00+08:00"),  # naive values from SQLite are UTC
    (None, ""),
])
def test_timestamps_in_the_center_time_zone(value, expected):
    assert rules.timestamp(value, TZ) == expected


def test_csv_has_a_bom_a_chinese_header_and_round_trips_chinese_text():
    fields = [("case_number", "办件编号"), ("comment", "评价内容"), ("indicators", "评价指标"), ("is_default", "默认评价")]
    records = [{"case_number": "BJ001", "comment": "窗口“一次办好”，态度好，\n还有逗号,引号\"", "indicators": {"服务态度": ["热情"]},
                "is_default": False}]
    text = "".join(rules.csv_chunks(records, fields))
    assert text.startswith("\ufeff办件编号,评价内容,评价指标,默认评价\r\n")
    rows = list(csv.DictReader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert rows == [{"办件编号": "BJ001", "评价内容": "窗口“一次办好”，态度好，\n还有逗号,引号\"",
                     "评价指标": '{"服务态度": ["热情"]}', "默认评价": "0"}]


def test_csv_and_json_come_in_chunks():
    records = ({"n": i, "name": f"第{i}条"} for i in range(rules.ROWS_PER_CHUNK * 2 + 3))
    chunks = list(rules.csv_chunks(records, [("n", "序号"), ("name", "名称")]))
    assert len(chunks) == 3
    json_chunks = list(rules.json_chunks(({"n": i} for i in range(rules.ROWS_PER_CHUNK + 1)), {"kind": "ratings"}))
    assert len(json_chunks) == 3
    document = json.loads("".join(json_chunks))
    assert document["kind"] == "ratings" and [r["n"] for r in document["records"]] == list(range(rules.ROWS_PER_CHUNK + 1))


@pytest.mark.parametrize("meta", [{}, {"kind": "cases", "region_code": "510109"}])
def test_empty_json_is_valid(meta):
    assert json.loads("".join(rules.json_chunks(iter(()), meta))) == {**meta, "records": []}

"""The 12345 import through the service: the header found under a title row, aliases and a mapping, every bad row
named with its column, nothing written when one row is bad, orders imported once, units matched by name, code or a
close name, deadlines by type or as the export gives them, duplicates merged."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.complaints.hotline_files import GOOD, HEADER, csv_bytes, xlsx_bytes
from xiaoneng.complaints import hotline, rules, service
from xiaoneng.complaints.models import Complaint, ComplaintEvent
from xiaoneng.errors import ImportRejected, ValidationFailed
from xiaoneng.notifications.models import Notification


def _import(db, hall, data, name="orders.csv", **kw):
    return service.import_orders(db, actor=hall["as"]["supervisor"], filename=name, data=data, **kw)


def test_a_good_export_is_imported_whole(db, hall):
    result = _import(db, hall, csv_bytes(GOOD))
    assert (result.rows, result.created, result.assigned, result.unassigned, result.merged) == (4, 4, 2, 1, 1)
    rows = {c.source_number: c for c in db.scalars(select(Complaint))}
    first, consult, suggestion, again = (rows[n] for n in ("GD20261116001", "GD20261116002", "GD20261117003",
                                                          "GD20261117004"))
    assert first.channel == rules.Channel.HOTLINE and first.status == rules.Status.ASSIGNED
    assert first.department_id == hall["land"].id and first.due_on == dt.date(2026, 12, 3)  # 13 from Mon 11/16
    assert first.sign_by == dt.date(2026, 11, 19) and first.topic == "一次性告知"
    assert consult.department_id == hall["market"].id and consult.due_on == dt.date(2026, 11, 19)  # "3" days
    assert suggestion.status == rules.Status.NEW and suggestion.due_on == dt.date(2026, 12, 4)
    assert suggestion.complainant_phone == "139****8888"
    assert again.kind == "complaint" and again.status == rules.Status.MERGED and again.merged_into_id == first.id
    assert first.number == "TS202611160001" and again.number == "TS202611170002"
    kinds = [e.kind for e in db.scalars(select(ComplaintEvent).where(ComplaintEvent.complaint_id == first.id))]
    assert kinds == ["import", "merge"]  # imported already dispatched to its unit, then its duplicate joined
    heads = db.scalars(select(Notification.title).where(Notification.recipient_id == hall["head"].id)).all()
    assert heads == ["12345工单 1 件已分派贵单位，请按时签收、办理"]
    again_result = _import(db, hall, csv_bytes(GOOD))
    assert (again_result.created, again_result.already) == (0, 4)
    assert db.scalar(select(func.count()).select_from(Complaint)) == 4


def test_bad_rows_are_all_named_and_nothing_is_written(db, hall):
    bad = [row[:] for row in GOOD]
    bad[0][1] = "昨天上午"
    bad[1][4] = "抱怨"
    bad[2][6] = "区不存在的局"
    bad[3][0] = "GD20261116001"
    with pytest.raises(ImportRejected) as refused:
        _import(db, hall, csv_bytes(bad))
    problems = [(e.row, e.column) for e in refused.value.errors]
    assert problems == [(3, "来电时间"), (4, "诉求类型"), (5, "承办单位"), (6, "工单编号")]
    reasons = [e.reason for e in refused.value.errors]
    assert "“昨天上午”无法识别" in reasons[0] and "应为 咨询、求助、投诉、举报、建议、表扬 之一" in reasons[1]
    assert "不是本中心的单位" in reasons[2] and "与第3行重复" in reasons[3]
    assert db.scalar(select(func.count()).select_from(Complaint)) == 0


def test_a_wrong_header_is_refused_in_chinese(db, hall):
    with pytest.raises(ValidationFailed) as refused:
        _import(db, hall, csv_bytes(GOOD, header=["编号X", "时间", "人", "电话", "类别", "说明", "单位", "期限"]))
    assert "文件表头缺少必需的列：工单编号、来电时间、诉求类型、诉求内容" in refused.value.message
    with pytest.raises(ValidationFailed, match="只能导入 .xlsx 或 .csv 文件"):
        _import(db, hall, b"x", name="orders.pdf")


def test_a_mapping_names_other_columns_and_xlsx_reads_the_same(db, hall):
    header = ["单号", "受理时间", "来电人", "来电号码", "工单类型", "问题描述", "办理单位", "办结时限"]
    mapping = {"source_number": "单号"}
    with pytest.raises(ValidationFailed):
        _import(db, hall, xlsx_bytes(GOOD, header=header), name="orders.xlsx")
    result = _import(db, hall, xlsx_bytes(GOOD, header=header), name="orders.xlsx", mapping=mapping)
    assert result.created == 4
    assert db.scalar(select(Complaint.complainant_name).where(Complaint.source_number == "GD20261116002")) == "周女士"


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-11-16 09:12:00", dt.datetime(2026, 11, 16, 9, 12)), ("2026/11/16 9:05", dt.datetime(2026, 11, 16, 9, 5)),
    ("2026年11月16日 9时5分", dt.datetime(2026, 11, 16, 9, 5)), (dt.datetime(2026, 11, 16, 8, 0), dt.datetime(2026, 11, 16, 8)),
    ("2026-02-30 09:00", None), ("十一月", None),
])
def test_times_as_exports_write_them(value, expected):
    from xiaoneng.kit.clock import TZ

    parsed = hotline.parse_datetime(value, TZ)
    assert parsed == (expected.replace(tzinfo=TZ) if expected else None)


def test_bad_phone_and_deadline_cells():
    rows = [HEADER, ["A1", "2026-11-16 09:00", "", "12345", "投诉", "内容", "", ""],
            ["A2", "2026-11-16 09:00", "", "", "投诉", "内容", "", "100"],
            ["A3", "2026-11-16 09:00", "", "", "投诉", "内容", "", "2026-11-01"],
            ["A4", "2026-11-16 09:00", "", "", "表扬", "", "", ""]]
    parsed = hotline.parse(rows)
    assert [(p.row, p.column) for p in parsed.problems] == [(2, "联系电话"), (3, "办理时限"), (4, "办理时限"), (5, "诉求内容")]
    assert "1 至 60" in parsed.problems[1].reason and "早于来电时间" in parsed.problems[2].reason

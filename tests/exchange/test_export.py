"""Export of ratings and cases through the API: fields, codes, CSV for Excel, scope and refusals, push."""

import csv
import datetime as dt
import io
import json

import pytest
from sqlalchemy import select

from tests.disclosure.data import make_case_row, make_hall, make_rating_row, make_rectification_row
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.exchange import service
from xiaoneng.exchange.senders import FileSender

DAY = dt.date(2026, 3, 10)
PERIOD = "start=2026-03-01&end=2026-03-31"


@pytest.fixture
def hall(db):
    hall = make_hall(db, region_code="340104")
    case = make_case_row(db, item=hall.item_a, window=hall.window_a, handler=hall.clerk_a, received_on=DAY,
                         completed_on=DAY, applicant_type="organisation", number="BJ20260310001",
                         applicant_name="合肥某建设有限公司", applicant_phone="13912345678")
    bad = make_rating_row(db, department=hall.dept_a, level=2, rated_on=DAY, item=hall.item_a, window=hall.window_a,
                          staff=hall.clerk_a, case=case, channel="window_device",
                          indicators={"service_attitude": ["态度冷淡"]}, rater_name="张伟", rater_phone="13912345678",
                          comment="李秀英让我明天再来，电话13812345678")
    make_rectification_row(db, bad, status="contacted")
    make_rating_row(db, department=hall.dept_b, level=4, rated_on=DAY, item=hall.item_b, is_default=True)
    make_rating_row(db, department=hall.dept_b, level=5, rated_on=dt.date(2026, 4, 2), item=hall.item_b)
    other = make_hall(db)
    make_rating_row(db, department=other.dept_a, level=5, rated_on=DAY, item=other.item_a, comment="别的中心")
    return hall


def test_json_export_has_the_exchange_fields(hall, sign_in):
    response = sign_in(hall.supervisor).get(f"/api/exchange/ratings?{PERIOD}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert (document["kind"], document["region_code"], document["start"]) == ("ratings", "340104", "2026-03-01")
    assert len(document["records"]) == 2
    bad, default = document["records"]
    assert {k: bad[k] for k in ("case_number", "item_code", "item_version", "department_code", "region_code",
                                 "applicant_type", "channel_code", "channel_name", "window_code", "staff_no",
                                 "received_at", "completed_at", "rated_at", "level", "level_name", "indicators",
                                 "is_default", "rectification_status", "rectification_status_name")} == {
        "case_number": "BJ20260310001", "item_code": hall.item_a.code, "item_version": 1, "department_code": "BDC",
        "region_code": "340104", "applicant_type": "2", "channel_code": "3", "channel_name": "现场评价器",
        "window_code": hall.window_a.code, "staff_no": hall.clerk_a.staff_no,
        "received_at": "2026-03-10T09:00:00+08:00", "completed_at": "2026-03-10T16:00:00+08:00",
        "rated_at": "2026-03-10T11:00:00+08:00", "level": 2, "level_name": "不满意",
        "indicators": {"service_attitude": ["态度冷淡"]}, "is_default": False, "rectification_status": "contacted",
        "rectification_status_name": "已联系"}
    assert (default["is_default"], default["channel_code"], default["case_number"]) == (True, "9", "")
    text = response.text
    for secret in ("张伟", "13912345678", "13812345678", "李秀英", "别的中心"):
        assert secret not in text


def test_csv_export_opens_in_excel_and_round_trips_chinese(hall, sign_in):
    response = sign_in(hall.admin).get(f"/api/exchange/ratings?{PERIOD}&format=csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert list(rows[0])[:4] == ["评价编号", "办件编号", "外部办件编号", "评价环节"]
    assert rows[0]["评价渠道"] == "现场评价器" and rows[0]["事项名称"] == "不动产抵押登记"
    assert rows[0]["评价内容"] == "李**让我明天再来，电话[电话已隐去]"
    assert json.loads(rows[0]["评价指标"]) == {"service_attitude": ["态度冷淡"]}
    assert [r["默认评价"] for r in rows] == ["0", "1"]


def test_cases_export(hall, sign_in):
    document = sign_in(hall.supervisor).get(f"/api/exchange/cases?{PERIOD}").json()
    assert [(r["case_number"], r["applicant_type"], r["origin"], r["staff_no"], r["status"])
            for r in document["records"]] == [("BJ20260310001", "2", "1", hall.clerk_a.staff_no, "completed")]


def test_export_is_audited(db, hall, sign_in):
    sign_in(hall.supervisor).get(f"/api/exchange/ratings?{PERIOD}&format=csv")
    record = db.scalars(select(AuditRecord).where(AuditRecord.action == "exchange.export")).one()
    assert record.operator == hall.supervisor.username and "csv" in record.detail


@pytest.mark.parametrize("who", ["clerk_a", "head_a", "director"])
def test_roles_without_export_permission_are_refused(hall, sign_in, who):
    assert sign_in(getattr(hall, who)).get(f"/api/exchange/ratings?{PERIOD}").status_code == 403


def test_anonymous_is_refused(hall, client):
    assert client.get(f"/api/exchange/ratings?{PERIOD}").status_code == 401


@pytest.mark.parametrize("query, field", [
    ("start=2026-03-31&end=2026-03-01", "end"),
    ("start=2025-01-01&end=2026-03-01", "end"),
    ("start=2026-03-01&end=2026-03-31&format=xml", "format"),
    ("end=2026-03-31", "start"),
])
def test_bad_requests_name_the_field(hall, sign_in, query, field):
    response = sign_in(hall.supervisor).get(f"/api/exchange/ratings?{query}")
    assert response.status_code == 422 and response.json()["field"] == field


def test_push_writes_the_json_file_through_the_sender(db, hall, tmp_path):
    result = service.push(db, actor=actor_for(hall.admin), kind="ratings", start=dt.date(2026, 3, 1),
                          end=dt.date(2026, 3, 31), sender=FileSender(tmp_path / "out"))
    written = json.loads((tmp_path / "out" / f"ratings_{hall.center.code}_20260301-20260331.json").read_text("utf-8"))
    assert result.count == 2 and len(written["records"]) == 2 and result.reference.endswith(".json")
    assert not list((tmp_path / "out").glob(".*.part"))
    pushed = db.scalars(select(AuditRecord).where(AuditRecord.action == "exchange.push")).one()
    assert '"count":2' in pushed.detail.replace(" ", "")


def test_push_through_the_api_uses_the_configured_sender(app, hall, sign_in, tmp_path):
    app.state.exchange_sender = FileSender(tmp_path)
    browser = sign_in(hall.supervisor)
    response = browser.api("POST", "/api/exchange/push", json={"kind": "cases", "start": "2026-03-01",
                                                              "end": "2026-03-31"})
    assert response.status_code == 200 and response.json()["count"] == 1
    assert (tmp_path / f"cases_{hall.center.code}_20260301-20260331.json").exists()


def test_page_offers_the_downloads_and_pushes(app, hall, sign_in, tmp_path):
    app.state.exchange_sender = FileSender(tmp_path)
    browser = sign_in(hall.admin)
    page = browser.page("/admin/exchange?start=2026-03-01&end=2026-03-31")
    assert page.status_code == 200 and "/api/exchange/ratings?start=2026-03-01&amp;end=2026-03-31&amp;format=csv" in page.text
    response = browser.submit("/admin/exchange/push", {"start": "2026-03-01", "end": "2026-03-31", "kind": "ratings"})
    assert response.status_code == 303
    assert "已推送 2 条评价数据" in browser.page(response.headers["location"]).text
    bad = browser.page("/admin/exchange?start=2026-03-31&end=2026-03-01")
    assert bad.status_code == 422 and "结束日期不能早于开始日期" in bad.text


def test_page_refuses_department_roles(hall, sign_in):
    assert sign_in(hall.head_a).page("/admin/exchange").status_code == 403


FORMULAS = ["=1+1", "+1+2", "-3+4", "@SUM(1,2)", "\t=1+1", "\r=2+2"]


def test_csv_fields_that_begin_like_a_formula_are_written_as_text(db, sign_in):
    hall = make_hall(db)
    for n, comment in enumerate(FORMULAS):
        make_rating_row(db, department=hall.dept_a, level=3, rated_on=DAY + dt.timedelta(days=n), item=hall.item_a,
                        comment=comment)
    response = sign_in(hall.supervisor).get(f"/api/exchange/ratings?{PERIOD}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert [r["评价内容"] for r in rows] == ["'" + c for c in FORMULAS]
    assert {(r["评价等级"], r["事项版本"]) for r in rows} == {("3", "1")}  # numbers stay numbers


def test_cases_export_says_overdue_from_todays_date(db, clock):
    from xiaoneng.exchange.service import Export
    hall = make_hall(db, region_code="340104")
    # Accepted 2026-11-02 with a due date of 11-09 and no later event: the stored flag is still false.
    make_case_row(db, item=hall.item_a, received_on=dt.date(2026, 11, 2), number="BJ20261102001",
                  due_on=dt.date(2026, 11, 9), clock_status="running", overdue=False)
    make_case_row(db, item=hall.item_a, received_on=dt.date(2026, 11, 2), number="BJ20261102002",
                  due_on=dt.date(2026, 11, 9), clock_status="stopped", overdue=False)  # 补正中
    export = Export(kind="cases", start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30), fmt="json",
                    center_code="", region_code="340104")
    records = {r["case_number"]: r["overdue"] for r in service.records(db, actor=actor_for(hall.admin), export=export)}
    assert records == {"BJ20261102001": True, "BJ20261102002": False}  # today is 2026-11-18

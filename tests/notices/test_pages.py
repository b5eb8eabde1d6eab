"""The case page's notices: issuing material by material, an error re-rendered with the input kept, the refusal,
the list with its downloads; the JSON API; the prefix setting of the center's admin."""

import json

from sqlalchemy import func, select

from tests.notices.conftest import missing
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.cases.models import Case
from xiaoneng.notices import service
from xiaoneng.notices.models import CaseNotice


def test_issue_a_notice_from_the_case_page(db, hall, sign_in):
    m, case = hall["materials"], hall["case"]
    browser = sign_in(hall["clerk"])
    page = browser.page(f"/cases/{case.id}").text
    assert "尚未出具告知书" in page and f'name="problem_{m["营业执照"].id}"' in page and "不予受理" in page
    answer = browser.submit(f"/cases/{case.id}/notices/issue", {
        f"problem_{m['营业执照'].id}": "missing", f"problem_{m['食品安全管理制度'].id}": "noncompliant",
        f"reason_{m['食品安全管理制度'].id}": "未加盖公章", f"problem_{m['委托书'].id}": "", "note": "请到A01窗口"})
    assert answer.status_code == 303 and answer.headers["location"] == f"/cases/{case.id}#notices"
    page = browser.page(f"/cases/{case.id}").text
    assert "已出具一次性告知书 锦政服告〔2026〕第0001号" in page
    assert "补正告知" in page and "营业执照、食品安全管理制度" in page
    assert f'href="/api/cases/{case.id}/notices/1.pdf"' in page and f'href="/api/cases/{case.id}/notices/1.docx"' in page
    assert "不予受理并出具告知书" in page  # still not accepted: may be refused


def test_an_error_keeps_what_was_entered_and_marks_the_field(db, hall, sign_in):
    m, case = hall["materials"], hall["case"]
    browser = sign_in(hall["clerk"])
    browser.page(f"/cases/{case.id}")
    answer = browser.submit(f"/cases/{case.id}/notices/issue", {
        f"problem_{m['营业执照'].id}": "missing", f"reason_{m['营业执照'].id}": "未带原件",
        f"problem_{m['食品安全管理制度'].id}": "noncompliant", f"reason_{m['食品安全管理制度'].id}": ""})
    assert answer.status_code == 422
    assert "第2项材料「食品安全管理制度」：请填写不符合要求的具体原因" in answer.text
    assert 'value="未带原件"' in answer.text
    assert f'name="reason_{m["食品安全管理制度"].id}" maxlength="200" value="" aria-label="食品安全管理制度 原因" class="has-error"' in answer.text
    none = browser.submit(f"/cases/{case.id}/notices/issue", {})
    assert none.status_code == 422 and "请选择缺少或不符合要求的材料" in none.text
    assert db.scalar(select(func.count()).select_from(CaseNotice)) == 0
    assert db.get(Case, case.id).status == "received"


def test_refuse_from_the_case_page(db, hall, sign_in):
    case = hall["case"]
    browser = sign_in(hall["clerk"])
    browser.page(f"/cases/{case.id}")
    empty = browser.submit(f"/cases/{case.id}/notices/refuse", {"reasons": "  \n "})
    assert empty.status_code == 422 and "请填写不予受理的理由" in empty.text
    answer = browser.submit(f"/cases/{case.id}/notices/refuse",
                            {"reasons": "申请人不具备主体资格\r\n经营场所不符合要求\r\n"})
    assert answer.status_code == 303
    page = browser.page(f"/cases/{case.id}").text
    assert "不予受理告知书 锦政服告〔2026〕第0001号" in page and "不予受理告知" in page
    assert "申请人不具备主体资格；经营场所不符合要求" in page and "计时结束" in page
    assert 'id="notice-form"' not in page and 'id="refusal-form"' not in page


def test_another_department_cannot_post_or_see(db, hall, sign_in):
    case = hall["case"]
    outsider = sign_in(hall["other_clerk"])
    outsider.page("/")
    answer = outsider.submit(f"/cases/{case.id}/notices/refuse", {"reasons": "越权"})
    assert answer.status_code == 404 and db.get(Case, case.id).status == "received"
    supervisor = sign_in(hall["supervisor"])
    page = supervisor.page(f"/cases/{case.id}").text
    assert "告知书" in page and 'id="notice-form"' not in page  # reads, does not issue
    assert supervisor.submit(f"/cases/{case.id}/notices/issue", {}).status_code == 403


def test_the_json_api(db, hall, sign_in):
    m, case = hall["materials"], hall["case"]
    browser = sign_in(hall["clerk"])
    bad = browser.api("POST", f"/api/cases/{case.id}/notices",
                      json={"findings": [{"material_id": m["营业执照"].id, "problem": "noncompliant"}]})
    assert bad.status_code == 422 and bad.json()["field"] == "findings[0].reason"
    made = browser.api("POST", f"/api/cases/{case.id}/notices",
                       json={"findings": [{"material_id": m["营业执照"].id, "problem": "missing"}]})
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["n"], body["number"], body["kind_label"], body["materials"]) == (
        1, "锦政服告〔2026〕第0001号", "补正告知", ["营业执照"])
    assert body["pdf_url"] == f"/api/cases/{case.id}/notices/1.pdf"
    refused = browser.api("POST", f"/api/cases/{case.id}/refusal", json={"reasons": ["逾期未补正"]})
    assert refused.status_code == 201 and refused.json()["title"] == "不予受理告知书"
    listed = browser.api("GET", f"/api/cases/{case.id}/notices").json()
    assert [n["number"] for n in listed] == ["锦政服告〔2026〕第0001号", "锦政服告〔2026〕第0002号"]
    assert sign_in(hall["other_clerk"]).api("GET", f"/api/cases/{case.id}/notices").status_code == 404


def test_documents_download_in_scope_through_the_test_client(db, hall, sign_in):
    service.issue_notice(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id,
                         findings=[missing(hall["materials"]["营业执照"])])
    url = f"/api/cases/{hall['case'].id}/notices/1"
    head = sign_in(hall["head"])
    pdf = head.get(url + ".pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "filename*=UTF-8''%E4%B8%80%E6%AC%A1%E6%80%A7" in pdf.headers["content-disposition"]  # 一次性…
    assert head.get(url + ".docx").content.startswith(b"PK")
    assert sign_in(hall["other_head"]).get(url + ".pdf").status_code == 404
    assert head.get(f"/api/cases/{hall['case'].id}/notices/2.pdf").status_code == 404
    records = db.scalars(select(AuditRecord).where(AuditRecord.entity == "case_notice",
                                                   AuditRecord.action.like("export.%"))).all()
    assert sorted(r.action for r in records) == ["export.docx", "export.pdf"]


def test_the_admin_sets_the_prefix(db, hall, sign_in):
    admin = sign_in(hall["admin"])
    page = admin.page("/notices/settings").text
    assert 'value="锦政服告"' in page and "锦政服告〔2026〕第0001号" in page
    bad = admin.submit("/notices/settings", {"notice_prefix": "锦政〔告"})
    assert bad.status_code == 422 and "只能由汉字、字母和数字组成" in bad.text and 'value="锦政〔告"' in bad.text
    assert admin.submit("/notices/settings", {"notice_prefix": "锦城政告"}).status_code == 303
    record = db.scalars(select(AuditRecord).where(AuditRecord.entity == "notice_settings")).one()
    assert json.loads(record.detail) == {"notice_prefix": ["锦政服告", "锦城政告"]}
    made = service.issue_notice(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id,
                                findings=[missing(hall["materials"]["营业执照"])])
    assert made.number == "锦城政告〔2026〕第0001号"
    assert sign_in(hall["supervisor"]).page("/notices/settings").status_code == 403

"""Extensions through the case page and the API, and the applicant's public look-up showing them."""

import datetime as dt

from sqlalchemy import select

from tests.fixtures.objects import make_case, make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.cases.models import ExtensionRequest
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import Center


def _setup(db):
    dept = make_department(db, name="市场监管科")
    item = make_item(db, department=dept, name="食品经营许可", promised_limit_days=3)
    window = make_window(db, department=dept, name="3号窗口")
    clerk = make_staff(db, role=Role.WINDOW_STAFF, department=dept, window_id=window.id)
    head = make_staff(db, role=Role.DEPT_HEAD, department=dept, full_name="李科长")
    director = make_staff(db, role=Role.DIRECTOR, center=db.get(Center, dept.center_id))
    # Received Mon 16 Nov 2026 (today is Wed 18): 3 working days, due Thu 19.
    case = make_case(db, item=item, window=window, handler=clerk, applicant_phone="13912345678",
                     received_at=dt.datetime(2026, 11, 16, 9, tzinfo=TZ))
    return clerk, head, director, case


def test_clerk_requests_on_the_case_page_and_the_head_approves_there(db, sign_in):
    clerk, head, _, case = _setup(db)
    browser = sign_in(clerk)
    page = browser.page(f"/cases/{case.id}").text
    assert 'id="request-extension"' in page and "批准人" not in page  # no direct extension any more
    response = browser.submit(f"/cases/{case.id}/extension-request", {"new_due": "2026-11-19", "reason": "核查"})
    assert response.status_code == 422 and "延期后的办结期限须晚于原办结期限 2026-11-19" in response.text
    response = browser.submit(f"/cases/{case.id}/extension-request", {"new_due": "27/11", "reason": "核查"})
    assert response.status_code == 422 and "延期后的办结期限不是有效日期" in response.text
    response = browser.submit(f"/cases/{case.id}/extension-request",
                              {"new_due": "2026-11-27", "reason": "需现场核查经营场所"})
    assert response.status_code == 303
    page = browser.page(f"/cases/{case.id}").text
    assert "待审批" in page and "需现场核查经营场所" in page and 'id="approve-extension"' not in page
    request = db.scalars(select(ExtensionRequest).where(ExtensionRequest.case_id == case.id)).one()

    leader = sign_in(head)
    page = leader.page(f"/cases/{case.id}").text
    assert 'id="approve-extension"' in page
    response = leader.submit(f"/cases/{case.id}/extension-requests/{request.id}/approve", {"note": ""})
    assert response.status_code == 303
    db.refresh(case)
    assert case.due_on == dt.date(2026, 11, 27)
    page = leader.page(f"/cases/{case.id}").text
    assert "已批准" in page and "李科长 批准" in page


def test_a_refusal_without_its_reason_is_shown_in_chinese(db, sign_in):
    clerk, head, _, case = _setup(db)
    browser = sign_in(clerk)
    browser.page(f"/cases/{case.id}")
    browser.submit(f"/cases/{case.id}/extension-request", {"new_due": "2026-11-27", "reason": "需专家论证"})
    request = db.scalars(select(ExtensionRequest).where(ExtensionRequest.case_id == case.id)).one()
    leader = sign_in(head)
    leader.page(f"/cases/{case.id}")
    response = leader.submit(f"/cases/{case.id}/extension-requests/{request.id}/refuse", {"note": ""})
    assert response.status_code == 422 and "请填写不同意的理由" in response.text
    assert leader.submit(f"/cases/{case.id}/extension-requests/{request.id}/refuse",
                         {"note": "可按期办结"}).status_code == 303
    db.refresh(request)
    assert request.status == "refused"


def test_the_api_requests_and_a_director_approves(db, sign_in):
    clerk, _, director, case = _setup(db)
    browser = sign_in(clerk)
    response = browser.api("POST", f"/api/cases/{case.id}/extension-requests",
                           json={"new_due": "2026-11-27", "reason": "需现场核查"})
    assert response.status_code == 201, response.text
    request_id = response.json()["id"]
    assert browser.api("POST", f"/api/cases/{case.id}/extend",
                       json={"new_due": "2026-11-27", "reason": "x", "approved_by_id": director.id}).status_code in (
        404, 405)
    refused = browser.api("POST", f"/api/cases/extension-requests/{request_id}/approve", json={})
    assert refused.status_code == 403 and "中心领导" in refused.json()["message"]

    leader = sign_in(director)
    pending = leader.api("GET", "/api/cases/extension-requests?status=pending").json()
    assert [r["id"] for r in pending["items"]] == [request_id]
    response = leader.api("POST", f"/api/cases/extension-requests/{request_id}/approve", json={"note": "同意"})
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert leader.api("GET", f"/api/cases/{case.id}").json()["due_on"] == "2026-11-27"


def test_the_public_look_up_shows_the_new_due_date_and_the_reason(db, sign_in, client):
    clerk, head, _, case = _setup(db)
    from xiaoneng.auth.service import actor_for
    from xiaoneng.cases import extensions

    before = client.post("/rate", data={"case_number": case.number, "phone": "13912345678"}).text
    assert "延期办理" not in before
    request = extensions.request_extension(db, actor=actor_for(clerk), case_id=case.id,
                                           new_due=dt.date(2026, 11, 27), reason="需现场核查经营场所")
    extensions.approve(db, actor=actor_for(head), request_id=request.id)
    page = client.post("/rate", data={"case_number": case.number, "phone": "13912345678"}).text
    assert "延期办理" in page and "2026年11月27日" in page and "需现场核查经营场所" in page

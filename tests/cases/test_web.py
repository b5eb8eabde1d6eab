"""Case pages and API: receive through the form (errors keep input), complete a step, scope, clock events."""

import datetime as dt
import re

from sqlalchemy import func, select

from tests.fixtures.objects import make_case, make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.cases.models import Case
from xiaoneng.kit import clock as kit_clock
from xiaoneng.kit.clock import TZ


def _clerk_setup(db):
    dept = make_department(db, name="市场监管科")
    item = make_item(db, department=dept, name="食品经营许可", promised_limit_days=5)
    window = make_window(db, department=dept, name="3号窗口")
    clerk = make_staff(db, role=Role.WINDOW_STAFF, department=dept, window_id=window.id)
    return dept, item, window, clerk


def test_receive_a_case_through_the_form_and_complete_it(db, sign_in):
    dept, item, window, clerk = _clerk_setup(db)
    browser = sign_in(clerk)
    assert "收件登记" in browser.page("/cases/new").text
    response = browser.submit("/cases/new", {"item_id": str(item.id), "window_id": str(window.id),
                                             "applicant_type": "person", "applicant_name": "李四",
                                             "applicant_phone": "13912345678", "origin": "window"})
    assert response.status_code == 303
    case = db.scalar(select(Case).where(Case.applicant_name == "李四"))
    assert case.handler_id == clerk.id and case.due_on is not None
    detail = browser.page(response.headers["location"]).text
    assert "食品经营许可" in detail and "13912345678" in detail  # window staff may read contacts (callback)
    assert browser.submit(f"/cases/{case.id}/complete-step", {}).status_code == 303
    db.refresh(case)
    assert case.status == "completed" and case.steps[0].rating_due_on is not None
    page = browser.page(f"/cases/{case.id}").text
    # Staff never see the applicant's rating link (they could rate their own service with it): they may send it.
    assert "待申请人评价" in page and 'class="invite-rating"' in page and "/r/" not in page


def test_staff_send_the_applicant_the_rating_link_by_sms_without_seeing_it(db, sign_in):
    from tests.fixtures.web import PUBLIC_BASE
    from xiaoneng.audit.models import AuditRecord
    from xiaoneng.notifications.models import OutboundMessage
    from xiaoneng.ratings import tokens

    dept, item, window, clerk = _clerk_setup(db)
    case = make_case(db, item=item, window=window, handler=clerk, applicant_phone="13912345678",
                     completed_at=kit_clock.now())
    browser = sign_in(clerk)
    before = set(db.scalars(select(OutboundMessage.id)))
    browser.page(f"/cases/{case.id}")
    response = browser.post(f"/ratings/steps/{case.steps[0].id}/invite", data={"csrf_token": browser.csrf},
                            headers={"accept": "text/html", "host": "intranet.local"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/cases/{case.id}"
    page = browser.page(f"/cases/{case.id}").text
    assert "已通过短信向申请人发送" in page and "/r/" not in page
    sent = db.scalars(select(OutboundMessage).where(OutboundMessage.id.not_in(before))).one()
    assert sent.address == "13912345678" and case.number in sent.body
    link = re.search(r"(https?://\S+)", sent.body).group(1)
    assert link.startswith(f"{PUBLIC_BASE}/r/")  # the configured public base, not the Host of the request
    token = tokens.verify(link.rsplit("/", 1)[1], secret="t" * 40, now=kit_clock.now())
    assert (token.kind, token.record_id) == (tokens.TokenKind.STEP, case.steps[0].id)
    audited = db.scalars(select(AuditRecord).where(AuditRecord.action == "send_rating_link")).one()
    assert audited.entity_id == str(case.id) and audited.operator == clerk.username
    again = browser.submit(f"/ratings/steps/{case.steps[0].id}/invite")  # once a day per step
    assert again.status_code == 303 and "今天已向申请人补发过" in browser.page(f"/cases/{case.id}").text
    assert db.scalar(select(func.count()).select_from(OutboundMessage).where(OutboundMessage.id.not_in(before))) == 1


def test_a_missing_applicant_name_is_refused_with_the_input_kept(db, sign_in):
    dept, item, window, clerk = _clerk_setup(db)
    browser = sign_in(clerk)
    browser.page("/cases/new")
    before = db.scalar(select(func.count()).select_from(Case))
    response = browser.submit("/cases/new", {"item_id": str(item.id), "window_id": str(window.id),
                                             "applicant_name": "", "applicant_phone": "13912345678"})
    assert response.status_code == 422
    assert "申请人不能为空" in response.text and "13912345678" in response.text
    assert db.scalar(select(func.count()).select_from(Case)) == before


def test_notice_stops_the_clock_through_the_page(db, sign_in):
    dept, item, window, clerk = _clerk_setup(db)
    case = make_case(db, item=item, window=window, received_at=dt.datetime(2026, 11, 2, 9, tzinfo=TZ))
    first, second = item_materials(db, item)
    browser = sign_in(clerk)
    browser.page(f"/cases/{case.id}")
    answer = browser.submit(f"/cases/{case.id}/notices/issue", {f"problem_{first.id}": "missing",
                                                                f"problem_{second.id}": "noncompliant",
                                                                f"reason_{second.id}": "未加盖公章"})
    assert answer.status_code == 303
    page = browser.page(f"/cases/{case.id}").text
    assert "补正中" in page and "材料1、材料2" in page, page[page.find("<main"):][:3000]
    refused = browser.submit(f"/cases/{case.id}/complete-step", {})
    assert refused.status_code == 409 and "补正中" in refused.text


def item_materials(db, item):
    from xiaoneng.items.models import ItemMaterial

    return list(db.scalars(select(ItemMaterial).where(ItemMaterial.item_id == item.id).order_by(ItemMaterial.seq)))


def test_another_departments_clerk_gets_not_found(db, sign_in):
    dept, item, window, clerk = _clerk_setup(db)
    case = make_case(db, item=item, window=window)
    same_center_other_dept = make_department(db, center_id=dept.center_id, code="OTHER", name="其他科室")
    outsider = make_staff(db, role=Role.WINDOW_STAFF, department=same_center_other_dept)
    browser = sign_in(outsider)
    assert browser.page(f"/cases/{case.id}").status_code == 404
    assert browser.api("GET", f"/api/cases/{case.id}").status_code == 404


def test_api_receives_and_completes(db, sign_in):
    dept, item, window, clerk = _clerk_setup(db)
    browser = sign_in(clerk)
    browser.page("/cases")
    created = browser.api("POST", "/api/cases", json={"item_id": item.id, "window_id": window.id,
                                                       "applicant_name": "某某公司", "applicant_type": "organisation"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["steps"][0]["name"] == "窗口办理"
    step = browser.api("POST", f"/api/cases/{body['id']}/complete-step")
    assert step.status_code == 200 and step.json()["rating_due_on"]
    listed = browser.api("GET", "/api/cases").json()
    assert listed["total"] == 1


def test_the_form_preselects_the_clerks_window_and_refuses_a_malformed_phone(db, sign_in):
    dept, item, window, clerk = _clerk_setup(db)
    browser = sign_in(clerk)
    assert f'<option value="{window.id}" selected>3号窗口</option>' in browser.page("/cases/new").text
    before = db.scalar(select(func.count()).select_from(Case))
    response = browser.submit("/cases/new", {"item_id": str(item.id), "window_id": str(window.id),
                                             "applicant_type": "person", "applicant_name": "李四",
                                             "applicant_phone": "123abc", "applicant_id_number": "xyz"})
    assert response.status_code == 422 and "申请人电话格式不正确" in response.text
    assert db.scalar(select(func.count()).select_from(Case)) == before


def test_the_admin_sets_the_due_soon_span_on_its_page(db, sign_in):
    from tests.fixtures.objects import make_center
    from xiaoneng.audit.models import AuditRecord
    from xiaoneng.cases import settings

    center = make_center(db)
    admin = make_staff(db, role=Role.ADMIN, center=center)
    browser = sign_in(admin)
    home = browser.page("/").text
    assert 'href="/cases/settings"' in home  # in the admin's menu
    page = browser.page("/cases/settings").text
    assert 'value="1"' in page and "1 至 10 个工作日" in page
    for bad in ("0", "11", "两天", ""):
        response = browser.submit("/cases/settings", {"due_soon_days": bad})
        assert response.status_code == 422 and "到期前提醒天数须为 1 至 10 之间的整数" in response.text
    assert settings.due_soon_days(db, center_id=center.id) == 1
    assert browser.submit("/cases/settings", {"due_soon_days": "3"}).status_code == 303
    assert settings.due_soon_days(db, center_id=center.id) == 3
    assert 'value="3"' in browser.page("/cases/settings").text
    record = db.scalars(select(AuditRecord).where(AuditRecord.entity == "case_settings")).one()
    assert record.operator_id == admin.id and record.center_id == center.id


def test_only_the_admin_edits_the_due_soon_span(db, sign_in):
    dept, item, window, clerk = _clerk_setup(db)
    browser = sign_in(clerk)
    assert browser.page("/cases/settings").status_code == 403
    assert browser.submit("/cases/settings", {"due_soon_days": "3"}).status_code == 403
    assert 'href="/cases/settings"' not in browser.page("/").text

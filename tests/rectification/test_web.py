"""Pages and JSON API of the loop through the test client: lists, detail, forms, errors kept, scope, settings."""

import datetime as dt

from tests.fixtures.objects import make_department, make_staff
from tests.rectification.conftest import _center
from xiaoneng.auth.rules import Role
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.rules import Status

D = dt.date


def test_list_shows_the_callback_rate_and_records(db, world, sign_in):
    rect = world.open(db, rated_on=D(2026, 11, 2))
    browser = sign_in(world.head)
    page = browser.page("/rectifications?start=2026-11-01&end=2026-11-30")
    assert page.status_code == 200
    assert "实名差评回访整改率" in page.text and f"/rectifications/{rect.id}" in page.text
    assert "尚未完成 1 条" in page.text


def test_detail_masks_contacts_for_those_without_personal_read(db, world, sign_in):
    rect = world.open(db)
    director_page = sign_in(world.director).page(f"/rectifications/{rect.id}")
    assert director_page.status_code == 200
    assert "138****5678" in director_page.text and "13812345678" not in director_page.text
    clerk_page = sign_in(world.clerk).page(f"/rectifications/{rect.id}")
    assert "13812345678" in clerk_page.text and "等了很久" in clerk_page.text
    assert "记录联系" in clerk_page.text and "申诉复核" not in clerk_page.text


def test_contact_form_moves_the_record_and_shows_in_the_log(db, world, sign_in):
    rect = world.open(db)
    browser = sign_in(world.clerk)
    browser.page(f"/rectifications/{rect.id}")
    response = browser.submit(f"/rectifications/{rect.id}/act",
                              {"action": "contact", "method": "phone", "summary": "已电话联系，约定补正"})
    assert response.status_code == 303
    db.refresh(rect)
    assert rect.status == Status.CONTACTED
    page = browser.page(f"/rectifications/{rect.id}")
    assert "已电话联系，约定补正" in page.text and "已记录联系情况" in page.text


def test_bad_form_input_rerenders_with_the_reason_and_the_input_kept(db, world, sign_in, clock):
    rect = world.open(db, rated_on=clock.today())
    browser = sign_in(world.clerk)
    browser.page(f"/rectifications/{rect.id}")
    response = browser.submit(f"/rectifications/{rect.id}/act", {"action": "solve_on_spot", "measures": ""})
    assert response.status_code == 422 and "解决措施不能为空" in response.text
    db.refresh(rect)
    assert rect.status == Status.OPEN


def test_refused_step_is_reported_on_the_page(db, world, sign_in):
    rect = world.open(db)
    browser = sign_in(world.clerk)
    browser.page(f"/rectifications/{rect.id}")
    response = browser.submit(f"/rectifications/{rect.id}/act",
                              {"action": "feed_back", "measures": "已整改完毕"})
    assert response.status_code == 409 and "不能执行该操作" in response.text
    db.refresh(rect)
    assert (rect.status, rect.measures) == (Status.OPEN, "")


def test_head_of_another_department_gets_404_on_page_and_api(db, world, sign_in):
    rect = world.open(db)
    other = make_department(db, center=_center(db, world.department.center_id))
    browser = sign_in(make_staff(db, role=Role.DEPT_HEAD, department=other))
    assert browser.page(f"/rectifications/{rect.id}").status_code == 404
    assert browser.api("GET", f"/api/rectifications/{rect.id}").status_code == 404
    assert browser.api("GET", "/api/rectifications").json()["total"] == 0


def test_appeal_and_decision_through_the_api(db, world, sign_in):
    rect = world.open(db)
    head = sign_in(world.head)
    head.page("/rectifications")
    response = head.api("POST", f"/api/rectifications/{rect.id}/appeal", json={"reason": "评价人误操作"})
    assert response.status_code == 200 and response.json()["status"] == "appealed"
    supervisor = sign_in(world.supervisor)
    supervisor.page("/rectifications")
    response = supervisor.api("POST", f"/api/rectifications/{rect.id}/decide-appeal",
                              json={"uphold": True, "reason": "录音证实误操作"})
    body = response.json()
    assert (body["status"], body["excluded"]) == ("excluded", True)
    assert [e["action"] for e in body["timeline"]] == ["open", "appeal", "uphold_appeal"]
    rate = supervisor.api("GET", "/api/rectifications/callback-rate",
                          params={"start": "2026-03-01", "end": "2026-03-31"}).json()
    assert rate["all_reviews"] == {"total": 1, "finished": 1, "rate": 1.0}
    assert rate["counted"] == {"total": 0, "finished": 0, "rate": None}


def test_api_refusal_is_json_with_the_field(db, world, sign_in):
    rect = world.open(db)
    browser = sign_in(world.clerk)
    browser.page("/rectifications")
    response = browser.api("POST", f"/api/rectifications/{rect.id}/callback",
                           json={"method": "phone", "level": 4})
    assert response.status_code == 409 and response.json()["field"] == "action"
    response = browser.api("POST", f"/api/rectifications/{rect.id}/contact", json={"method": "传真", "summary": "x"})
    assert response.status_code == 422 and response.json()["field"] == "method"


def test_settings_page_saves_and_rejects(db, world, sign_in):
    browser = sign_in(world.admin)
    page = browser.page("/rectifications/settings")
    assert page.status_code == 200 and "联系评价人时限" in page.text
    values = {"contact_days": "7", "rectify_days": "15", "callback_days": "5", "escalate_to_director_after_days": "2",
              "due_soon_days": "1", "concentration_threshold": "3", "concentration_period_days": "30"}
    assert browser.submit("/rectifications/settings", values).status_code == 303
    rect = world.open(db, rated_on=D(2026, 1, 5))
    assert rect.rectify_due == D(2026, 1, 26)
    bad = browser.submit("/rectifications/settings", {**values, "rectify_days": "3"})
    assert bad.status_code == 422 and "整改反馈时限不能短于联系评价人时限" in bad.text and 'value="3"' in bad.text
    assert browser.api("GET", "/api/rectifications/settings").json()["rectify_days"] == 15


def test_window_staff_cannot_change_settings(db, world, sign_in):
    browser = sign_in(world.clerk)
    browser.page("/rectifications/settings")
    response = browser.api("PATCH", "/api/rectifications/settings", json={"contact_days": 3})
    assert response.status_code == 403


def test_escalations_and_alerts_pages(db, world, sign_in):
    rect = world.open(db, rated_on=D(2026, 1, 5))
    loop.refresh_deadlines(db, today=D(2026, 1, 12))
    for day in (3, 4, 5):
        world.open(db, rated_on=D(2026, 3, day))
    loop.raise_concentration_alerts(db, today=D(2026, 3, 6))
    browser = sign_in(world.director)
    page = browser.page("/rectifications/escalations")
    assert page.status_code == 200 and f"/rectifications/{rect.id}" in page.text and "中心领导督办清单" in page.text
    alerts = browser.page("/rectifications/alerts")
    assert alerts.status_code == 200 and world.department.name in alerts.text
    supervisor = sign_in(world.supervisor)
    supervisor.page("/rectifications/alerts")
    alert_id = supervisor.api("GET", "/api/rectifications/alerts").json()["items"][0]["id"]
    assert supervisor.submit(f"/rectifications/alerts/{alert_id}/acknowledge", {"note": "已约谈科室"}).status_code == 303
    assert "已约谈科室" in supervisor.page("/rectifications/alerts").text

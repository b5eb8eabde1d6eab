"""Sign-in, sessions, CSRF and what an anonymous visitor can reach."""

import pytest

from tests.fixtures.objects import PASSWORD, make_department, make_staff
from xiaoneng.auth.rules import Role


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/", headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize("path", ["/admin/items", "/admin/staff", "/admin/org", "/admin/points", "/admin/windows", "/admin/import", "/admin/calendar", "/admin/audit"])
def test_anonymous_reaches_no_admin_page(client, path):
    response = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code in (303, 401)


@pytest.mark.parametrize("path", ["/api/items", "/api/staff", "/api/departments", "/api/windows", "/api/points", "/api/calendar/years", "/api/center"])
def test_anonymous_reaches_no_api(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_sign_in_sets_hardened_cookie(db, client):
    staff = make_staff(db, role=Role.ADMIN, department=make_department(db))
    client.page("/login")
    response = client.submit("/login", {"username": staff.username, "password": PASSWORD, "next": "/"})
    assert response.status_code == 303
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    home = client.page("/")
    assert staff.full_name in home.text and "管理员" in home.text


def test_wrong_password_is_refused_in_chinese(db, client):
    staff = make_staff(db, department=make_department(db))
    client.page("/login")
    response = client.submit("/login", {"username": staff.username, "password": "wrong-pass1"})
    assert response.status_code == 401
    assert "用户名或密码错误" in response.text


def test_inactive_user_cannot_sign_in(db, client):
    staff = make_staff(db, department=make_department(db), active=False)
    client.page("/login")
    response = client.submit("/login", {"username": staff.username, "password": PASSWORD})
    assert response.status_code == 401


def test_form_without_csrf_token_is_refused(db, client):
    staff = make_staff(db, department=make_department(db))
    client.page("/login")
    response = client.post("/login", data={"username": staff.username, "password": PASSWORD},
                           headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 403
    assert "页面已过期" in response.text


def test_api_sign_in_then_csrf_header_required(db, client):
    staff = make_staff(db, role=Role.ADMIN, department=make_department(db))
    token = client.get("/api/auth/csrf").json()["csrf_token"]
    response = client.post("/api/auth/login", json={"username": staff.username, "password": PASSWORD},
                           headers={"x-csrf-token": token})
    assert response.status_code == 200
    assert response.json()["role"] == "admin"
    no_token = client.post("/api/auth/login", json={"username": staff.username, "password": PASSWORD})
    assert no_token.status_code == 403 and no_token.json()["code"] == "csrf_failed"


def test_sign_in_is_audited(db, client):
    from xiaoneng.audit import service as audit
    from xiaoneng.kit.scope import SYSTEM

    staff = make_staff(db, department=make_department(db))
    client.sign_in(staff.username)
    db.expire_all()
    records = audit.list_records(db, actor=SYSTEM, entity="staff", entity_id=str(staff.id))
    assert any(r.action == "auth.login" for r in records)


def test_open_redirect_is_refused(db, client):
    staff = make_staff(db, department=make_department(db))
    client.page("/login")
    response = client.submit("/login", {"username": staff.username, "password": PASSWORD, "next": "//evil.example/"})
    assert response.headers["location"] == "/"

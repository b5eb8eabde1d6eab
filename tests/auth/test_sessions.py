"""A session ends for real: a copy of the cookie kept from before sign-out, a password change, a deactivation or a
role change is refused (page → /login, API → 401)."""

from __future__ import annotations

import base64
import json

import httpx
import pytest
from itsdangerous import TimestampSigner

from tests.fixtures.live import LiveServer, serve_live
from tests.fixtures.objects import PASSWORD, make_department, make_staff
from xiaoneng.auth.passwords import verify_password
from xiaoneng.auth.rules import Role
from xiaoneng.db import make_engine, session_scope

COOKIE = "xiaoneng_session"


@pytest.fixture
def served(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        dept = make_department(s)
        admin = make_staff(s, role=Role.ADMIN, department=dept)
        clerk = make_staff(s, role=Role.WINDOW_STAFF, department=dept, phone="13800001111")
        people = {"admin": admin.username, "admin_id": admin.id, "clerk": clerk.username, "clerk_id": clerk.id}
    engine.dispose()
    with serve_live(own_database_url) as server:
        yield server, people


def _refused(server: LiveServer, cookie: str) -> None:
    jar = {COOKIE: cookie}
    page = httpx.get(server.base + "/admin/staff", cookies=jar, headers={"accept": "text/html"})
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    api = httpx.get(server.base + "/api/staff", cookies=jar)
    assert api.status_code == 401 and api.json()["code"] == "not_authenticated"


def _works(server: LiveServer, cookie: str) -> None:
    answer = httpx.get(server.base + "/api/staff", cookies={COOKIE: cookie})
    assert answer.status_code == 200 and "13800001111" in answer.text


def test_a_cookie_copied_before_sign_out_is_refused_after_it(served):
    server, people = served
    client = server.sign_in(people["admin"])
    copied = client.cookies[COOKIE]
    _works(server, copied)
    assert client.post("/api/auth/logout").status_code == 204
    _refused(server, copied)


def test_the_sign_out_button_ends_the_session_too(served):
    server, people = served
    browser = server.client()
    login = browser.get("/login", headers={"accept": "text/html"}).text
    token = login.split('name="csrf_token" value="')[1].split('"')[0]
    assert browser.post("/login", data={"username": people["admin"], "password": PASSWORD, "csrf_token": token,
                                        "next": "/"}).status_code == 303
    copied = browser.cookies[COOKIE]
    home = browser.get("/", headers={"accept": "text/html"}).text
    token = home.split('name="csrf_token" value="')[1].split('"')[0]
    answer = browser.post("/logout", data={"csrf_token": token}, headers={"accept": "text/html"})
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    _refused(server, copied)


def test_a_password_set_by_an_admin_ends_the_users_sessions(served):
    server, people = served
    clerk = server.sign_in(people["clerk"])
    copied = clerk.cookies[COOKIE]
    assert clerk.get("/api/auth/csrf").status_code == 200 and clerk.get("/api/items").status_code == 200
    admin = server.sign_in(people["admin"])
    assert admin.patch(f"/api/staff/{people['clerk_id']}", json={"password": "Changed2026"}).status_code == 200
    _refused(server, copied)
    assert server.sign_in(people["clerk"], "Changed2026").get("/api/items").status_code == 200


def test_changing_ones_own_password_ends_the_other_sessions_and_keeps_this_one(served):
    server, people = served
    elsewhere = server.sign_in(people["admin"]).cookies[COOKIE]
    here = server.client()
    login = here.get("/login", headers={"accept": "text/html"}).text
    token = login.split('name="csrf_token" value="')[1].split('"')[0]
    here.post("/login", data={"username": people["admin"], "password": PASSWORD, "csrf_token": token})
    form = here.get("/account/password", headers={"accept": "text/html"}).text
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    answer = here.post("/account/password", headers={"accept": "text/html"}, data={
        "csrf_token": token, "current_password": PASSWORD, "new_password": "Own2026pass",
        "confirm_password": "Own2026pass"})
    assert answer.status_code == 303
    assert "密码已修改" in here.get("/account/password", headers={"accept": "text/html"}).text
    _refused(server, elsewhere)
    _works(server, here.cookies[COOKIE])


def test_an_admin_changing_their_own_password_on_the_staff_form_signs_in_again(served):
    server, people = served
    admin = server.sign_in(people["admin"])
    copied = admin.cookies[COOKIE]
    assert admin.patch(f"/api/staff/{people['admin_id']}", json={"password": "Admin2026new"}).status_code == 200
    _refused(server, copied)


# Through the in-process client: deactivation and a role change end the sessions the same way.

def test_deactivation_ends_the_users_sessions(db, sign_in):
    dept = make_department(db)
    admin, clerk = make_staff(db, role=Role.ADMIN, department=dept), make_staff(db, department=dept)
    clerk_browser = sign_in(clerk)
    assert clerk_browser.get("/api/items").status_code == 200
    assert sign_in(admin).api("POST", f"/api/staff/{clerk.id}/deactivate").status_code == 200
    assert clerk_browser.get("/api/items").status_code == 401


def test_a_role_change_ends_the_users_sessions(db, sign_in):
    dept = make_department(db)
    admin, clerk = make_staff(db, role=Role.ADMIN, department=dept), make_staff(db, department=dept)
    clerk_browser = sign_in(clerk)
    assert sign_in(admin).api("PATCH", f"/api/staff/{clerk.id}", json={"role": "dept_head"}).status_code == 200
    assert clerk_browser.get("/api/items").status_code == 401
    page = clerk_browser.get("/cases", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_other_edits_leave_sessions_alone(db, sign_in):
    dept = make_department(db)
    admin, clerk = make_staff(db, role=Role.ADMIN, department=dept), make_staff(db, department=dept)
    clerk_browser = sign_in(clerk)
    assert sign_in(admin).api("PATCH", f"/api/staff/{clerk.id}", json={"phone": "13900002222"}).status_code == 200
    assert clerk_browser.get("/api/items").status_code == 200


def test_a_session_from_before_versions_is_refused(db, client):
    staff = make_staff(db, department=make_department(db))
    old = TimestampSigner("t" * 40).sign(base64.b64encode(json.dumps({"uid": staff.id}).encode())).decode()
    client.cookies.set(COOKIE, old)
    assert client.get("/api/items").status_code == 401


@pytest.mark.parametrize("form, message", [
    ({"current_password": "wrong-pass1", "new_password": "Own2026pass", "confirm_password": "Own2026pass"},
     "当前密码不正确"),
    ({"current_password": PASSWORD, "new_password": "Own2026pass", "confirm_password": "Own2026pasS"},
     "两次输入的新密码不一致"),
    ({"current_password": PASSWORD, "new_password": "short1", "confirm_password": "short1"}, "密码至少 8 位"),
    ({"current_password": PASSWORD, "new_password": PASSWORD, "confirm_password": PASSWORD}, "新密码不能与当前密码相同"),
])
def test_a_refused_password_change_says_why_and_changes_nothing(db, sign_in, form, message):
    staff = make_staff(db, department=make_department(db))
    browser = sign_in(staff)
    browser.page("/account/password")
    answer = browser.submit("/account/password", form)
    assert answer.status_code in (401, 422) and message in answer.text
    assert browser.get("/api/items").status_code == 200  # still signed in, password unchanged
    db.expire_all()
    assert verify_password(db.get(type(staff), staff.id).password_hash, PASSWORD)

"""Sign-in back-off through the pages and the JSON API: locks per account and address, failures audited and kept."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from tests.fixtures.live import serve_live
from tests.fixtures.objects import PASSWORD, make_department, make_staff
from tests.fixtures.web import Browser
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth import service as auth_service
from xiaoneng.auth.models import SignInThrottle
from xiaoneng.auth.rules import Role
from xiaoneng.config import Settings
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service as org
from xiaoneng.web.app import create_app


def _page_attempt(client: Browser, username: str, password: str):
    client.page("/login")
    return client.submit("/login", {"username": username, "password": password, "next": "/"})


def _api_attempt(client: Browser, username: str, password: str):
    token = client.get("/api/auth/csrf").json()["csrf_token"]
    return client.post("/api/auth/login", json={"username": username, "password": password},
                       headers={"x-csrf-token": token})


def test_the_fifth_wrong_password_locks_the_account_for_a_minute(db, client, clock):
    staff = make_staff(db, department=make_department(db))
    for _ in range(4):
        answer = _page_attempt(client, staff.username, "wrong-pass1")
        assert answer.status_code == 401 and "用户名或密码错误" in answer.text
    fifth = _page_attempt(client, staff.username, "wrong-pass1")
    assert fifth.status_code == 429 and fifth.headers["retry-after"] == "60"
    assert "登录失败次数过多，已暂停登录，请 1 分钟后再试" in fifth.text
    clock.advance(seconds=30)
    right = _page_attempt(client, staff.username, PASSWORD)  # even the right password waits out the lock
    assert right.status_code == 429 and right.headers["retry-after"] == "30" and "30 秒" in right.text
    assert client.get("/api/staff").status_code == 401
    clock.advance(seconds=31)
    assert _page_attempt(client, staff.username, PASSWORD).status_code == 303
    assert client.get("/api/staff").status_code == 200


def test_the_api_answers_429_with_retry_after_in_chinese(db, client, clock):
    staff = make_staff(db, department=make_department(db))
    answers = [_api_attempt(client, staff.username, "wrong-pass1") for _ in range(6)]
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429, 429]
    assert answers[5].json() == {"code": "sign_in_locked", "field": "username",
                                 "message": "登录失败次数过多，已暂停登录，请 1 分钟后再试"}
    assert answers[5].headers["retry-after"] == "60"


def test_no_password_is_checked_while_locked(db, client, clock, monkeypatch):
    staff = make_staff(db, department=make_department(db))
    for _ in range(5):
        _api_attempt(client, staff.username, "wrong-pass1")
    checked = []
    real = auth_service.verify_password
    monkeypatch.setattr(auth_service, "verify_password", lambda h, p: checked.append(p) or real(h, p))
    for _ in range(10):
        assert _api_attempt(client, staff.username, PASSWORD).status_code == 429
    assert checked == []


def test_unknown_usernames_are_answered_and_locked_like_real_ones(db, client, clock):
    staff = make_staff(db, department=make_department(db))
    known = [_api_attempt(client, staff.username, "wrong-pass1") for _ in range(6)]
    unknown = [_api_attempt(client, "nobody-here", "wrong-pass1") for _ in range(6)]
    assert [a.status_code for a in known] == [a.status_code for a in unknown]
    assert [a.json()["message"] for a in known] == [a.json()["message"] for a in unknown]


def test_a_success_clears_the_accounts_count(db, client, clock):
    staff = make_staff(db, department=make_department(db))
    for _ in range(4):
        _api_attempt(client, staff.username, "wrong-pass1")
    assert _api_attempt(client, staff.username, PASSWORD).status_code == 200
    assert db.get(SignInThrottle, f"account:{staff.username}") is None
    assert [_api_attempt(client, staff.username, "wrong-pass1").status_code for _ in range(4)] == [401] * 4


def test_failures_are_audited_and_kept_although_the_answer_is_an_error(db, client, clock):
    staff = make_staff(db, department=make_department(db))
    _page_attempt(client, staff.username, "wrong-pass1")
    _api_attempt(client, "no-such-user", "whatever1")
    inactive = make_staff(db, department=make_department(db), active=False)
    _api_attempt(client, inactive.username, PASSWORD)
    for _ in range(4):
        _api_attempt(client, staff.username, "wrong-pass1")  # the 5th failure of this account starts a lock
    db.expire_all()
    records = db.scalars(select(AuditRecord).where(AuditRecord.action == "auth.login_failed")
                         .order_by(AuditRecord.id)).all()
    details = [json.loads(r.detail) for r in records]
    assert [(d["username"], d["reason"]) for d in details[:3]] == [
        (staff.username, "wrong_password"), ("no-such-user", "unknown_user"), (inactive.username, "inactive")]
    assert all(r.ip == "testclient" and r.operator == "anonymous" for r in records)
    assert records[0].entity_id == str(staff.id) and records[0].center_id == staff.center_id
    assert details[-1]["account_failures"] == 5 and details[-1]["locked_seconds"] == 60
    assert db.get(SignInThrottle, f"account:{staff.username}").failures == 5


def test_many_accounts_tried_from_one_address_lock_the_address(db, sessions, clock):
    app = create_app(Settings(env="test", secret_key="t" * 40, sign_in_address_failures=3), sessions=sessions)
    staff = make_staff(db, department=make_department(db))
    with Browser(app, base_url="http://testserver") as client:
        assert [_api_attempt(client, f"guess{n}", "wrong-pass1").status_code for n in range(3)] == [401, 401, 429]
        refused = _api_attempt(client, staff.username, PASSWORD)
        assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
        clock.advance(minutes=1)
        assert _api_attempt(client, staff.username, PASSWORD).status_code == 200


def test_a_new_password_set_by_an_admin_lifts_the_lock(db, client, clock):
    staff = make_staff(db, department=make_department(db))
    for _ in range(5):
        _api_attempt(client, staff.username, "wrong-pass1")
    org.set_password(db, actor=system_actor(staff.center_id), staff_id=staff.id, password="NewPassw0rd")
    db.flush()
    assert _api_attempt(client, staff.username, "NewPassw0rd").status_code == 200


def test_every_server_process_sees_the_same_failures(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        username = make_staff(s, role=Role.ADMIN, department=make_department(s)).username
    with serve_live(own_database_url) as first, serve_live(own_database_url) as second:
        clients = [first.client(), second.client()]
        codes = []
        for n in range(6):
            client = clients[n % 2]
            token = client.get("/api/auth/csrf").json()["csrf_token"]
            codes.append(client.post("/api/auth/login", json={"username": username, "password": "wrong-pass1"},
                                     headers={"x-csrf-token": token}).status_code)
    assert codes == [401, 401, 401, 401, 429, 429]
    with session_scope(engine, readonly=True) as s:
        assert s.get(SignInThrottle, f"account:{username}").failures == 5
        assert s.scalar(select(AuditRecord.id).where(AuditRecord.action == "auth.login_failed")
                        .order_by(AuditRecord.id.desc()).limit(1)) is not None
    engine.dispose()


@pytest.mark.parametrize("username", ["", "   "])
def test_an_empty_username_is_refused_like_a_wrong_one(db, client, clock, username):
    assert _api_attempt(client, username, "x").status_code == 401

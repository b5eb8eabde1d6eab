"""The public rating pages refuse forged, foreign, expired and replayed requests, limit each address, leak nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from tests.fixtures.objects import make_window
from tests.ratings.test_public_pages import SECRET, open_form, post, qr, recent_case
from xiaoneng.audit.models import AuditRecord
from xiaoneng.config import Settings
from xiaoneng.kit import clock
from xiaoneng.org.models import Department, Window
from xiaoneng.ratings import links, tokens
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.tokens import TokenKind
from xiaoneng.web.app import create_app


def count(db, model=Rating) -> int:
    return db.scalar(select(func.count(model.id)))


def forged(token: str) -> str:
    i = len(token) // 2
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]


@pytest.fixture
def window(db):
    return make_window(db, name="社保2号窗口")


def refusals(window):
    good = qr(TokenKind.WINDOW, window)
    now = clock.now()
    return {
        "forged": forged(good),
        "other_secret": links.qr_token(TokenKind.WINDOW, window.id, center_id=window.center_id, secret="x" * 40,
                                       now=now, days=30),
        "expired": tokens.sign(TokenKind.WINDOW, window.id, center_id=window.center_id,
                               expires_at=now - dt.timedelta(seconds=1), secret=SECRET),
        "kiosk_kind": qr(TokenKind.KIOSK, window),
    }


@pytest.mark.parametrize("case", ["forged", "other_secret", "expired", "kiosk_kind"])
def test_a_bad_token_is_refused_and_nothing_is_written(client, db, window, case):
    bad = refusals(window)[case]
    good_nonce = open_form(client, f"/r/{qr(TokenKind.WINDOW, window)}")[1]
    audits = count(db, AuditRecord)
    page = client.get(f"/r/{bad}")
    assert page.status_code == 403 and "社保2号窗口" not in page.text
    response = post(client, f"/r/{bad}", good_nonce, level="5")
    assert response.status_code == 403
    assert count(db) == 0 and count(db, AuditRecord) == audits


def test_a_window_token_does_not_open_the_kiosk(client, window):
    assert client.get(f"/kiosk/{qr(TokenKind.WINDOW, window)}").status_code == 403
    assert client.get(f"/kiosk/{qr(TokenKind.WINDOW, window)}/current").status_code == 403


def test_a_replayed_form_submission_is_refused_and_writes_nothing(client, db, window):
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    _, nonce = open_form(client, url)
    assert post(client, url, nonce, level="5").status_code == 200
    replay = post(client, url, nonce, level="5")
    assert replay.status_code == 409 and "请勿重复提交" in replay.text
    assert count(db) == 1


def test_a_nonce_from_another_page_or_none_is_refused(client, db, window):
    other = make_window(db, department=db.get(Department, window.department_id))
    _, nonce = open_form(client, f"/r/{qr(TokenKind.WINDOW, other)}")
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    assert post(client, url, nonce, level="5").status_code == 403
    assert client.post(url, data={"level": "5"}).status_code == 403
    assert count(db) == 0


def test_a_window_token_with_a_case_handled_at_another_window_is_refused(client, db, window):
    case = recent_case(db)  # handled at a window of another department and center
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    _, nonce = open_form(client, url)
    response = post(client, url, nonce, level="5", case_number=case.number,
                    applicant_phone=case.applicant_phone)
    assert response.status_code == 422 and 'id="case_number-error"' in response.text
    assert count(db) == 0


def test_a_case_of_the_same_center_handled_at_another_window_is_refused(client, db):
    case = recent_case(db)
    home = db.get(Window, case.window_id)
    other = make_window(db, department=db.get(Department, home.department_id))
    url = f"/r/{qr(TokenKind.WINDOW, other)}"
    _, nonce = open_form(client, url)
    response = post(client, url, nonce, level="5", case_number=case.number,
                    applicant_phone=case.applicant_phone)
    assert response.status_code == 422 and "不是由此窗口办理的" in response.text
    assert count(db) == 0


def test_rate_limiting_answers_429_after_the_limit(sessions, db, window):
    app = create_app(Settings(env="test", secret_key=SECRET, public_rate_limit_per_minute=3), sessions=sessions)
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    with TestClient(app) as limited:
        assert [limited.get(url).status_code for _ in range(3)] == [200, 200, 200]
        assert limited.get(url).status_code == 429
        assert limited.post("/rate", data={"case_number": "x", "phone": "1"}).status_code == 429
        assert limited.get(f"/kiosk/{qr(TokenKind.KIOSK, window)}/current").status_code == 429


def test_the_public_pages_do_not_show_the_applicants_personal_data(client, db):
    case = recent_case(db, applicant_name="赵铁柱", applicant_phone="13912345678",
                       applicant_id_number="510109199001011232")
    pages = [
        client.get(links.step_link(case.steps[0], secret=SECRET, now=clock.now(), base_url="")).text,
        client.post("/rate", data={"case_number": case.number, "phone": "139 1234 5678"}).text,
        client.get(f"/kiosk/{qr(TokenKind.KIOSK, db.get(Window, case.window_id))}/current").text,
    ]
    for text in pages:
        assert "赵铁柱" not in text and "13912345678" not in text and "510109199001011232" not in text
    assert case.number in pages[0] and "去评价" in pages[1]


@pytest.mark.parametrize("number, phone", [("right", "13800000000"), ("wrong", "13912345678"), ("wrong", "")])
def test_a_wrong_own_case_lookup_gets_one_generic_message(client, db, number, phone):
    case = recent_case(db, applicant_phone="13912345678")
    response = client.post("/rate", data={"case_number": case.number if number == "right" else "NOPE-1",
                                          "phone": phone})
    assert response.status_code == 422 and "办件编号或手机号码不正确" in response.text
    assert "去评价" not in response.text

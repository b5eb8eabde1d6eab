"""The public rating endpoint: signed tokens, nonces, the case named, the rate limit, answers after the commit."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_case, make_staff, make_window
from tests.fixtures.web import Browser
from xiaoneng.audit.models import AuditRecord
from xiaoneng.config import Settings
from xiaoneng.kit import clock as kit_clock
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.tokens import TokenKind, sign
from xiaoneng.rectification.models import Rectification
from xiaoneng.web.app import create_app

SECRET = "t" * 40  # the secret of the `app` fixture


def token(kind, record_id, center_id, *, days=30, secret=SECRET):
    return sign(kind, record_id, center_id=center_id, expires_at=kit_clock.now() + dt.timedelta(days=days),
                secret=secret)


def post(client, body):
    return client.post("/api/public/ratings", json=body)


def recent_case(db, **kw):
    return make_case(db, completed_at=kit_clock.now() - dt.timedelta(minutes=30), **kw)


def test_a_window_rating_is_answered_201_with_the_stored_row_and_its_audit(client, db):
    window = make_window(db)
    r = post(client, {"token": token(TokenKind.WINDOW, window.id, window.center_id), "level": 5, "nonce": "nonce-0001",
                      "comment": "办理很快", "device_id": "phone-1"})
    assert r.status_code == 201, r.text
    body = r.json()
    rating = db.get(Rating, body["id"])
    assert body == {"id": rating.id, "level": 5, "rectification_opened": False}
    assert (rating.window_id, rating.channel, rating.nonce, rating.comment) == (window.id, "qr_code", "nonce-0001", "办理很快")
    assert rating.department_id == window.department_id and rating.client_ip == "testclient"
    record = db.query(AuditRecord).filter_by(entity="rating", entity_id=str(rating.id)).one()
    assert record.action == "rate" and record.center_id == window.center_id


def test_a_bad_review_through_the_case_link_opens_its_rectification(client, db):
    case = recent_case(db)
    step = case.steps[0]
    r = post(client, {"token": token(TokenKind.STEP, step.id, case.center_id), "level": 1, "nonce": "nonce-bad-1",
                      "comment": "窗口人员态度生硬，让我跑了三趟"})
    assert r.status_code == 201, r.text
    assert r.json()["rectification_opened"] is True
    rating = db.get(Rating, r.json()["id"])
    assert rating.step_id == step.id and rating.rater_key == "applicant" and rating.channel == "system_step"
    assert db.query(Rectification).filter_by(rating_id=rating.id).one().status == "open"
    db.refresh(step)
    assert step.rating_closed is True


def test_the_case_link_rates_its_step_once(client, db):
    case = recent_case(db)
    link = token(TokenKind.STEP, case.steps[0].id, case.center_id)
    assert post(client, {"token": link, "level": 4, "nonce": "nonce-once-1"}).status_code == 201
    again = post(client, {"token": link, "level": 5, "nonce": "nonce-once-2"})
    assert again.status_code == 409 and again.json()["field"] == "step_id"


def test_a_forged_token_is_refused(client, db):
    window = make_window(db)
    forged = token(TokenKind.WINDOW, window.id, window.center_id, secret="x" * 40)
    r = post(client, {"token": forged, "level": 5, "nonce": "nonce-forged"})
    assert r.status_code == 403 and r.json()["code"] == "token_refused" and "评价链接无效" in r.json()["message"]
    assert db.query(Rating).count() == 0


def test_an_expired_token_is_refused(client, db):
    window = make_window(db)
    r = post(client, {"token": token(TokenKind.WINDOW, window.id, window.center_id, days=-1), "level": 5,
                      "nonce": "nonce-expired"})
    assert r.status_code == 403 and r.json()["code"] == "token_expired"


def test_a_token_of_another_kind_is_refused(client, db):
    window = make_window(db)
    r = post(client, {"token": token(TokenKind.KIOSK, window.id, window.center_id), "level": 5, "nonce": "nonce-kiosk"})
    assert r.status_code == 403


def test_a_token_of_another_center_finds_nothing(client, db):
    window = make_window(db)
    other = make_window(db)
    r = post(client, {"token": token(TokenKind.WINDOW, window.id, other.center_id), "level": 5, "nonce": "nonce-center"})
    assert r.status_code == 404


def test_a_case_handled_at_another_window_is_refused_on_the_case_number(client, db):
    case = recent_case(db)
    elsewhere = make_window(db)
    elsewhere.center_id = case.center_id
    db.flush()
    r = post(client, {"token": token(TokenKind.WINDOW, elsewhere.id, case.center_id), "level": 5,
                      "nonce": "nonce-wrong-case", "case_number": case.number})
    assert r.status_code == 422 and r.json()["field"] == "case_number"
    assert "不是在此窗口办理" in r.json()["message"]


def test_an_unknown_case_number_is_not_found(client, db):
    window = make_window(db)
    r = post(client, {"token": token(TokenKind.WINDOW, window.id, window.center_id), "level": 5,
                      "nonce": "nonce-unknown-case", "case_number": "NO-SUCH-CASE"})
    assert r.status_code == 404 and r.json()["field"] == "case_number"


def test_the_case_number_ties_a_window_rating_to_its_case(client, db):
    case = recent_case(db)
    r = post(client, {"token": token(TokenKind.WINDOW, case.window_id, case.center_id), "level": 4,
                      "nonce": "nonce-right-case", "case_number": case.number, "device_id": "phone-2"})
    assert r.status_code == 201, r.text
    rating = db.get(Rating, r.json()["id"])
    assert rating.case_id == case.id and rating.step_id == case.steps[-1].id and rating.rater_key != "applicant"


def test_a_replayed_nonce_is_a_conflict(client, db):
    window = make_window(db)
    body = {"token": token(TokenKind.WINDOW, window.id, window.center_id), "level": 5, "nonce": "nonce-replay"}
    assert post(client, body).status_code == 201
    r = post(client, {**body, "device_id": "another"})
    assert r.status_code == 409 and r.json()["field"] == "nonce"
    assert db.query(Rating).filter_by(nonce="nonce-replay").count() == 1


def test_a_staff_badge_rating_records_the_staff_member(client, db):
    window = make_window(db)
    staff = make_staff(db, window_id=window.id)
    r = post(client, {"token": token(TokenKind.STAFF, staff.id, staff.center_id), "level": 3, "nonce": "nonce-staff"})
    assert r.status_code == 201, r.text
    assert db.get(Rating, r.json()["id"]).staff_id == staff.id


@pytest.mark.parametrize("change, status, field", [
    ({"level": 9}, 422, "level"),
    ({"level": "abc"}, 422, "level"),
    ({"nonce": ""}, 422, "nonce"),
    ({"level": 2, "comment": ""}, 422, "comment"),
    ({"real_name": True, "rater_name": "王小明", "rater_phone": "123"}, 422, "rater_phone"),
])
def test_bad_input_is_refused_in_chinese_naming_the_field(client, db, change, status, field):
    window = make_window(db)
    body = {"token": token(TokenKind.WINDOW, window.id, window.center_id), "level": 5, "nonce": "nonce-bad-input",
            **change}
    r = post(client, body)
    assert r.status_code == status and r.json()["field"] == field
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    assert db.query(Rating).count() == 0


def test_each_client_address_is_rate_limited(sessions, db):
    app = create_app(Settings(env="test", secret_key=SECRET, public_rate_limit_per_minute=3), sessions=sessions)
    window = make_window(db)
    link = token(TokenKind.WINDOW, window.id, window.center_id)
    with Browser(app, base_url="http://testserver") as client:
        answers = [post(client, {"token": link, "level": 4, "nonce": f"nonce-limit-{i}", "device_id": f"d{i}"})
                   for i in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[3].json()["code"] == "rate_limited"


def test_the_writer_stops_with_the_application(sessions, db):
    app = create_app(Settings(env="test", secret_key=SECRET), sessions=sessions)
    window = make_window(db)
    with Browser(app, base_url="http://testserver") as client:
        assert post(client, {"token": token(TokenKind.WINDOW, window.id, window.center_id), "level": 5,
                             "nonce": "nonce-stop"}).status_code == 201
        writer = app.state.rating_writer
        assert writer.alive
    assert not writer.alive


def test_a_token_that_expires_after_its_first_use_is_then_refused_as_expired(client, db, clock):
    window = make_window(db)
    link = sign(TokenKind.WINDOW, window.id, center_id=window.center_id, secret=SECRET,
                expires_at=clock.now() + dt.timedelta(hours=1))
    assert post(client, {"token": link, "level": 5, "nonce": "nonce-exp-1"}).status_code == 201
    clock.advance(hours=2)
    r = post(client, {"token": link, "level": 5, "nonce": "nonce-exp-2", "device_id": "d2"})
    assert r.status_code == 403 and r.json()["code"] == "token_expired"
    assert db.query(Rating).count() == 1


def test_a_body_that_is_not_json_is_refused_with_422(client, db):
    r = client.post("/api/public/ratings", content=b"{level: 5", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["field"] == "body" and "JSON" in r.json()["message"]


def test_the_openapi_schema_documents_the_body_and_the_answer(client):
    schema = client.get("/api/openapi.json").json()
    op = schema["paths"]["/api/public/ratings"]["post"]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert {"token", "level", "nonce"} <= set(body["required"]) and "indicators" in body["properties"]
    assert "201" in op["responses"]


def test_a_malformed_body_is_refused_with_the_field_named(client, db):
    r = client.post("/api/public/ratings", content=b'{"token": "x", "level": "five"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and db.query(Rating).count() == 0
    assert "nonce" in r.text and "level" in r.text

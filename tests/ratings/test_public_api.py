"""The public rating endpoint: signed tokens, server-issued nonces and devices, the case proved by the applicant's
phone, the limits per address, QR code and device, strict types, answers after the commit."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_case, make_staff, make_window
from tests.fixtures.web import Browser
from tests.ratings.forms import FORM, form, rate
from xiaoneng.audit.models import AuditRecord
from xiaoneng.config import Settings
from xiaoneng.kit import clock as kit_clock
from xiaoneng.org.models import Department
from xiaoneng.ratings import links
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.tokens import TokenKind, sign
from xiaoneng.rectification.models import Rectification
from xiaoneng.web.app import create_app

SECRET = "t" * 40  # the secret of the `app` fixture


def token(kind, record_id, center_id, *, days=30, secret=SECRET):
    return sign(kind, record_id, center_id=center_id, expires_at=kit_clock.now() + dt.timedelta(days=days),
                secret=secret)


def recent_case(db, **kw):
    return make_case(db, completed_at=kit_clock.now() - dt.timedelta(minutes=30), **kw)


def app_with(sessions, **settings):
    return create_app(Settings(env="test", secret_key=SECRET, **settings), sessions=sessions)


def test_a_window_rating_is_answered_201_with_the_stored_row_and_its_audit(client, db):
    window = make_window(db)
    r = rate(client, {"token": token(TokenKind.WINDOW, window.id, window.center_id), "level": 5, "comment": "办理很快"})
    assert r.status_code == 201, r.text
    body = r.json()
    rating = db.get(Rating, body["id"])
    assert body == {"id": rating.id, "level": 5, "rectification_opened": False}
    assert (rating.window_id, rating.channel, rating.comment, rating.step_id) == (window.id, "qr_code", "办理很快", None)
    assert rating.department_id == window.department_id and rating.client_ip == "testclient"
    record = db.query(AuditRecord).filter_by(entity="rating", entity_id=str(rating.id)).one()
    assert record.action == "rate" and record.center_id == window.center_id


def test_the_form_says_what_is_rated_and_issues_a_nonce_bound_to_a_device(client, db):
    window = make_window(db)
    link = token(TokenKind.WINDOW, window.id, window.center_id)
    first = form(client, link)
    assert first["subject"]["kind"] == "window" and first["subject"]["window"] == window.name
    assert first["subject"]["takes_case_number"] is True
    assert [lv["label"] for lv in first["levels"]][0] == "非常满意"
    device = links.read_device(first["device"], secret=SECRET)
    client.cookies.clear()  # an app without cookies sends its device back as a parameter
    again = form(client, link, device=first["device"])
    assert again["device"] == first["device"] and again["nonce"] != first["nonce"]
    r = client.post("/api/public/ratings", json={"token": link, "level": 4, "nonce": again["nonce"]})
    assert r.status_code == 201, r.text
    assert db.get(Rating, r.json()["id"]).device_id == device.id


def test_a_nonce_made_by_the_client_is_refused_and_nothing_is_stored(client, db):
    window = make_window(db)
    link = token(TokenKind.WINDOW, window.id, window.center_id)
    answers = [client.post("/api/public/ratings", json={"token": link, "level": 1, "comment": "很差",
                                                        "nonce": f"client-made-{i}"}) for i in range(3)]
    assert {a.status_code for a in answers} == {403}
    assert answers[0].json()["field"] == "nonce" and "刷新" in answers[0].json()["message"]
    other = token(TokenKind.WINDOW, window.id, window.center_id, days=29)  # a nonce of another code
    r = client.post("/api/public/ratings", json={"token": link, "level": 5, "nonce": form(client, other)["nonce"]})
    assert r.status_code == 403
    assert db.query(Rating).count() == 0 and db.query(Rectification).count() == 0


def test_a_bad_review_through_the_case_link_opens_its_rectification(client, db):
    case = recent_case(db)
    step = case.steps[0]
    r = rate(client, {"token": token(TokenKind.STEP, step.id, case.center_id), "level": 1,
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
    assert rate(client, {"token": link, "level": 4}).status_code == 201
    again = rate(client, {"token": link, "level": 5}, new_device=True)
    assert again.status_code == 409 and again.json()["field"] == "step_id"


def test_a_forged_token_is_refused(client, db):
    window = make_window(db)
    forged = token(TokenKind.WINDOW, window.id, window.center_id, secret="x" * 40)
    assert client.get(FORM, params={"token": forged}).status_code == 403
    r = client.post("/api/public/ratings", json={"token": forged, "level": 5, "nonce": "checked-after-the-token"})
    assert r.status_code == 403 and r.json()["code"] == "token_refused" and "评价链接无效" in r.json()["message"]
    assert db.query(Rating).count() == 0


def test_an_expired_token_is_refused(client, db):
    window = make_window(db)
    expired = token(TokenKind.WINDOW, window.id, window.center_id, days=-1)
    assert client.get(FORM, params={"token": expired}).json()["code"] == "token_expired"
    r = client.post("/api/public/ratings", json={"token": expired, "level": 5, "nonce": "n" * 12})
    assert r.status_code == 403 and r.json()["code"] == "token_expired"


def test_a_token_of_another_kind_is_refused(client, db):
    window = make_window(db)
    kiosk = token(TokenKind.KIOSK, window.id, window.center_id)
    assert client.get(FORM, params={"token": kiosk}).status_code == 403
    r = client.post("/api/public/ratings", json={"token": kiosk, "level": 5, "nonce": "n" * 12})
    assert r.status_code == 403


def test_a_token_of_another_center_finds_nothing(client, db):
    window = make_window(db)
    other = make_window(db)
    link = token(TokenKind.WINDOW, window.id, other.center_id)
    assert client.get(FORM, params={"token": link}).status_code == 404
    r = rate(client, {"token": link, "level": 5, "nonce": links.issue_nonce(secret=SECRET, token=link)})
    assert r.status_code == 404


# --- rating a case from a QR code: only as its applicant, proved by the phone the case was filed with -----------

def test_the_case_number_with_the_applicants_phone_rates_the_case_as_its_applicant(client, db):
    case = recent_case(db)
    r = rate(client, {"token": token(TokenKind.WINDOW, case.window_id, case.center_id), "level": 4,
                      "case_number": case.number, "applicant_phone": case.applicant_phone})
    assert r.status_code == 201, r.text
    rating = db.get(Rating, r.json()["id"])
    assert rating.case_id == case.id and rating.step_id == case.steps[-1].id and rating.rater_key == "applicant"


@pytest.mark.parametrize("phone, field", [("", "applicant_phone"), ("13900000000", "case_number")])
def test_a_passer_by_with_a_case_number_cannot_rate_the_case_and_the_applicant_still_can(client, db, phone, field):
    case = recent_case(db)
    window_code = token(TokenKind.WINDOW, case.window_id, case.center_id)
    r = rate(client, {"token": window_code, "level": 1, "comment": "很差", "case_number": case.number,
                      "applicant_phone": phone})
    assert r.status_code == 422 and r.json()["field"] == field
    assert db.query(Rating).count() == 0
    link = token(TokenKind.STEP, case.steps[-1].id, case.center_id)
    assert rate(client, {"token": link, "level": 5}, new_device=True).status_code == 201


def test_a_wrong_phone_and_an_unknown_case_get_the_same_answer(client, db):
    case = recent_case(db)
    window_code = token(TokenKind.WINDOW, case.window_id, case.center_id)
    wrong_phone = rate(client, {"token": window_code, "level": 5, "case_number": case.number,
                                "applicant_phone": "13912345678"})
    no_case = rate(client, {"token": window_code, "level": 5, "case_number": "NO-SUCH-CASE",
                            "applicant_phone": case.applicant_phone})
    assert wrong_phone.status_code == no_case.status_code == 422
    assert wrong_phone.json() == no_case.json()
    assert wrong_phone.json()["field"] == "case_number" and "办件编号或手机号码不正确" in wrong_phone.json()["message"]


def test_a_proved_case_handled_at_another_window_is_refused(client, db):
    case = recent_case(db)
    elsewhere = make_window(db, department=db.get(Department, case.department_id))
    r = rate(client, {"token": token(TokenKind.WINDOW, elsewhere.id, case.center_id), "level": 5,
                      "case_number": case.number, "applicant_phone": case.applicant_phone})
    assert r.status_code == 422 and r.json()["field"] == "case_number"
    assert "不是由此窗口办理" in r.json()["message"]


def test_one_step_is_rated_once_as_its_applicant_whatever_the_channel(client, db):
    case = recent_case(db)
    window_code = token(TokenKind.WINDOW, case.window_id, case.center_id)
    proof = {"case_number": case.number, "applicant_phone": case.applicant_phone}
    first = rate(client, {"token": window_code, "level": 5, **proof})
    assert first.status_code == 201
    answers = [rate(client, {"token": window_code, "level": 5, **proof}, new_device=True) for _ in range(3)]
    answers.append(rate(client, {"token": token(TokenKind.STEP, case.steps[-1].id, case.center_id), "level": 1,
                                 "comment": "很差"}, new_device=True))
    assert {a.status_code for a in answers} == {409}
    assert db.query(Rating).filter_by(step_id=case.steps[-1].id).count() == 1


# --- limits per QR code and per device ----------------------------------------------------------------------

def test_a_window_code_takes_a_limited_number_of_ratings_an_hour(sessions, db):
    app = app_with(sessions, rating_code_limit_per_hour=3)
    window = make_window(db)
    link = token(TokenKind.WINDOW, window.id, window.center_id)
    with Browser(app, base_url="http://testserver") as client:
        answers = [rate(client, {"token": link, "level": 1, "comment": "太差"}, new_device=True) for _ in range(5)]
        other = make_window(db)
        elsewhere = rate(client, {"token": token(TokenKind.WINDOW, other.id, other.center_id), "level": 5},
                         new_device=True)
    assert [a.status_code for a in answers] == [201, 201, 201, 429, 429]
    assert "二维码" in answers[3].json()["message"] and elsewhere.status_code == 201
    assert db.query(Rating).filter_by(window_id=window.id).count() == 3
    assert db.query(Rectification).count() == 3


def test_a_device_takes_a_limited_number_of_ratings_a_day(sessions, db):
    app = app_with(sessions, rating_device_limit_per_day=2)
    windows = [make_window(db) for _ in range(3)]
    with Browser(app, base_url="http://testserver") as client:
        answers = [rate(client, {"token": token(TokenKind.WINDOW, w.id, w.center_id), "level": 5}) for w in windows]
        fresh = rate(client, {"token": token(TokenKind.WINDOW, windows[2].id, windows[2].center_id), "level": 5},
                     new_device=True)
    assert [a.status_code for a in answers] == [201, 201, 429] and "设备" in answers[2].json()["message"]
    assert fresh.status_code == 201 and db.query(Rating).count() == 3


def test_each_client_address_is_rate_limited(sessions, db):
    app = app_with(sessions, public_rate_limit_per_minute=3)
    window = make_window(db)
    link = token(TokenKind.WINDOW, window.id, window.center_id)
    with Browser(app, base_url="http://testserver") as client:
        nonces = [form(client, link)["nonce"] for _ in range(3)]
        fourth_form = client.get(FORM, params={"token": link})
        nonces.append(links.issue_nonce(secret=SECRET, token=link))
        answers = [client.post("/api/public/ratings", json={"token": link, "level": 4, "nonce": n}) for n in nonces]
    assert fourth_form.status_code == 429
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[3].json()["code"] == "rate_limited" and db.query(Rating).count() == 3


# --- ratings from staff browsers and devices are flagged ---------------------------------------------------------

def test_an_api_rating_from_a_browser_holding_a_staff_session_is_flagged(client, db, sign_in):
    window = make_window(db)
    staff = make_staff(db, center_id=window.center_id, department_id=window.department_id, window_id=window.id)
    link = token(TokenKind.WINDOW, window.id, window.center_id)
    browser = sign_in(staff)
    nonce = form(client, link)["nonce"]  # a nonce fetched by a public client, posted from the staff browser
    flagged = browser.post("/api/public/ratings", json={"token": link, "level": 5, "nonce": nonce})
    public = rate(client, {"token": link, "level": 5})
    assert flagged.status_code == public.status_code == 201
    assert "staff_device" in db.get(Rating, flagged.json()["id"]).flags
    assert "staff_device" not in db.get(Rating, public.json()["id"]).flags


def test_a_device_that_held_a_staff_session_stays_flagged_after_signing_out(db, sign_in):
    case = recent_case(db)
    staff = make_staff(db, center_id=case.center_id, department_id=case.department_id, window_id=case.window_id)
    browser = sign_in(staff)
    assert browser.page(f"/cases/{case.id}").status_code == 200  # a staff page marks the browser's device
    browser.cookies.delete("xiaoneng_session")
    link = token(TokenKind.STEP, case.steps[0].id, case.center_id)
    r = rate(browser, {"token": link, "level": 5})
    assert r.status_code == 201, r.text
    assert "staff_device" in db.get(Rating, r.json()["id"]).flags


# --- the edge: strict types, control characters ------------------------------------------------------------------

@pytest.mark.parametrize("change, field", [
    ({"level": 9}, "level"),
    ({"level": "abc"}, "level"),
    ({"level": True}, "level"),
    ({"level": 5.0}, "level"),
    ({"level": "5"}, "level"),
    ({"nonce": ""}, "nonce"),
    ({"comment": 5}, "comment"),
    ({"real_name": "yes"}, "real_name"),
    ({"indicators": {"service_attitude": "态度好"}}, "service_attitude"),
    ({"device_id": "my-own"}, "device_id"),
    ({"level": 2, "comment": ""}, "comment"),
    ({"comment": "好\x00评"}, "comment"),
    ({"comment": "\x1b[31m"}, "comment"),
    ({"rater_name": "王\x00"}, "rater_name"),
    ({"case_number": "A\x07"}, "case_number"),
    ({"real_name": True, "rater_name": "王小明", "rater_phone": "123"}, "rater_phone"),
])
def test_bad_input_is_refused_with_422_in_chinese_naming_the_field(client, db, change, field):
    window = make_window(db)
    link = token(TokenKind.WINDOW, window.id, window.center_id)
    r = rate(client, {"token": link, "level": 5, **change})
    assert r.status_code == 422 and r.json()["field"] == field, r.text
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["message"])
    assert db.query(Rating).count() == 0


def test_tabs_and_line_breaks_are_kept_in_a_comment(client, db):
    window = make_window(db)
    r = rate(client, {"token": token(TokenKind.WINDOW, window.id, window.center_id), "level": 4,
                      "comment": "第一\t点\r\n第二点"})
    assert r.status_code == 201 and db.get(Rating, r.json()["id"]).comment == "第一\t点\r\n第二点"


def test_a_staff_badge_rating_records_the_staff_member(client, db):
    window = make_window(db)
    staff = make_staff(db, center_id=window.center_id, department_id=window.department_id, window_id=window.id)
    r = rate(client, {"token": token(TokenKind.STAFF, staff.id, staff.center_id), "level": 3})
    assert r.status_code == 201, r.text
    assert db.get(Rating, r.json()["id"]).staff_id == staff.id


def test_the_writer_stops_with_the_application(sessions, db):
    app = app_with(sessions)
    window = make_window(db)
    with Browser(app, base_url="http://testserver") as client:
        assert rate(client, {"token": token(TokenKind.WINDOW, window.id, window.center_id),
                             "level": 5}).status_code == 201
        writer = app.state.rating_writer
        assert writer.alive
    assert not writer.alive


def test_a_token_that_expires_after_its_first_use_is_then_refused_as_expired(client, db, clock):
    window = make_window(db)
    link = sign(TokenKind.WINDOW, window.id, center_id=window.center_id, secret=SECRET,
                expires_at=clock.now() + dt.timedelta(hours=1))
    nonce = form(client, link)["nonce"]
    assert rate(client, {"token": link, "level": 5}).status_code == 201
    clock.advance(hours=2)
    r = client.post("/api/public/ratings", json={"token": link, "level": 5, "nonce": nonce})
    assert r.status_code == 403 and r.json()["code"] == "token_expired"
    assert db.query(Rating).count() == 1


def test_a_body_that_is_not_json_is_refused_with_422(client, db):
    r = client.post("/api/public/ratings", content=b"{level: 5", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["field"] == "body" and "JSON" in r.json()["message"]


def test_the_openapi_schema_documents_the_body_the_answer_and_the_form(client):
    schema = client.get("/api/openapi.json").json()
    op = schema["paths"]["/api/public/ratings"]["post"]
    body = op["requestBody"]["content"]["application/json"]["schema"]
    assert {"token", "level", "nonce"} <= set(body["required"]) and "indicators" in body["properties"]
    assert "device_id" not in body["properties"] and "applicant_phone" in body["properties"]
    assert "201" in op["responses"]
    assert "/api/public/ratings/form" in schema["paths"]


def test_a_malformed_body_is_refused_with_the_field_named(client, db):
    r = client.post("/api/public/ratings", content=b'{"token": "x", "level": "five"}',
                    headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and db.query(Rating).count() == 0
    assert "nonce" in r.text and "level" in r.text

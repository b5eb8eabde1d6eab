"""Rating invitations received for cases handled in other systems."""

import datetime as dt

import pytest
from sqlalchemy import select

from tests.disclosure.data import make_hall
from tests.fixtures.web import PUBLIC_BASE
from xiaoneng.audit.models import AuditRecord
from xiaoneng.cases.models import Case, CaseOrigin, CaseStatus, CaseStep
from xiaoneng.ratings import tokens

SECRET = "t" * 40  # the test app's secret key


@pytest.fixture
def hall(db):
    return make_hall(db)


def _body(hall, **overrides):
    body = {"external_ref": "WB-2026-0310-88", "item_code": hall.item_a.code, "applicant_name": "陈红梅",
            "applicant_type": "1", "applicant_phone": "13712345678", "window_code": hall.window_a.code,
            "staff_no": hall.clerk_a.staff_no, "received_at": "2026-11-16T09:30:00+08:00",
            "completed_at": "2026-11-17T15:00:00+08:00"}
    body.update(overrides)
    return body


def test_invitation_creates_an_external_case_open_for_rating(db, hall, sign_in, clock):
    browser = sign_in(hall.supervisor)
    # The rating_url goes to the applicant: under the configured public base, whatever Host the caller sent.
    response = browser.api("POST", "/api/exchange/invitations", json=_body(hall),
                           headers={"host": "intranet.example:8080"})
    assert response.status_code == 201, response.text
    data = response.json()
    case = db.get(Case, data["case_id"])
    assert (case.origin, case.status, case.number, case.external_ref) == (
        CaseOrigin.EXTERNAL, CaseStatus.COMPLETED, "WB-2026-0310-88", "WB-2026-0310-88")
    assert (case.window_id, case.handler_id, case.applicant_type) == (hall.window_a.id, hall.clerk_a.id, "person")
    step = db.get(CaseStep, data["step_id"])
    assert step.completed_on == dt.date(2026, 11, 17) and step.name == "办结"
    # Completed on Tuesday 17 November 2026: the 5th working day after it is Tuesday 24 November.
    assert data["rating_due_on"] == "2026-11-24" == step.rating_due_on.isoformat()
    assert data["rating_url"].startswith(f"{PUBLIC_BASE}/r/") and data["rating_open"] is True
    token = tokens.verify(data["rating_url"].rsplit("/", 1)[1], secret=SECRET,
                          now=dt.datetime(2026, 11, 24, 15, 0, tzinfo=dt.UTC))
    assert (token.kind, token.record_id, token.center_id) == (tokens.TokenKind.STEP, step.id, hall.center.id)
    audited = db.scalars(select(AuditRecord).where(AuditRecord.action == "exchange.invitation")).one()
    assert audited.operator == hall.supervisor.username


def test_a_case_whose_rating_window_has_passed_gets_no_link(db, hall, sign_in):
    body = _body(hall, external_ref="WB-OLD-1", received_at="2026-10-09T09:00:00+08:00",
                 completed_at="2026-10-09T15:00:00+08:00")
    data = sign_in(hall.supervisor).api("POST", "/api/exchange/invitations", json=body).json()
    # Saturday 10 October 2026 is a make-up working day after the National Day holiday: the window ends on the 15th.
    assert (data["rating_open"], data["rating_url"], data["rating_due_on"]) == (False, None, "2026-10-15")


def test_the_same_case_is_not_invited_twice(hall, sign_in):
    browser = sign_in(hall.admin)
    assert browser.api("POST", "/api/exchange/invitations", json=_body(hall)).status_code == 201
    again = browser.api("POST", "/api/exchange/invitations", json=_body(hall))
    assert again.status_code == 409 and "已存在" in again.json()["message"]


@pytest.mark.parametrize("overrides, field", [
    ({"item_code": "NO-SUCH"}, "item_code"),
    ({"window_code": "W-NONE"}, "window_code"),
    ({"staff_no": "S-NONE"}, "staff_no"),
    ({"applicant_type": "3"}, "applicant_type"),
    ({"completed_at": "2026-11-15T15:00:00+08:00"}, "completed_at"),
    ({"completed_at": "2030-01-01T15:00:00+08:00"}, "completed_at"),
    ({"received_at": "2026-11-16T09:30:00"}, "received_at"),
    ({"external_ref": " "}, "external_ref"),
    ({"applicant_name": ""}, "applicant_name"),
])
def test_bad_invitations_are_refused_and_change_nothing(db, hall, sign_in, overrides, field):
    before = db.scalar(select(Case.id).order_by(Case.id.desc()).limit(1))
    response = sign_in(hall.supervisor).api("POST", "/api/exchange/invitations", json=_body(hall, **overrides))
    assert response.status_code == 422 and response.json()["field"] == field, response.text
    assert db.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) == before


def test_items_of_another_center_are_unknown(db, hall, sign_in):
    other = make_hall(db)
    response = sign_in(hall.supervisor).api("POST", "/api/exchange/invitations",
                                           json=_body(hall, item_code=other.item_a.code, window_code="", staff_no=""))
    assert response.status_code == 422 and response.json()["field"] == "item_code"


@pytest.mark.parametrize("who", ["clerk_a", "director"])
def test_only_exporters_may_send_invitations(hall, sign_in, who):
    assert sign_in(getattr(hall, who)).api("POST", "/api/exchange/invitations", json=_body(hall)).status_code == 403


def test_invitation_needs_the_csrf_token(hall, sign_in):
    browser = sign_in(hall.supervisor)
    browser.csrf = "forged"
    assert browser.api("POST", "/api/exchange/invitations", json=_body(hall)).status_code == 403

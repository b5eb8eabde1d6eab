"""SMS invitations: the applicant's rating link on each completed step; the rater's link to rate the rectification."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from tests.fixtures.objects import make_case, make_rating
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications.models import OutboundMessage
from xiaoneng.ratings import service as ratings
from xiaoneng.rectification import service as loop

LINK = re.compile(r"(/r/[\w.\-]+)")


@pytest.fixture
def client(sessions):
    """The app signing with the process settings' secret, as the links sent by SMS are."""
    from xiaoneng.config import Settings, get_settings
    from xiaoneng.web.app import create_app

    app = create_app(Settings(env="test", secret_key=get_settings().secret_key, run_jobs_in_server=False),
                     sessions=sessions)
    with TestClient(app) as test_client:
        yield test_client


def _messages(db, address):
    return list(db.scalars(select(OutboundMessage).where(OutboundMessage.address == address)
                           .order_by(OutboundMessage.id)))


def test_each_completed_step_sends_its_rating_link_once(db, client, clock):
    now = clock.now()
    case = make_case(db, origin="online", window=None, applicant_phone="13811112222", received_at=now)
    actor = system_actor(case.center_id)
    loop_step = case.steps[0]
    from xiaoneng.cases import service as cases

    cases.complete_step(db, actor=actor, case_id=case.id, at=now)
    cases.complete_step(db, actor=actor, case_id=case.id, at=now)
    sent = _messages(db, "13811112222")
    assert len(sent) == 2 and case.number in sent[0].body and "受理" in sent[0].body
    assert sent[0].key == f"rating-invite:{loop_step.id}"
    path = LINK.search(sent[0].body).group(1)
    page = client.get(path)
    assert page.status_code == 200 and "请对本次服务进行评价" in page.text


def test_a_case_without_a_mobile_number_sends_nothing(db, clock):
    make_case(db, applicant_phone="028-85551234", completed_at=clock.now())
    assert _messages(db, "028-85551234") == []


def test_a_real_name_rater_is_invited_to_rate_the_rectification(db, client):
    rater = ratings.Rater(key=ratings.APPLICANT, real_name=True, name="陈静怡", phone="13987654321")
    rating = make_rating(db, level=1, rater=rater)
    rect_id = loop.list_rectifications(db, actor=system_actor(rating.center_id)).items[0].id
    actor = system_actor(rating.center_id)
    loop.log_contact(db, actor=actor, rectification_id=rect_id, method="phone", summary="已电话联系")
    assert _messages(db, "13987654321") == []  # nothing to rate yet
    loop.explain(db, actor=actor, rectification_id=rect_id, explanation="按规定须补齐材料，已解释")
    sent = _messages(db, "13987654321")
    assert len(sent) == 1 and sent[0].key == f"rectification-invite:{rect_id}"
    page = client.get(LINK.search(sent[0].body).group(1))
    assert page.status_code == 200 and "请评价差评整改情况" in page.text

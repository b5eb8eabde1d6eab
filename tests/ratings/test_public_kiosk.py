"""The window kiosk, rating one's own case online, and the rater's rating of the rectification, over the web."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from tests.fixtures.objects import make_rating
from tests.ratings.test_public_pages import SECRET, open_form, post, qr, recent_case
from xiaoneng.kit import clock
from xiaoneng.kit.scope import system_actor
from xiaoneng.org.models import Window
from xiaoneng.ratings import links
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.tokens import TokenKind
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.models import Rectification


def kiosk(db, case):
    return f"/kiosk/{qr(TokenKind.KIOSK, db.get(Window, case.window_id))}"


def test_the_kiosk_page_is_idle_until_a_step_is_completed_at_its_window(client, db):
    case = recent_case(db)
    url = kiosk(db, case)
    page = client.get(url)
    assert page.status_code == 200 and "欢迎" in page.text and "请对本次服务进行评价" in page.text
    assert client.get(url + "/current").json() == {"step": None}  # completed an hour ago: not recent


def test_the_kiosk_offers_the_step_just_completed_and_records_a_device_rating(client, db):
    case = recent_case(db)
    url = kiosk(db, case)
    step = case.steps[0]
    step.completed_at = clock.now() - dt.timedelta(minutes=2)
    db.flush()
    current = client.get(url + "/current").json()
    assert current["step"]["step_id"] == step.id and current["step"]["item"]
    response = client.post(url + "/rate", data={"step_id": step.id, "level": "5", "nonce": current["nonce"]})
    assert response.status_code == 200 and response.json()["ok"]
    rating = db.scalar(select(Rating).where(Rating.step_id == step.id))
    assert (rating.channel, rating.rater_key) == ("window_device", "applicant")
    assert client.get(url + "/current").json() == {"step": None}  # rated: back to idle


def test_a_kiosk_bad_rating_with_a_problem_chosen_is_recorded(client, db):
    case = recent_case(db)
    step = case.steps[0]
    step.completed_at = clock.now() - dt.timedelta(minutes=1)
    db.flush()
    url = kiosk(db, case)
    nonce = client.get(url + "/current").json()["nonce"]
    refused = client.post(url + "/rate", data={"step_id": step.id, "level": "1", "nonce": nonce})
    assert refused.status_code == 422 and refused.json()["field"] == "comment"
    ok = client.post(url + "/rate", data={"step_id": step.id, "level": "1", "nonce": nonce,
                                          "ind.service_efficiency": "等候时间长"})
    assert ok.status_code == 200
    assert db.scalar(select(Rectification.id).where(Rectification.rating_id == ok.json()["rating_id"]))


def test_a_kiosk_cannot_rate_a_step_of_another_window(client, db):
    mine, other = recent_case(db), recent_case(db)
    url = kiosk(db, mine)
    nonce = links.issue_nonce(secret=SECRET, token=url.rsplit("/", 1)[1])
    response = client.post(url + "/rate", data={"step_id": other.steps[0].id, "level": "5", "nonce": nonce})
    assert response.status_code == 404 and db.scalar(select(Rating.id)) is None


def test_the_own_case_page_lists_steps_and_links_the_open_ones(client, db):
    case = recent_case(db, origin="online", steps=["受理", "办结"], window=None, applicant_phone="13912345678")
    assert client.get("/rate").status_code == 200
    page = client.post("/rate", data={"case_number": case.number, "phone": "139-1234-5678"})
    assert page.status_code == 200
    hrefs = re.findall(r'href="(/r/[^"]+)" class="rate-link"', page.text)
    assert len(hrefs) == 2
    _, nonce = open_form(client, hrefs[0])
    assert post(client, hrefs[0], nonce, level="5").status_code == 200
    again = client.post("/rate", data={"case_number": case.number, "phone": "13912345678"})
    assert len(re.findall('class="rate-link"', again.text)) == 1 and "已评价" in again.text


def _rect(db):
    rating = make_rating(db, level=1)
    rect = db.scalar(select(Rectification).where(Rectification.rating_id == rating.id))
    return rect


def test_the_rater_rates_the_rectification_once_it_is_done(client, db):
    rect = _rect(db)
    link = links.rectification_link(rect, secret=SECRET, now=clock.now(), base_url="")
    page, nonce = open_form(client, link)
    early = post(client, link, nonce, level="4")
    assert early.status_code == 409 and "整改尚未完成" in early.text
    loop.solve_on_spot(db, actor=system_actor(rect.center_id), rectification_id=rect.id, measures="当场补办并致歉")
    page, nonce = open_form(client, link)
    assert "当场补办并致歉" in page.text
    assert post(client, link, nonce, level="4", comment="处理及时").status_code == 200
    db.refresh(rect)
    assert (rect.rater_level, rect.rater_comment) == (4, "处理及时")
    assert "您已评价过本次整改" in client.get(link).text

"""The public rating pages through the web client: QR codes of windows and staff, case links, follow-ups."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from tests.fixtures.objects import make_case, make_staff, make_window
from xiaoneng.kit import clock
from xiaoneng.org.models import Department, Window
from xiaoneng.kit.clock import TZ
from xiaoneng.ratings import links
from xiaoneng.ratings.models import Rating, RatingFollowUp
from xiaoneng.ratings.tokens import TokenKind

SECRET = "t" * 40  # the test app's secret (tests/fixtures/web.py)
NONCE_RE = re.compile(r'name="nonce" value="([^"]+)"')


def qr(kind, record, days=30):
    return links.qr_token(kind, record.id, center_id=record.center_id, secret=SECRET, now=clock.now(), days=days)


def open_form(client, url):
    page = client.get(url)
    assert page.status_code == 200, page.text
    return page, NONCE_RE.search(page.text).group(1)


def post(client, url, nonce, **data):
    return client.post(url, data={"nonce": nonce, **data})


def applicant_link(step) -> str:
    """The path of the applicant's rating page of `step` (what the SMS link opens)."""
    return links.rating_path(links.step_token(step, secret=SECRET, now=clock.now()))


def recent_case(db, **kw):
    return make_case(db, completed_at=clock.now() - dt.timedelta(hours=1), **kw)


def test_the_window_page_shows_what_is_rated_and_records_a_qr_rating(client, db):
    window = make_window(db, name="不动产登记3号窗口")
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    page, nonce = open_form(client, url)
    assert "不动产登记3号窗口" in page.text
    assert all(f'name="level" value="{v}"' in page.text for v in range(1, 6))
    assert 'id="submit"' in page.text and "等候时间长" in page.text  # the onsite indicator options
    response = post(client, url, nonce, level="5", comment="办理很快", **{"ind.service_efficiency": "办理迅速"})
    assert response.status_code == 200 and "感谢您的评价" in response.text
    rating = db.scalar(select(Rating).where(Rating.window_id == window.id))
    assert (rating.channel, rating.level, rating.step_id) == ("qr_code", 5, None)
    assert rating.indicators == {"service_efficiency": ["办理迅速"]}
    assert rating.device_id and rating.device_id == links.read_device(client.cookies.get("xn_device"), secret=SECRET).id
    assert rating.flags == []


def test_the_staff_page_shows_only_the_number_and_surname(client, db):
    window = make_window(db)
    staff = make_staff(db, full_name="王小明", staff_no="A0107", window_id=window.id,
                       department=db.get(Department, window.department_id))
    page, _ = open_form(client, f"/r/{qr(TokenKind.STAFF, staff)}")
    assert "A0107" in page.text and "王**" in page.text
    assert "王小明" not in page.text


def test_a_case_number_given_with_a_window_qr_rates_that_case_as_its_applicant(client, db):
    case = recent_case(db)
    url = f"/r/{qr(TokenKind.WINDOW, db.get(Window, case.window_id))}"
    _, nonce = open_form(client, url)
    response = post(client, url, nonce, level="4", case_number=case.number, applicant_phone=case.applicant_phone)
    assert response.status_code == 200, response.text
    rating = db.scalar(select(Rating).where(Rating.case_id == case.id))
    assert (rating.rater_key, rating.step_id, rating.channel) == ("applicant", case.steps[0].id, "qr_code")
    db.refresh(case.steps[0])
    assert case.steps[0].rating_closed


def test_a_case_number_without_the_applicants_phone_rates_nothing_and_says_what_is_missing(client, db):
    case = recent_case(db)
    url = f"/r/{qr(TokenKind.WINDOW, db.get(Window, case.window_id))}"
    missing = post(client, url, open_form(client, url)[1], level="1", comment="差", case_number=case.number)
    assert missing.status_code == 422 and 'id="applicant_phone-error"' in missing.text
    wrong = post(client, url, open_form(client, url)[1], level="1", comment="差", case_number=case.number,
                 applicant_phone="13700000000")
    assert wrong.status_code == 422 and "办件编号或手机号码不正确" in wrong.text
    assert db.scalar(select(func.count(Rating.id))) == 0
    link = applicant_link(case.steps[0])  # the applicant still rates their step
    assert post(client, link, open_form(client, link)[1], level="5").status_code == 200


def test_control_characters_are_stripped_from_a_form(client, db):
    url = f"/r/{qr(TokenKind.WINDOW, make_window(db))}"
    response = post(client, url, open_form(client, url)[1], level="4", comment="办理\x00很快\x1b\r\n谢谢")
    assert response.status_code == 200
    assert db.scalar(select(Rating.comment)) == "办理很快\r\n谢谢"


def test_a_bad_review_without_content_re_renders_with_the_input_kept(client, db):
    window = make_window(db)
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    _, nonce = open_form(client, url)
    response = post(client, url, nonce, level="1", real_name="1", rater_name="李四", rater_phone="13800138000")
    assert response.status_code == 422
    assert 'id="comment-error"' in response.text and "差评请选择问题或填写具体意见" in response.text
    assert 'value="1" id="level-1" checked' in response.text and 'value="李四"' in response.text
    assert db.scalar(select(func.count(Rating.id))) == 0


def test_real_name_without_a_mobile_is_refused_beside_the_phone_field(client, db):
    url = f"/r/{qr(TokenKind.WINDOW, make_window(db))}"
    _, nonce = open_form(client, url)
    response = post(client, url, nonce, level="5", real_name="1", rater_name="李四", rater_phone="123")
    assert response.status_code == 422 and 'id="rater_phone-error"' in response.text


def test_a_step_link_rates_the_step_as_its_applicant_on_the_online_channel(client, db):
    case = recent_case(db, origin="online", steps=["受理", "审查", "办结"], window=None)
    step = case.steps[1]
    link = applicant_link(step)
    page, nonce = open_form(client, link)
    assert "审查" in page.text and case.number in page.text and "办理超时" in page.text  # online indicators
    assert post(client, link, nonce, level="3").status_code == 200
    rating = db.scalar(select(Rating).where(Rating.step_id == step.id))
    assert (rating.channel, rating.rater_key) == ("system_step", "applicant")
    again = client.get(link)  # the used link says so at once, without a form to fill in
    assert "已评价" in again.text and 'id="rating-form"' not in again.text and 'name="nonce"' not in again.text


def test_a_step_link_is_valid_to_the_end_of_the_last_rating_day(db):
    case = recent_case(db)
    step = case.steps[0]
    token = links.step_token(step, secret=SECRET, now=clock.now())
    from xiaoneng.ratings import tokens

    parsed = tokens.verify(token, secret=SECRET, now=clock.now())
    assert parsed.expires_at == dt.datetime.combine(step.rating_due_on, dt.time(23, 59, 59), TZ)
    after = dt.datetime.combine(step.rating_due_on + dt.timedelta(days=1), dt.time(0, 0), TZ)
    assert links.step_link(step, secret=SECRET, now=after, base_url="https://pj.example.cn") is None


def test_a_window_case_rated_online_uses_the_online_channel(client, db):
    case = recent_case(db)
    link = applicant_link(case.steps[0])
    _, nonce = open_form(client, link)
    assert post(client, link, nonce, level="5").status_code == 200
    assert db.scalar(select(Rating.channel).where(Rating.case_id == case.id)) == "online"


def test_the_thank_you_page_links_to_a_follow_up_on_the_same_rating(client, db):
    url = f"/r/{qr(TokenKind.WINDOW, make_window(db))}"
    _, nonce = open_form(client, url)
    thanks = post(client, url, nonce, level="2", comment="等候时间太长")
    follow = re.search(r'href="(/r/[^"]+/more/[^"]+)"', thanks.text).group(1)
    assert client.get(follow).status_code == 200
    done = client.post(follow, data={"text": "后来工作人员主动联系了我"})
    assert done.status_code == 200 and "追加评价已提交" in done.text
    rating = db.scalar(select(Rating))
    assert [f.text for f in db.scalars(select(RatingFollowUp))] == ["后来工作人员主动联系了我"]
    assert rating.comment == "等候时间太长"


def test_a_rating_from_a_signed_in_staff_browser_is_flagged(sign_in, db):
    window = make_window(db)
    browser = sign_in(make_staff(db, department=db.get(Department, window.department_id)))
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    _, nonce = open_form(browser, url)
    assert post(browser, url, nonce, level="5").status_code == 200
    assert db.scalar(select(Rating.flags)) == ["staff_device"]


def test_a_browser_that_opened_a_staff_page_is_flagged_after_signing_out(sign_in, db):
    window = make_window(db)
    staff = make_staff(db, department=db.get(Department, window.department_id), role="admin")
    browser = sign_in(staff)
    assert browser.page(f"/admin/windows/{window.id}").status_code == 200
    browser.cookies.delete("xiaoneng_session")
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    assert post(browser, url, open_form(browser, url)[1], level="5").status_code == 200
    assert db.scalar(select(Rating.flags)) == ["staff_device"]


def test_the_page_is_light_and_loads_nothing_from_elsewhere(client, db):
    page, _ = open_form(client, f"/r/{qr(TokenKind.WINDOW, make_window(db))}")
    # Its own small stylesheet and script (the CSP allows no inline ones), not the staff pages' app.css.
    references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sorted(references) == ["/static/public.css", "/static/rating-form.js"]
    assert sum(len(client.get(r).content) for r in references) < 10_000
    assert "base.html" not in page.text and "http" not in page.text.split("<body>")[1]
    assert 'name="viewport" content="width=device-width' in page.text


def _window_form(client, db, *, window: str, department: str):
    row = make_window(db, name=window)
    db.get(Department, row.department_id).name = department
    db.flush()
    page, _ = open_form(client, f"/r/{qr(TokenKind.WINDOW, row)}")
    return page


def test_a_window_named_with_its_department_shows_the_department_once(client, db):
    page = _window_form(client, db, window="B01窗口（区市场监督管理局）", department="区市场监督管理局")
    assert "B01窗口（区市场监督管理局）</p>" in page.text
    assert page.text.count("区市场监督管理局") == 1


def test_a_window_without_its_department_in_the_name_shows_it_beside(client, db):
    page = _window_form(client, db, window="3号窗口", department="区税务局")
    assert "3号窗口（区税务局）" in page.text


def test_a_submitted_rating_redirects_to_a_receipt_that_a_refresh_does_not_submit_again(client, db):
    window = make_window(db, name="社保2号窗口")
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    _, nonce = open_form(client, url)
    response = client.post(url, data={"nonce": nonce, "level": "4"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith(url + "/done/")
    thanks = client.get(response.headers["location"])
    again = client.get(response.headers["location"])
    rating = db.scalar(select(Rating).where(Rating.window_id == window.id))
    from xiaoneng.org.models import Center
    center = db.get(Center, window.center_id)
    assert thanks.status_code == again.status_code == 200 and "感谢您的评价" in thanks.text
    assert center.name in thanks.text
    assert f"PJ{rating.rated_at.astimezone(TZ):%Y%m%d}-{rating.id:06d}" in thanks.text
    assert db.scalar(select(func.count()).select_from(Rating).where(Rating.window_id == window.id)) == 1


def test_a_receipt_of_another_links_rating_is_refused(client, db):
    first, other = make_window(db), make_window(db)
    url = f"/r/{qr(TokenKind.WINDOW, first)}"
    _, nonce = open_form(client, url)
    location = client.post(url, data={"nonce": nonce, "level": "5"}, follow_redirects=False).headers["location"]
    ticket = location.rsplit("/", 1)[1]
    assert client.get(f"/r/{qr(TokenKind.WINDOW, other)}/done/{ticket}").status_code != 200


def test_a_refused_submission_lists_its_errors_at_the_top_and_keeps_the_input(client, db):
    window = make_window(db)
    url = f"/r/{qr(TokenKind.WINDOW, window)}"
    _, nonce = open_form(client, url)
    response = post(client, url, nonce, comment="等了很久")
    assert response.status_code >= 400
    summary = response.text.index('id="error-summary"')
    assert summary < response.text.index('id="rating-form"')
    assert '<a href="#levels">总体评价：' in response.text
    assert "等了很久</textarea>" in response.text

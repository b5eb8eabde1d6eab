"""Questionnaire pages: composing one (refused naming the question), publishing it with its link and QR code, the
public phone page answered once per browser with a one-time form, the results as charts, the answers as XLSX."""

import re

from sqlalchemy import select

from tests.fixtures.sheets import read_xlsx
from tests.fixtures.web import PUBLIC_BASE, Browser
from tests.surveys.conftest import make_survey
from xiaoneng.surveys.models import Survey

NONCE_RE = re.compile(r'name="nonce" value="([^"]+)"')
COMPOSE = {"title": "窗口服务满意度调查", "intro": "", "closes_on": "", "q1_kind": "scale", "q1_text": "总体满意度",
           "q1_required": "1", "q2_kind": "single", "q2_text": "办理的业务", "q2_options": "不动产登记\n社保医保",
           "q2_required": "1", "q3_kind": "text", "q3_text": "意见建议"}


def _public_path(page_text: str) -> str:
    link = re.search(r'id="survey-link">([^<]+)<', page_text).group(1)
    assert link.startswith(PUBLIC_BASE + "/s/")  # under the configured public address, not the request's Host
    return link[len(PUBLIC_BASE):]


def test_compose_and_publish_from_the_pages(db, people, sign_in):
    browser = sign_in(people["supervisor"])
    assert "第 5 题" in browser.page("/surveys/new").text
    refused = browser.submit("/surveys/new", {**COMPOSE, "q2_options": "不动产登记"})
    assert refused.status_code == 422 and "第 2 题：选择题须有 2 至 10 个选项" in refused.text
    assert 'value="窗口服务满意度调查"' in refused.text
    created = browser.submit("/surveys/new", COMPOSE)
    assert created.status_code == 303
    survey = db.scalars(select(Survey)).one()
    page = browser.page(created.headers["location"])
    assert "草稿" in page.text and 'id="survey-link"' not in page.text
    browser.submit(f"/surveys/{survey.id}/publish")
    page = browser.page(f"/surveys/{survey.id}")
    assert "收集中" in page.text and _public_path(page.text)
    png = browser.get(f"/surveys/{survey.id}/qr.png?download=1")
    assert png.content.startswith(b"\x89PNG") and "attachment" in png.headers["content-disposition"]
    svg = browser.get(f"/surveys/{survey.id}/qr.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    assert sign_in(people["clerk"]).page("/surveys").status_code == 403


def test_answering_on_the_public_page_once_per_browser(db, people, app, sign_in):
    survey = make_survey(db, people)
    staff = sign_in(people["supervisor"])
    path = _public_path(staff.page(f"/surveys/{survey.id}").text)
    with Browser(app, base_url="http://testserver") as phone:
        form = phone.get(path)
        assert form.status_code == 200 and "您对本次办事的总体满意度" in form.text
        nonce = NONCE_RE.search(form.text).group(1)
        missing = phone.post(path, data={"nonce": nonce, "q1": "5"})
        assert missing.status_code == 422 and "第 2 题为必答题，请作答" in missing.text
        nonce = NONCE_RE.search(missing.text).group(1)
        sent = phone.post(path, data={"nonce": nonce, "q1": "4", "q2": "1", "q3": ["0", "2"], "q4": "希望延长午间服务"},
                          follow_redirects=False)
        assert sent.status_code == 303 and sent.headers["location"] == path + "/done"
        assert "提交成功" in phone.get(sent.headers["location"]).text
        again = phone.get(path)
        assert "您已填写过" in again.text and 'name="nonce"' not in again.text
        replay = phone.post(path, data={"nonce": nonce, "q1": "1", "q2": "0"})
        assert replay.status_code == 409 and "您已填写过本问卷" in replay.text
    with Browser(app, base_url="http://testserver") as stranger:  # a form taken from another browser is refused
        stolen = stranger.post(path, data={"nonce": nonce, "q1": "1", "q2": "0"})
        assert stolen.status_code == 422 and "表单无效" in stolen.text
        assert stranger.get(path[:-3] + "xyz").status_code == 404
    page = staff.page(f"/surveys/{survey.id}")
    assert '<dd id="responses">1</dd>' in page.text and "平均 4.0 分" in page.text
    assert page.text.count('<svg class="chart"') == 3 and "希望延长午间服务" in page.text
    book = read_xlsx(staff.get(f"/surveys/{survey.id}/answers.xlsx"))
    assert book.column("1. 您对本次办事的总体满意度") == [4] and book.column("2. 您办理的业务类型") == ["社保医保"]
    assert book.column("3. 您认为需要改进的方面") == ["等候时间；办事指南"]


def test_a_closed_survey_takes_no_answers(db, people, app, sign_in):
    survey = make_survey(db, people)
    staff = sign_in(people["supervisor"])
    path = _public_path(staff.page(f"/surveys/{survey.id}").text)
    staff.submit(f"/surveys/{survey.id}/close")
    with Browser(app, base_url="http://testserver") as phone:
        closed = phone.get(path)
        assert closed.status_code == 410 and "已结束" in closed.text


def test_the_list_and_its_export(db, people, sign_in):
    make_survey(db, people, title="窗口服务满意度调查")
    make_survey(db, people, title="自助服务区体验调查", publish=False)
    browser = sign_in(people["director"])
    page = browser.page("/surveys?status=draft")
    assert "自助服务区体验调查" in page.text and "窗口服务满意度调查" not in page.text
    assert "窗口服务满意度调查" in browser.page("/surveys?q=窗口").text
    book = read_xlsx(browser.get("/surveys/export.xlsx?sort=title&order=asc"))
    assert sorted(book.column("问卷")) == book.column("问卷") and set(book.column("状态")) == {"草稿", "收集中"}
    assert 'href="/surveys/new"' not in page.text  # a director reads the results, a supervisor composes

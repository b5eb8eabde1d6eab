"""The letter pages: composing a 提示函 (refused in Chinese naming the field, typed text kept), the preview and
issue, the list filtered, searched, sorted and exported, the department head's view, the admin's settings."""

import re

from sqlalchemy import select

from tests.fixtures.sheets import read_xlsx
from tests.letters.conftest import draft
from xiaoneng.auth.service import actor_for
from xiaoneng.letters import service
from xiaoneng.letters.models import Letter

FORM = {"kind": "notice", "to_department_id": "", "to_name": "", "title": "关于窗口服务的提示函",
        "paragraphs": "现将有关问题提示如下。\n一、存在的问题。离岗未放置提示牌。", "attachments": "", "copy_to": "中心主任"}


def test_composing_and_issuing_a_notice(db, office, sign_in):
    browser = sign_in(office["supervisor"])
    assert "正文（每行一段）" in browser.page("/letters/new?kind=notice").text
    refused = browser.submit("/letters/new", FORM)
    assert refused.status_code == 422 and "请选择主送科室或填写主送机关" in refused.text
    assert "关于窗口服务的提示函" in refused.text  # what was typed is kept
    answer = browser.submit("/letters/new", {**FORM, "to_department_id": str(office["land"].id)})
    assert answer.status_code == 303
    letter = db.scalars(select(Letter)).one()
    assert letter.paragraphs == ["现将有关问题提示如下。", "一、存在的问题。离岗未放置提示牌。"]
    page = browser.page(answer.headers["location"])
    assert "（印发时编号）" in page.text and "不动产登记科：" in page.text and "印发" in page.text
    issued = browser.submit(f"/letters/{letter.id}/issue")
    assert issued.status_code == 303
    page = browser.page(f"/letters/{letter.id}")
    assert "已印发，发文字号 锦政服函〔2026〕1号，已通知主送科室负责人" in page.text
    assert "2026年11月18日" in page.text and 'id="issue"' not in page.text


def test_a_supervisor_cannot_hand_write_a_reminder(db, office, sign_in):
    browser = sign_in(office["supervisor"])
    browser.page("/letters/new")
    refused = browser.submit("/letters/new", {**FORM, "kind": "reminder", "to_department_id": str(office["land"].id)})
    assert refused.status_code == 422 and "请选择提示函或督办函" in refused.text


def test_the_list_filters_sorts_and_exports_what_it_shows(db, office, sign_in):
    supervisor = actor_for(office["supervisor"])
    first = service.issue(db, actor=supervisor, letter_id=draft(db, office, title="关于窗口纪律的提示函").id)
    urge = service.issue(db, actor=supervisor, letter_id=draft(db, office, kind="urge", title="关于积压件的督办函",
                                                               to_department_id=office["social"].id).id)
    pending = draft(db, office, title="关于服务规范的提示函")
    browser = sign_in(office["supervisor"])
    page = browser.page("/letters?kind=urge")
    assert "关于积压件的督办函" in page.text and "关于窗口纪律的提示函" not in page.text
    assert "关于服务规范的提示函" not in browser.page("/letters?status=issued").text
    assert "关于服务规范的提示函" in browser.page("/letters?q=服务规范").text
    ordered = browser.page("/letters?sort=number&order=asc").text
    assert ordered.index("（未编号）") < ordered.index(first.number) < ordered.index(urge.number)
    link = re.search(r'href="(/letters/export\.xlsx[^"]*)"', page.text).group(1).replace("&amp;", "&")
    book = read_xlsx(browser.get(link))
    assert book.column("发文字号") == [urge.number] and book.column("文种") == ["督办函"]
    assert book.column("主送机关") == ["社保科"] and book.column("状态") == ["已印发"]
    assert pending.status == "draft"
    assert browser.page("/letters?sort=colour").status_code == 422


def test_the_department_head_sees_the_letters_addressed_to_them(db, office, sign_in):
    supervisor = actor_for(office["supervisor"])
    mine = service.issue(db, actor=supervisor, letter_id=draft(db, office, title="关于不动产窗口的提示函").id)
    other = service.issue(db, actor=supervisor, letter_id=draft(db, office, title="关于社保窗口的提示函",
                                                                to_department_id=office["social"].id).id)
    hidden = draft(db, office, title="关于尚未印发的提示函")
    browser = sign_in(office["head"])
    listing = browser.page("/letters").text
    assert "关于不动产窗口的提示函" in listing and "关于社保窗口的提示函" not in listing
    assert "关于尚未印发的提示函" not in listing
    assert browser.page(f"/letters/{mine.id}").status_code == 200
    assert browser.page(f"/letters/{other.id}").status_code == 404
    assert browser.page(f"/letters/{hidden.id}").status_code == 404
    assert 'id="issue"' not in browser.page(f"/letters/{mine.id}").text
    assert browser.page("/letters/new").status_code == 403
    inbox = browser.page("/inbox").text
    assert "提示函 锦政服函〔2026〕1号" in inbox and f"/letters/{mine.id}" in inbox


def test_the_admin_edits_the_settings(db, office, sign_in):
    browser = sign_in(office["admin"])
    page = browser.page("/letters/settings")
    assert 'value="锦政服"' in page.text and "锦政服函〔2026〕1号" in page.text
    refused = browser.submit("/letters/settings", {"prefix": "", "signature": "锦城新区政务服务中心", "printed_by": "办公室"})
    assert refused.status_code == 422 and "发文机关代字不能为空" in refused.text
    assert browser.submit("/letters/settings", {"prefix": "锦新政服", "signature": "锦城新区政务服务中心",
                                                "printed_by": "锦城新区政务服务中心办公室"}).status_code == 303
    assert 'value="锦新政服"' in browser.page("/letters/settings").text
    assert sign_in(office["supervisor"]).page("/letters/settings").status_code == 403

"""The supervision pages: the card list with its filters and export, a 督办 sent from it (refused in Chinese naming
the field), the head's reply and the supervisor's close, the home blocks, the breach list, and who may see what."""

import re

from sqlalchemy import func, select

from tests.fixtures.sheets import read_xlsx
from xiaoneng.supervision.models import SupervisionNotice


def _link(page, pattern):
    return re.search(pattern, page.text).group(1).replace("&amp;", "&")


def test_the_card_list_shows_labels_filters_and_exports(db, hall, late, sign_in):
    browser = sign_in(hall["supervisor"])
    page = browser.page("/supervision/cards")
    assert page.status_code == 200
    assert page.text.count('data-card="yellow:') == 4 and page.text.count('data-card="red:') == 4
    for words in ("黄牌", "红牌", "不动产登记科", "审查", "仍未完成", "未督办", late["open"].number):
        assert words in page.text
    assert 'class="badge warn">黄牌' in page.text
    reds = browser.page("/supervision/cards?color=red&department_id=" + str(hall["social"].id))
    assert reds.text.count("data-card=") == 1 and late["social"].number in reds.text
    month = browser.page("/supervision/cards?month=2026-10")
    assert "没有符合条件的黄牌或红牌" in month.text
    refused = browser.page("/supervision/cards?month=2026-13")
    assert refused.status_code == 422 and "月份格式" in refused.text
    book = read_xlsx(browser.get(_link(reds, r'href="(/supervision/cards/export\.xlsx[^"]*)"')))
    assert book.column("办件编号") == [late["social"].number] and book.column("牌色") == ["红牌"]
    assert book.column("超时（工作日）") == [2] and book.column("督办状态") == ["未督办"]


def test_sending_a_notice_from_the_list_and_the_head_replying(db, hall, late, sign_in):
    supervisor = sign_in(hall["supervisor"])
    page = supervisor.page("/supervision/cards?color=red&q=" + late["open"].number)
    form = supervisor.page(_link(page, r'href="(/supervision/notices/new\?case_id=[^"]+)"'))
    assert "发出督办通知" in form.text and "超时 5 个工作日" in form.text and 'value="2"' in form.text
    data = {"case_id": str(late["open"].id), "text": "请尽快办结并说明超期原因。", "reply_days": "0"}
    refused = supervisor.submit("/supervision/notices/new", data)
    assert refused.status_code == 422 and "反馈期限须为 1 至 30 之间的整数" in refused.text
    assert "请尽快办结并说明超期原因。" in refused.text  # what was typed is kept
    assert supervisor.submit("/supervision/notices/new", {**data, "text": "", "reply_days": "2"}).status_code == 422
    assert db.scalar(select(func.count(SupervisionNotice.id))) == 0
    sent = supervisor.submit("/supervision/notices/new", {**data, "reply_days": "2"})
    assert sent.status_code == 303
    notice_page = supervisor.page(sent.headers["location"])
    assert "<h1>督办通知 锦政服督〔2026〕第001号" in notice_page.text and "已督办" in notice_page.text
    assert "请尽快办结并说明超期原因。" in notice_page.text and "张伟" not in notice_page.text
    assert "2026-11-20" in notice_page.text and "提交整改说明" not in notice_page.text

    head = sign_in(hall["head"])
    home = head.page("/")
    assert "待反馈的督办通知" in home.text and "锦政服督〔2026〕第001号" in home.text
    inbox = head.page("/inbox")
    assert "锦政服督〔2026〕第001号" in inbox.text and late["open"].number in inbox.text
    assert head.submit(sent.headers["location"] + "/reply", {"reply": ""}).status_code == 422
    assert head.submit(sent.headers["location"] + "/reply", {"reply": "已当日办结，经办人作出书面检查。"}).status_code == 303
    assert "已反馈" in head.page(sent.headers["location"]).text

    home = supervisor.page("/")
    assert "待办结的督办反馈" in home.text and "锦政服督〔2026〕第001号" in home.text
    assert supervisor.submit(sent.headers["location"] + "/close", {"note": "同意办结"}).status_code == 303
    closed = supervisor.page(sent.headers["location"])
    assert "已办结" in closed.text and "同意办结" in closed.text
    listed = supervisor.page("/supervision/notices?status=closed")
    assert "锦政服督〔2026〕第001号" in listed.text
    book = read_xlsx(supervisor.get(_link(listed, r'href="(/supervision/notices/export\.xlsx[^"]*)"')))
    assert book.column("督办文号") == ["锦政服督〔2026〕第001号"] and book.column("状态") == ["已办结"]
    assert book.column("整改说明") == ["已当日办结，经办人作出书面检查。"]


def test_the_supervisors_home_lists_open_cards_without_a_notice(db, hall, late, sign_in):
    home = sign_in(hall["supervisor"]).page("/")
    assert "未督办的黄牌红牌（仍未完成）" in home.text and late["open"].number in home.text
    assert late["window"].number not in home.text.split("未督办的黄牌红牌")[1].split("</section>")[0]


def test_the_breach_list_page(db, hall, late, sign_in):
    browser = sign_in(hall["supervisor"])
    page = browser.page("/supervision/breaches?start=2026-11-01&end=2026-11-30")
    assert page.status_code == 200 and "按类别" in page.text and "按科室" in page.text
    assert "红牌（办件超期） <strong>4</strong>" in page.text and "社保科 <strong>2</strong>" in page.text
    refused = browser.page("/supervision/breaches?start=2026-11-30&end=2026-11-01")
    assert refused.status_code == 422 and "结束日期不能早于开始日期" in refused.text
    book = read_xlsx(browser.get("/supervision/breaches/export.xlsx?start=2026-11-01&end=2026-11-30&kind=red_card"))
    assert book.header == ["日期", "类别", "科室", "人员", "情况"] and len(book.rows) == 4
    head = sign_in(hall["social_head"]).page("/supervision/breaches?start=2026-11-01&end=2026-11-30")
    assert late["social"].number in head.text and late["window"].number not in head.text


def test_window_staff_see_neither_list_but_their_own_notice(db, hall, late, sign_in):
    supervisor = sign_in(hall["supervisor"])
    sent = supervisor.submit("/supervision/notices/new", {"case_id": str(late["window"].id), "text": "请说明原因",
                                                          "reply_days": "2"})
    clerk = sign_in(hall["clerk"])
    for path in ("/supervision/cards", "/supervision/breaches", "/supervision/notices", "/supervision/cards/export.xlsx"):
        answer = clerk.page(path)
        assert answer.status_code == 403, path
    own = clerk.page(sent.headers["location"])
    assert own.status_code == 200 and "请说明原因" in own.text and "提交整改说明" not in own.text
    assert sign_in(hall["other_clerk"]).page(sent.headers["location"]).status_code == 404
    assert sign_in(hall["social_head"]).page(sent.headers["location"]).status_code == 404
    assert "黄牌红牌" not in clerk.page("/").text


def test_the_admin_sets_the_prefix(db, hall, sign_in):
    admin = sign_in(hall["admin"])
    assert "锦政服督" in admin.page("/supervision/settings").text
    refused = admin.submit("/supervision/settings", {"number_prefix": ""})
    assert refused.status_code == 422 and "文号代字不能为空" in refused.text
    assert admin.submit("/supervision/settings", {"number_prefix": "锦服督"}).status_code == 303
    assert "锦服督〔2026〕第001号" in admin.page("/supervision/settings").text
    assert sign_in(hall["supervisor"]).page("/supervision/settings").status_code == 403

"""Before answering a complaint, the person answering checks the draft: its relevance, completeness and explanation
are shown with the reasons, and a thin answer is told what it lacks."""

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD

pytestmark = pytest.mark.browser

COMPLAINT = "在市场监管窗口办理食品经营许可证，材料交齐后十天了还没有结果，请问什么时候能办好？为什么这么慢？"
THIN = "已收到，会处理。"
FULL = ("您好，经核实，您申请的食品经营许可证因现场核查排期较满导致延误。根据《食品经营许可管理办法》第二十二条，"
        "许可应在受理后10个工作日内作出决定，我窗口已于12月2日完成现场核查，许可证预计12月4日前发放，"
        "下一步将安排专人跟踪办理，如有疑问可拨打咨询电话联系窗口负责人。")


def test_the_answer_form_scores_a_draft_and_names_what_it_lacks(live_db, live_server, page, browser):
    _, accounts = live_db
    base, _ = live_server
    citizen = browser.new_context(locale="zh-CN").new_page()
    citizen.goto(f"{base}/complain/{accounts['center_code']}")
    citizen.check("input[name=kind][value=complaint]")
    citizen.fill("textarea[name=content]", COMPLAINT)
    citizen.fill("input[name=complainant_name]", "郑女士")
    citizen.fill("input[name=complainant_phone]", "13612345678")
    citizen.click("button:has-text('提交')")
    number = citizen.inner_text("#number")
    citizen.context.close()

    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.goto(f"{base}/complaints?q={number}")
    page.click(f"a:has-text('{number}')")
    page.select_option("form[action$='/assign'] select[name=department_id]", label="市场监管窗口")
    page.click("form[action$='/assign'] button")
    detail_url = page.url
    page.context.clear_cookies()

    sign_in(page, base, accounts["head"], PASSWORD)
    page.goto(detail_url)
    form = "form[action$='/answer']"
    page.click(f"{form} button:has-text('检查答复')")
    page.wait_for_selector(f"{form} .reply-check .error")
    assert "请先填写答复内容再检查" in page.inner_text(f"{form} .reply-check")

    page.fill(f"{form} textarea[name=answer]", THIN)
    page.click(f"{form} button:has-text('检查答复')")
    page.wait_for_selector(f"{form} .reply-scores")
    thin = page.inner_text(f"{form} .reply-check")
    assert "相关性" in thin and "完整性" in thin and "可解释性" in thin
    assert "过于简短" in thin and "没有说明依据" in thin and "答复尚未回应的诉求" in thin
    thin_overall = int(page.inner_text(f"{form} .reply-scores dd:last-of-type").rstrip("%"))

    page.fill(f"{form} textarea[name=answer]", FULL)
    page.click(f"{form} button:has-text('检查答复')")
    page.locator(f"{form} .reply-check", has_text="食品经营许可管理办法").wait_for()
    full = page.inner_text(f"{form} .reply-check")
    assert "答复与诉求相关" in full and "引用了依据：《食品经营许可管理办法》" in full and "过于简短" not in full
    assert int(page.inner_text(f"{form} .reply-scores dd:last-of-type").rstrip("%")) > thin_overall + 30
    shot(page, "complaint-reply-check")
    assert "待分派" not in page.inner_text("#status")  # checking saved nothing: still the unit's to answer
    page.click(f"{form} button[type=submit]")
    assert "待回访" in page.inner_text("#status")

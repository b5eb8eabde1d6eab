"""A clerk issues a one-time notice from the case page, material by material, and downloads its PDF."""

import re

import pytest

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_case
from tests.notices.conftest import RECEIVED, make_food_item
from xiaoneng.db import make_engine, session_scope
from xiaoneng.items.models import ItemMaterial
from xiaoneng.org.models import Department, Staff, Window

pytestmark = pytest.mark.browser


def test_issue_a_notice_and_download_it(live_db, live_server, page, tmp_path):
    url, accounts = live_db
    base, _ = live_server
    engine = make_engine(url)
    with session_scope(engine) as s:
        clerk = s.get(Staff, accounts["clerk_id"])
        item = make_food_item(s, s.get(Department, clerk.department_id), code="SCJG-NOTICE")
        case = make_case(s, item=item, window=s.get(Window, accounts["window_id"]), handler=clerk,
                         received_at=RECEIVED, applicant_name="成都锦程餐饮管理有限公司",
                         applicant_type="organisation")
        case_id = case.id
        materials = {m.name: m.id for m in s.query(ItemMaterial).filter_by(item_id=item.id)}
    engine.dispose()
    sign_in(page, base, accounts["clerk"], PASSWORD)
    page.goto(f"{base}/cases/{case_id}")
    assert "尚未出具告知书" in page.inner_text("#notices + p")
    page.select_option(f"select[name=problem_{materials['营业执照']}]", "missing")
    page.select_option(f"select[name=problem_{materials['食品安全管理制度']}]", "noncompliant")
    page.click("#issue-notice")
    assert "请填写不符合要求的具体原因" in page.inner_text(".flash.error")
    page.fill(f"input[name=reason_{materials['食品安全管理制度']}]", "未加盖公章")
    page.click("#issue-notice")
    body = page.inner_text("body")
    number = re.search(r"已出具一次性告知书 (锦政服告〔2026〕第\d{4}号)", body).group(1)
    assert "补正中" in body
    row = page.locator("#notice-list tbody tr").first
    assert number in row.inner_text() and "营业执照、食品安全管理制度" in row.inner_text()
    shot(page, "notice-issued")
    with page.expect_download() as info:
        row.locator("a.notice-pdf").click()
    download = info.value
    assert download.suggested_filename == f"一次性告知书_{number}.pdf"
    saved = tmp_path / "notice.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

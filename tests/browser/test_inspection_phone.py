"""A month's plan made by a supervisor; one of its visits recorded on a 375-pixel phone with a photo, taken while
the signal is gone and sent when it returns; the failed indicator becomes a finding, a 提示函 is drafted from it,
issued and downloaded as PDF and DOCX; its unit's head sees the finding with the letter and answers it."""

import io
from pathlib import Path

import docx
import pdfplumber

import pytest
from PIL import Image

from tests.browser.conftest import shot, sign_in
from tests.fixtures.objects import PASSWORD, make_point
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope
from xiaoneng.inspections import catalogue, setup
from xiaoneng.org.models import Center, Department, ServicePointType, Staff

pytestmark = pytest.mark.browser
T = ServicePointType
BUDGETS = {T.DISTRICT_HALL: "5", T.STREET_CENTER: "1", T.COMMUNITY_ROOM: "1", T.SELF_SERVICE: "0.5"}


@pytest.fixture(scope="module")
def district(live_db):
    """Points of the live center to inspect, their unit the head's department, the supervisor the team."""
    url, accounts = live_db
    engine = make_engine(url)
    with session_scope(engine) as s:
        center = s.get(Center, accounts["center_id"])
        unit = s.query(Department).filter_by(center_id=center.id, code=accounts["dept_code"]).one()
        supervisor = s.query(Staff).filter_by(username=accounts["supervisor"]).one()
        hall = make_point(s, center=center, code="XC-HALL", name="政务服务中心综合大厅", point_type=T.DISTRICT_HALL)
        street = make_point(s, center=center, code="XC-JD01", name="芳华街道综合便民服务中心",
                            point_type=T.STREET_CENTER)
        rooms = [make_point(s, center=center, code=f"XC-SQ0{n}", name=f"{name}便民服务室", point_type=T.COMMUNITY_ROOM,
                            parent_id=street.id) for n, name in enumerate(("桂林社区", "芳草社区"), start=1)]
        kiosk = make_point(s, center=center, code="XC-ZZ01", name="锦城支行智能自助政务服务点", point_type=T.SELF_SERVICE,
                           parent_id=street.id)
        actor = actor_for(supervisor)
        catalogue.seed(s, actor=actor)
        for point_type, days in BUDGETS.items():
            setup.update_budget(s, actor=actor, point_type=point_type, person_days_a_month=days,
                                visit_days="1" if point_type in (T.DISTRICT_HALL, T.STREET_CENTER) else "0.5")
        setup.set_inspector(s, actor=actor, staff_id=supervisor.id, active=True)
        for point in (hall, street, *rooms, kiosk):
            setup.set_point_unit(s, actor=actor, point_id=point.id, department_id=unit.id)
    engine.dispose()
    return accounts


def _photo(tmp_path) -> str:
    path = tmp_path / "灭火器.jpg"
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (190, 40, 40)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_plan_then_record_on_a_phone_offline_then_the_finding(live_server, district, browser, page, tmp_path):
    base, accounts = live_server
    sign_in(page, base, accounts["supervisor"], PASSWORD)
    page.goto(base + "/inspections/plans")
    page.fill("input[name=month]", "2026-11")
    page.click("button:has-text('排定计划')")
    page.wait_for_url(base + "/inspections/plans/*")
    body = page.inner_text("body")
    assert "已排定2026年11月巡查计划" in body and "政务服务中心综合大厅" in body and "芳华街道综合便民服务中心" in body
    shot(page, "inspection-plan")

    phone_context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    phone = phone_context.new_page()
    try:
        sign_in(phone, base, accounts["supervisor"], PASSWORD)
        phone.goto(base + "/inspections/mine")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        phone.locator("a:has-text('填写巡查记录')").first.click()
        phone.wait_for_url(base + "/inspections/visits/*/record")
        title = phone.inner_text("h1")
        phone_context.set_offline(True)  # the signal drops while the record is taken
        phone.click("#all-pass")
        target = phone.locator("fieldset.indicator").last
        name = target.locator("legend").inner_text()
        target.locator("input[value=fail]").check()
        target.locator("textarea").fill("现场发现问题：设施缺损，未及时维修")
        target.locator("input[type=file]").set_input_files(_photo(tmp_path))
        phone.wait_for_selector("ul.photo-list li")
        assert "灭火器.jpg" in target.inner_text()
        phone.click("button:has-text('提交巡查记录')")
        status = phone.locator("#sync-status")
        status.wait_for(state="visible")
        assert "网络不可用：记录已保存在本机" in status.inner_text()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        shot(phone, "inspection-record-offline-375")
        phone_context.set_offline(False)  # back online: the page sends what it kept
        phone.wait_for_url(base + "/inspections/visits/*", timeout=30000)
        detail = phone.inner_text("body")
        assert "已记录" in detail and "设施缺损" in detail and title in detail
        image = phone.locator(".photos img").first
        assert image.evaluate("i => i.complete && i.naturalWidth") == 640
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        shot(phone, "inspection-recorded-375")
    finally:
        phone_context.close()

    page.goto(base + "/inspections/findings")
    assert "设施缺损" in page.inner_text("body")
    page.locator("table.list tbody a").first.click()
    page.wait_for_url(base + "/inspections/findings/*")
    finding = page.inner_text("body")
    indicator = name.split(". ", 1)[-1].rsplit(" ", 1)[0]  # "29. 自助终端设备管理 1月/次"
    assert "待整改" in finding and "市场监管窗口" in finding and indicator in finding and "设施缺损" in finding
    assert "提示函要素" in finding
    shot(page, "inspection-finding")
    finding_url = page.url

    page.click("#draft-letter")  # the draft opens on the letters pages, to check and issue
    page.wait_for_url(base + "/letters/*")
    draft = page.inner_text("body")
    assert "已起草提示函草稿" in draft and "设施缺损" in draft and "市场监管窗口：" in draft and "（印发时编号）" in draft
    page.click("#issue")
    issued = page.inner_text("body")
    assert "已印发，发文字号" in issued and "函〔2026〕" in issued
    number = page.inner_text("h1").split(" ")[1]
    shot(page, "inspection-letter-issued")
    with page.expect_download() as pdf_download:
        page.click("#download-pdf")
    pdf_path = Path(pdf_download.value.path())
    assert pdf_path.read_bytes()[:5] == b"%PDF-"
    with pdfplumber.open(pdf_path) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "").replace(" ", "")
        assert round(pdf.pages[0].width * 25.4 / 72) == 210 and round(pdf.pages[0].height * 25.4 / 72) == 297
    assert "关于政务服务巡查发现问题的提示函" in text and number in text and "设施缺损" in text
    with page.expect_download() as docx_download:
        page.click("#download-docx")
    document = docx.Document(docx_download.value.path())
    words = "".join(p.text for p in document.paragraphs)
    assert "关于政务服务巡查发现问题的提示函" in words and number in words and "设施缺损" in words
    page.goto(finding_url)
    listed = page.inner_text("#finding-letters")
    assert number in listed and "已印发" in listed and "提示函" in listed
    shot(page, "inspection-finding-with-letter")

    head = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860}).new_page()
    try:
        sign_in(head, base, accounts["head"], PASSWORD)
        head.goto(base + "/inspections/findings")
        head.locator("table.list tbody a").first.click()
        head.wait_for_url(base + "/inspections/findings/*")
        assert number in head.inner_text("#finding-letters")  # the letter sent to the unit, on its finding
        head.fill("textarea[name=answer]", "已维修到位")
        head.click("button:has-text('提交整改反馈')")
        assert "已反馈整改情况" in head.inner_text("body") and "已反馈，待复查" in head.inner_text("body")
    finally:
        head.context.close()

"""The buttons that draft letters from findings: on the finding's page (the draft opens on the letters pages, is
issued there, and the finding's page then lists it with its downloads), on a visit's page (one per unit) and on
the findings list (a month's); refused in Chinese when there is nothing to write about; a unit's head gets no
button but sees the issued letter."""

import datetime as dt

from tests.inspections.builders import key, results, visit_of
from xiaoneng.auth.service import actor_for
from xiaoneng.inspections import findings, records
from xiaoneng.inspections.models import InspectionFinding
from xiaoneng.letters.models import Letter


def _record(db, world, point, failed):
    visit = visit_of(db, point, world.inspector)
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, failed))
    return visit


def test_a_notice_letter_from_the_finding_page_issued_and_listed(db, world, sign_in):
    _record(db, world, world.rooms[0], {"B08": "灭火器过期未更换"})
    finding = db.query(InspectionFinding).one()
    browser = sign_in(world.supervisor)
    page = browser.page(f"/inspections/findings/{finding.id}")
    assert "起草提示函" in page.text and "相关公文" not in page.text
    answer = browser.submit(f"/inspections/findings/{finding.id}/letter", {})
    letter = db.query(Letter).one()
    assert answer.status_code == 303 and answer.headers["location"] == f"/letters/{letter.id}"
    draft = browser.page(answer.headers["location"])
    assert "已起草提示函草稿" in draft.text and "灭火器过期未更换" in draft.text and "芳华街道便民服务中心：" in draft.text
    assert browser.submit(f"/letters/{letter.id}/issue", {}).status_code == 303
    page = browser.page(f"/inspections/findings/{finding.id}")
    assert "相关公文" in page.text and letter.number in page.text and "已印发" in page.text
    assert f"/letters/{letter.id}/letter.pdf" in page.text and f"/letters/{letter.id}/letter.docx" in page.text
    head = sign_in(world.head)
    seen = head.page(f"/inspections/findings/{finding.id}")
    assert letter.number in seen.text and "起草提示函" not in seen.text
    assert head.submit(f"/inspections/findings/{finding.id}/letter", {}).status_code == 403


def test_visit_and_month_buttons_and_a_refusal(db, world, sign_in, clock):
    visit = _record(db, world, world.street, {"B12": "岗位牌缺失"})
    _record(db, world, world.hall, {"A09": "桌面杂乱"})
    browser = sign_in(world.supervisor)
    assert "起草提示函" in browser.page(f"/inspections/visits/{visit.id}").text
    answer = browser.submit(f"/inspections/visits/{visit.id}/letters", {})
    assert answer.status_code == 303 and answer.headers["location"].startswith("/letters/")
    month = browser.submit("/inspections/letters", {"month": "2026-11"})
    assert month.status_code == 303 and month.headers["location"] == "/letters?status=draft"
    listed = browser.page(month.headers["location"])
    assert "已起草提示函 2 份（每个责任单位一份）" in listed.text
    assert db.query(Letter).count() == 2  # the street's draft was given back, the hall's added
    bad = browser.submit("/inspections/letters", {"month": "2026-13"})
    assert bad.status_code == 303 and "月份格式应为 YYYY-MM" in browser.page(bad.headers["location"]).text
    finding = db.query(InspectionFinding).filter_by(indicator_code="B12").one()
    findings.answer(db, actor=actor_for(world.head), finding_id=finding.id, text="已补挂岗位牌")
    refused = browser.submit(f"/inspections/findings/{finding.id}/letter", {})
    assert refused.headers["location"] == f"/inspections/findings/{finding.id}"
    page = browser.page(refused.headers["location"])
    assert "无需发函" in page.text and "起草提示函" not in page.text


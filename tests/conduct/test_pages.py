from sqlalchemy import select

from tests.conduct.conftest import TODAY, rated
from tests.fixtures.objects import make_staff
from tests.fixtures.sheets import read_xlsx
from xiaoneng.auth.rules import Role
from xiaoneng.conduct import service
from xiaoneng.conduct.models import Finding, FindingStatus
from xiaoneng.conduct.views import evidence
from xiaoneng.org.models import Center


def test_evidence_is_marked_and_the_rest_escaped():
    assert str(evidence("<b>她说下班了明天再来", 5, 12)) == "&lt;b&gt;她说<mark>下班了明天再来</mark>"


def test_the_supervisor_sees_the_finding_highlighted_confirms_it_and_exports(db, sign_in):
    rating = rated(db, "工作人员说：下班了，明天再来！")
    service.scan_new_texts(db, today=TODAY)
    supervisor = make_staff(db, role=Role.SUPERVISOR, center=db.get(Center, rating.center_id))
    browser = sign_in(supervisor)
    page = browser.page("/conduct")
    assert page.status_code == 200
    assert "<mark>下班了，明天再来</mark>" in page.text and "下班了，明天再来" in page.text
    assert f'href="/ratings/{rating.id}"' in page.text
    finding = db.scalars(select(Finding)).one()
    response = browser.submit(f"/conduct/findings/{finding.id}", {"decision": "confirm", "note": "回访属实"})
    assert response.status_code == 303
    db.expire_all()
    assert db.get(Finding, finding.id).status == FindingStatus.CONFIRMED
    book = read_xlsx(browser.get("/conduct/export.xlsx?status=confirmed"))
    assert book.column("命中文字") == ["下班了，明天再来"] and book.column("状态") == ["已确认"]


def test_window_staff_have_no_findings_page(db, sign_in):
    rating = rated(db, "有意见找领导去")
    clerk = make_staff(db, center=db.get(Center, rating.center_id))
    assert sign_in(clerk).page("/conduct").status_code == 403

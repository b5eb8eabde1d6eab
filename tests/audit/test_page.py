"""The audit log page: readable by supervisors, scoped to their center, with a chain check."""

from sqlalchemy import update

from tests.fixtures.objects import make_department, make_staff
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role


def test_supervisor_sees_records_and_chain_status(db, sign_in):
    dept = make_department(db)
    supervisor = make_staff(db, role=Role.SUPERVISOR, department=dept)
    browser = sign_in(supervisor)
    page = browser.page("/admin/audit?verify=1")
    assert page.status_code == 200
    assert "auth.login" in page.text
    assert "审计链完整" in page.text


def test_tampering_shows_on_the_page(db, sign_in):
    dept = make_department(db)
    supervisor = make_staff(db, role=Role.SUPERVISOR, department=dept)
    browser = sign_in(supervisor)
    db.execute(update(AuditRecord).where(AuditRecord.action == "auth.login").values(operator="mallory"))
    db.flush()
    page = browser.page("/admin/audit?verify=1")
    assert "审计链损坏" in page.text


def test_window_staff_cannot_read_the_audit_log(db, sign_in):
    staff = make_staff(db, role=Role.WINDOW_STAFF, department=make_department(db))
    response = sign_in(staff).page("/admin/audit")
    assert response.status_code == 403

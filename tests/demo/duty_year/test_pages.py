"""The duty year as the demo accounts see it: their duty, inquiry and conduct pages open on the generated rows, in
Chinese, without codes."""

import pytest
from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from tests.fixtures.web import Browser
from xiaoneng.config import Settings
from xiaoneng.demo import builder
from xiaoneng.duty.models import Absence, AbsenceStatus
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.org.models import Staff
from xiaoneng.web.app import create_app

PASSWORDS = {a.username: a.password for a in builder.DEMO_ACCOUNTS}


@pytest.fixture
def browser(db):
    sessions = sessionmaker(bind=db.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)
    app = create_app(Settings(env="test", secret_key="t" * 40, run_jobs_in_server=False), sessions=sessions)

    def open_as(username: str) -> Browser:
        client = Browser(app, base_url="http://testserver")
        client.__enter__()
        client.sign_in(username, PASSWORDS[username])
        opened.append(client)
        return client

    opened = []
    yield open_as
    for client in opened:
        client.__exit__(None, None, None)


def _ok(client: Browser, url: str) -> str:
    page = client.page(url)
    assert page.status_code == 200, (url, page.text[:500])
    for code in ("pending", "approved", "refused", "vacation", "referred", "acknowledged", "dismissed"):
        assert f">{code}<" not in page.text, (url, code)
    return page.text


def test_the_head_sees_the_departments_posts_and_leave_waiting_for_a_decision(db, browser):
    head = browser("head_scjg")
    assert "窗口岗" in _ok(head, "/duty/posts")
    _ok(head, "/duty")
    department_id = db.scalar(select(Staff.department_id).where(Staff.username == "head_scjg"))
    absence = db.scalar(select(Absence).where(Absence.status == AbsenceStatus.APPROVED,
                                              Absence.department_id == department_id).order_by(Absence.id).limit(1))
    assert "已批准" in _ok(head, f"/duty/absences/{absence.id}")


def test_the_director_reads_the_inquiry_log_and_a_referral(db, browser):
    director = browser("director")
    assert "ZX" in _ok(director, "/inquiries")
    referral = db.scalar(select(Referral).where(Referral.status == "answered").order_by(Referral.id).limit(1))
    number = db.get(Inquiry, referral.inquiry_id).number
    assert number in _ok(director, f"/inquiries/{referral.inquiry_id}")


def test_the_supervisor_reads_the_conduct_findings(browser):
    assert "已确认" in _ok(browser("supervisor"), "/conduct")


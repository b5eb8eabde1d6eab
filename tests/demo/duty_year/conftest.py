"""The demo district with its cases year (at a low volume) and its duty year, built twice with one seed and day: the
first build rolled back after its digest was taken, the second kept for the package's tests."""

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from tests.fixtures.clock import DEFAULT_NOW
from xiaoneng.attendance.models import PunchRecord
from xiaoneng.calendar import service as calendar_service
from xiaoneng.conduct.models import Finding
from xiaoneng.demo import builder
from xiaoneng.demo.cases_year import add_cases_and_ratings
from xiaoneng.demo.days import at, year_ending
from xiaoneng.demo.duty_records_year import DUTY_RECORD_STEPS
from xiaoneng.demo.duty_year import DUTY_STEPS
from xiaoneng.attendance.models import SpotCheck
from xiaoneng.duty.models import Absence, DutyPost, Handover, PostProxy
from xiaoneng.notices.models import CaseNotice
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Center, Staff

SEED = 20261123
TODAY = DEFAULT_NOW.date()
REF = TODAY - dt.timedelta(days=1)
START = year_ending(REF)
END = at(TODAY, 0)  # the end of the year's last day
CASES_PER_DAY = 16  # a low volume of cases, ratings and inquiries; the organisation, leave and punches are full size
STEPS = [*builder.ORGANISATION_STEPS, add_cases_and_ratings, *DUTY_STEPS, *DUTY_RECORD_STEPS]


def digest(session: Session) -> str:
    """A digest of the rows the duty steps wrote, without database ids (PostgreSQL sequences do not roll back)."""
    a, b, who = aliased(Staff), aliased(Staff), aliased(Staff)
    small = [
        select(DutyPost.name, DutyPost.kind, DutyPost.duties, a.staff_no, b.staff_no)
        .join(a, a.id == DutyPost.a_staff_id).join(b, b.id == DutyPost.b_staff_id),
        select(Staff.staff_no, Absence.kind, Absence.start_date, Absence.start_half, Absence.end_date,
               Absence.end_half, Absence.status, Absence.reason, Absence.created_at, Absence.decided_at,
               Absence.decision_note).join(Staff, Staff.id == Absence.staff_id),
        select(DutyPost.name, Staff.staff_no, PostProxy.start_date, PostProxy.end_date, PostProxy.note)
        .join(DutyPost, DutyPost.id == PostProxy.post_id).join(Staff, Staff.id == PostProxy.staff_id),
        select(Inquiry.number, Inquiry.channel, Inquiry.outcome, Inquiry.content, Inquiry.answer, Inquiry.asked_at,
               Staff.staff_no).join(Staff, Staff.id == Inquiry.responder_id),
        select(Inquiry.number, Referral.status, Referral.acknowledged_at, Referral.answered_at,
               Referral.deadline_state, who.staff_no).join(Inquiry, Inquiry.id == Referral.inquiry_id)
        .outerjoin(who, who.id == Referral.assigned_staff_id),
        select(Finding.source, Finding.phrase_code, Finding.status, Finding.found_on, Finding.text, Finding.start),
        select(Notification.kind, Notification.title, Notification.created_at, Staff.staff_no)
        .join(Staff, Staff.id == Notification.recipient_id),
        select(CaseNotice.number, CaseNotice.kind, CaseNotice.issued_at),
        select(Handover.return_day, Handover.due_on, Handover.status, Handover.confirmed_at, Staff.staff_no)
        .join(Staff, Staff.id == Handover.staff_id),
        select(SpotCheck.target, SpotCheck.day, SpotCheck.key_time, SpotCheck.expected, SpotCheck.absent),
    ]
    h = hashlib.sha256()
    for query in small:
        for row in sorted(repr(tuple(r)) for r in session.execute(query)):
            h.update(row.encode())
    punches = (select(Staff.staff_no, PunchRecord.day, PunchRecord.time).join(Staff, Staff.id == PunchRecord.staff_id)
               .order_by(Staff.staff_no, PunchRecord.day, PunchRecord.time))
    for row in session.execute(punches):
        h.update(repr(tuple(row)).encode())
    return h.hexdigest()


@pytest.fixture(scope="package")
def year(engine):
    with engine.connect() as conn:
        trans = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            builder.build(session, seed=SEED, today=TODAY, cases_per_day=CASES_PER_DAY, steps=STEPS)
            session.flush()
            first = digest(session)
            session.rollback()
            ctx = builder.build(session, seed=SEED, today=TODAY, cases_per_day=CASES_PER_DAY, steps=STEPS)
            session.flush()
            center = session.scalar(select(Center).where(Center.code == builder.CENTER_CODE))
            yield {"db": session, "first": first, "second": digest(session), "counts": dict(ctx.counts),
                   "center": center, "calendar": calendar_service.get_calendar(session, center_id=center.id)}
        finally:
            session.close()
            trans.rollback()


@pytest.fixture
def db(year):
    """The shared build; a test that changes something does so in a savepoint rolled back afterwards."""
    session = year["db"]
    nested = session.begin_nested()
    yield session
    if nested.is_active:
        nested.rollback()


@pytest.fixture
def cal(year):
    return year["calendar"]

"""The duty year as a whole: the same seed builds the same rows, each step is audited once with its counts, and
the volumes fit a district of this size."""

import json

from sqlalchemy import func, select

from tests.demo.duty_year.conftest import CASES_PER_DAY, REF
from xiaoneng.attendance.models import PunchRecord
from xiaoneng.audit.models import AuditRecord
from xiaoneng.conduct.models import Finding
from xiaoneng.demo.cases_year import CASES_PER_DAY as FULL_VOLUME
from xiaoneng.demo.inquiries_year import INQUIRIES_PER_DAY
from xiaoneng.duty.models import Absence, DutyPost, PostProxy
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.kit.clock import TZ
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Staff


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_the_same_seed_builds_the_same_duty_year(year):
    assert year["first"] == year["second"]


def test_each_step_is_audited_once_with_what_it_wrote(db, year):
    details = [json.loads(d) for d in db.scalars(select(AuditRecord.detail).where(AuditRecord.action == "demo_build"))]
    steps = {d["step"]: d for d in details}
    assert len(steps) == len(details)
    assert {"duty_posts", "leave_year", "inquiries_year", "conduct_findings", "attendance_year"} <= set(steps)
    assert steps["duty_posts"]["duty_posts"] == _count(db, DutyPost)
    assert steps["leave_year"]["absences"] == _count(db, Absence)
    assert steps["leave_year"]["post_proxies"] == _count(db, PostProxy)
    assert steps["inquiries_year"]["inquiries"] == _count(db, Inquiry)
    assert steps["inquiries_year"]["referrals"] == _count(db, Referral)
    assert steps["conduct_findings"]["conduct_findings"] == _count(db, Finding)
    assert steps["attendance_year"]["punches"] == _count(db, PunchRecord)
    counts = year["counts"]
    assert all(counts[k] > 0 for k in ("duty_posts", "absences", "post_proxies", "inquiries", "referrals",
                                       "conduct_findings", "punches"))


def test_volumes_fit_the_district(db):
    staff = _count(db, Staff)
    posts = _count(db, DutyPost)
    assert 100 <= posts <= 200
    assert 3 * staff <= _count(db, Absence) <= 8 * staff  # a few leaves a person a year
    working_days = 250
    expected_inquiries = INQUIRIES_PER_DAY * CASES_PER_DAY / FULL_VOLUME * working_days
    assert 0.7 * expected_inquiries <= _count(db, Inquiry) <= 1.3 * expected_inquiries
    assert 0.1 <= _count(db, Referral) / _count(db, Inquiry) <= 0.3
    assert 3.6 * staff * working_days <= _count(db, PunchRecord) <= 4.1 * staff * working_days


def test_every_notice_is_dated_within_the_year(db):
    latest = db.scalar(select(func.max(Notification.created_at)))
    assert latest.astimezone(TZ).date() <= REF

"""The demo's one-time notices and refusals, handover records and key-time spot checks: present, consistent with
the rules they were written through, and on the supervisors' breach list."""

from sqlalchemy import func, select

from tests.demo.duty_year.conftest import REF, TODAY
from xiaoneng.attendance.models import SpotCheck
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.duty.models import Handover, HandoverStatus
from xiaoneng.notices.models import CaseNotice
from xiaoneng.org.models import Staff
from xiaoneng.supervision import breaches


def test_notices_refusals_and_violations(year):
    db, counts = year["db"], year["counts"]
    notices = db.scalars(select(CaseNotice).order_by(CaseNotice.seq)).all()
    assert counts["case_notices"] >= 5 and counts["case_refusals"] >= 1 and counts["case_violations"] >= 1
    assert len(notices) == counts["case_notices"] + counts["case_refusals"] + counts["case_violations"]
    assert [n.seq for n in notices if n.year == TODAY.year] == list(range(1, len(notices) + 1))
    assert all(n.number.startswith("锦政服告〔") for n in notices)
    refused = db.scalars(select(Case).join(CaseNotice, CaseNotice.case_id == Case.id)
                         .where(CaseNotice.kind == "refusal")).all()
    assert refused and all(c.status == CaseStatus.REJECTED and not c.overdue for c in refused)
    assert sum(n.violation for n in notices) == counts["case_violations"]


def test_handovers_most_confirmed_some_late(year):
    db = year["db"]
    made = db.scalars(select(Handover)).all()
    assert made and all(h.return_day <= TODAY and h.due_on >= h.return_day for h in made)
    confirmed = [h for h in made if h.status == HandoverStatus.CONFIRMED]
    assert len(confirmed) > len(made) / 2
    assert all(h.confirmed_at.date() <= REF for h in confirmed)
    overdue = [h for h in made if h.status == HandoverStatus.PENDING and h.due_on < REF]
    assert overdue, "some handovers are left unconfirmed past their day"


def test_spot_checks_on_working_days_with_some_absent(year):
    db, cal = year["db"], year["calendar"]
    checks = db.scalars(select(SpotCheck)).all()
    assert len(checks) > 100
    assert all(cal.is_working_day(c.day) and c.day <= REF for c in checks)
    assert 0 < sum(c.absent for c in checks) < len(checks) / 4


def test_the_breach_list_shows_every_duty_kind(year):
    db = year["db"]
    supervisor = db.scalar(select(Staff).where(Staff.center_id == year["center"].id, Staff.role == Role.SUPERVISOR)
                           .order_by(Staff.id))
    start = REF.replace(day=1) if REF.day > 1 else REF
    found = breaches.gather(db, actor=actor_for(supervisor), start=start.replace(month=1, day=1), end=REF)
    kinds = {b.kind for b in found}
    assert {"notice_violation", "key_time_absence", "handover_overdue", "conduct_finding"} <= kinds, kinds
    assert db.scalar(select(func.count()).select_from(Handover)) > 0

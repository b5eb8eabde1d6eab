"""The demo's year of inspections: twelve monthly plans covering every point, visits recorded up to the day before
the build with findings in every state (some repeated, some overdue), 暗访 published and not yet, phone checks."""

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.demo.conftest import SEED
from xiaoneng.demo import builder
from xiaoneng.demo.inspections_year import add_inspections_year
from xiaoneng.demo.letters_year import add_letters
from xiaoneng.inspections import rules
from xiaoneng.inspections.models import (
    FindingLetter, InspectionFinding, PhoneCheck, Plan, Reinspection, Result, Visit,
)
from xiaoneng.letters.models import Letter, LetterCounter
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import ServicePoint

TODAY = dt.date(2026, 11, 18)


@pytest.fixture(scope="module")
def year(engine):
    """Built once for the module in a transaction rolled back at the end."""
    with engine.connect() as conn:
        trans = conn.begin()
        from sqlalchemy.orm import Session

        session = Session(bind=conn, join_transaction_mode="create_savepoint")
        ctx = builder.build(session, seed=SEED, today=TODAY, steps=[*builder.ORGANISATION_STEPS, add_inspections_year,
                                                                       add_letters])
        yield session, ctx
        session.close()
        trans.rollback()


def test_twelve_plans_cover_every_point_every_month(year):
    session, ctx = year
    months = [p.month for p in session.scalars(select(Plan).order_by(Plan.month))]
    assert months[0] == dt.date(2025, 12, 1) and months[-1] == dt.date(2026, 11, 1) and len(months) == 12
    gov = ctx.centers["gov"].id
    inspected = set(session.scalars(select(ServicePoint.id).where(
        ServicePoint.center_id == gov, ServicePoint.point_type.in_(
            ["区级大厅", "街道综合便民服务中心", "社区便民服务室", "智能自助政务服务点"]))))
    assert len(inspected) == 128
    for plan in session.scalars(select(Plan)):
        visited = set(session.scalars(select(Visit.point_id).where(Visit.plan_id == plan.id)))
        assert visited == inspected, plan.month
        assert plan.spent_halves <= 117 * 2
    assert ctx.counts["inspection_plans"] == 12 and ctx.counts["optimal_plans"] >= 6


def test_visits_before_the_build_are_recorded_and_todays_wait_for_the_phone(year):
    session, _ = year
    states = Counter(session.execute(select(Visit.day < TODAY, Visit.status)).all())
    assert states[(True, rules.VisitStatus.PLANNED)] == 0 and states[(True, rules.VisitStatus.RECORDED)] > 2000
    assert states[(False, rules.VisitStatus.PLANNED)] > 0 and states[(False, rules.VisitStatus.RECORDED)] == 0
    assert session.scalar(select(func.count()).select_from(Result)) > 30_000


def test_findings_in_every_state(year):
    session, ctx = year
    findings = list(session.scalars(select(InspectionFinding)))
    assert len(findings) == ctx.counts["inspection_findings"] > 200
    statuses = Counter(f.status for f in findings)
    assert all(statuses[s] for s in rules.FindingStatus), statuses
    assert any(f.repeat_count > 1 and f.repeat_of_id for f in findings)
    assert any(rules.is_overdue(f.status, f.due_on, TODAY, f.answered_on) for f in findings)
    assert all(f.department_id for f in findings)
    closed = [f for f in findings if f.status == rules.FindingStatus.CLOSED]
    assert session.scalar(select(func.count()).select_from(Reinspection)) >= len(closed)
    assert len({f.number for f in findings}) == len(findings)


def test_unannounced_visits_and_phone_checks(year):
    session, _ = year
    unannounced = list(session.scalars(select(Visit).where(Visit.kind == rules.VisitKind.UNANNOUNCED)))
    assert len(unannounced) == 36
    assert any(v.published_at for v in unannounced) and any(v.published_at is None for v in unannounced)
    checks = list(session.scalars(select(PhoneCheck)))
    assert len(checks) == 120 and any(not c.passed for c in checks) and sum(c.passed for c in checks) > 80
    held = session.scalar(select(func.count()).select_from(InspectionFinding).where(
        InspectionFinding.status == rules.FindingStatus.HELD))
    assert held >= 1


def test_the_letters_of_the_year_name_real_findings(year):
    """提示函 and 督办函 early each month on the month before's findings still to rectify, per unit; every problem a
    letter names is a finding of its unit with its number in the text; numbered without gaps; this month's drafts."""
    session, ctx = year
    letters = list(session.scalars(select(Letter).order_by(Letter.id)))
    assert {lt.kind for lt in letters} == {"notice", "urge"} and 30 <= len(letters) <= 80
    named = {}
    for letter_id, finding in session.execute(select(FindingLetter.letter_id, InspectionFinding).join(
            InspectionFinding, InspectionFinding.id == FindingLetter.finding_id)):
        named.setdefault(letter_id, []).append(finding)
    for letter in letters:
        assert named.get(letter.id), letter.title
        text = "".join(letter.paragraphs)
        for finding in named[letter.id]:
            assert finding.department_id == letter.department_id and finding.number in text
            assert finding.description.rstrip("。；;，,") in text
        day = letter.dated_on or letter.drafted_at.date()
        assert all(f.notified_on <= day for f in named[letter.id])
        if letter.kind == "urge":
            assert all(f.due_on < day for f in named[letter.id]) and "现予督办" in text
    serials = {}
    for letter in letters:
        if letter.status == "issued":
            serials.setdefault((letter.kind, letter.year), []).append(letter.serial)
            assert letter.number.endswith(f"〔{letter.year}〕{letter.serial}号")
    assert all(sorted(v) == list(range(1, len(v) + 1)) for v in serials.values())
    assert {(c.kind, c.year): c.last for c in session.scalars(select(LetterCounter))} == {
        k: len(v) for k, v in serials.items()}
    drafts = [lt for lt in letters if lt.status == "draft"]
    assert drafts and all(lt.drafted_at.date() == TODAY - dt.timedelta(days=1) for lt in drafts)
    told = session.scalar(select(func.count()).select_from(Notification).where(Notification.kind == "letter_issued"))
    assert told >= len(letters) - len(drafts) - 5  # a unit without a head is told nobody
    assert ctx.counts["letters_issued"] == len(letters) - len(drafts)

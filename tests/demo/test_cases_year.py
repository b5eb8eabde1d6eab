"""The demo's year of cases, ratings and the bad-review loop: volumes, windows, loop states, determinism."""

import datetime as dt
from collections import Counter, defaultdict

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.demo.conftest import snapshot
from tests.fixtures.clock import DEFAULT_NOW
from xiaoneng.audit.models import AuditRecord
from xiaoneng.calendar import service as calendar_service
from xiaoneng.cases import rules as case_rules
from xiaoneng.cases.step_deadlines import clock_events, fold_step_dues
from xiaoneng.cases.models import Case, CaseEvent, CaseStep
from xiaoneng.demo import builder
from xiaoneng.demo.cases_year import WORSE_DEPARTMENTS
from xiaoneng.demo.days import year_ending
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Center, Department, Staff
from xiaoneng.ratings import rules as rating_rules
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification import rules as loop
from xiaoneng.rectification import service as rectification
from xiaoneng.rectification.models import ContactLog, Rectification

SEED = 20261123
TODAY = DEFAULT_NOW.date()
REF = TODAY - dt.timedelta(days=1)  # the year of activity ends the day before the build
START = year_ending(REF)


@pytest.fixture(scope="module")
def year(engine):
    """The demo built twice with one seed and day (the first rolled back); the second stays for the module's tests."""
    with engine.connect() as conn:
        trans = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False)
        try:
            builder.build(session, seed=SEED, today=TODAY)
            session.flush()
            first = snapshot(session)
            session.rollback()
            builder.build(session, seed=SEED, today=TODAY)
            session.flush()
            center = session.scalar(select(Center).where(Center.code == builder.CENTER_CODE))
            yield {"db": session, "first": first, "second": snapshot(session), "center": center}
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


def test_the_build_is_deterministic_for_a_seed(year):
    assert year["first"] == year["second"]


def test_a_year_of_cases_on_working_days_only(db, year):
    cal = calendar_service.get_calendar(db, center_id=year["center"].id)
    cases = db.execute(select(Case.received_at, Case.center_id, Case.origin)).all()
    assert 25_000 <= len(cases) <= 40_000
    assert {c.center_id for c in cases} == {year["center"].id}
    days = {c.received_at.astimezone(dt.timezone(dt.timedelta(hours=8))).date() for c in cases}
    assert min(days) >= START and max(days) == REF
    assert all(cal.is_working_day(d) for d in days)
    online = sum(c.origin == "online" for c in cases) / len(cases)
    assert 0.12 <= online <= 0.3


def test_monthly_volume_dips_at_spring_festival_and_national_day(db):
    months = Counter(f"{c.year}-{c.month:02d}" for (c,) in db.execute(select(Case.received_at)))
    full = {m: n for m, n in months.items() if m not in (f"{START:%Y-%m}", f"{REF:%Y-%m}")}
    assert full["2026-02"] < 0.6 * full["2026-04"]
    assert full["2026-10"] < 0.7 * full["2026-03"]
    assert max(full.values()) > 1.8 * min(full.values())


def test_steps_clock_and_status_agree_with_the_rules(db, year):
    cal = calendar_service.get_calendar(db, center_id=year["center"].id)
    steps = defaultdict(list)
    for s in db.scalars(select(CaseStep)):
        steps[s.case_id].append(s)
    events = defaultdict(list)
    for e in db.scalars(select(CaseEvent).order_by(CaseEvent.case_id, CaseEvent.at, CaseEvent.id)):
        events[e.case_id].append(e)
    overdue = late_steps = 0
    for case in db.scalars(select(Case)):
        mine = sorted(steps[case.id], key=lambda s: s.seq)
        assert len(mine) == (3 if case.origin == "online" else 1)
        done = [s.completed_at for s in mine if s.completed_at]
        assert done == sorted(done) and all(s.completed_on <= REF for s in mine if s.completed_on)
        assert (case.status == "completed") == all(s.completed_at for s in mine) == (case.completed_on is not None)
        clock = case_rules.fold_clock(clock_events(events[case.id]), limit_days=case.limit_days,
                                      calendar=cal)
        assert clock.due == case.due_on, case.number
        assert clock.status.value == case.clock_status
        assert clock.overdue(REF) == case.overdue, case.number
        overdue += case.overdue
        for step, due, provisional in fold_step_dues(case, events[case.id], cal):
            assert (step.due_on, step.due_provisional) == (due, provisional), (case.number, step.seq)
        late_steps += sum(s.due_on is not None and (s.completed_on or REF) > s.due_on for s in mine)
    assert overdue > 100
    assert late_steps > overdue  # a late case has a late step, and steps run late in cases finished on time


def test_every_step_rating_falls_in_its_window_and_defaults_come_after_it(db):
    steps = {s.id: s for s in db.scalars(select(CaseStep))}
    rated = Counter()
    for r in db.scalars(select(Rating).where(Rating.step_id.is_not(None))):
        step = steps[r.step_id]
        rated[step.id] += 1
        assert step.completed_on is not None and r.rater_key == ratings.APPLICANT
        if r.is_default:
            assert r.rated_on == step.rating_due_on + dt.timedelta(days=1) <= REF
            assert r.level == rating_rules.DEFAULT_LEVEL and r.channel == "default"
        else:
            assert step.completed_on <= r.rated_on <= step.rating_due_on and r.rated_at >= step.completed_at
    for step in steps.values():
        assert step.rating_closed == (rated[step.id] == 1)
        if step.completed_on and step.rating_due_on < REF:
            assert rated[step.id] == 1  # closed window: rated or defaulted
    assert any(s.completed_on and s.rating_due_on >= REF and not rated[s.id] for s in steps.values())


def test_the_default_rating_job_finds_nothing_left_to_do(db):
    assert ratings.record_due_defaults(db, today=REF) == 0


def test_levels_are_mostly_good_with_a_few_bad_and_many_defaults(db):
    rows = db.execute(select(Rating.level, Rating.is_default, Rating.is_bad)).all()
    n = len(rows)
    assert 0.015 <= sum(r.is_bad for r in rows) / n <= 0.035
    assert sum(r.level >= 4 for r in rows) / n >= 0.88
    assert 0.2 <= sum(r.is_default for r in rows) / n <= 0.4
    assert all(r.is_bad == (r.level <= 2) for r in rows)


def test_the_worse_departments_are_clearly_worse(db):
    codes = dict(db.execute(select(Department.id, Department.code)).all())
    totals, bad = Counter(), Counter()
    for department_id, is_bad in db.execute(select(Rating.department_id, Rating.is_bad)):
        group = "worse" if codes[department_id] in WORSE_DEPARTMENTS else "rest"
        totals[group] += 1
        bad[group] += is_bad
    assert bad["worse"] / totals["worse"] > 2.5 * bad["rest"] / totals["rest"]


def test_every_bad_review_has_exactly_one_rectification(db):
    bad = set(db.scalars(select(Rating.id).where(Rating.is_bad.is_(True))))
    linked = Counter(db.scalars(select(Rectification.rating_id)))
    assert set(linked) == bad and set(linked.values()) == {1}
    real = db.execute(select(Rating.id, Rating.real_name).where(Rating.is_bad.is_(True))).all()
    assert 0.3 <= sum(r.real_name for r in real) / len(real) <= 0.5


def test_every_loop_state_is_present_and_timed_by_the_rules(db, year):
    cal = calendar_service.get_calendar(db, center_id=year["center"].id)
    settings = loop.LoopSettings()
    records = list(db.scalars(select(Rectification)))
    statuses = Counter(r.status for r in records)
    assert set(statuses) == {s.value for s in loop.Status}
    for r in records:
        due = loop.deadlines(r.received_on, settings, cal)
        assert (r.contact_due, r.rectify_due) == (due.contact_due, due.rectify_due)
        assert r.current_due == loop.current_due(loop.Status(r.status), due, r.ledger_due, r.callback_due)
        assert r.escalation == loop.escalation(r.current_due, REF, settings, cal).value
        assert (r.status == "ledger") <= (r.ledger_due is not None)
    escalations = Counter(r.escalation for r in records)
    assert escalations["department_head"] >= 1 and escalations["director"] >= 1
    assert statuses["closed"] > len(records) / 2
    old_open = [r for r in records if r.status in ("open", "contacted", "rectifying") and r.received_on < REF - dt.timedelta(days=60)]
    assert len(old_open) < len(records) / 20


def test_appeals_decided_both_ways_and_one_pending(db):
    records = list(db.scalars(select(Rectification).where(Rectification.appeal_reason != "")))
    decisions = Counter((r.status, r.appeal_decision, r.excluded) for r in records)
    assert decisions[("excluded", "upheld", True)] >= 1
    assert decisions[("appealed", "", False)] >= 1
    assert any(d == "rejected" and status != "appealed" for status, d, _ in decisions)


def test_contacted_records_have_their_contact_log_and_real_name_callbacks_lag(db):
    logged = set(db.scalars(select(ContactLog.rectification_id)))
    for r in db.scalars(select(Rectification).where(Rectification.status.in_(("contacted", "rectifying", "ledger")))):
        assert r.id in logged
    real = [loop.Status(s) for s in db.scalars(select(Rectification.status).where(Rectification.real_name.is_(True)))]
    everything, counted = loop.callback_rates(real)
    assert 0.5 < everything.rate < 1 and counted.rate < 1
    callbacks = list(db.scalars(select(Rectification.callback_level).where(Rectification.callback_level.is_not(None))))
    assert sum(level >= 3 for level in callbacks) / len(callbacks) > 0.85


def test_the_refresh_job_finds_the_records_already_timed(db):
    counts = rectification.refresh_deadlines(db, today=REF)
    assert counts["checked"] > 0 and counts["escalated"] == 0


def test_staff_scjg_has_two_new_bad_reviews_in_both_inboxes(db):
    staff = db.scalar(select(Staff).where(Staff.username == "staff_scjg"))
    head = db.scalar(select(Staff).where(Staff.username == "head_scjg"))
    recent = list(db.scalars(select(Rectification).where(Rectification.staff_id == staff.id,
                                                         Rectification.received_on >= REF - dt.timedelta(days=7))))
    assert len(recent) >= 2 and {"open", "contacted"} <= {r.status for r in recent}
    for person in (staff, head):
        unread = list(db.scalars(select(Notification).where(Notification.recipient_id == person.id,
                                                            Notification.kind == "bad_review",
                                                            Notification.read_at.is_(None))))
        assert {n.link for n in unread} >= {f"/rectifications/{r.id}" for r in recent if r.received_on == REF}


def test_social_ratings_are_entered_by_the_supervisor_with_a_source(db):
    supervisor = db.scalar(select(Staff).where(Staff.username == "supervisor"))
    social = list(db.scalars(select(Rating).where(Rating.channel == "social")))
    assert len(social) >= 50
    assert all(r.entered_by_id == supervisor.id and r.social_source in {s.value for s in rating_rules.SocialSource}
               and r.step_id is None and r.comment for r in social)


def test_a_burst_from_one_device_is_flagged(db):
    flagged = list(db.scalars(select(Rating).where(Rating.device_id != "", Rating.level == 5)))
    burst = [r for r in flagged if "burst" in r.flags]
    assert len(burst) >= 3 and len({r.device_id for r in burst}) == 1
    assert any("contradiction" in r.flags for r in db.scalars(select(Rating).where(Rating.level == 5)))


def test_comments_match_their_level(db):
    for level, comment in db.execute(select(Rating.level, Rating.comment).where(Rating.comment != "")):
        if level <= 2:
            assert not rating_rules.contradicts(rating_rules.Level(level), comment), comment


def test_one_audit_record_counts_the_step(db):
    records = [r for r in db.scalars(select(AuditRecord).where(AuditRecord.action == "demo_build"))
               if '"step":"cases_and_ratings"' in r.detail.replace(" ", "")]
    assert len(records) == 1
    assert f'"cases":{db.scalar(select(func.count()).select_from(Case))}' in records[0].detail.replace(" ", "")


def test_public_pages_show_no_rater_or_applicant_personal_data(db, year):
    """D5/K4: every month's public page of the demo year holds none of the phones, ID numbers or full names."""
    from sqlalchemy.orm import sessionmaker

    from tests.fixtures.web import Browser
    from xiaoneng.config import Settings
    from xiaoneng.web.app import create_app

    sessions = sessionmaker(bind=db.connection(), join_transaction_mode="create_savepoint", expire_on_commit=False)
    app = create_app(Settings(env="test", secret_key="t" * 40, public_rate_limit_per_minute=1000,
                              run_jobs_in_server=False), sessions=sessions)
    ratings_rows = db.execute(select(Rating.rater_name, Rating.rater_phone).where(Rating.real_name.is_(True))).all()
    cases_rows = db.execute(select(Case.applicant_name, Case.applicant_phone, Case.applicant_id_number)).all()
    staff_names = [n for n in db.scalars(select(Staff.full_name)) if len(n) >= 2]
    phones = {p for _, p in ratings_rows if p} | {p for _, p, _ in cases_rows if p}
    id_numbers = {i for _, _, i in cases_rows if i}
    names = {n for n, _ in ratings_rows if len(n or "") >= 2} | set(staff_names)
    assert len(phones) > 100 and names
    html = []
    with Browser(app) as client:
        for month in sorted({f"{START + dt.timedelta(days=n):%Y-%m}" for n in range((REF - START).days + 1)}):
            page = client.get(f"/public/{builder.CENTER_CODE}/ratings", params={"month": month})
            assert page.status_code == 200, page.text
            html.append(page.text)
    text = "\n".join(html)
    bad_comments = set(db.scalars(select(Rating.comment).where(Rating.is_bad.is_(True), Rating.comment != "")))
    assert sum(c in text for c in bad_comments) > 10  # the bad reviews themselves are published
    assert not [p for p in phones if p in text]
    assert not [i for i in id_numbers if i in text]
    assert not [n for n in names if n in text]

"""The demo's year of first inquiries (E2): channels and outcomes in realistic proportions, numbers as the service
gives them, the first responder among those present and at work, and referrals whose state agrees with their dates,
sent to the B of someone on leave as the service sends them."""

import datetime as dt
import re
from collections import Counter

from sqlalchemy import select

from tests.demo.duty_year.conftest import END, REF, START
from xiaoneng.cases.models import Case
from xiaoneng.cases.rules import DeadlineState
from xiaoneng.duty import queries as duty
from xiaoneng.duty.models import Absence, AbsenceStatus
from xiaoneng.duty import rules as duty_rules
from xiaoneng.duty.rules import HalfDay, is_away
from xiaoneng.inquiries import deadlines as inquiry_deadlines
from xiaoneng.inquiries import rules
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import Staff


def test_channels_and_outcomes_in_realistic_proportions(db):
    inquiries = list(db.scalars(select(Inquiry)))
    channels = Counter(i.channel for i in inquiries)
    assert channels["visit"] > channels["phone"] > channels["online"] > channels["fax"] > 0
    outcomes = Counter(i.outcome for i in inquiries)
    assert outcomes["answered"] > 0.6 * len(inquiries) and outcomes["case"] > 0 and outcomes["referred"] > 0
    assert all(i.answer for i in inquiries if i.outcome == "answered")
    assert all(not i.answer for i in inquiries if i.outcome != "answered")
    assert len({i.content for i in inquiries}) > 0.5 * len(inquiries)  # varied texts, not a handful of templates


def test_numbers_days_and_hours_as_the_service_logs_them(db, cal):
    by_day = Counter()
    for i in sorted(db.scalars(select(Inquiry)), key=lambda i: (i.asked_at, i.id)):
        local = i.asked_at.astimezone(TZ)
        by_day[local.date()] += 1
        assert i.number == f"ZX{local:%Y%m%d}{by_day[local.date()]:04d}"
        assert START <= local.date() <= REF and cal.is_working_day(local.date())
        assert dt.time(9) <= local.time() <= dt.time(17, 30)
        assert i.outcome == "case" or not dt.time(12) <= local.time() < dt.time(13)  # a case may be at noon
        if i.outcome == "referred":
            assert re.fullmatch(r"1[3-9]\d{9}", i.asker_phone)


def test_the_first_responder_is_the_highest_ranked_present_and_at_work(db):
    staff = {s.id: s for s in db.scalars(select(Staff))}
    approved = {}
    for a in db.scalars(select(Absence).where(Absence.status == AbsenceStatus.APPROVED)):
        period = duty_rules.Period.of(a.start_date, a.start_half, a.end_date, a.end_half)
        approved.setdefault(a.staff_id, []).append(duty_rules.Absence(
            person_id=a.staff_id, person_name="", kind=duty_rules.AbsenceKind(a.kind), period=period))
    several = 0
    for i in db.scalars(select(Inquiry)):
        present = [rules.Present(p, staff[p].rank) for p in i.present_ids]
        assert i.present_ids[0] == i.logged_by_id and i.responder_id == rules.first_responder(present)
        assert i.department_id == staff[i.responder_id].department_id
        assert not is_away(i.responder_id, HalfDay.of_time(i.asked_at.astimezone(TZ)), approved.get(i.responder_id, []))
        several += len(present) > 1
    assert several > 0


def test_inquiries_that_became_cases_name_the_case_applied_for_just_after(db):
    for i in db.scalars(select(Inquiry).where(Inquiry.outcome == "case")):
        case = db.get(Case, i.case_id)
        assert case.handler_id == i.responder_id and case.department_id == i.department_id
        assert dt.timedelta(0) <= case.received_at - i.asked_at <= dt.timedelta(minutes=30)


def test_referral_states_agree_with_their_dates(db, cal):
    referrals = list(db.scalars(select(Referral)))
    assert referrals
    late_ack = late_answer = 0
    for r in referrals:
        inquiry = db.get(Inquiry, r.inquiry_id)
        assert inquiry.outcome == "referred" and r.department_id != inquiry.department_id
        assert r.referred_on == inquiry.asked_at.astimezone(TZ).date()
        due = rules.referral_due(r.referred_on, cal)
        assert (r.acknowledge_by, r.answer_by) == (due.acknowledge_by, due.answer_by)
        if r.status == "open":
            assert r.acknowledged_at is None and r.answered_at is None and not r.answer
        else:
            assert inquiry.asked_at <= r.acknowledged_at < END and r.acknowledged_by_id
            late_ack += r.acknowledged_at.astimezone(TZ).date() > r.acknowledge_by
        if r.status == "answered":
            assert r.acknowledged_at <= r.answered_at < END and r.answer and r.answered_by_id
            assert r.deadline_state == ""
            late_answer += r.answered_at.astimezone(TZ).date() > r.answer_by
        else:
            assert r.answered_at is None
            state = rules.referral_state(r.status, acknowledge_by=r.acknowledge_by, answer_by=r.answer_by, today=REF,
                                         calendar=cal)
            assert r.deadline_state == state.value
    answered = [r for r in referrals if r.status == "answered"]
    assert len(answered) > 0.9 * len(referrals)
    assert 0 < late_ack < 0.25 * len(referrals) and 0 < late_answer < 0.3 * len(referrals)
    overdue = [r for r in referrals if r.deadline_state == DeadlineState.OVERDUE]
    assert 1 <= len(overdue) <= 10  # a few still overdue at the build


def test_a_referral_goes_to_whoever_holds_the_persons_post_as_the_service_sends_it(db):
    named = list(db.scalars(select(Referral).where(Referral.to_staff_id.is_not(None))))
    acting = 0
    for r in named:
        asked = db.get(Inquiry, r.inquiry_id).asked_at.astimezone(TZ)
        assert r.assigned_staff_id == duty.covering(db, staff_id=r.to_staff_id, at=HalfDay.of_time(asked)), r.id
        acting += r.assigned_staff_id not in (None, r.to_staff_id)
    assert acting >= 1


def test_the_referral_deadline_job_finds_everything_already_timed(db):
    counts = inquiry_deadlines.refresh_deadlines(db, today=REF)
    assert counts["checked"] > 0 and counts["changed"] == 0 and counts["notices"] == 0

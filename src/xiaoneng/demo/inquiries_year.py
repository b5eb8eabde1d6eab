"""The demo's year of first inquiries (E2) at the main center: logged with their first responder on the working days
of the year, by visit, phone, fax or online, answered on the spot, turned into a case or referred; the referrals
signed for and answered mostly on time, some late, a few still overdue at the build. A referral to someone on leave
goes to whoever holds their post then, as inquiries.service does (duty.queries.covering, here on the leave book)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.cases import settings as case_settings
from xiaoneng.cases.models import Case, CaseOrigin
from xiaoneng.cases.rules import DeadlineState
from xiaoneng.kit import bulk
from xiaoneng.demo.cases_year import CASES_PER_DAY, MONTH_FACTORS, WEEKDAY_FACTORS
from xiaoneng.demo.days import at, year_ending
from xiaoneng.demo.inquiry_desk import CASE_SHARE, CHANNELS, Desk
from xiaoneng.demo.leave_book import LeaveBook
from xiaoneng.demo.referral_life import life, notices, state_since
from xiaoneng.inquiries import rules
from xiaoneng.inquiries import service as inquiries
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.inquiries.rules import ReferralStatus
from xiaoneng.items.models import ItemMaterial
from xiaoneng.kit.clock import TZ
from xiaoneng.notifications.models import Notification

INQUIRIES_PER_DAY = 24  # at scale 1 and the cases' volume: about 6,000 a year
STUCK = (ReferralStatus.OPEN, ReferralStatus.ACKNOWLEDGED, ReferralStatus.ACKNOWLEDGED)  # still overdue at the build


def _cases_by_day(session: Session, center_id: int) -> dict[dt.date, list]:
    """The window cases of the year by the day they were received: the inquiries that became a case."""
    found: dict[dt.date, list] = {}
    for case in session.execute(select(Case.id, Case.item_id, Case.handler_id, Case.received_at)
                                .where(Case.center_id == center_id, Case.origin == CaseOrigin.WINDOW)
                                .order_by(Case.received_at, Case.id)):
        found.setdefault(case.received_at.astimezone(TZ).date(), []).append(case)
    return found


def _desk(session: Session, ctx, book: LeaveBook) -> Desk:
    materials: dict[int, list[str]] = {}
    for item_id, name in session.execute(select(ItemMaterial.item_id, ItemMaterial.name)
                                         .where(ItemMaterial.required.is_(True))
                                         .order_by(ItemMaterial.item_id, ItemMaterial.seq)):
        materials.setdefault(item_id, []).append(name)
    halls = {ctx.departments[code].id: ctx.points[spec.hall].name for code, spec in ctx.department_specs.items()}
    return Desk(rng=ctx.rng, center=ctx.centers["gov"], departments=ctx.departments, staff=ctx.staff, items=ctx.items,
                materials=materials, halls=halls, book=book)


def add_inquiries_year(session: Session, ctx) -> None:
    session.flush()
    rng, gov, ref = ctx.rng, ctx.centers["gov"], ctx.reference_date
    nrng = np.random.default_rng(rng.getrandbits(64))
    start, end = year_ending(ref), at(ctx.today, 0)
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    book = LeaveBook.from_db(session, [gov.id], {s.id: s.full_name for s in ctx.staff}, {gov.id: cal})
    desk = _desk(session, ctx, book)
    cases = _cases_by_day(session, gov.id)
    work_days = cal.working_days_between(start, ref)
    volume = INQUIRIES_PER_DAY * ctx.scale * ctx.cases_per_day / CASES_PER_DAY
    factors = np.array([MONTH_FACTORS[d.month] * WEEKDAY_FACTORS[d.weekday()] for d in work_days])
    per_day = nrng.poisson(volume * factors)
    visits = dict(CHANNELS)[rules.Channel.VISIT]
    drawn, used = [], set()
    for day, count in zip(work_days, per_day.tolist()):
        for _ in range(count):
            case = None
            if cases.get(day) and rng.random() < visits * CASE_SHARE:
                case = rng.choice(cases[day])
                case = None if case.id in used else case
            found = desk.draw(day, case)
            if found is not None:
                drawn.append(found)
                used.add(found.row["case_id"])
    # Numbers as the service gives them: ZX, the day, the inquiry's place in that day.
    drawn.sort(key=lambda d: (d.row["asked_at"], d.row["responder_id"]))
    seq: Counter = Counter()
    for d in drawn:
        day = d.row["asked_at"].astimezone(TZ).date()
        seq[day] += 1
        d.row["number"] = f"ZX{day:%Y%m%d}{seq[day]:04d}"
    before = bulk.last_id(session, Inquiry.__table__)
    bulk.insert(session, Inquiry.__table__, [d.row for d in drawn])
    ids = dict(session.execute(select(Inquiry.number, Inquiry.id).where(Inquiry.center_id == gov.id,
                                                                       Inquiry.id > before)).all())
    referrals, notes = _referrals(session, ctx, cal, [d for d in drawn if d.department_id], ids, end)
    counts = {"inquiries": len(drawn), "referrals": len(referrals)}
    ctx.counts.update(counts)
    audit.record(session, actor=ctx.actor, action="demo_build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"step": "inquiries_year", "from": start.isoformat(), "to": ref.isoformat(), **counts,
                         "channels": dict(sorted(Counter(d.row["channel"] for d in drawn).items())),
                         "outcomes": dict(sorted(Counter(d.row["outcome"] for d in drawn).items())),
                         "referral_statuses": dict(sorted(Counter(r["status"] for r in referrals).items())),
                         "notifications": notes})


def _referrals(session: Session, ctx, cal, referred: list, ids: dict[str, int], end: dt.datetime):
    rng, gov, ref = ctx.rng, ctx.centers["gov"], ctx.reference_date
    setting = inquiries.settings_for(session, gov.id)
    span = case_settings.due_soon_days(session, center_id=gov.id)
    heads = {}
    for s in ctx.staff:
        if s.role == Role.DEPT_HEAD and s.active:
            heads.setdefault(s.department_id, []).append(s.id)
    supervisors = [s.id for s in ctx.staff if s.role == Role.SUPERVISOR and s.active and s.center_id == gov.id]
    # A few referred four to ten working days before the build are still open or only signed for: overdue.
    window = set(cal.working_days_between(ref - dt.timedelta(days=16), ref - dt.timedelta(days=6)))
    candidates = [i for i, d in enumerate(referred) if d.row["asked_at"].astimezone(TZ).date() in window]
    stuck = dict(zip(rng.sample(candidates, k=min(len(STUCK), len(candidates))), STUCK))
    rows = []
    for i, d in enumerate(referred):
        asked_at = d.row["asked_at"]
        day = asked_at.astimezone(TZ).date()
        due = rules.referral_due(day, cal, ack_days=setting.ack_days, answer_days=setting.answer_days)
        lived = life(rng, cal, referred_at=asked_at, acknowledge_by=due.acknowledge_by, answer_by=due.answer_by,
                     end=end, stuck=stuck.get(i, ""))
        handler = d.assigned_id or rng.choice(heads.get(d.department_id) or [d.to_staff.id])
        rows.append(dict(center_id=gov.id, inquiry_id=ids[d.row["number"]], department_id=d.department_id,
                         to_staff_id=d.to_staff.id if d.to_staff else None, assigned_staff_id=d.assigned_id,
                         referred_on=day, acknowledge_by=due.acknowledge_by, answer_by=due.answer_by,
                         deadline_state="", acknowledged_by_id=handler if lived["acknowledged_at"] else None,
                         answered_by_id=handler if lived["answered_at"] else None,
                         answer=d.answer if lived["answered_at"] else "", created_at=asked_at, **lived))
    before = bulk.last_id(session, Referral.__table__)
    notes, keys = [], set()
    for r, d in zip(rows, referred):
        if r["status"] == ReferralStatus.ANSWERED:
            continue
        state, since = state_since(r["status"], referred_on=r["referred_on"], acknowledge_by=r["acknowledge_by"],
                                   answer_by=r["answer_by"], ref=ref, cal=cal, span=span)
        r["deadline_state"], d.extra["state"] = state.value, (state, since)
    bulk.insert(session, Referral.__table__, rows)
    by_inquiry = dict(session.execute(select(Referral.inquiry_id, Referral.id).where(Referral.id > before)).all())
    for r, d in zip(rows, referred):
        state, since = d.extra.get("state", (DeadlineState.ON_TIME, ref))
        for note in notices(by_inquiry[r["inquiry_id"]], r, d.row, d.row["number"],
                            heads=heads.get(r["department_id"], []), supervisors=supervisors, state=state,
                            since=since, ref=ref):
            if note["key"] not in keys:
                keys.add(note["key"])
                notes.append(note)
    bulk.insert(session, Notification.__table__, notes)
    return rows, len(notes)

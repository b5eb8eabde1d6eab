"""The demo's year of leave (E1): asked by each person, decided by their department head (a head's by the director,
a director's by the other one), up to the build's today and a few weeks on, and never leaving a post empty.

Each wish is checked in the order it was asked against the leave already placed, as duty.service checks a request
(duty.rules.empty_post_problems through leave_book.LeaveBook). A wish that would empty a post is never asked, but for
a few that the head refused with a note naming the conflict. A few posts have a leader's proxy (代岗) while A and B
are both away. Leave still undecided at the build starts in the coming weeks.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.cases import settings as case_settings
from xiaoneng.kit import bulk
from xiaoneng.demo.catalog import duty_texts as texts
from xiaoneng.demo.days import at, year_ending
from xiaoneng.demo.leave_book import LeaveBook
from xiaoneng.demo.leave_notices import notices, reminders
from xiaoneng.demo.leave_plan import Season, begins, row, wishes
from xiaoneng.demo.leave_proxies import plant_proxies
from xiaoneng.duty.models import Absence, AbsenceStatus, DutyPost
from xiaoneng.duty.rules import ROLE_LABELS
from xiaoneng.notifications.models import Notification

LOOKBACK_DAYS = 20  # leave early in the year was asked before it began
FUTURE_DAYS = 30  # leave already asked for the weeks after the build
CONFLICT_REFUSALS = 6  # requests that would have emptied a post, refused by the head with a note
CONFLICT_REFUSAL_SHARE = 0.4  # of such requests, so that the refusals fall across the year
OTHER_REFUSALS = 0.012
CANCELLED = 0.025
PENDING_RECENT = 0.7  # of leave asked in the last three working days for after the build, still undecided
LEAD_ROLES = {Role.DEPT_HEAD, Role.SUPERVISOR, Role.DIRECTOR, Role.ADMIN}


def deciders(staff: list) -> dict[int, object]:
    """Who decides each person's leave: the department head; for a head (or someone without a head) the center's
    main director; for a director the other director. Nobody decides their own, so a lone director takes none."""
    heads = {s.department_id: s for s in staff if s.role == Role.DEPT_HEAD}
    directors: dict[int, list] = {}
    for s in staff:
        if s.role == Role.DIRECTOR:
            directors.setdefault(s.center_id, []).append(s)
    found = {}
    for s in staff:
        if s.role == Role.DIRECTOR:
            others = [d for d in directors[s.center_id] if d.id != s.id]
            if others:
                found[s.id] = others[0]
        elif s.role == Role.DEPT_HEAD or s.department_id not in heads:
            found[s.id] = directors[s.center_id][0]
        else:
            found[s.id] = heads[s.department_id]
    return found


def add_leave_year(session: Session, ctx) -> None:
    session.flush()
    rng, gov, ref = ctx.rng, ctx.centers["gov"], ctx.reference_date
    start, end_of_ref = year_ending(ref), at(ctx.today, 0)
    calendars = {c.id: calendar_service.get_calendar(session, center_id=c.id) for c in ctx.centers.values()}
    names = {s.id: s.full_name for s in ctx.staff}
    posts = list(session.scalars(select(DutyPost).where(DutyPost.center_id.in_(calendars)).order_by(DutyPost.id)))
    book = LeaveBook(posts, names, calendars)
    seasons = {cid: Season(cal, start - dt.timedelta(days=LOOKBACK_DAYS), ctx.today + dt.timedelta(days=FUTURE_DAYS))
               for cid, cal in calendars.items()}
    decide = deciders(ctx.staff)
    planted = plant_proxies(session, ctx, posts, seasons[gov.id], book, decide)
    rows = planted.rows
    wanted = []
    for center_id, season in seasons.items():
        people = [s for s in ctx.staff if s.active and s.id in decide and s.center_id == center_id]
        first = bisect.bisect_left(season.days, start)
        wanted += wishes(rng, people, season, lead_roles=LEAD_ROLES, first=first)
    wanted.sort(key=lambda w: (w.requested_at, w.person.id))
    asked: set[tuple[int, dt.datetime]] = {(r["staff_id"], r["created_at"]) for r in rows}
    gov_days = seasons[gov.id].days
    recent = gov_days[max(0, bisect.bisect_right(gov_days, ref) - 3)]  # the first of the last three working days
    refusals_left = CONFLICT_REFUSALS
    skipped = 0
    for wish in wanted:
        person, period, cal = wish.person, wish.period, calendars[wish.person.center_id]
        while (person.id, wish.requested_at) in asked:  # one request per person and minute: the rows' natural key
            wish.requested_at += dt.timedelta(minutes=1)
        if wish.requested_at >= end_of_ref or planted.blocks(person.id, period) or book.overlaps_own(person.id, period):
            continue
        season, decider, starts = seasons[person.center_id], decide[person.id], begins(period)
        decided_at = season.decided(rng, wish.requested_at, starts)
        conflicts = book.conflicts(person.id, period)
        if conflicts:
            # Refused only for a conflict with leave asked before it; any other such wish was never asked.
            if (refusals_left and rng.random() < CONFLICT_REFUSAL_SHARE
                    and all(c.requested_at and c.requested_at < wish.requested_at for c in conflicts)):
                refusals_left -= 1
                note = texts.CONFLICT_NOTE.format(role=ROLE_LABELS[conflicts[0].other_role][0],
                                                  problem=conflicts[0].problem)
                rows.append(row(wish, cal, status=AbsenceStatus.REFUSED, decider=decider,
                                decided_at=min(decided_at, end_of_ref - dt.timedelta(minutes=1)), note=note[:500]))
                asked.add((person.id, wish.requested_at))
            else:
                skipped += 1
            continue
        asked.add((person.id, wish.requested_at))
        undecided = decided_at >= end_of_ref or (wish.requested_at.date() >= recent and rng.random() < PENDING_RECENT)
        if period.start.day > ref and undecided:
            rows.append(row(wish, cal, status=AbsenceStatus.PENDING))
            book.place(person.id, wish.kind, period, approved=False, requested_at=wish.requested_at)
            continue
        if decided_at >= end_of_ref:  # asked on the last day for that day: answered within the hour
            decided_at = wish.requested_at + dt.timedelta(minutes=rng.randint(10, 50))
        if wish.kind in ("vacation", "personal") and rng.random() < OTHER_REFUSALS:
            rows.append(row(wish, cal, status=AbsenceStatus.REFUSED, decider=decider, decided_at=decided_at,
                            note=rng.choice(texts.refusal_notes(period.start.day))))
            continue
        note = rng.choice(texts.APPROVAL_NOTES)
        if rng.random() < CANCELLED and decided_at < starts and starts < end_of_ref:
            cancelled_at = decided_at + (starts - decided_at) * rng.uniform(0.3, 0.9)
            rows.append(row(wish, cal, status=AbsenceStatus.CANCELLED, decider=decider, decided_at=decided_at,
                            note=note, updated_at=cancelled_at))
            continue
        rows.append(row(wish, cal, status=AbsenceStatus.APPROVED, decider=decider, decided_at=decided_at, note=note))
        book.place(person.id, wish.kind, period, approved=True, requested_at=wish.requested_at)
    before = bulk.last_id(session, Absence.__table__)
    bulk.insert(session, Absence.__table__, rows)
    ids = {(s, c): i for i, s, c in session.execute(select(Absence.id, Absence.staff_id, Absence.created_at)
                                                    .where(Absence.id > before))}
    written = [(ids[(r["staff_id"], r["created_at"])], r) for r in rows]
    spans = {cid: case_settings.due_soon_days(session, center_id=cid) for cid in calendars}
    notes = notices(written, ctx.staff, names, ref) + reminders(written, ctx.staff, names, ref, calendars, spans)
    bulk.insert(session, Notification.__table__, notes)
    statuses = dict(sorted(Counter(str(r["status"]) for r in rows).items()))
    counts = {"absences": len(rows), "post_proxies": len(planted.proxies)}
    ctx.counts.update(counts)
    audit.record(session, actor=ctx.actor, action="demo_build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"step": "leave_year", "from": start.isoformat(), "to": ref.isoformat(), **counts,
                         "statuses": statuses, "never_asked_for_conflict": skipped,
                         "notifications": len(notes)})

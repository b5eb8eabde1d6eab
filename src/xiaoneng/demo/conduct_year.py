"""The demo's conduct findings (E4): a small share of the year's bad reviews quote a forbidden phrase or a variant,
as do a few inquiry notes (a person quoting another window, written by the inquiries step); then the conduct scan
runs over every text the way its hourly job does (conduct.service), and a supervisor confirms or dismisses the
findings that are old enough, through the service too. Findings are dated as the hourly job would have found them,
within the hour after their text was written."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth import service as auth
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.conduct import service as conduct
from xiaoneng.conduct.models import Finding, Source
from xiaoneng.demo.cases_year import DEMO_STAFF
from xiaoneng.demo.catalog import conduct_texts as texts
from xiaoneng.demo.days import at
from xiaoneng.inquiries.models import Inquiry
from xiaoneng.kit.clock import TZ
from xiaoneng.ratings import rules as rating_rules
from xiaoneng.ratings.models import Rating, RatingFollowUp
from xiaoneng.rectification.models import Rectification

FORBIDDEN_SHARE = 0.04  # of the bad reviews with a comment
RECENT_QUOTES = 3  # bad reviews of the last working days quoting a phrase: findings still to be looked at
DECIDED_AFTER_DAYS = 10  # findings older than this (working days) have been looked at
CONFIRMED = {Source.RATING: 0.8, Source.INQUIRY: 0.2, Source.FOLLOW_UP: 0.6}


def _quote_forbidden_phrases(session: Session, ctx, recent_from: dt.date) -> int:
    """Rewrite the comment of some bad reviews (and of their rectification) to quote a forbidden phrase: a share of
    the year's, and a few of the last days' for the supervisors' queue (not the demo clerk's own, which tell
    another story)."""
    rng, gov = ctx.rng, ctx.centers["gov"]
    demo_clerk = next((s.id for s in ctx.staff if s.username == DEMO_STAFF), None)
    conditions = [Rating.center_id == gov.id, Rating.is_bad.is_(True), Rating.is_default.is_(False),
                  Rating.comment != "", Rating.step_id.is_not(None)]
    if demo_clerk is not None:
        conditions.append(Rating.staff_id != demo_clerk)
    bad = session.execute(select(Rating.id, Rating.level, Rating.rated_on).where(*conditions)
                          .order_by(Rating.id)).all()
    older = [r for r in bad if r.rated_on < recent_from]
    recent = [r for r in bad if r.rated_on >= recent_from]
    picked = rng.sample(older, k=min(len(older), max(2, round(len(bad) * FORBIDDEN_SHARE))))
    picked = sorted(picked + rng.sample(recent, k=min(len(recent), RECENT_QUOTES)))
    changes = []
    for rating_id, level, _ in picked:
        comment = rng.choice(texts.FORBIDDEN_COMMENTS)
        flags = rating_rules.flags_for(rating_rules.Level(level), comment, recent_top_from_source=0,
                                       from_staff_device=False)
        changes.append({"b_id": rating_id, "b_comment": comment, "b_flags": flags})
    ratings, loops = Rating.__table__, Rectification.__table__
    if changes:
        session.execute(ratings.update().where(ratings.c.id == bindparam("b_id"))
                        .values(comment=bindparam("b_comment"), flags=bindparam("b_flags")), changes)
        session.execute(loops.update().where(loops.c.rating_id == bindparam("b_id"))
                        .values(rater_comment=bindparam("b_comment")), changes)
    return len(changes)


def _written_at(session: Session, findings: list) -> dict[tuple[str, int], dt.datetime]:
    """When each finding's text was written: the rating, the follow-up, the inquiry."""
    wanted = {source: {f.source_id for f in findings if f.source == source} for source in Source}
    found = {}
    for source, model, column in ((Source.RATING, Rating, Rating.rated_at),
                                  (Source.FOLLOW_UP, RatingFollowUp, RatingFollowUp.created_at),
                                  (Source.INQUIRY, Inquiry, Inquiry.asked_at)):
        if wanted[source]:
            for source_id, moment in session.execute(select(model.id, column).where(model.id.in_(wanted[source]))):
                found[(str(source), source_id)] = moment
    return found


def add_conduct_findings(session: Session, ctx) -> None:
    session.flush()
    rng, gov, ref = ctx.rng, ctx.centers["gov"], ctx.reference_date
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    recent = cal.working_days_between(ref - dt.timedelta(days=3 * DECIDED_AFTER_DAYS), ref)
    old_enough = recent[-DECIDED_AFTER_DAYS] if len(recent) >= DECIDED_AFTER_DAYS else recent[0]
    quoted = _quote_forbidden_phrases(session, ctx, old_enough)
    before = session.scalar(select(Finding.id).order_by(Finding.id.desc()).limit(1)) or 0
    scanned = conduct.scan_new_texts(session, today=ref)
    findings = list(session.scalars(select(Finding).where(Finding.id > before).order_by(Finding.id)))
    written = _written_at(session, findings)
    for finding in findings:
        found_at = written[(finding.source, finding.source_id)] + dt.timedelta(minutes=rng.randint(5, 60))
        finding.found_on, finding.created_at, finding.updated_at = found_at.astimezone(TZ).date(), found_at, found_at
    session.flush()
    supervisors = [s for s in ctx.staff if s.center_id == gov.id and s.role == Role.SUPERVISOR and s.active]
    decided = 0
    for finding in findings:
        if not supervisors or finding.found_on >= old_enough:
            continue
        kind = "rating" if finding.source != Source.INQUIRY else "inquiry"
        confirm = rng.random() < CONFIRMED[Source(finding.source)]
        note = rng.choice((texts.CONFIRM_NOTES if confirm else texts.DISMISS_NOTES)[kind])
        day = cal.add_working_days(finding.found_on, rng.randint(1, 6))
        conduct.decide(session, actor=auth.actor_for(rng.choice(supervisors)), finding_id=finding.id, confirm=confirm,
                       note=note, now=at(day, rng.randint(9 * 60, 17 * 60 + 20)))
        decided += 1
    counts = {"conduct_findings": len(findings)}
    ctx.counts.update(counts)
    audit.record(session, actor=ctx.actor, action="demo_build", entity="center", entity_id=gov.id, center_id=gov.id,
                 detail={"step": "conduct_findings", **counts, "texts_scanned": scanned["texts"],
                         "reviews_quoting_phrases": quoted, "decided": decided})

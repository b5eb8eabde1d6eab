"""The demo's year of complaints: every channel, realistic texts, duplicates linked to an earlier one, some reopened,
a few escalated, late ones urged with their letter's content, recent ones open; the same seed builds the same year."""

import hashlib
import random

from sqlalchemy import func, select

from xiaoneng.complaints import rules
from xiaoneng.complaints.models import Complaint, ComplaintEvent, ComplaintNumber, ComplaintUrge
from xiaoneng.demo.complaints_year import add_complaints_year


def _build(db, demo):
    demo.rng = random.Random(f"{demo.seed}:add_complaints_year")
    add_complaints_year(db, demo)
    db.flush()


def _digest(db) -> str:
    rows = db.execute(select(Complaint.number, Complaint.channel, Complaint.kind, Complaint.status, Complaint.content,
                             Complaint.due_on, Complaint.round)).all()
    return hashlib.sha256("".join(sorted(repr(tuple(r)) for r in rows)).encode()).hexdigest()


def test_a_year_of_complaints(db, demo):
    _build(db, demo)
    complaints = db.scalars(select(Complaint)).all()
    assert len(complaints) == demo.counts["complaints"] > 600
    assert {c.channel for c in complaints} == set(rules.Channel)
    assert {c.kind for c in complaints} == set(rules.Kind)
    merged = [c for c in complaints if c.status == rules.Status.MERGED]
    assert merged and all(db.get(Complaint, c.merged_into_id).complainant_phone == c.complainant_phone for c in merged)
    assert any(c.round == 2 for c in complaints) and any(c.round == 1 for c in complaints)
    assert any(c.status == rules.Status.ESCALATED for c in complaints)
    assert any(c.status in (rules.Status.SIGNED, rules.Status.ASSIGNED) for c in complaints)
    assert len({c.content for c in complaints}) > 300  # varied texts, not one template
    urge = db.scalars(select(ComplaintUrge)).first()
    owner = db.get(Complaint, urge.complaint_id)
    assert urge.recipient and urge.title.endswith("的催办通知书") and owner.number in urge.title
    assert owner.answered_at is not None and urge.issued_on > urge.due_on
    events = db.scalar(select(func.count()).select_from(ComplaintEvent))
    assert events == demo.counts["complaint_events"] and events > 4 * len(complaints)


def test_the_same_seed_builds_the_same_year(db, demo):
    _build(db, demo)
    first = _digest(db)
    nested = db.begin_nested()
    db.execute(ComplaintEvent.__table__.delete())
    db.execute(ComplaintUrge.__table__.delete())
    db.execute(Complaint.__table__.delete())
    db.execute(ComplaintNumber.__table__.delete())
    _build(db, demo)
    assert _digest(db) == first
    nested.rollback()

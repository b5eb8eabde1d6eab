"""The demo's conduct findings (E4): a small share of bad reviews and inquiry notes quote a forbidden phrase, the
scan found each one once, dated as its hourly job would have, and a supervisor confirmed or dismissed the older."""

from collections import Counter

from sqlalchemy import func, select

from tests.demo.duty_year.conftest import REF, START
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.conduct import phrases
from xiaoneng.conduct import service as conduct
from xiaoneng.conduct.models import Finding
from xiaoneng.inquiries.models import Inquiry
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import Staff
from xiaoneng.ratings import rules as rating_rules
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification


def test_findings_come_from_bad_reviews_and_inquiry_notes_and_mark_the_phrase(db):
    findings = list(db.scalars(select(Finding)))
    sources = Counter(f.source for f in findings)
    assert sources["rating"] >= 3 and sources["inquiry"] >= 1
    matcher = phrases.builtin_matcher()
    for f in findings:
        assert f.phrase_code in {h.code for h in matcher.scan(f.text)}
        assert START <= f.found_on <= REF and f.text[f.start:f.end]
        if f.source == "rating":
            rating = db.get(Rating, f.source_id)
            assert rating.is_bad and f.text == rating.comment and f.staff_id == rating.staff_id
            assert not rating_rules.contradicts(rating_rules.Level(rating.level), rating.comment)
            assert rating.rated_at.astimezone(TZ).date() <= f.found_on
            loop = db.scalar(select(Rectification).where(Rectification.rating_id == rating.id))
            assert loop.rater_comment == rating.comment
        else:
            inquiry = db.get(Inquiry, f.source_id)
            assert f.staff_id == inquiry.responder_id and inquiry.asked_at.astimezone(TZ).date() <= f.found_on
    bad = db.scalar(select(func.count()).select_from(Rating).where(Rating.is_bad.is_(True)))
    assert sources["rating"] < 0.1 * bad  # a small share


def test_older_findings_were_decided_by_a_supervisor_and_recent_ones_wait(db):
    findings = list(db.scalars(select(Finding)))
    statuses = Counter(f.status for f in findings)
    assert statuses["confirmed"] > 0 and statuses["dismissed"] > 0 and statuses["pending"] > 0
    supervisors = set(db.scalars(select(Staff.id).where(Staff.role == Role.SUPERVISOR)))
    for f in findings:
        if f.status == "pending":
            assert f.decided_at is None
            continue
        assert f.decided_by_id in supervisors and f.decision_note
        assert f.found_on < f.decided_at.astimezone(TZ).date() <= REF
    decisions = db.scalar(select(func.count()).select_from(AuditRecord).where(
        AuditRecord.entity == "conduct_finding", AuditRecord.action.in_(("confirm", "dismiss"))))
    assert decisions == statuses["confirmed"] + statuses["dismissed"]


def test_the_scan_job_has_nothing_left_to_read(db):
    assert conduct.scan_new_texts(db, today=REF) == {"texts": 0, "findings": 0}

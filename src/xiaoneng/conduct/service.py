"""Use cases of the conduct scan (E4): every text about a staff member (rating comments, follow-ups, inquiry
records) is scanned once for the forbidden phrases of its center; each hit is a finding a supervisor confirms or
dismisses. A center's admin may replace the built-in phrases with its own (checked, versioned, audited)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.complaints.texts import complaints_after
from xiaoneng.conduct import phrases as phrase_sets
from xiaoneng.conduct.matcher import Matcher
from xiaoneng.conduct.models import Finding, FindingStatus, PhraseSet, ScanMark, Source
from xiaoneng.errors import Conflict, NotFound
from xiaoneng.inquiries.texts import inquiries_after
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, clean_text, record_id
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.kit.staff_text import StaffText
from xiaoneng.ratings.texts import comments_after, follow_ups_after

SOURCES: dict[Source, Callable[[Session, int, int], list[StaffText]]] = {
    Source.RATING: comments_after, Source.FOLLOW_UP: follow_ups_after, Source.INQUIRY: inquiries_after,
}
SOURCES[Source.COMPLAINT] = complaints_after
BATCH = 2000
# The automaton of each phrase set, by its content: a version number alone could name a set whose transaction rolled
# back and another one committed after it.
_matchers: dict[str, Matcher] = {}


def matcher_for(session: Session, center_id: int) -> Matcher:
    row = session.get(PhraseSet, center_id)
    if row is None:
        return phrase_sets.builtin_matcher()
    key = hashlib.sha256(json.dumps(row.data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    if key not in _matchers:
        _matchers[key] = Matcher(phrase_sets.parse(row.data))
    return _matchers[key]


def update_phrases(session: Session, *, actor: Actor, data: dict) -> PhraseSet:
    """Replace the center's phrases (refused, naming the phrase, when one is malformed)."""
    actor.require("conduct.settings")
    center_id = actor_center_id(actor)
    parsed = phrase_sets.parse(data)
    row = session.get(PhraseSet, center_id)
    if row is None:
        row = PhraseSet(center_id=center_id, data=data, version=1)
        session.add(row)
    else:
        row.data, row.version = data, row.version + 1
    session.flush()
    audit.record(session, actor=actor, action="update", entity="conduct_phrases", entity_id=center_id,
                 center_id=center_id, detail={"version": row.version, "phrases": len(parsed)})
    return row


def phrases_data(session: Session, *, actor: Actor) -> tuple[dict, bool]:
    """The center's phrases in their JSON form, and whether they are its own (else the built-in set of S1)."""
    actor.require("conduct.settings")
    row = session.get(PhraseSet, actor_center_id(actor))
    if row is not None:
        return row.data, True
    return phrase_sets.builtin_data(), False


def scan_new_texts(session: Session, *, today: dt.date) -> dict:
    """Timed job: read each source past its watermark, in batches, and record the hits as findings."""
    counts = {"texts": 0, "findings": 0}
    matchers: dict[int, Matcher] = {}  # per center, read once for the whole scan
    for source, read in SOURCES.items():
        mark = session.get(ScanMark, str(source)) or ScanMark(source=str(source), last_id=0)
        session.add(mark)
        while True:
            batch = read(session, mark.last_id, BATCH)
            if not batch:
                break
            for item in batch:
                counts["texts"] += 1
                if item.center_id not in matchers:
                    matchers[item.center_id] = matcher_for(session, item.center_id)
                counts["findings"] += _record(session, source, item, today, matchers[item.center_id])
            mark.last_id = batch[-1].id
            session.flush()
    if counts["findings"]:
        audit.record(session, actor=system_actor(name="job:conduct_scan"), action="scan", entity="conduct_finding",
                     detail=counts)
    return counts


def _record(session: Session, source: Source, item: StaffText, today: dt.date, matcher: Matcher) -> int:
    if not item.text.strip():
        return 0
    found = 0
    for hit in matcher.scan(item.text):
        session.add(Finding(center_id=item.center_id, department_id=item.department_id, staff_id=item.staff_id,
                            source=source, source_id=item.id, link=item.link, text=item.text[:5000],
                            phrase_code=hit.code, phrase_text=matcher.phrase(hit.code).text, start=hit.start, end=hit.end,
                            found_on=today))
        found += 1
    return found


def list_findings(session: Session, *, actor: Actor, status: str = "", staff_id: int | None = None,
                  limit: int = 500) -> list[Finding]:
    actor.require("conduct.read")
    stmt = select(Finding).where(Finding.center_id == actor.center_id)
    if actor.department_scoped:
        stmt = stmt.where(Finding.department_id == actor.department_id)
    if status:
        stmt = stmt.where(Finding.status == status)
    if staff_id:
        stmt = stmt.where(Finding.staff_id == staff_id)
    return list(session.scalars(stmt.order_by(Finding.id.desc()).limit(limit)))


def decide(session: Session, *, actor: Actor, finding_id, confirm: bool, note: str = "",
           now: dt.datetime | None = None) -> Finding:
    actor.require("conduct.decide")
    finding = session.get(Finding, record_id(finding_id))
    if finding is None:
        raise NotFound()
    ensure_visible(finding, actor)
    if finding.status != FindingStatus.PENDING:
        raise Conflict("该线索已处理", field="status")
    finding.status = FindingStatus.CONFIRMED if confirm else FindingStatus.DISMISSED
    finding.decided_by_id, finding.decided_at = actor.user_id, now or clock.now()
    finding.decision_note = clean_text(note)[:500]
    session.flush()
    audit.record(session, actor=actor, action="confirm" if confirm else "dismiss", entity="conduct_finding",
                 entity_id=finding.id, center_id=finding.center_id,
                 detail={"phrase": finding.phrase_code, "note": finding.decision_note})
    return finding

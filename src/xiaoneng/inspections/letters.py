"""提示函 and 督办函 drafted from inspection findings: on one finding, on a visit's findings (one letter per unit) or
on a month's findings still to rectify. Findings past their due day or failed at a re-inspection go into a 督办函,
the others into a 提示函. The draft goes through letters.service (the supervisor checks, edits and issues it on the
letters pages); which findings it names is kept here (FindingLetter), so each finding's page lists its letters.
Pressing the button again returns the draft already waiting for the same findings instead of a second one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.errors import Conflict
from xiaoneng.inspections import findings, letter_text, notices, rules
from xiaoneng.inspections.common import get_visit
from xiaoneng.inspections.models import FindingLetter, InspectionFinding
from xiaoneng.kit import clock
from xiaoneng.kit.scope import Actor
from xiaoneng.letters import rules as letter_rules
from xiaoneng.letters import service as letters
from xiaoneng.letters.models import Letter

URGE_DAYS = 3  # working days a 督办函 gives to rectify, from the day it is drafted
NOTHING = "这些问题均已反馈整改、待复查或已销号，无需发函"


def draft_for_finding(session: Session, *, actor: Actor, finding_id) -> Letter:
    actor.require("letters.write")
    finding = findings.get_finding(session, actor=actor, finding_id=finding_id)
    notice = notices.for_finding(session, actor=actor, finding_id=finding.id)
    drafted = _draft(session, actor, [notice], source=("inspection_finding", finding.id,
                                                       f"/inspections/findings/{finding.id}"))
    return drafted[0]


def draft_for_visit(session: Session, *, actor: Actor, visit_id) -> list[Letter]:
    actor.require("letters.write")
    visit = get_visit(session, actor, visit_id)
    found = notices.for_visit(session, actor=actor, visit_id=visit.id)
    return _draft(session, actor, found, source=("inspection_visit", visit.id, f"/inspections/visits/{visit.id}"))


def draft_for_month(session: Session, *, actor: Actor, month: dt.date) -> list[Letter]:
    """The monthly letters: one per unit on the findings of the month's inspections still to rectify."""
    actor.require("letters.write")
    first = month.replace(day=1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    found = notices.for_month(session, actor=actor, month=first)
    link = f"/inspections/findings?state=open&start={first.isoformat()}&end={last.isoformat()}"
    return _draft(session, actor, found, source=("inspection_findings", None, link))


def draft_as_of(session: Session, *, actor: Actor, rows: list[InspectionFinding], subject: str, day: dt.date,
                at: dt.datetime, source: tuple[str, int | None, str]) -> list[Letter]:
    """Letters on `rows` as they stood on `day` (the demo's year, written after the fact): a finding was still to
    rectify when its unit knew of it and had not reported it rectified or seen it closed by then, late when past
    its due day."""
    actor.require("letters.write")

    def state(f: InspectionFinding) -> tuple[bool, bool]:
        known = f.notified_on is not None and f.notified_on <= day
        done = any(d is not None and d <= day for d in (f.answered_on, f.closed_on))
        return known and not done, bool(f.due_on and day > f.due_on)

    found = notices.gather(session, actor.center_id, rows, subject)
    return _draft(session, actor, found, source=source, today=day, at=at, state=state)


def letters_of(session: Session, *, actor: Actor, finding: InspectionFinding) -> list[Letter]:
    """The letters that name a finding, as the actor may see them (a unit: the issued ones sent to it)."""
    ids = set(session.scalars(select(FindingLetter.letter_id).where(FindingLetter.finding_id == finding.id)))
    return letters.letters_by_ids(session, actor=actor, letter_ids=ids) if ids else []


def _waiting_draft(session: Session, actor: Actor, kind: str, finding_ids: list[int]) -> Letter | None:
    """A draft of this kind naming exactly these findings, not yet issued."""
    named: dict[int, set[int]] = {}
    for letter_id, finding_id in session.execute(select(FindingLetter.letter_id, FindingLetter.finding_id).where(
            FindingLetter.letter_id.in_(select(FindingLetter.letter_id).where(
                FindingLetter.finding_id.in_(finding_ids))))):
        named.setdefault(letter_id, set()).add(finding_id)
    same = [i for i, ids in named.items() if ids == set(finding_ids)]
    for letter in letters.letters_by_ids(session, actor=actor, letter_ids=same) if same else []:
        if letter.status == letter_rules.Status.DRAFT and letter.kind == kind:
            return letter
    return None


def _now_state(today: dt.date):
    def state(f: InspectionFinding) -> tuple[bool, bool]:
        """(still to rectify, late): one reported rectified awaits its re-inspection, a closed one needs nothing."""
        return f.status == rules.FindingStatus.OPEN, rules.needs_urging(f.status, f.due_on, today,
                                                                        f.failed_reinspections)
    return state


def _draft(session: Session, actor: Actor, found: list[notices.Notice], *, source, today: dt.date | None = None,
           at: dt.datetime | None = None, state=None) -> list[Letter]:
    today = today or clock.today()
    state = state or _now_state(today)
    ids = [p.finding_id for n in found for p in n.problems]
    rows = {f.id: f for f in session.scalars(select(InspectionFinding).where(InspectionFinding.id.in_(ids)))}
    cal = calendar.get_calendar(session, center_id=actor.center_id)
    out: list[Letter] = []
    for notice in found:
        fresh, late = [], []
        for problem in notice.problems:
            f = rows[problem.finding_id]
            pending, urging = state(f)
            if not pending:
                continue
            overdue = cal.get_working_days_delta(f.due_on, today) if f.due_on and today > f.due_on else 0
            item = letter_text.Item(problem.line(), problem.number, problem.found_on, problem.due_on,
                                    overdue_days=overdue, failed_reinspections=f.failed_reinspections)
            (late if urging else fresh).append((f, item))
        for kind, group in ((letter_rules.Kind.NOTICE, fresh), (letter_rules.Kind.URGE, late)):
            if group:
                out.append(_one(session, actor, notice, kind, group, today, cal, source, at))
    if not out:
        raise Conflict(NOTHING, field="status")
    return out


def _one(session: Session, actor: Actor, notice: notices.Notice, kind, group, today, cal, source, at) -> Letter:
    finding_ids = [f.id for f, _ in group]
    waiting = _waiting_draft(session, actor, str(kind), finding_ids)
    if waiting is not None:
        return waiting
    items = [item for _, item in group]
    urging = kind == letter_rules.Kind.URGE
    if urging:
        body = letter_text.urge_body(items, today, cal.add_working_days(today, URGE_DAYS))
    else:
        body = letter_text.notice_body(items, max(i.due_on for i in items if i.due_on))
    entity, source_id, link = source
    letter = letters.draft(session, actor=actor, kind=kind, to_department_id=notice.department_id,
                           title=letter_text.title(notice.subject, urging), paragraphs=body,
                           copy_to=["中心领导"] if urging else [], source_entity=entity, source_id=source_id,
                           source_link=link, at=at)
    session.add_all([FindingLetter(letter_id=letter.id, finding_id=i) for i in finding_ids])
    session.flush()
    label = letter_rules.KIND_LABELS[kind]
    for f, _ in group:
        audit.record(session, actor=actor, action="inspection.letter", entity="inspection_finding", entity_id=f.id,
                     center_id=f.center_id, detail={"number": f.number, "kind": label, "letter": letter.id,
                                                    "title": letter.title})
    return letter

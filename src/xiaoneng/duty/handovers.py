"""交接记录 (E1): when A's approved absence has ended, a handover lists what was done for A while away (the 代岗
actions) and A confirms it; an unconfirmed handover turns due soon and overdue like every timed duty (B4)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import settings as case_settings
from xiaoneng.cases.rules import DEADLINE_STATE_LABELS, DeadlineState, deadline_state
from xiaoneng.duty import acting, rules
from xiaoneng.duty.deadlines import StaffOfRole
from xiaoneng.duty.models import Absence, AbsenceStatus, ActingAction, DutyPost, Handover, HandoverStatus
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import record_id
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, scoped, system_actor
from xiaoneng.kit.edits import clean_text
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

NOTE_MAX = 500


def _link(handover: Handover) -> str:
    return f"/duty/handovers/{handover.id}"


def _ended_without_handover(session: Session, now: dt.datetime) -> list[Absence]:
    """Approved absences ended by now, of someone who holds a post as A or for whom something was done."""
    today = clock.local(now).date()
    holds_a = exists().where(DutyPost.a_staff_id == Absence.staff_id, DutyPost.active.is_(True))
    acted = exists().where(ActingAction.absence_id == Absence.id)
    made = exists().where(Handover.absence_id == Absence.id)
    stmt = select(Absence).where(Absence.status == AbsenceStatus.APPROVED, Absence.end_date <= today,
                                 Absence.end_date >= today - dt.timedelta(days=60), holds_a | acted, ~made)
    half = rules.HalfDay.of_time(clock.local(now))
    return [a for a in session.scalars(stmt.order_by(Absence.id))
            if rules.has_ended(rules.HalfDay(a.end_date, rules.Half(a.end_half)), half)]


def make_handovers(session: Session, *, now: dt.datetime | None = None) -> list[Handover]:
    """A handover per absence ended since the last run; A is told, with what was done for them."""
    now = now or clock.now()
    made = []
    for absence in _ended_without_handover(session, now):
        cal = calendar.get_calendar(session, center_id=absence.center_id)
        back, due = rules.handover_dates(rules.HalfDay(absence.end_date, rules.Half(absence.end_half)), cal)
        done = acting.actions_of(session, absence.id)
        names = org.staff_names(session, center_id=absence.center_id, staff_ids={a.acting_staff_id for a in done})
        handover = Handover(center_id=absence.center_id, department_id=absence.department_id, absence_id=absence.id,
                            staff_id=absence.staff_id, acting_names="、".join(sorted(set(names.values())))[:200],
                            actions=len(done), return_day=back, due_on=due, status=HandoverStatus.PENDING)
        session.add(handover)
        session.flush()
        audit.record(session, actor=system_actor(absence.center_id), action="handover.make", entity="duty_handover", entity_id=handover.id,
                     center_id=absence.center_id, detail={"actions": len(done), "due_on": due.isoformat()})
        what = f"{len(done)} 项代岗办理" if done else "无代岗办理事项"
        notifications.notify(session, recipient_id=absence.staff_id, kind="duty_handover",
                             title=f"请确认请假期间的交接记录（{what}），{due.month}月{due.day}日前确认",
                             link=_link(handover), key=f"duty-handover:{handover.id}", center_id=absence.center_id)
        made.append(handover)
    return made


def get_handover(session: Session, *, actor: Actor, handover_id) -> Handover:
    actor.require("duty.read")
    handover = ensure_visible(session.get(Handover, record_id(handover_id)), actor)
    if actor.role == Role.WINDOW_STAFF and actor.user_id != handover.staff_id and not any(
            a.acting_staff_id == actor.user_id for a in acting.actions_of(session, handover.absence_id)):
        raise NotFound()  # a clerk sees their own handovers and those they acted in
    return handover


def confirm(session: Session, *, actor: Actor, handover_id, note: str = "", now: dt.datetime | None = None) -> Handover:
    handover = get_handover(session, actor=actor, handover_id=handover_id)
    if handover.staff_id != actor.user_id:
        raise Forbidden("交接记录由请假人本人确认")
    if handover.status != HandoverStatus.PENDING:
        raise Conflict("该交接记录已确认", field="status")
    note = clean_text(note)
    if len(note) > NOTE_MAX:
        raise ValidationFailed(f"确认意见不能超过 {NOTE_MAX} 字", field="note")
    handover.status, handover.confirmed_at, handover.note = HandoverStatus.CONFIRMED, now or clock.now(), note
    handover.deadline_state = ""
    session.flush()
    audit.record(session, actor=actor, action="handover.confirm", entity="duty_handover", entity_id=handover.id,
                 center_id=handover.center_id, detail={"note": note})
    return handover


def list_handovers(session: Session, *, actor: Actor, status: str = "", mine: bool = False, page: int = 1,
                   per_page: int = 20) -> Page[Handover]:
    """Department heads their department's, supervisors and directors the center's, a clerk their own."""
    actor.require("duty.read")
    stmt = scoped(select(Handover), Handover, actor)
    if mine or actor.role == Role.WINDOW_STAFF:
        stmt = stmt.where(Handover.staff_id == actor.user_id)
    if status in set(HandoverStatus):
        stmt = stmt.where(Handover.status == status)
    return paginate(session, stmt.order_by(Handover.status.desc(), Handover.due_on.desc(), Handover.id.desc()),
                    page=page, per_page=per_page)


def refresh_handovers(session: Session, *, now: dt.datetime, today: dt.date) -> dict:
    """The hourly job: make the handovers of absences that have ended, then warn of unconfirmed ones once per
    state — A, and their department head; overdue ones reach the supervisors too."""
    counts = {"made": len(make_handovers(session, now=now)), "notices": 0}
    pending = list(session.scalars(select(Handover).where(Handover.status == HandoverStatus.PENDING)
                                   .order_by(Handover.id)))
    staff, calendars, spans = StaffOfRole(session), {}, {}
    changed = []
    for handover in pending:  # each center's calendar and due-soon span read once per run
        center = handover.center_id
        if center not in calendars:
            calendars[center] = calendar.get_calendar(session, center_id=center)
            spans[center] = case_settings.due_soon_days(session, center_id=center)
        state = deadline_state("running", handover.due_on, today, calendars[center], due_soon_days=spans[center])
        if state is not DeadlineState.ON_TIME and state.value != handover.deadline_state:
            changed.append((handover, state))
    names = {}
    for center in {h.center_id for h, _ in changed}:
        names.update(org.staff_names(session, center_id=center,
                                     staff_ids={h.staff_id for h, _ in changed if h.center_id == center}))
    for handover, state in changed:
        handover.deadline_state = state.value
        name = names.get(handover.staff_id, "")
        title = (f"交接记录确认{DEADLINE_STATE_LABELS[state]}：{name} 请假返岗后的交接记录尚未确认"
                 f"（{handover.due_on.month}月{handover.due_on.day}日前确认）")
        heads = staff(handover.center_id, Role.DEPT_HEAD, handover.department_id) if handover.department_id else []
        recipients = [handover.staff_id, *heads]
        if state is DeadlineState.OVERDUE:
            recipients += staff(handover.center_id, Role.SUPERVISOR)
        for recipient in dict.fromkeys(recipients):
            sent = notifications.notify(session, recipient_id=recipient, kind=f"duty_handover_{state.value}",
                                        title=title, link=_link(handover), center_id=handover.center_id,
                                        key=f"duty-handover:{handover.id}:{state.value}:{recipient}")
            counts["notices"] += sent is not None
    session.flush()
    return counts

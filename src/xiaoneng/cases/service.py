"""Use cases of cases (办件): receive, accept, the S1 clock events, and completing steps that invite a rating."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import repository as repo
from xiaoneng.cases import rules, step_deadlines
from xiaoneng.cases.models import (
    ApplicantType,
    Case,
    CaseEvent,
    CaseOrigin,
    CaseStatus,
    CaseStep,
    EventKind,
)
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.items import rules as item_rules
from xiaoneng.items import service as items
from xiaoneng.kit import acting, clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.identifiers import credit_code_problem, id_number_problem, phone_problem
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible
from xiaoneng.org import service as org
from xiaoneng.ratings.rules import rating_deadline

WINDOW_STEP = "窗口办理"
ONLINE_STEPS = ["受理", "审查", "决定"]


def _now(at: dt.datetime | None) -> dt.datetime:
    at = at or clock.now()
    if at.tzinfo is None:
        raise ValidationFailed("时间缺少时区", field="at")
    return at


def _day(at: dt.datetime) -> dt.date:
    return clock.local(at).date()


def _visible(session: Session, actor: Actor, case_id) -> Case:
    return ensure_visible(repo.get(session, record_id(case_id)), actor)


def _next_number(session: Session, center_id: int, day: dt.date) -> str:
    prefix = day.strftime("%Y%m%d")
    return f"{prefix}{repo.number_count(session, center_id=center_id, prefix=prefix) + 1:05d}"


def _fold(case: Case, events: list[CaseEvent], cal) -> rules.Clock:
    """The case's S1 clock, folded from its events on the center's calendar."""
    return rules.fold_clock(step_deadlines.clock_events(events), limit_days=case.limit_days, calendar=cal)


def _refresh_clock(session: Session, case: Case, today: dt.date | None = None) -> rules.Clock:
    """Fold the clock and cache its due date, status and overdue flag on the case (lists and warnings read those)."""
    cal = calendar.get_calendar(session, center_id=case.center_id)
    events = repo.events(session, case.id)
    result = _fold(case, events, cal)
    step_deadlines.refresh(case, events, cal)
    case.clock_status = result.status
    case.due_on = result.due
    case.due_provisional = bool(result.due and result.due.year == cal.provisional_year)
    case.overdue = result.overdue(today or clock.today())
    return result


def _event(session: Session, case: Case, actor: Actor, kind: EventKind, at: dt.datetime, **fields) -> CaseEvent:
    event = CaseEvent(case_id=case.id, kind=kind, day=_day(at), at=at, actor_id=actor.user_id, **fields)
    session.add(event)
    session.flush()
    return event


def create_case(session: Session, *, actor: Actor, item_id: int, applicant_name: str, window_id: int | None = None,
                handler_id: int | None = None, applicant_type: str = ApplicantType.PERSON, applicant_phone: str = "",
                applicant_id_number: str = "", applicant_account: str = "", origin: str = CaseOrigin.WINDOW,
                steps: list[str] | None = None, received_at: dt.datetime | None = None,
                number: str | None = None, external_ref: str = "") -> Case:
    """Receive an application: the case, its steps, and the first clock event."""
    actor.require("cases.write")
    center_id = actor_center_id(actor)
    item = items.get_item(session, actor=actor, item_id=item_id)
    name = clean_text(applicant_name)
    check("applicant_name", text_problem(name, label="申请人", max_len=100))
    if applicant_type not in set(ApplicantType):
        raise ValidationFailed("申请人类型只能是自然人或法人", field="applicant_type")
    if origin not in set(CaseOrigin):
        raise ValidationFailed("办件来源无效", field="origin")
    check("applicant_phone", phone_problem(clean_text(applicant_phone), label="申请人电话"))
    # A natural person is identified by the resident ID number, an organisation by its unified social credit code.
    check("applicant_id_number", id_number_problem(clean_text(applicant_id_number), label="申请人身份证号")
          if applicant_type == ApplicantType.PERSON
          else credit_code_problem(clean_text(applicant_id_number), label="申请人统一社会信用代码"))
    window = org.get_window(session, actor=actor, window_id=window_id) if window_id else None
    handler = org.get_staff(session, actor=actor, staff_id=handler_id) if handler_id else None
    if window and window.department_id != item.department_id:
        raise ValidationFailed("该窗口不属于事项的主管科室", field="window_id")
    step_names = [clean_text(s) for s in (steps or ([WINDOW_STEP] if origin != CaseOrigin.ONLINE else ONLINE_STEPS))]
    if not step_names or any(not s or len(s) > 64 for s in step_names):
        raise ValidationFailed("环节名称不能为空且不超过64个字", field="steps")
    at = _now(received_at)
    number = clean_text(number) or _next_number(session, center_id, _day(at))
    if repo.find_by_number(session, actor=actor, number=number) is not None:
        raise Conflict(f"办件编号 {number} 已存在", field="number")
    case = Case(
        center_id=center_id, department_id=item.department_id, item_id=item.id,
        window_id=window.id if window else None, handler_id=handler.id if handler else None, number=number,
        origin=origin, applicant_type=applicant_type, applicant_name=name,
        applicant_phone=clean_text(applicant_phone), applicant_id_number=clean_text(applicant_id_number),
        applicant_account=clean_text(applicant_account), limit_days=item_rules.case_limit(item.statutory_limit_days, item.promised_limit_days),
        received_at=at, status=CaseStatus.RECEIVED, external_ref=clean_text(external_ref),
    )
    session.add(case)
    session.flush()
    for seq, step_name in enumerate(step_names, start=1):
        session.add(CaseStep(case_id=case.id, center_id=center_id, department_id=case.department_id, seq=seq,
                             name=step_name, window_id=case.window_id, handler_id=case.handler_id))
    session.flush()
    session.refresh(case, ["steps"])
    _event(session, case, actor, EventKind.RECEIVED, at)
    _refresh_clock(session, case, _day(at))
    audit.record(session, actor=actor, action="create", entity="case", entity_id=case.id,
                 detail={"number": number, "item": item.code, "steps": step_names})
    return case


def accept_case(session: Session, *, actor: Actor, case_id: int, at: dt.datetime | None = None) -> Case:
    """受理: the application is accepted for handling."""
    actor.require("cases.write")
    case = _visible(session, actor, case_id)
    if case.status != CaseStatus.RECEIVED:
        raise Conflict("只有已收件的办件可以受理", field="status")
    case.status, case.accepted_at = CaseStatus.ACCEPTED, _now(at)
    audit.record(session, actor=actor, action="accept", entity="case", entity_id=case.id,
                 detail=_acting(session, actor, case, "受理", case.accepted_at))
    return case


def _acting(session: Session, actor: Actor, case: Case, action: str, at: dt.datetime) -> dict:
    """代岗: the audit detail of an action on the work of a handler who is away (E1); {} otherwise."""
    step = next((s for s in case.steps if s.completed_at is None), None)
    owner = (step.handler_id if step else None) or case.handler_id
    return acting.note(session, actor=actor, owner_id=owner, entity="case", entity_id=case.id, action=action,
                       summary=f"办件 {case.number}：{action}", link=f"/cases/{case.id}", at=at)


def _open(case: Case) -> None:
    if case.status in (CaseStatus.COMPLETED, CaseStatus.REJECTED):
        raise Conflict("办件已办结", field="status")


def issue_notice(session: Session, *, actor: Actor, case_id: int, materials: list[str],
                 at: dt.datetime | None = None) -> Case:
    """一次性告知: the materials missing or non-compliant; the clock stops (unless it is an omission, S1 clause 4)."""
    actor.require("cases.write")
    case = _visible(session, actor, case_id)
    _open(case)
    names = sorted({clean_text(m) for m in materials if clean_text(m)})
    if not names:
        raise ValidationFailed("请列出需要补正的材料", field="materials")
    at = _now(at)
    _event(session, case, actor, EventKind.NOTICE, at, materials=names)
    result = _refresh_clock(session, case, _day(at))
    case.status = CaseStatus.SUSPENDED if result.status is rules.ClockStatus.STOPPED else case.status
    audit.record(session, actor=actor, action="notice", entity="case", entity_id=case.id,
                 detail={"materials": names, "violations": list(result.violations),
                         **_acting(session, actor, case, "一次性告知", at)})
    return case


def receive_supplement(session: Session, *, actor: Actor, case_id: int, at: dt.datetime | None = None) -> Case:
    """补正材料收到: the clock restarts from zero."""
    actor.require("cases.write")
    case = _visible(session, actor, case_id)
    _open(case)
    at = _now(at)
    _event(session, case, actor, EventKind.SUPPLEMENT, at)
    _refresh_clock(session, case, _day(at))
    if case.status == CaseStatus.SUSPENDED:
        case.status = CaseStatus.ACCEPTED if case.accepted_at else CaseStatus.RECEIVED
    audit.record(session, actor=actor, action="supplement", entity="case", entity_id=case.id,
                 detail=_acting(session, actor, case, "收到补正材料", at))
    return case


def complete_step(session: Session, *, actor: Actor, case_id: int, at: dt.datetime | None = None,
                  handler_id: int | None = None) -> CaseStep:
    """Complete the next open step; it now invites a rating for 5 working days. The last step completes the case."""
    actor.require("cases.write")
    case = _visible(session, actor, case_id)
    _open(case)
    if case.status == CaseStatus.SUSPENDED:
        raise Conflict("办件正在补正中，收到补正材料后才能继续办理", field="status")
    step = next((s for s in case.steps if s.completed_at is None), None)
    if step is None:
        raise Conflict("办件的所有环节均已完成", field="status")
    at = _now(at)
    day = _day(at)
    acted = _acting(session, actor, case, f"办结环节“{step.name}”", at)
    if handler_id:
        step.handler_id = org.get_staff(session, actor=actor, staff_id=handler_id).id
    elif step.handler_id is None and actor.user_id is not None:
        step.handler_id = actor.user_id
    step.completed_at, step.completed_on = at, day
    cal = calendar.get_calendar(session, center_id=case.center_id)
    step.rating_due_on = rating_deadline(day, cal)
    step.rating_due_provisional = step.rating_due_on.year == cal.provisional_year
    if case.accepted_at is None:
        case.accepted_at = at
        case.status = CaseStatus.ACCEPTED
    if all(s.completed_at is not None for s in case.steps):
        case.status, case.completed_at, case.completed_on = CaseStatus.COMPLETED, at, day
        case.handler_id = case.handler_id or step.handler_id
        _event(session, case, actor, EventKind.COMPLETED, at)
        _refresh_clock(session, case, day)
    else:
        step_deadlines.refresh(case, repo.events(session, case.id), cal)  # the next step's share starts today
    session.flush()
    audit.record(session, actor=actor, action="complete_step", entity="case", entity_id=case.id,
                 detail={"step": step.seq, "name": step.name, "rating_due_on": step.rating_due_on.isoformat(),
                         **acted})
    _invite_applicant(session, actor=actor, case=case, step=step, now=at)
    return step


# A completed step is announced to its subscribers (the ratings' invitation, C2/C7, installed by xiaoneng.wiring)
# in the step's transaction, so that cases need not know ratings.
StepCallback = Callable[..., None]  # callback(session, *, actor, step, now)
_step_completed_callbacks: list[StepCallback] = []


def on_step_completed(callback: StepCallback) -> StepCallback:
    """Register `callback(session, *, actor, step, now)`, called when a step completes, before it commits."""
    if callback not in _step_completed_callbacks:
        _step_completed_callbacks.append(callback)
    return callback


def _invite_applicant(session: Session, *, actor: Actor, case: Case, step: CaseStep, now: dt.datetime) -> None:
    for callback in list(_step_completed_callbacks):
        callback(session, actor=actor, step=step, now=now)


def get_case(session: Session, *, actor: Actor, case_id: int) -> Case:
    actor.require("cases.read")
    return _visible(session, actor, case_id)


def get_step(session: Session, *, actor: Actor, step_id: int) -> CaseStep:
    step = repo.get_step(session, record_id(step_id))
    return ensure_visible(step, actor)


def recent_unrated_step(session: Session, *, window, since: dt.datetime) -> CaseStep | None:
    """The latest step completed at `window` since `since` that nobody has rated yet (the kiosk's prompt)."""
    return repo.recent_unrated_step(session, center_id=window.center_id, window_id=window.id, since=since)


def find_case_by_number(session: Session, *, actor: Actor, number: str) -> Case | None:
    return repo.find_by_number(session, actor=actor, number=clean_text(number))


def case_events(session: Session, *, actor: Actor, case_id: int) -> list[CaseEvent]:
    return repo.events(session, get_case(session, actor=actor, case_id=case_id).id)


def case_clock(session: Session, *, actor: Actor, case_id: int,
               events: list[CaseEvent] | None = None) -> rules.Clock:
    """The case's clock as of its events, with its violations (read-only: nothing is written). `events`, when the
    caller already read them with case_events, saves reading them again."""
    case = get_case(session, actor=actor, case_id=case_id)
    events = repo.events(session, case.id) if events is None else events
    return _fold(case, events, calendar.get_calendar(session, center_id=case.center_id))


def list_cases(session: Session, *, actor: Actor, q: str | None = None, status: str | None = None,
               overdue: bool = False, due_soon: bool = False, department_id: int | None = None, page: int = 1,
               per_page: int = 20, handler_id: int | None = None) -> Page:
    actor.require("cases.read")
    stmt = repo.cases(actor=actor, q=q, status=status or None, overdue=overdue, due_soon=due_soon,
                      department_id=department_id, handler_id=handler_id)
    return paginate(session, stmt,
                    page=page, per_page=per_page)


def cases_of_account(session: Session, *, account: str) -> list[Case]:
    """The online applicant's own cases (for rating them within the window)."""
    if not clean_text(account):
        raise NotFound()
    return repo.cases_of_account(session, account=clean_text(account))

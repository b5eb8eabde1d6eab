"""Extensions of a case's period (S1 限时办结 5): the handler requests, a leader approves or refuses in the system.

The department head of the case's department or a center leader (中心领导) decides; nobody decides their own
request. Approvers are told of the request and the requester of the decision. An approval adds the EXTENSION
clock event as of the decision, and the applicant is told the reason and the new deadline by SMS (once) and on the
case's public look-up. Every step is audited.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import repository as repo
from xiaoneng.cases import rules
from xiaoneng.cases import service as cases
from xiaoneng.cases import settings
from xiaoneng.cases.models import Case, CaseEvent, EventKind, ExtensionRequest
from xiaoneng.cases.rules import ExtensionStatus
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.items import service as items
from xiaoneng.kit.edits import check, clean_text, record_id
from xiaoneng.kit.identifiers import is_mobile
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

KIND = "case_extension"


def _check_reason(reason: str, *, field: str, label: str) -> str:
    reason = clean_text(reason)
    check(field, f"请填写{label}" if not reason else
          f"{label}不能超过{rules.REASON_MAX_LEN}个字" if len(reason) > rules.REASON_MAX_LEN else None)
    return reason


def _check_period(case: Case, new_due: dt.date | None, today: dt.date) -> None:
    problem = rules.extension_problem(case.clock_status, case.due_on, new_due, today)
    if problem:
        field, message = problem
        raise (Conflict if field == "status" else ValidationFailed)(message, field=field)


def _subject(session: Session, case: Case) -> str:
    """The case as notices name it: number and item."""
    item = items.get_item(session, actor=system_actor(case.center_id), item_id=case.item_id)
    return f"办件 {case.number} {item.name}"


def _approvers(session: Session, case: Case) -> list[int]:
    """Active department heads of the case's department and the center's leaders."""
    actor = system_actor(case.center_id)
    heads = org.list_staff(session, actor=actor, role=Role.DEPT_HEAD, department_id=case.department_id, per_page=200)
    leaders = org.list_staff(session, actor=actor, role=Role.DIRECTOR, per_page=200)
    return sorted({s.id for s in heads.items} | {s.id for s in leaders.items})


def _pending(session: Session, case_id: int) -> ExtensionRequest | None:
    return next((r for r in repo.extension_requests(session, case_id) if r.status == ExtensionStatus.PENDING), None)


def request_extension(session: Session, *, actor: Actor, case_id: int, new_due: dt.date | None, reason: str,
                      at: dt.datetime | None = None) -> ExtensionRequest:
    """The handler asks for a later due date, with the reason; the leaders who may approve it are told."""
    actor.require("cases.write")
    case = cases.get_case(session, actor=actor, case_id=case_id)
    at = cases._now(at)
    if case.status in ("completed", "rejected"):
        raise Conflict("办件已办结，不能延期", field="status")
    reason = _check_reason(reason, field="reason", label="延期理由")
    _check_period(case, new_due, cases._day(at))
    if _pending(session, case.id) is not None:
        raise Conflict("该办件已有一份待审批的延期申请，请等待审批结果", field="new_due")
    request = ExtensionRequest(case_id=case.id, center_id=case.center_id, department_id=case.department_id,
                               status=ExtensionStatus.PENDING, current_due=case.due_on, new_due=new_due,
                               reason=reason, requested_by_id=actor.user_id, requested_at=at, decision_note="")
    session.add(request)
    session.flush()
    subject = _subject(session, case)
    title = f"延期申请待审批：{subject}（原期限 {case.due_on}，申请延至 {new_due}）"
    body = f"{actor.full_name or actor.username} 申请将{subject}的办结期限由 {case.due_on} 延至 {new_due}。理由：{reason}"
    for rid in _approvers(session, case):
        if rid != actor.user_id:
            notifications.notify(session, recipient_id=rid, kind=KIND, title=title, body=body,
                                 link=f"/cases/{case.id}#extension", key=f"case-extension:{request.id}:{rid}",
                                 center_id=case.center_id)
    audit.record(session, actor=actor, action="extension.request", entity="case", entity_id=case.id,
                 detail={"number": case.number, "due_on": str(case.due_on), "new_due": new_due.isoformat(),
                         "reason": reason, "request": request.id,
                         **cases._acting(session, actor, case, "申请延期", at)})
    return request


def may_decide(actor: Actor, case: Case, request: ExtensionRequest | None = None) -> bool:
    """Whether the actor may approve or refuse the case's extension (a leader, not the requester)."""
    if actor.user_id is None or not rules.may_approve_extension(actor.role, actor.department_id, case.department_id):
        return False
    return request is None or request.requested_by_id != actor.user_id


def _decidable(session: Session, actor: Actor, request_id) -> tuple[ExtensionRequest, Case]:
    actor.require("cases.read")
    request = ensure_visible(repo.get_extension_request(session, record_id(request_id)), actor)
    case = cases.get_case(session, actor=actor, case_id=request.case_id)
    if not rules.may_approve_extension(actor.role, actor.department_id, case.department_id) or actor.user_id is None:
        raise Forbidden("延期须由办件所属科室的负责人或中心领导审批")
    if request.requested_by_id == actor.user_id:
        raise Forbidden("不能审批本人提出的延期申请，请由其他领导审批")
    if request.status != ExtensionStatus.PENDING:
        raise Conflict(f"该延期申请已{rules.EXTENSION_STATUS_LABELS[ExtensionStatus(request.status)]}", field="status")
    return request, case


def _tell_requester(session: Session, request: ExtensionRequest, case: Case, title: str, body: str) -> None:
    if request.requested_by_id:
        notifications.notify(session, recipient_id=request.requested_by_id, kind=KIND, title=title, body=body,
                             link=f"/cases/{case.id}#extension", key=f"case-extension:{request.id}:decision",
                             center_id=case.center_id)


def _tell_applicant(session: Session, *, actor: Actor, case: Case, request: ExtensionRequest) -> bool:
    """The applicant's SMS with the reason and the new deadline, queued once per approved request."""
    if not is_mobile(case.applicant_phone):
        return False  # a landline cannot take an SMS: the public look-up still shows the extension
    center = org.get_center(session, actor=system_actor(case.center_id))
    item = items.get_item(session, actor=system_actor(case.center_id), item_id=case.item_id)
    body = (f"【{center.name}】您的办件{case.number}（{item.name}）因{request.reason}需延期办理，"
            f"办结期限延至{request.new_due:%Y年%m月%d日}。")
    notifications.queue_message(session, channel="sms", address=case.applicant_phone, body=body, actor=actor,
                                key=f"case-extension-sms:{request.id}", center_id=case.center_id)
    return True


def _clear_warning(session: Session, case: Case, today: dt.date) -> None:
    """A case the new date puts back on time loses its 即将到期 mark now; any other state is left to the hourly
    deadline job, which sends its notice once per state and due date."""
    cal = calendar.get_calendar(session, center_id=case.center_id)
    state = rules.deadline_state(case.clock_status, case.due_on, today, cal,
                                 due_soon_days=settings.due_soon_days(session, center_id=case.center_id))
    if state is rules.DeadlineState.ON_TIME:
        case.deadline_state = state.value


def approve(session: Session, *, actor: Actor, request_id: int, note: str = "",
            at: dt.datetime | None = None) -> ExtensionRequest:
    """Approve: the EXTENSION event as of now, the requester and the applicant told."""
    request, case = _decidable(session, actor, request_id)
    at = cases._now(at)
    # Still a running period, and the new date still later than the due date (the clock may have moved since).
    _check_period(case, request.new_due, cases._day(request.requested_at))
    note = clean_text(note)[: rules.REASON_MAX_LEN]
    before = case.due_on
    event = CaseEvent(case_id=case.id, kind=EventKind.EXTENSION, day=cases._day(at), at=at, new_due=request.new_due,
                      reason=request.reason, approved_by_id=actor.user_id, actor_id=request.requested_by_id)
    session.add(event)
    session.flush()
    cases._refresh_clock(session, case, cases._day(at))
    _clear_warning(session, case, cases._day(at))
    request.status, request.decided_by_id, request.decided_at, request.decision_note = (
        ExtensionStatus.APPROVED, actor.user_id, at, note)
    session.flush()
    subject = _subject(session, case)
    _tell_requester(session, request, case, f"延期申请已批准：{subject}，办结期限由 {before} 延至 {request.new_due}",
                    f"{actor.full_name or actor.username} 已批准延期。{('意见：' + note) if note else ''}")
    sms = _tell_applicant(session, actor=actor, case=case, request=request)
    audit.record(session, actor=actor, action="extension.approve", entity="case", entity_id=case.id,
                 detail={"number": case.number, "due_on": str(before), "new_due": request.new_due.isoformat(),
                         "reason": request.reason, "note": note, "request": request.id, "sms": sms})
    return request


def refuse(session: Session, *, actor: Actor, request_id: int, note: str,
           at: dt.datetime | None = None) -> ExtensionRequest:
    """Refuse, with the reason; the due date stands and the requester is told."""
    request, case = _decidable(session, actor, request_id)
    note = _check_reason(note, field="note", label="不同意的理由")
    at = cases._now(at)
    request.status, request.decided_by_id, request.decided_at, request.decision_note = (
        ExtensionStatus.REFUSED, actor.user_id, at, note)
    session.flush()
    subject = _subject(session, case)
    _tell_requester(session, request, case,
                    f"延期申请未获批准：{subject}（办结期限仍为 {case.due_on}，申请延至 {request.new_due}）",
                    f"{actor.full_name or actor.username} 不同意延期。理由：{note}")
    audit.record(session, actor=actor, action="extension.refuse", entity="case", entity_id=case.id,
                 detail={"number": case.number, "due_on": str(case.due_on), "new_due": request.new_due.isoformat(),
                         "note": note, "request": request.id})
    return request


def case_requests(session: Session, *, actor: Actor, case_id: int) -> list[ExtensionRequest]:
    """Every extension request of a case, newest first."""
    case = cases.get_case(session, actor=actor, case_id=case_id)
    return repo.extension_requests(session, case.id)


def list_requests(session: Session, *, actor: Actor, status: str | None = None, page: int = 1,
                  per_page: int = 20) -> Page:
    """Extension requests in the actor's scope (pending ones: what a leader has to decide)."""
    actor.require("cases.read")
    if status and status not in set(ExtensionStatus):
        raise ValidationFailed("审批状态只能是待审批、已批准或未批准", field="status")
    return paginate(session, repo.extension_requests_in_scope(actor=actor, status=status), page=page,
                    per_page=per_page)


def latest_extension(session: Session, *, case: Case) -> CaseEvent | None:
    """The last approved extension of a case already looked up (the applicant's public look-up shows it)."""
    if case is None:
        raise NotFound()
    return repo.latest_extension(session, case.id)

"""The handling of a complaint: classified (corrected by a supervisor), assigned to a unit with its deadlines, signed
for, investigated (notes), answered to the complainant, called back, reopened when not satisfied (twice at most,
then the director decides). Every step lands in the trail and the audit chain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.complaints import common, rules
from xiaoneng.complaints.models import Complaint
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

ANSWER_METHODS = {"phone": "电话答复", "sms": "短信答复", "letter": "书面答复", "visit": "当面答复"}


def _label(c: Complaint) -> str:
    return f"{rules.KIND_LABELS[rules.Kind(c.kind)]} {c.number}"


def _tell_unit(session: Session, c: Complaint, key: str, title: str) -> None:
    notifications.notify_role(session, center_id=c.center_id, role=Role.DEPT_HEAD, department_id=c.department_id,
                              kind="complaint_unit", title=title, body=c.content, link=f"/complaints/{c.id}",
                              key=f"complaint:{c.id}:{key}")


def _record(session: Session, actor: Actor, c: Complaint, action: str, **detail) -> None:
    session.flush()
    audit.record(session, actor=actor, action=f"complaint.{action}", entity="complaint", entity_id=c.id,
                 center_id=c.center_id, detail={"number": c.number, **detail})


def reclassify(session: Session, *, actor: Actor, complaint_id, kind: str, topic: str, staff_id=None,
               window_id=None) -> Complaint:
    """A supervisor corrects the type, topic and who or which window is named; a new type moves the deadline."""
    c = common.load(session, actor, complaint_id, permission="complaints.manage")
    if c.status not in rules.OPEN:
        raise ValidationFailed("已办结的投诉不能修改分类", field="status")
    if kind not in set(rules.Kind):
        raise ValidationFailed("请选择诉求类型", field="kind")
    topic = clean_text(topic)
    check("topic", text_problem(topic, label="问题类别", max_len=32))
    reader = system_actor(c.center_id)
    staff = _optional(lambda i: org.get_staff(session, actor=reader, staff_id=i), staff_id, "staff_id", "所选人员")
    window = _optional(lambda i: org.get_window(session, actor=reader, window_id=i), window_id, "window_id", "所选窗口")
    before = {"kind": c.kind, "topic": c.topic, "staff_id": c.staff_id, "window_id": c.window_id}
    if kind != c.kind and c.status in (rules.Status.NEW, rules.Status.ASSIGNED, rules.Status.SIGNED):
        settings = common.settings_for(session, c.center_id)
        start = c.received_on if c.round == 0 else clock.today()
        c.due_on = rules.due_on(start, kind, common.calendar_of(session, c.center_id), settings.days_by_kind())
        c.due_from, c.due_days = _counted(start, kind, settings)
        c.deadline_state = ""
    c.kind, c.topic = kind, topic
    c.staff_id, c.window_id = (staff.id if staff else None), (window.id if window else None)
    changed = {k: [v, getattr(c, k)] for k, v in before.items() if v != getattr(c, k)}
    text = f"类型：{rules.KIND_LABELS[rules.Kind(kind)]}；问题类别：{topic}" + (f"；涉及人员：{staff.full_name}" if staff else "") \
        + (f"；涉及窗口：{window.name}" if window else "")
    common.event(session, c, "classify", actor=actor, text=text)
    _record(session, actor, c, "classify", changes=changed)
    return c


def _optional(get, value, field: str, label: str):
    if value in (None, ""):
        return None
    try:
        return get(record_id(value))
    except NotFound:
        raise ValidationFailed(f"{label}不存在", field=field) from None


def _counted(start: dt.date, kind: str, settings) -> tuple[dt.date | None, int | None]:
    """What a deadline is counted from and over, kept for the recount after a calendar change."""
    days = rules.handling_days(kind, settings.days_by_kind())
    return (start, days) if days is not None else (None, None)


def assign(session: Session, *, actor: Actor, complaint_id, department_id, now: dt.datetime | None = None) -> Complaint:
    """派单: the unit concerned gets it, to sign for within the center's sign-for days and answer by the deadline."""
    c = common.load(session, actor, complaint_id, permission="complaints.manage")
    rules.check_action("assign", c.status)
    try:
        department = org.get_department(session, actor=system_actor(c.center_id), department_id=record_id(department_id))
    except NotFound:
        raise ValidationFailed("请选择承办单位", field="department_id") from None
    at = now or clock.now()
    settings = common.settings_for(session, c.center_id)
    c.department_id, c.status, c.assigned_at = department.id, rules.Status.ASSIGNED, at
    c.sign_by = rules.sign_by(clock.local(at).date(), common.calendar_of(session, c.center_id), settings.sign_days)
    c.deadline_state = ""
    due = f"，{c.due_on.isoformat()} 前答复" if c.due_on else ""
    common.event(session, c, "assign", actor=actor, at=at, text=f"分派至{department.name}，{c.sign_by.isoformat()} 前签收{due}",
                 department=department.name)
    _record(session, actor, c, "assign", department=department.name, sign_by=c.sign_by.isoformat())
    _tell_unit(session, c, f"assign:{c.round}:{department.id}",
               f"{_label(c)} 分派贵单位办理：请于 {c.sign_by.isoformat()} 前签收{due}")
    return c


def sign(session: Session, *, actor: Actor, complaint_id, now: dt.datetime | None = None) -> Complaint:
    """签收: the unit takes it on; whoever signs is its handler."""
    c = common.load(session, actor, complaint_id, permission="complaints.handle")
    rules.check_action("sign", c.status)
    at = now or clock.now()
    c.status, c.signed_at, c.handler_id, c.deadline_state = rules.Status.SIGNED, at, actor.user_id, ""
    late = clock.local(at).date() > c.sign_by if c.sign_by else False
    common.event(session, c, "sign", actor=actor, at=at, text="已签收" + ("（超过签收时限）" if late else ""), late=late)
    _record(session, actor, c, "sign", late=late)
    return c


def note(session: Session, *, actor: Actor, complaint_id, text: str, now: dt.datetime | None = None) -> Complaint:
    """An investigation note: what was checked, with whom, what was found."""
    c = common.load(session, actor, complaint_id, permission="complaints.handle")
    rules.check_action("note", c.status)
    text = clean_text(text)
    check("text", text_problem(text, label="调查情况", max_len=common.TEXT_MAX))
    common.event(session, c, "note", actor=actor, text=text, at=now)
    _record(session, actor, c, "note")
    return c


def answer(session: Session, *, actor: Actor, complaint_id, text: str, method: str = "phone",
           now: dt.datetime | None = None) -> Complaint:
    """答复: what the complainant was told and how; answering an unsigned complaint signs for it too."""
    c = common.load(session, actor, complaint_id, permission="complaints.handle")
    rules.check_action("answer", c.status)
    text = clean_text(text)
    check("answer", text_problem(text, label="答复内容", max_len=common.TEXT_MAX))
    if method not in ANSWER_METHODS:
        raise ValidationFailed("请选择答复方式", field="method")
    at = now or clock.now()
    if c.status == rules.Status.ASSIGNED:
        c.signed_at, c.handler_id = at, actor.user_id
        common.event(session, c, "sign", actor=actor, at=at, text="答复时一并签收")
    c.answer, c.answered_at, c.deadline_state = text, at, ""
    c.answered_on_time = c.due_on is None or clock.local(at).date() <= c.due_on
    c.status = rules.after_answer(c.kind)
    if c.status == rules.Status.CLOSED:
        c.closed_at = at
    common.event(session, c, "answer", actor=actor, at=at, text=text, method=ANSWER_METHODS[method],
                 on_time=c.answered_on_time)
    _record(session, actor, c, "answer", method=method, on_time=c.answered_on_time)
    if c.status == rules.Status.ANSWERED:
        notifications.notify_role(session, center_id=c.center_id, role=Role.SUPERVISOR, kind="complaint_answered",
                                  title=f"{_label(c)} 已答复诉求人，待回访", body=text, link=f"/complaints/{c.id}",
                                  key=f"complaint:{c.id}:answered:{c.round}")
    return c


def check_answer(session: Session, *, actor: Actor, complaint_id, text: str) -> dict:
    """An answer's quality before it is sent (relevance to the complaint, completeness, explanation, each 0-1, with
    the reasons in Chinese): for the person answering; nothing is written."""
    from xiaoneng.analysis import replies
    from xiaoneng.analysis import service as analysis  # analysis reads complaints' texts: imported when used

    c = common.load(session, actor, complaint_id, permission="complaints.handle")
    text = clean_text(text)
    if not text:
        raise ValidationFailed("请先填写答复内容再检查", field="answer")
    check("answer", text_problem(text, label="答复内容", max_len=common.TEXT_MAX))
    score = analysis.score_reply(f"{c.title}。{c.content}" if c.title else c.content, text)
    return {"relevance": score.relevance, "completeness": score.completeness, "explanation": score.explanation,
            "overall": score.overall, "levels": replies.levels(score), "reasons": list(score.reasons),
            "unanswered": list(score.unanswered)}


def callback(session: Session, *, actor: Actor, complaint_id, result: str, note: str = "",
             now: dt.datetime | None = None) -> Complaint:
    """回访: 满意/基本满意 closes it; 不满意 reopens it for the unit (twice at most), then the director decides."""
    c = common.load(session, actor, complaint_id, permission="complaints.manage")
    rules.check_action("callback", c.status)
    if result not in set(rules.Callback):
        raise ValidationFailed("请选择回访结果（满意、基本满意、不满意）", field="result")
    note = clean_text(note)
    check("note", text_problem(note, label="回访记录", max_len=common.TEXT_MAX,
                               required=result == rules.Callback.UNSATISFIED))
    at = now or clock.now()
    outcome = rules.after_callback(result, c.round)
    c.callback_result, c.callback_at, c.status = result, at, outcome.status
    label = rules.CALLBACK_LABELS[rules.Callback(result)]
    common.event(session, c, "callback", actor=actor, at=at, text=f"回访结果：{label}" + (f"。{note}" if note else ""),
                 result=label)
    if outcome.status == rules.Status.CLOSED:
        c.closed_at = at
        common.event(session, c, "close", actor=actor, at=at, text=f"诉求人{label}，办结")
    elif outcome.reopened:
        _reopen(session, actor, c, at)
    else:
        c.escalated_at = at
        common.event(session, c, "escalate", actor=actor, at=at,
                     text=f"已重新办理 {rules.MAX_REOPENS} 次诉求人仍不满意，提请中心领导研究处理")
        notifications.notify_role(session, center_id=c.center_id, role=Role.DIRECTOR, kind="complaint_escalated",
                                  title=f"{_label(c)} 重办 {rules.MAX_REOPENS} 次后诉求人仍不满意，请批示",
                                  body=c.content, link=f"/complaints/{c.id}", key=f"complaint:{c.id}:escalated")
    _record(session, actor, c, "callback", result=result, status=c.status)
    return c


def _reopen(session: Session, actor: Actor, c: Complaint, at: dt.datetime) -> None:
    settings = common.settings_for(session, c.center_id)
    cal = common.calendar_of(session, c.center_id)
    day = clock.local(at).date()
    c.round += 1
    c.assigned_at, c.signed_at, c.answered_at, c.answered_on_time, c.deadline_state = at, None, None, None, ""
    c.sign_by = rules.sign_by(day, cal, settings.sign_days)
    c.due_on = rules.due_on(day, c.kind, cal, settings.days_by_kind())
    c.due_from, c.due_days = _counted(day, c.kind, settings)
    due = f"、{c.due_on.isoformat()} 前答复" if c.due_on else ""
    common.event(session, c, "reopen", actor=actor, at=at,
                 text=f"第 {c.round} 次重新办理：{c.sign_by.isoformat()} 前签收{due}", round=c.round)
    _tell_unit(session, c, f"reopen:{c.round}",
               f"{_label(c)} 回访不满意，第 {c.round} 次重新办理：请于 {c.sign_by.isoformat()} 前签收{due}")


def decide(session: Session, *, actor: Actor, complaint_id, text: str, now: dt.datetime | None = None) -> Complaint:
    """中心领导批示 on an escalated complaint: the last word, and it is closed."""
    c = common.load(session, actor, complaint_id, permission="complaints.decide")
    rules.check_action("decide", c.status)
    text = clean_text(text)
    check("decision", text_problem(text, label="批示意见", max_len=common.TEXT_MAX))
    at = now or clock.now()
    c.decision, c.status, c.closed_at = text, rules.Status.CLOSED, at
    common.event(session, c, "decide", actor=actor, at=at, text=text)
    common.event(session, c, "close", actor=actor, at=at, text="经中心领导批示，办结")
    _record(session, actor, c, "decide")
    notifications.notify_role(session, center_id=c.center_id, role=Role.SUPERVISOR, kind="complaint_decided",
                              title=f"{_label(c)} 中心领导已批示", body=text, link=f"/complaints/{c.id}",
                              key=f"complaint:{c.id}:decided")
    if c.department_id:
        _tell_unit(session, c, "decided", f"{_label(c)} 中心领导已批示：{text[:40]}")
    return c

"""Use cases of 督办: a supervisor sends a notice on a yellow or red card, the department head replies with the
整改说明, the supervisor closes it. Each change is audited; the handler and the department head are told of a new
notice, the issuer of the reply, the department of the close (every notification names the case and links to the
notice). The center's 文号代字 is its admin's to set."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import service as cases
from xiaoneng.errors import Conflict, NotFound
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org
from xiaoneng.supervision import cards, rules
from xiaoneng.supervision.models import SupervisionNotice, SupervisionSettings
from xiaoneng.supervision.rules import CardColor, NoticeStatus


def prefix_for(session: Session, center_id: int) -> str:
    row = session.get(SupervisionSettings, center_id)
    if row is not None:
        return row.number_prefix
    return rules.default_prefix(org.get_center(session, actor=system_actor(center_id)).name)


def update_prefix(session: Session, *, actor: Actor, prefix: str) -> SupervisionSettings:
    actor.require("org.write")
    center_id = actor_center_id(actor)
    text = clean_text(prefix)
    check("number_prefix", rules.prefix_problem(text))
    before = prefix_for(session, center_id)
    row = session.get(SupervisionSettings, center_id)
    if row is None:
        row = SupervisionSettings(center_id=center_id, number_prefix=text)
        session.add(row)
    row.number_prefix = text
    session.flush()
    audit.record(session, actor=actor, action="update", entity="supervision_settings", entity_id=center_id,
                 center_id=center_id, detail={"number_prefix": [before, text]})
    return row


def get_notice(session: Session, *, actor: Actor, notice_id) -> SupervisionNotice:
    """A notice the actor may read: in their scope, or one about their own step or case (the handler's link)."""
    notice = session.get(SupervisionNotice, record_id(notice_id))
    if notice is None:
        raise NotFound()
    if actor.can("supervision.read"):
        return ensure_visible(notice, actor)
    if actor.user_id is not None and notice.handler_id == actor.user_id and notice.center_id == actor.center_id:
        return notice
    raise NotFound()


def _next_seq(session: Session, center_id: int, year: int) -> int:
    last = session.scalar(select(func.max(SupervisionNotice.seq)).where(SupervisionNotice.center_id == center_id,
                                                                        SupervisionNotice.year == year))
    return (last or 0) + 1


def _subject(card: cards.Card) -> str:
    """办件 20261118000003（食品经营许可）审查环节超时 / 办件 … 超期: what a notification and the audit name."""
    what = f"“{card.step_name}”环节超时" if card.color == CardColor.YELLOW else "超期"
    return f"办件 {card.number}（{card.item}）{what}"


def issue(session: Session, *, actor: Actor, case_id, step_id=None, text: str,
          reply_days=rules.DEFAULT_REPLY_DAYS, now: dt.datetime | None = None) -> SupervisionNotice:
    """Send a 督办通知 on the card of a step (yellow) or of a case (red)."""
    actor.require("supervision.issue")
    center_id = actor_center_id(actor)
    body = clean_text(text)
    check("text", text_problem(body, label="督办内容", max_len=rules.TEXT_MAX))
    days = rules.reply_days(reply_days)
    case = cases.get_case(session, actor=actor, case_id=case_id)
    step = None
    if step_id not in (None, ""):
        step = cases.get_step(session, actor=actor, step_id=step_id)
        if step.case_id != case.id:
            raise NotFound()
    card = cards.card_for(session, actor=actor, case_id=case.id, step_id=step.id if step else None)
    if card is None:
        raise Conflict("该环节未超时，没有黄牌，不能督办" if step else "该办件未超期，没有红牌，不能督办",
                       field="step_id" if step else "case_id")
    if card.notice_id is not None:
        raise Conflict(f"该{card.color_label}已发出督办通知 {card.notice_number}", field="case_id")
    now = now or clock.now()
    day = clock.local(now).date()
    due = calendar.add_working_days(session, start=day, n=days, center_id=center_id)
    seq = _next_seq(session, center_id, day.year)
    notice = SupervisionNotice(
        center_id=center_id, department_id=case.department_id, case_id=case.id, step_id=card.step_id,
        color=card.color, card_key=card.key, year=day.year, seq=seq,
        number=rules.notice_number(prefix_for(session, center_id), day.year, seq), text=body, reply_days=days,
        issued_on=day, reply_due=due.day, reply_due_provisional=due.provisional, status=NoticeStatus.ISSUED,
        deadline_state="", handler_id=card.handler_id, issued_by_id=actor.user_id, issued_at=now, reply="",
        close_note="")
    session.add(notice)
    session.flush()
    audit.record(session, actor=actor, action="supervision.issue", entity="supervision_notice", entity_id=notice.id,
                 center_id=center_id, detail={"number": notice.number, "subject": _subject(card),
                                              "due_on": due.day.isoformat(), "days": days})
    title = f"督办通知 {notice.number}：{_subject(card)}，请于 {due.day.isoformat()} 前反馈整改情况"
    tell(session, notice, title=title, body=body, state="issued", people=[notice.handler_id], heads=True)
    return notice


def tell(session: Session, notice: SupervisionNotice, *, title: str, body: str, state: str, people,
          heads: bool = False) -> int:
    """Notify `people` and, with `heads`, the department heads of the case's department, once per notice and state."""
    common = {"kind": f"supervision_{state}", "title": title, "body": body,
              "link": f"/supervision/notices/{notice.id}"}
    key = f"supervision:{notice.id}:{state}"
    sent = 0
    if heads:
        sent += len(notifications.notify_role(session, center_id=notice.center_id, role=Role.DEPT_HEAD,
                                              department_id=notice.department_id, key=key, **common))
    for person in dict.fromkeys(p for p in people if p):
        sent += notifications.notify(session, recipient_id=person, key=f"{key}:{person}", center_id=notice.center_id,
                                     **common) is not None
    return sent


def case_number(session: Session, notice: SupervisionNotice) -> str:
    return cases.get_case(session, actor=system_actor(notice.center_id), case_id=notice.case_id).number


def reply(session: Session, *, actor: Actor, notice_id, text: str, now: dt.datetime | None = None) -> SupervisionNotice:
    """The department head's 整改说明."""
    actor.require("supervision.reply")
    notice = get_notice(session, actor=actor, notice_id=notice_id)
    if not rules.may_reply(notice.status):
        raise Conflict(f"该督办通知{rules.NOTICE_STATUS_LABELS[NoticeStatus(notice.status)]}，不能再反馈",
                       field="status")
    body = clean_text(text)
    check("reply", text_problem(body, label="整改说明", max_len=rules.REPLY_MAX))
    now = now or clock.now()
    notice.status, notice.reply, notice.replied_by_id = NoticeStatus.REPLIED, body, actor.user_id
    notice.replied_at, notice.replied_on = now, clock.local(now).date()
    late = notice.replied_on > notice.reply_due
    notice.deadline_state = ""
    session.flush()
    audit.record(session, actor=actor, action="supervision.reply", entity="supervision_notice", entity_id=notice.id,
                 center_id=notice.center_id, detail={"number": notice.number, "late": late})
    title = f"督办通知 {notice.number} 已反馈：办件 {case_number(session, notice)}，请审核后办结"
    tell(session, notice, title=title, body=body, state="replied", people=[notice.issued_by_id])
    return notice


def close(session: Session, *, actor: Actor, notice_id, note: str = "",
          now: dt.datetime | None = None) -> SupervisionNotice:
    """The supervisor accepts the reply: the notice is done."""
    actor.require("supervision.issue")
    notice = get_notice(session, actor=actor, notice_id=notice_id)
    if not rules.may_close(notice.status):
        raise Conflict("只有已反馈的督办通知可以办结", field="status")
    text = clean_text(note)
    check("note", text_problem(text, label="办结意见", max_len=rules.NOTE_MAX, required=False))
    notice.status, notice.close_note, notice.closed_by_id, notice.closed_at = (
        NoticeStatus.CLOSED, text, actor.user_id, now or clock.now())
    session.flush()
    audit.record(session, actor=actor, action="supervision.close", entity="supervision_notice", entity_id=notice.id,
                 center_id=notice.center_id, detail={"number": notice.number, "note": text})
    title = f"督办通知 {notice.number} 已办结：办件 {case_number(session, notice)}"
    tell(session, notice, title=title, body=text, state="closed", people=[notice.replied_by_id, notice.handler_id])
    return notice

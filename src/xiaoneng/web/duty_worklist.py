"""The duty systems' blocks of the home page (E1, E2): work held for an absent colleague (代岗), one's leave and the
leave one decides, referrals waiting on one, the inquiries one answered first, handovers to confirm, and the case
extensions a leader decides. Reads only, through the domains' services; web/worklist.py lays them out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.cases import extensions
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.duty import acting, handovers, queries, rules
from xiaoneng.duty.models import ABSENCE_STATUS_LABELS, AbsenceStatus, HandoverStatus
from xiaoneng.inquiries import mine as inquiries_mine
from xiaoneng.inquiries.rules import CHANNEL_LABELS, OUTCOME_LABELS, REFERRAL_STATUS_LABELS
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.rules import STATUS_LABELS as RECT_STATUS_LABELS
from xiaoneng.rectification.rules import Status
from xiaoneng.web.worklist_blocks import FETCH, SHOWN, Block, Row, date_text

OPEN_CASE_STATUSES = (CaseStatus.RECEIVED, CaseStatus.ACCEPTED, CaseStatus.SUSPENDED)


def _period(a) -> str:
    return rules.Period.of(a.start_date, a.start_half, a.end_date, a.end_half).label()


def _covered_work(session: Session, actor: Actor, cover: acting.Cover) -> Block:
    """What the absent colleague had open: their cases, referrals assigned to them, bad reviews of them."""
    rows = []
    for status in OPEN_CASE_STATUSES:
        for c in cases.list_cases(session, actor=actor, status=status, handler_id=cover.owner_id, per_page=FETCH).items:
            rows.append((c.due_on or dt.date.max, Row(f"/cases/{c.id}", (c.number, "办件", date_text(c.due_on)))))
    if actor.can("inquiries.read"):
        for r, i in inquiries_mine.open_referrals(session, actor=actor, staff_id=cover.owner_id):
            rows.append((r.answer_by, Row(f"/inquiries/{i.id}", (i.number, "转办咨询", date_text(r.answer_by)))))
    page = loop.list_rectifications(session, actor=actor, status="open", per_page=FETCH)
    for r in page.items:
        if r.staff_id == cover.owner_id and r.status != Status.APPEALED:
            rows.append((r.current_due or dt.date.max, Row(f"/rectifications/{r.id}", (
                f"{date_text(r.received_on)}收到的差评", f"差评整改（{RECT_STATUS_LABELS.get(Status(r.status), '')}）",
                date_text(r.current_due)))))
    rows.sort(key=lambda pair: pair[0])
    return Block(f"代岗：{cover.owner_name}（{cover.post_name}）的在办事项，至{cover.until}", len(rows), "/duty",
                 ("事项", "类型", "期限"), tuple(r for _, r in rows[:SHOWN]),
                 note="您在此期间的办理记为代岗，对方返岗后在交接记录中确认")


def _my_leave(session: Session, actor: Actor, today: dt.date) -> Block | None:
    mine = [a for a in queries.my_absences(session, actor=actor, per_page=50).items
            if a.end_date >= today and a.status in (AbsenceStatus.PENDING, AbsenceStatus.APPROVED)]
    if not mine:
        return None
    mine.sort(key=lambda a: (a.start_date, a.id))
    rows = tuple(Row(f"/duty/absences/{a.id}", (rules.ABSENCE_LABELS[rules.AbsenceKind(a.kind)], _period(a),
                                                ABSENCE_STATUS_LABELS[AbsenceStatus(a.status)])) for a in mine[:SHOWN])
    return Block("我的请假", len(mine), "/duty", ("类别", "时间", "状态"), rows)


def _leave_to_decide(session: Session, actor: Actor) -> Block | None:
    if not actor.can("duty.approve"):
        return None
    waiting = queries.awaiting_decision(session, actor=actor)
    names = org.staff_names(session, center_id=actor.center_id, staff_ids={a.staff_id for a in waiting[:SHOWN]})
    rows = tuple(Row(f"/duty/absences/{a.id}", (names.get(a.staff_id, ""), rules.ABSENCE_LABELS[
        rules.AbsenceKind(a.kind)], _period(a))) for a in waiting[:SHOWN])
    return Block("待我审批的请假", len(waiting), "/duty", ("请假人", "类别", "时间"), rows)


def _referrals(session: Session, actor: Actor) -> Block | None:
    if not actor.can("inquiries.read"):
        return None
    if actor.role == Role.DEPT_HEAD:
        found, title = inquiries_mine.open_referrals(session, actor=actor, department_id=actor.department_id), \
            "转本科室待答复的咨询"
    else:
        found, title = inquiries_mine.open_referrals(session, actor=actor, staff_id=actor.user_id), "转给我的咨询"
    rows = tuple(Row(f"/inquiries/{i.id}", (i.number, REFERRAL_STATUS_LABELS.get(r.status, ""),
                                            date_text(r.acknowledge_by), date_text(r.answer_by)))
                 for r, i in found[:SHOWN])
    return Block(title, len(found), "/inquiries?referral=open", ("咨询编号", "状态", "签收期限", "答复期限"), rows)


def _logged(session: Session, actor: Actor) -> Block | None:
    if not actor.can("inquiries.read") or actor.role not in (Role.WINDOW_STAFF, Role.DEPT_HEAD):
        return None
    found = inquiries_mine.logged_by(session, actor=actor, limit=SHOWN)
    if not found:
        return None
    rows = tuple(Row(f"/inquiries/{i.id}", (i.number, CHANNEL_LABELS.get(i.channel, ""),
                                            OUTCOME_LABELS.get(i.outcome, ""))) for i in found)
    return Block("我首问登记的咨询（最近）", len(found), "/inquiries", ("咨询编号", "方式", "处理结果"), rows)


def _handovers(session: Session, actor: Actor) -> Block | None:
    page = handovers.list_handovers(session, actor=actor, status=HandoverStatus.PENDING, mine=True, per_page=SHOWN)
    if not page.total:
        return None
    rows = tuple(Row(f"/duty/handovers/{h.id}", (date_text(h.return_day), h.acting_names or "—", f"{h.actions} 项",
                                                 date_text(h.due_on))) for h in page.items)
    return Block("待我确认的交接记录", page.total, "/duty/handovers?status=pending",
                 ("返岗日期", "代岗人", "代岗事项", "确认期限"), rows)


def _extensions(session: Session, actor: Actor) -> Block | None:
    if actor.role not in (Role.DEPT_HEAD, Role.DIRECTOR):
        return None
    page = extensions.list_requests(session, actor=actor, status="pending", per_page=FETCH)
    mine = [r for r in page.items if r.requested_by_id != actor.user_id]
    found = org.related(session, actor=actor, model=Case, ids=[r.case_id for r in mine[:SHOWN]])
    rows = tuple(Row(f"/cases/{r.case_id}#extension", (
        getattr(found.get(r.case_id), "number", "—"), date_text(r.current_due), date_text(r.new_due),
        r.reason[:30])) for r in mine[:SHOWN])
    return Block("待我审批的延期申请", len(mine), "/cases?status=accepted",
                 ("办件编号", "原期限", "申请延至", "理由"), rows)


def acting_blocks(session: Session, *, actor: Actor) -> list[Block]:
    """The work of each colleague whose post the actor holds now (shown first: it has no one else)."""
    if not actor.can("duty.read"):
        return []
    return [_covered_work(session, actor, c) for c in acting.covered_now(session, actor=actor)]


def duty_blocks(session: Session, *, actor: Actor, today: dt.date) -> list[Block]:
    """The other duty blocks, in the order one acts on them; those with nothing in them are left out."""
    if not actor.can("duty.read"):
        return []
    blocks = [_handovers(session, actor), _leave_to_decide(session, actor), _extensions(session, actor),
               _referrals(session, actor), _my_leave(session, actor, today), _logged(session, actor)]
    return [b for b in blocks if b is not None]

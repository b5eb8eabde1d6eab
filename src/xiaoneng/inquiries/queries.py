"""The inquiry log as a list: filtered by channel, outcome, referral state, department and dates, searched,
sorted, paged and exported; each row with its responder's name and its referral's state. Referrals not signed
for or not answered by their deadlines as breaches for the supervisors' list (supervision/breaches.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, exists, or_, select
from sqlalchemy.orm import Session

from xiaoneng.errors import ValidationFailed
from xiaoneng.inquiries import rules
from xiaoneng.inquiries.models import Inquiry, Referral
from xiaoneng.kit import clock
from xiaoneng.kit.breaches import Breach
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.kit.search import search
from xiaoneng.kit.spreadsheets import Column, Sheet
from xiaoneng.org import service as org

SORTS = {"asked": Inquiry.asked_at, "number": Inquiry.number, "channel": Inquiry.channel, "outcome": Inquiry.outcome}
REFERRAL_FILTERS = {"open": "转办未答复", "overdue": "转办逾期", "answered": "转办已答复"}


@dataclass(frozen=True)
class Filters:
    q: str = ""
    channel: str = ""
    outcome: str = ""
    referral: str = ""
    department_id: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    sort: str = "asked"
    descending: bool = True


def _statement(actor: Actor, f: Filters) -> Select:
    actor.require("inquiries.read")
    stmt = select(Inquiry).where(Inquiry.center_id == actor.center_id)
    if actor.department_scoped:
        # A department sees what its staff were asked and what was referred to it.
        referred = exists().where(Referral.inquiry_id == Inquiry.id, Referral.department_id == actor.department_id)
        stmt = stmt.where((Inquiry.department_id == actor.department_id) | referred)
    elif f.department_id:
        referred = exists().where(Referral.inquiry_id == Inquiry.id, Referral.department_id == f.department_id)
        stmt = stmt.where((Inquiry.department_id == f.department_id) | referred)
    if f.channel:
        if f.channel not in set(rules.Channel):
            raise ValidationFailed("咨询方式不正确", field="channel")
        stmt = stmt.where(Inquiry.channel == f.channel)
    if f.outcome:
        if f.outcome not in set(rules.Outcome):
            raise ValidationFailed("处理结果不正确", field="outcome")
        stmt = stmt.where(Inquiry.outcome == f.outcome)
    if f.referral:
        condition = {"open": Referral.status != rules.ReferralStatus.ANSWERED,
                     "overdue": Referral.deadline_state == "overdue",
                     "answered": Referral.status == rules.ReferralStatus.ANSWERED}.get(f.referral)
        if condition is None:
            raise ValidationFailed("转办状态不正确", field="referral")
        stmt = stmt.where(exists().where(Referral.inquiry_id == Inquiry.id, condition))
    if f.start:
        stmt = stmt.where(Inquiry.asked_at >= dt.datetime.combine(f.start, dt.time(), TZ))
    if f.end:
        stmt = stmt.where(Inquiry.asked_at < dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time(), TZ))
    stmt = search(stmt, f.q, Inquiry.number, Inquiry.content, Inquiry.asker_name)
    column = SORTS.get(f.sort)
    if column is None:
        raise ValidationFailed("排序字段不正确", field="sort")
    order = column.desc() if f.descending else column.asc()
    return stmt.order_by(order, Inquiry.id.desc() if f.descending else Inquiry.id.asc())


def list_inquiries(session: Session, *, actor: Actor, filters: Filters, page: int = 1,
                   per_page: int = 20) -> Page[Inquiry]:
    return paginate(session, _statement(actor, filters), page=page, per_page=per_page)


def referrals_by_inquiry(session: Session, inquiry_ids: list[int]) -> dict[int, list[Referral]]:
    found: dict[int, list[Referral]] = {}
    if inquiry_ids:
        for r in session.scalars(select(Referral).where(Referral.inquiry_id.in_(inquiry_ids)).order_by(Referral.id)):
            found.setdefault(r.inquiry_id, []).append(r)
    return found


def referral_text(referral: Referral | None) -> str:
    if referral is None:
        return ""
    text = rules.REFERRAL_STATUS_LABELS[rules.ReferralStatus(referral.status)]
    return text + ("（逾期）" if referral.deadline_state == "overdue" else
                   "（即将到期）" if referral.deadline_state == "due_soon" else "")


def sheet(session: Session, *, actor: Actor, filters: Filters, title: str) -> Sheet:
    """Every matching inquiry (no paging) for the XLSX export, labels not codes."""
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(actor.center_id))}
    names = {s.id: s.full_name for s in org.staff_choices(session, center_id=actor.center_id)}

    def rows():
        for chunk in _chunks(session, _statement(actor, filters)):
            referrals = referrals_by_inquiry(session, [i.id for i in chunk])
            for i in chunk:
                r = (referrals.get(i.id) or [None])[-1]
                yield [i.number, i.asked_at, rules.CHANNEL_LABELS.get(rules.Channel(i.channel), ""), i.asker_name,
                       i.content, names.get(i.responder_id, ""), departments.get(i.department_id, ""),
                       rules.OUTCOME_LABELS.get(rules.Outcome(i.outcome), ""),
                       departments.get(r.department_id, "") if r else "", referral_text(r),
                       r.acknowledge_by if r else None, r.answer_by if r else None, i.answer or (r.answer if r else "")]

    columns = [Column("咨询编号", width=16), Column("咨询时间", "datetime"), Column("方式"), Column("咨询人"),
               Column("咨询内容", width=40), Column("首问人"), Column("首问科室", width=14), Column("处理结果"),
               Column("转办科室", width=14), Column("转办状态", width=14), Column("签收时限", "date"),
               Column("答复时限", "date"), Column("答复内容", width=40)]
    return Sheet(name="首问登记", title=title, columns=columns, rows=rows())


def _chunks(session: Session, stmt: Select, size: int = 500):
    offset = 0
    while True:
        chunk = list(session.scalars(stmt.limit(size).offset(offset)))
        if not chunk:
            return
        yield chunk
        offset += size


BREACH_KINDS = {"referral_unacknowledged": "转办签收超期", "referral_unanswered": "转办答复超期"}


def _md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


def _breach(kind: str, referral: Referral, number: str, due: dt.date, done_at: dt.datetime | None, verb: str,
            names: dict, departments: dict) -> Breach:
    done = clock.local(done_at).date() if done_at else None
    late = f"逾期{verb}（{_md(done)}{verb}）" if done else f"超期未{verb}"
    staff = referral.assigned_staff_id or referral.to_staff_id
    return Breach(kind=kind, kind_label=BREACH_KINDS[kind], day=due, center_id=referral.center_id,
                  department_id=referral.department_id, department_name=departments.get(referral.department_id, ""),
                  staff_id=staff, staff_name=names.get(staff, ""),
                  summary=f"转办 {number} {late}（应于{_md(due)}前{verb}）", link=f"/inquiries/{referral.inquiry_id}")


def breaches(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> list[Breach]:
    """Referrals whose sign-for or answer deadline fell in [start, end] and passed without it (or with it late)."""
    actor.require("inquiries.read")
    today = clock.today()
    stmt = (select(Referral, Inquiry.number).join(Inquiry, Inquiry.id == Referral.inquiry_id)
            .where(Referral.center_id == actor.center_id,
                   or_(Referral.acknowledge_by.between(start, end), Referral.answer_by.between(start, end))))
    if actor.department_scoped:
        stmt = stmt.where(Referral.department_id == actor.department_id)
    rows = session.execute(stmt.order_by(Referral.id)).all()
    if not rows:
        return []
    names = org.staff_names(session, center_id=actor.center_id,
                            staff_ids={r.assigned_staff_id or r.to_staff_id for r, _ in rows})
    departments = {d.id: d.name for d in org.department_choices(session, actor=system_actor(actor.center_id))}
    found = []
    for referral, number in rows:
        checks = (("referral_unacknowledged", referral.acknowledge_by, referral.acknowledged_at, "签收"),
                  ("referral_unanswered", referral.answer_by, referral.answered_at, "答复"))
        for kind, due, done_at, verb in checks:
            done = clock.local(done_at).date() if done_at else None
            if start <= due <= end and (done or today) > due:
                found.append(_breach(kind, referral, number, due, done_at, verb, names, departments))
    return found

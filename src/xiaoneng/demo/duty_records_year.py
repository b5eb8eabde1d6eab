"""The duty records the demo adds after its year of leave and punches: one-time notices and refusals of recent
applications (E3, with a few notification violations), the handover records of the leave that ended in the last
weeks (E1, most confirmed, some late), and the inspectors' key-time spot checks of the year (E5). Written through
the services, so each is numbered, checked and audited as it would be."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.attendance.spot_checks import PlannedCheck, record_spot_checks
from xiaoneng.auth import service as auth
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.demo.days import at, year_ending
from xiaoneng.duty import handovers
from xiaoneng.duty.models import Handover, HandoverStatus
from xiaoneng.duty.queries import approved_half_slots
from xiaoneng.items import service as items
from xiaoneng.kit import clock
from xiaoneng.kit.scope import system_actor
from xiaoneng.notices import service as notices
from xiaoneng.notifications.models import Notification

NOTICE_SHARE = 0.2  # of the last weeks' open applications with no step done yet
REFUSAL_SHARE = 0.1
VIOLATIONS = 3  # second notices asking for what the first should have named
RECENT_DAYS = 30
NONCOMPLIANT = ["复印件不清晰，请提供原件", "未加盖单位公章", "签字与身份证件姓名不一致", "已超过有效期",
                "填写内容不完整：缺少联系电话"]
REFUSALS = [["申请事项不属于本中心受理范围，请向区自然资源局申请"], ["申请人不具备申请资格：营业执照已注销"],
            ["同一事项已于本月受理，不得重复申请"]]
KEY_TIMES = [dt.time(9, 2), dt.time(11, 57), dt.time(13, 3), dt.time(16, 58)]
CHECKS_PER_WEEK = 4
ABSENT_SHARE = 0.06
ABSENT_NOTES = ["离岗未请假", "抽检时不在窗口，电话联系后返回", "外出吃饭未按时返岗", "提前离岗"]
CONFIRM_LATE_SHARE = 0.15  # handovers confirmed after their day, or still not


def _last_notification(session: Session) -> int:
    return session.scalar(select(Notification.id).order_by(Notification.id.desc()).limit(1)) or 0


def _date_notifications(session: Session, after_id: int, moments: dict[str, dt.datetime], default: dt.datetime):
    """The inbox notices the services sent, dated when what they tell of happened (the build runs later)."""
    session.flush()
    for note in session.scalars(select(Notification).where(Notification.id > after_id)):
        note.created_at = moments.get(note.link, default)


def _materials(session: Session, actor, case: Case) -> list:
    return items.item_materials(session, actor=actor, item_id=case.item_id)


def add_case_notices(session: Session, ctx) -> None:
    """Notices and refusals on the last weeks' applications not yet accepted, from the items' own materials."""
    session.flush()
    rng, gov, ref = ctx.rng, ctx.centers["gov"], ctx.reference_date
    actor = system_actor(gov.id)
    since = at(ref - dt.timedelta(days=RECENT_DAYS), 0)
    fresh = [c for c in session.scalars(select(Case).where(
        Case.center_id == gov.id, Case.status.in_([CaseStatus.RECEIVED, CaseStatus.ACCEPTED]),
        Case.received_at >= since).order_by(Case.received_at, Case.id)) if all(s.completed_at is None for s in c.steps)]
    counts = {"notices": 0, "refusals": 0, "violations": 0}
    noticed, first_note, moments = [], _last_notification(session), {}
    received = [c for c in fresh if c.status == CaseStatus.RECEIVED]
    refused = set(rng.sample(received, k=min(len(received), max(1, round(len(fresh) * REFUSAL_SHARE)))))
    to_notice = set(rng.sample([c for c in fresh if c not in refused],
                               k=min(len(fresh) - len(refused), max(VIOLATIONS + 2, round(len(fresh) * NOTICE_SHARE)))))
    for case in fresh:
        materials = [m for m in _materials(session, actor, case) if m.required]
        moment = case.received_at + dt.timedelta(minutes=rng.randint(10, 90))
        if case in refused:
            notices.refuse_case(session, actor=actor, case_id=case.id, reasons=rng.choice(REFUSALS), at=moment)
            counts["refusals"] += 1
        elif case in to_notice and len(materials) >= 2:
            asked = rng.sample(materials, k=min(len(materials) - 1, rng.randint(1, 2)))
            findings = [{"material_id": m.id, "problem": "noncompliant", "reason": rng.choice(NONCOMPLIANT)}
                        if rng.random() < 0.5 else {"material_id": m.id, "problem": "missing", "reason": ""}
                        for m in asked]
            notices.issue_notice(session, actor=actor, case_id=case.id, findings=findings, at=moment)
            noticed.append((case, moment, {m.id for m in asked}, materials))
            counts["notices"] += 1
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    for case, moment, asked, materials in noticed[:VIOLATIONS]:
        back = cal.add_working_days(moment.date(), 2)
        left = [m for m in materials if m.id not in asked]
        if back >= ref or not left:
            continue
        cases.receive_supplement(session, actor=actor, case_id=case.id, at=at(back, 9 * 60 + 30))
        notices.issue_notice(session, actor=actor, case_id=case.id, at=at(back, 10 * 60),
                             findings=[{"material_id": left[0].id, "problem": "missing", "reason": ""}])
        moments[f"/cases/{case.id}"] = at(back, 10 * 60)
        counts["violations"] += 1
    _date_notifications(session, first_note, moments, at(ref, 17 * 60))
    ctx.counts.update({f"case_{k}": v for k, v in counts.items()})


def add_handovers(session: Session, ctx) -> None:
    """The handovers of the leave that ended in the last weeks, confirmed by their A mostly on time."""
    session.flush()
    rng, ref = ctx.rng, ctx.reference_date
    first_note = _last_notification(session)
    made = handovers.make_handovers(session, now=at(ref, 18 * 60))
    _date_notifications(session, first_note, {f"/duty/handovers/{h.id}": at(h.return_day, 8 * 60) for h in made},
                        at(ref, 18 * 60))
    staff = {s.id: s for s in ctx.staff}
    confirmed = 0
    for handover in made:
        if handover.due_on >= ref:
            continue  # still within its day
        late = rng.random() < CONFIRM_LATE_SHARE
        if late and rng.random() < 0.5:
            continue  # still not confirmed: overdue on the breach list
        day = min(ref, handover.due_on + dt.timedelta(days=rng.randint(1, 3))) if late else \
            rng.choice([handover.return_day, handover.due_on])
        handovers.confirm(session, actor=auth.actor_for(staff[handover.staff_id]), handover_id=handover.id,
                          note=rng.choice(["", "已知悉", "已核对，无异议"]), now=at(day, 9 * 60 + rng.randint(0, 400)))
        confirmed += 1
    pending = session.scalar(select(Handover.id).where(Handover.status == HandoverStatus.PENDING).limit(1))
    ctx.counts.update({"handovers": len(made), "handovers_confirmed": confirmed,
                       "handovers_pending": 0 if pending is None else len(made) - confirmed})


def add_spot_checks(session: Session, ctx) -> None:
    """About four key-time spot checks a week at random windows of the main center over the year, a few finding
    someone away from the post without leave."""
    session.flush()
    rng, gov, ref = ctx.rng, ctx.centers["gov"], ctx.reference_date
    supervisors = [s for s in ctx.staff if s.center_id == gov.id and s.role == Role.SUPERVISOR and s.active]
    windows = [w for w in ctx.windows if w.center_id == gov.id]
    if not supervisors or not windows:
        return
    cal = calendar_service.get_calendar(session, center_id=gov.id)
    # Checks already made: a build dated ahead of the clock (a test of the calendar's edge) has none after it.
    days = [d for d in cal.working_days_between(year_ending(ref), ref) if d < clock.today()]
    if not days:
        return
    at_window = {w.id: [s.id for s in ctx.staff if s.window_id == w.id and s.active] for w in windows}
    leave = approved_half_slots(session, {i for ids in at_window.values() for i in ids}, days[0], days[-1])
    planned, taken = [], set()
    for day in days:
        if rng.random() >= CHECKS_PER_WEEK / 5:
            continue
        window, time = rng.choice(windows), rng.choice(KEY_TIMES)
        if (window.id, day, time) in taken or not at_window[window.id]:
            continue
        taken.add((window.id, day, time))
        here = [i for i in at_window[window.id] if not {day.toordinal() * 2, day.toordinal() * 2 + 1} & leave.get(i, set())]
        absent = {rng.choice(here): rng.choice(ABSENT_NOTES)} if here and rng.random() < ABSENT_SHARE else {}
        planned.append(PlannedCheck(target=("window", window.id), day=day, time=time, absent=absent))
    written = record_spot_checks(session, actor=auth.actor_for(rng.choice(supervisors)), checks=planned)
    ctx.counts["spot_checks"] = written


DUTY_RECORD_STEPS = [add_case_notices, add_handovers, add_spot_checks]

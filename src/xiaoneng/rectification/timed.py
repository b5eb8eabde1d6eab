"""D4: the timed work of the loop (deadlines, escalation, concentration alerts) and the escalation lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.errors import Conflict
from xiaoneng.kit import clock
from xiaoneng.kit.edits import record_id
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.org import service as org_service
from xiaoneng.org.models import Department
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.rectification.common import _day, _deadlines, _link, _notify, _ref, _staff_with_role, _text
from xiaoneng.rectification.loop_settings import _rule_settings, settings_for
from xiaoneng.rectification.models import ConcentrationAlert, Rectification
from xiaoneng.rectification.models import LoopSettings as LoopSettingsRow
from xiaoneng.rectification.rules import Escalation, Status


# Steps measured against a deadline: contact, rectification, the ledger, and the callback (real-name records).
TIMED = [s.value for s in (Status.OPEN, Status.CONTACTED, Status.RECTIFYING, Status.LEDGER,
                           Status.SOLVED_ON_SPOT, Status.EXPLAINED, Status.FED_BACK)]


def _callback_due(rect: Rectification, settings: rules.LoopSettings, calendar) -> dt.date | None:
    """The record's callback deadline; one awaiting its callback without one (written before the deadline was kept)
    gets it from the day its handling ended, as far as the record tells."""
    if Status(rect.status) not in rules.AWAITING_CALLBACK or not rect.real_name:
        return rect.callback_due
    if rect.callback_due is None:
        if rect.handled_on is None:
            ended = rect.fed_back_at or rect.updated_at
            rect.handled_on = clock.local(ended).date() if ended is not None else rect.received_on
        rect.callback_due = rules.callback_deadline(rect.handled_on, settings, calendar)
    return rect.callback_due


def refresh_deadlines(session: Session, *, today: dt.date, now: dt.datetime | None = None) -> dict:
    """Timed job: re-time open records, escalate the overdue ones, and send each due-soon/overdue notice once."""
    counts = {"checked": 0, "escalated": 0, "due_soon_notices": 0, "overdue_notices": 0, "director_notices": 0}
    moment = now or clock.now()
    settings: dict[int, LoopSettingsRow] = {}
    people: dict[tuple, list] = {}  # recipients looked up once per run, not once per record

    def staff_with(center_id: int, role: Role, department_id: int | None = None) -> list:
        key = (center_id, role, department_id)
        if key not in people:
            people[key] = _staff_with_role(session, center_id=center_id, role=role, department_id=department_id)
        return people[key]

    for rect in repo.open_records(session, TIMED):
        counts["checked"] += 1
        if rect.center_id not in settings:
            settings[rect.center_id] = settings_for(session, center_id=rect.center_id)
        row = settings[rect.center_id]
        calendar = calendar_service.get_calendar(session, center_id=rect.center_id)
        loop_settings = _rule_settings(row)
        callback_due = _callback_due(rect, loop_settings, calendar)
        due = rules.current_due(Status(rect.status), _deadlines(rect), rect.ledger_due, callback_due)
        level = rules.escalation(due, today, loop_settings, calendar)
        actor = system_actor(rect.center_id, name="job:rectification")
        if due != rect.current_due or level.value != rect.escalation:
            change = {"current_due": [str(rect.current_due), str(due)], "escalation": [rect.escalation, level.value]}
            rect.current_due = due
            if level.value != rect.escalation:
                rect.escalation = level.value
                rect.escalated_at = moment if level is not Escalation.NONE else None
                counts["escalated"] += level is not Escalation.NONE
            session.flush()
            audit.record(session, actor=actor, action="rectification.retime", entity="rectification",
                         entity_id=rect.id, detail=change, center_id=rect.center_id)
        if due is None:
            continue
        handlers = {rect.staff_id} if rect.staff_id else set()
        heads = {s.id for s in staff_with(rect.center_id, Role.DEPT_HEAD, rect.department_id)}
        step = rules.STATUS_LABELS[Status(rect.status)]
        # The callback step has keys and words of its own: its deadline may fall on the day another step's did.
        calling = Status(rect.status) in rules.AWAITING_CALLBACK
        what, part = ("回访", "callback_") if calling else ("整改", "")
        name = f"差评整改 {_ref(rect)}"
        if level is Escalation.NONE and rules.due_soon(due, today, row.due_soon_days, calendar):
            for rid in sorted(handlers | heads):
                counts["due_soon_notices"] += _notify(
                    session, recipient_id=rid, kind="due_soon", key=f"rect:{rect.id}:{part}due_soon:{due}:{rid}",
                    title=f"{name}{what}即将到期（{_day(due)}）",
                    body=f"整改单（{step}）须于 {_day(due)} 前完成{'回访评价人' if calling else '当前环节'}。",
                    link=_link(rect), center_id=rect.center_id)
        if level is not Escalation.NONE:
            for rid in sorted(handlers | heads):
                counts["overdue_notices"] += _notify(
                    session, recipient_id=rid, kind="overdue", key=f"rect:{rect.id}:{part}overdue:{due}:{rid}",
                    title=f"{name}{what}已逾期（期限 {_day(due)}）",
                    body=f"整改单（{step}）已超过{what}期限 {_day(due)}，请科室负责人督促办理。",
                    link=_link(rect), center_id=rect.center_id)
        if level is Escalation.DIRECTOR:
            for director in staff_with(rect.center_id, Role.DIRECTOR):
                counts["director_notices"] += _notify(
                    session, recipient_id=director.id, kind="escalated",
                    key=f"rect:{rect.id}:{part}director:{due}:{director.id}",
                    title=f"{name}逾期未{what}，已列入中心领导督办清单（期限 {_day(due)}）",
                    body=f"整改单（{step}）{what}期限 {_day(due)}，逾期未办结。", link=_link(rect),
                    center_id=rect.center_id)
    return counts


TARGETS = {"department": "department_id", "item": "item_id", "staff": "staff_id"}
TARGET_LABELS = {"department": "科室", "item": "事项", "staff": "工作人员"}


def raise_concentration_alerts(session: Session, *, today: dt.date) -> int:
    """Timed job: counted bad reviews on one department, item or staff member reaching the threshold in the period."""
    raised = 0
    for center_id in repo.center_ids_with_records(session, today - dt.timedelta(days=366)):
        row = settings_for(session, center_id=center_id)
        start = today - dt.timedelta(days=row.concentration_period_days - 1)
        # S0 art.11: concentrated bad reviews are reported to the center's director(s), not only the supervisors.
        supervisors = (_staff_with_role(session, center_id=center_id, role=Role.SUPERVISOR)
                       + _staff_with_role(session, center_id=center_id, role=Role.DIRECTOR))
        for kind, column in TARGETS.items():
            for target_id, department_id, count in repo.concentration_counts(session, center_id=center_id,
                                                                              column=column, start=start, end=today):
                if count < row.concentration_threshold:
                    continue
                # One alert per target while its window overlaps the last one: a rolling period must not re-raise daily.
                if repo.recent_alert(session, center_id=center_id, kind=kind, target_id=target_id, since=start):
                    continue
                alert = ConcentrationAlert(
                    key=f"conc:{center_id}:{kind}:{target_id}:{start.isoformat()}", center_id=center_id,
                    department_id=department_id, target_kind=kind, target_id=target_id, period_start=start,
                    period_end=today, count=count, note="")
                repo.add(session, alert)
                audit.record(session, actor=system_actor(center_id, name="job:rectification"),
                             action="rectification.alert", entity="concentration_alert", entity_id=alert.id,
                             detail={"target": kind, "target_id": target_id, "count": count,
                                     "period": [start.isoformat(), today.isoformat()]}, center_id=center_id)
                for supervisor in supervisors:
                    _notify(session, recipient_id=supervisor.id, kind="alert",
                            title=f"差评集中预警：同一{TARGET_LABELS[kind]}{_day(start)} 至 {_day(today)} 差评 {count} 条",
                            body=f"{start.isoformat()} 至 {today.isoformat()} 同一{TARGET_LABELS[kind]}收到差评 {count} 条，请核查。",
                            link="/rectifications/alerts", key=f"alert:{alert.id}:{supervisor.id}", center_id=center_id)
                raised += 1
    return raised


def list_alerts(session: Session, *, actor: Actor, open_only: bool = False, page: int = 1, per_page: int = 20) -> Page:
    """Concentration alerts in scope, newest first."""
    actor.require("rectification.read")
    return paginate(session, repo.alerts(actor=actor, open_only=open_only), page=page, per_page=per_page)


def acknowledge_alert(session: Session, *, actor: Actor, alert_id, note: str) -> ConcentrationAlert:
    """A supervisor records what the investigation of an alert found."""
    actor.require("rectification.decide")
    alert = ensure_visible(repo.get_alert(session, record_id(alert_id)), actor)
    if alert.acknowledged_at is not None:
        raise Conflict("该预警已处理", field="note")
    note = _text(note, field="note", label="核查情况")
    alert.acknowledged_by_id, alert.acknowledged_at, alert.note = actor.user_id, clock.now(), note
    session.flush()
    audit.record(session, actor=actor, action="rectification.alert_acknowledge", entity="concentration_alert",
                 entity_id=alert.id, detail={"note": note}, center_id=alert.center_id)
    return alert


@dataclass(frozen=True)
class Escalations:
    overdue_by_department: list[tuple[Department | None, list[Rectification]]]
    director_list: list[Rectification]


def escalations(session: Session, *, actor: Actor, today: dt.date | None = None) -> Escalations:
    """D4: overdue records per department (the heads' list) and those on the director's office list."""
    actor.require("rectification.read")
    day = today or clock.today()
    records = repo.all_of(session, repo.rectifications(actor=actor, statuses=TIMED, overdue_on=day))
    departments = org_service.related(session, actor=actor, model=Department, ids=[r.department_id for r in records])
    grouped: dict[int | None, list[Rectification]] = {}
    for rect in sorted(records, key=lambda r: (r.current_due, r.id)):
        grouped.setdefault(rect.department_id, []).append(rect)
    by_department = sorted(((departments.get(d), rs) for d, rs in grouped.items()),
                           key=lambda pair: (-len(pair[1]), pair[0].code if pair[0] else ""))
    director = repo.all_of(session, repo.rectifications(actor=actor, statuses=TIMED,
                                                        escalations=[Escalation.DIRECTOR.value]))
    return Escalations(overdue_by_department=by_department, director_list=director)

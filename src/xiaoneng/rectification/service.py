"""Use cases of the bad-review loop: open, contact, rectify, call back, appeal, escalate (SPEC D1-D7)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Select
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.cache import TtlCache
from xiaoneng.kit.edits import check, clean_text, record_id
from xiaoneng.kit.fields import text_problem
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org_service
from xiaoneng.org.models import Department
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.rectification.models import ConcentrationAlert, ContactLog, Rectification
from xiaoneng.rectification.models import LoopSettings as LoopSettingsRow
from xiaoneng.rectification.rules import Action, CallbackRate, Escalation, Status

# The seed's figures (S0 art.14-15), used while a center has not saved its own settings.
DEFAULT_SETTINGS = dict(contact_days=1, rectify_days=5, callback_days=5, escalate_to_director_after_days=2,
                        due_soon_days=1, concentration_threshold=3, concentration_period_days=30)


# --- settings and helpers ------------------------------------------------------------------------------------------

def settings_for(session: Session, *, center_id: int) -> LoopSettingsRow:
    """The center's loop settings, or an unsaved row with the seed's defaults."""
    row = repo.settings_row(session, center_id)
    return row if row is not None else LoopSettingsRow(center_id=center_id, **DEFAULT_SETTINGS)


def _rule_settings(row: LoopSettingsRow) -> rules.LoopSettings:
    return rules.LoopSettings(contact_days=row.contact_days, rectify_days=row.rectify_days,
                              callback_days=row.callback_days,
                              escalate_to_director_after_days=row.escalate_to_director_after_days)


def _deadlines(rect: Rectification) -> rules.Deadlines:
    return rules.Deadlines(contact_due=rect.contact_due, rectify_due=rect.rectify_due)


def _staff_with_role(session: Session, *, center_id: int, role: Role, department_id: int | None = None) -> list:
    if role is Role.DEPT_HEAD and department_id is None:
        return []
    page = org_service.list_staff(session, actor=system_actor(center_id), role=role, department_id=department_id,
                                  per_page=200)
    return page.items


def _notify(session: Session, **kw) -> int:
    """One in-app notice; a `key` already used means it was sent before: 0 then, else 1."""
    return 0 if notifications.notify(session, **kw) is None else 1


def _link(rect: Rectification) -> str:
    return f"/rectifications/{rect.id}"


# --- D1: a bad review opens a record at once -----------------------------------------------------------------------

def open_for_rating(session: Session, *, actor: Actor, rating) -> Rectification:
    """Open the rectification record of a bad review, with its deadlines, and tell the staff rated and the head."""
    return open_for_ratings(session, actor=actor, ratings=[rating])[0]


def open_for_ratings(session: Session, *, actor: Actor, ratings, new: bool = False,
                     cache: TtlCache | None = None) -> list[Rectification]:
    """Open the rectification records of a batch of bad reviews, with the settings, calendars and heads read once
    per center or department and one audit record per batch naming each record (a batch of one: that record).

    `new`: the ratings were written in this transaction, so none can have a record yet. `cache` (the rating
    intake's): settings, calendars and department heads kept across batches for its few seconds; without it they
    are kept for this call only."""
    ratings = list(ratings)
    for rating in ratings:
        if rating.level > 2:
            raise ValidationFailed("只有差评（不满意、非常不满意）才进入整改", field="level")
    if not ratings:
        return []
    existing = {} if new else {r.rating_id: r for r in repo.by_ratings(session, [r.id for r in ratings])}
    kept = cache if cache is not None else TtlCache()
    opened: list[tuple[Rectification, object, rules.Deadlines]] = []
    result: list[Rectification] = []
    for rating in ratings:
        if rating.id in existing:
            result.append(existing[rating.id])
            continue
        center_id = rating.center_id
        loop_settings = kept.fetch(("loop_settings", center_id),
                                   lambda: _rule_settings(settings_for(session, center_id=center_id)))
        calendar = kept.fetch(("calendar", center_id),
                              lambda: calendar_service.get_calendar(session, center_id=center_id))
        due = rules.deadlines(rating.rated_on, loop_settings, calendar)
        rect = Rectification(
            center_id=center_id, department_id=rating.department_id, window_id=rating.window_id,
            staff_id=rating.staff_id, item_id=rating.item_id, rating_id=rating.id, real_name=bool(rating.real_name),
            status=Status.OPEN.value, received_on=rating.rated_on, contact_due=due.contact_due,
            rectify_due=due.rectify_due, current_due=rules.current_due(Status.OPEN, due, None),
            escalation=rules.Escalation.NONE.value, path="", problem="", measures="", explanation="",
            callback_method="", callback_note="", rater_comment="", appeal_reason="", appeal_decision="",
            appeal_decision_reason="", excluded=False, withheld=False, withheld_reason="",
        )
        session.add(rect)
        existing[rating.id] = rect  # the same rating twice in one batch opens one record
        opened.append((rect, rating, due))
        result.append(rect)
    if not opened:
        return result
    session.flush()
    by_center: dict[int, list] = {}
    for rect, rating, due in opened:
        by_center.setdefault(rect.center_id, []).append({
            "id": rect.id, "rating_id": rating.id, "level": rating.level, "real_name": rect.real_name,
            "contact_due": due.contact_due.isoformat(), "rectify_due": due.rectify_due.isoformat()})
    for center_id, records in by_center.items():
        audit.record(session, actor=actor, action="rectification.open", entity="rectification",
                     entity_id=records[0]["id"] if len(records) == 1 else "", center_id=center_id,
                     detail=({k: v for k, v in records[0].items() if k != "id"} if len(records) == 1
                             else {"rectifications": records}))
    title = "收到差评，请在期限内联系评价人"
    for rect, rating, due in opened:
        body = f"差评已生成整改单，须于 {due.contact_due.isoformat()} 前联系评价人，{due.rectify_due.isoformat()} 前完成整改反馈。"
        recipients = set(kept.fetch(("dept_heads", rect.center_id, rect.department_id), lambda: [
            s.id for s in _staff_with_role(session, center_id=rect.center_id, role=Role.DEPT_HEAD,
                                           department_id=rect.department_id)]))
        if rating.staff_id:
            recipients.add(rating.staff_id)
        for recipient_id in sorted(recipients):
            _notify(session, recipient_id=recipient_id, kind="bad_review", title=title, body=body, link=_link(rect),
                    key=f"rect:{rect.id}:opened:{recipient_id}", center_id=rect.center_id)
    return result


# --- D2: the steps of the loop -------------------------------------------------------------------------------------

def get_rectification(session: Session, *, actor: Actor, rectification_id) -> Rectification:
    """One record the actor may see, else NotFound."""
    actor.require("rectification.read")
    return ensure_visible(repo.get(session, record_id(rectification_id)), actor)


def _load(session: Session, actor: Actor, rectification_id, permission: str) -> Rectification:
    actor.require(permission)
    rect = ensure_visible(repo.get_for_update(session, record_id(rectification_id)), actor)
    return rect


def _moment(at: dt.datetime | None) -> dt.datetime:
    return clock.local(at) if at is not None else clock.now()


def _text(value, *, field: str, label: str, max_len: int = 2000, required: bool = True) -> str:
    text = clean_text(value)
    check(field, text_problem(text, label=label, max_len=max_len, required=required))
    return text


def _step(session: Session, *, actor: Actor, rect: Rectification, action: Action, at: dt.datetime,
          detail: dict, changes: dict | None = None) -> Rectification:
    """Move the record through the transition table, re-time it, and audit the step in the same transaction.

    The transition is checked before `changes` are applied, so a refused step leaves the record untouched.
    """
    before = Status(rect.status)
    previous = Status(rect.status_before_appeal) if rect.status_before_appeal else None
    try:
        after = rules.next_status_for(before, action, real_name=rect.real_name, before_appeal=previous)
    except rules.TransitionRefused as refused:
        raise Conflict(str(refused), field="action") from None
    for name, value in (changes or {}).items():
        setattr(rect, name, value)
    rect.status = after.value
    due = rules.current_due(after, _deadlines(rect), rect.ledger_due)
    rect.current_due = due
    row = settings_for(session, center_id=rect.center_id)
    calendar = calendar_service.get_calendar(session, center_id=rect.center_id)
    level = rules.escalation(due, at.date(), _rule_settings(row), calendar)
    if level.value != rect.escalation:
        rect.escalation = level.value
        rect.escalated_at = at if level is not Escalation.NONE else None
    session.flush()
    audit.record(session, actor=actor, action=f"rectification.{action.value}", entity="rectification",
                 entity_id=rect.id, detail={"from": before.value, "to": after.value, **detail},
                 center_id=rect.center_id)
    if after in rules.AWAITING_CALLBACK and before not in rules.AWAITING_CALLBACK:
        _invite_rater(session, actor=actor, rect=rect, at=at)
    return rect


def _invite_rater(session: Session, *, actor: Actor, rect: Rectification, at: dt.datetime) -> None:
    """D7: the rater of a real-name bad review gets an SMS with a link to rate the rectification itself."""
    from xiaoneng.config import get_settings
    from xiaoneng.ratings import service as ratings_service
    from xiaoneng.ratings.links import rectification_link

    rating = ratings_service.get_rating(session, actor=system_actor(rect.center_id), rating_id=rect.rating_id)
    if not (rect.real_name and rating.rater_phone):
        return
    settings = get_settings()
    link = rectification_link(rect, secret=settings.secret_key, now=at, base_url=settings.public_base_url)
    notifications.queue_message(
        session, channel="sms", address=rating.rater_phone, actor=actor, center_id=rect.center_id,
        key=f"rectification-invite:{rect.id}",
        body=f"【政务服务好差评】您反映的问题已处理，请对整改情况进行评价：{link}")


def log_contact(session: Session, *, actor: Actor, rectification_id, method: str, summary: str,
                at: dt.datetime | None = None) -> ContactLog:
    """D2: record that the rater was contacted (when, how, who, what was said)."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    code = rules.method_code(method, rules.CONTACT_METHODS)
    if code is None:
        raise ValidationFailed("联系方式须为电话、短信、上门或网上", field="method")
    summary = _text(summary, field="summary", label="联系情况")
    moment = _moment(at)
    _step(session, actor=actor, rect=rect, action=Action.CONTACT, at=moment, detail={"method": code, "summary": summary})
    entry = ContactLog(rectification_id=rect.id, at=moment, method=code, by_id=actor.user_id, summary=summary)
    repo.add(session, entry)
    return entry


def solve_on_spot(session: Session, *, actor: Actor, rectification_id, measures: str,
                  at: dt.datetime | None = None) -> Rectification:
    """D2: the problem was solved on the spot; the record waits for its callback."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    measures = _text(measures, field="measures", label="解决措施")
    return _step(session, actor=actor, rect=rect, action=Action.SOLVE_ON_SPOT, at=_moment(at),
                 detail={"measures": measures}, changes={"path": "on_spot", "measures": measures})


def confirm_problem(session: Session, *, actor: Actor, rectification_id, problem: str,
                    at: dt.datetime | None = None) -> Rectification:
    """D2: the problem is confirmed and rectified within the rectification deadline."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    problem = _text(problem, field="problem", label="确认的问题")
    return _step(session, actor=actor, rect=rect, action=Action.CONFIRM, at=_moment(at), detail={"problem": problem},
                 changes={"path": "rectified", "problem": problem})


def to_ledger(session: Session, *, actor: Actor, rectification_id, ledger_due, problem: str = "",
              at: dt.datetime | None = None) -> Rectification:
    """D2: a complex problem goes into the ledger (台账) with a deadline set by a leader."""
    rect = _load(session, actor, rectification_id, "rectification.decide")
    moment = _moment(at)
    due = _date(ledger_due, field="ledger_due", label="台账整改期限")
    if due <= moment.date():
        raise ValidationFailed("台账整改期限须晚于今天", field="ledger_due")
    problem = _text(problem, field="problem", label="确认的问题", required=not rect.problem) or rect.problem
    return _step(session, actor=actor, rect=rect, action=Action.TO_LEDGER, at=moment,
                 detail={"ledger_due": due.isoformat(), "problem": problem},
                 changes={"path": "ledger", "problem": problem, "ledger_due": due, "ledger_set_by_id": actor.user_id})


def explain(session: Session, *, actor: Actor, rectification_id, explanation: str,
            at: dt.datetime | None = None) -> Rectification:
    """D2: a request without legal basis gets an explanation (解释说明) recorded."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    explanation = _text(explanation, field="explanation", label="解释说明")
    return _step(session, actor=actor, rect=rect, action=Action.EXPLAIN, at=_moment(at),
                 detail={"explanation": explanation}, changes={"path": "explained", "explanation": explanation})


def feed_back(session: Session, *, actor: Actor, rectification_id, measures: str,
              at: dt.datetime | None = None) -> Rectification:
    """D2: the rectification is done and fed back to the rater."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    measures = _text(measures, field="measures", label="整改措施")
    moment = _moment(at)
    return _step(session, actor=actor, rect=rect, action=Action.FEED_BACK, at=moment, detail={"measures": measures},
                 changes={"measures": measures, "fed_back_at": moment})


def callback(session: Session, *, actor: Actor, rectification_id, method: str, level, note: str = "",
             at: dt.datetime | None = None) -> Rectification:
    """D3: call the rater back (phone or online questionnaire) and record their satisfaction again."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    code = rules.method_code(method, rules.CALLBACK_METHODS)
    if code is None:
        raise ValidationFailed("回访方式须为电话回访或网上问卷", field="method")
    new_level = _level(level, field="level")
    note = _text(note, field="note", label="回访记录", required=False)
    moment = _moment(at)
    return _step(session, actor=actor, rect=rect, action=Action.CALLBACK, at=moment,
                 detail={"method": code, "level": new_level, "note": note},
                 changes={"callback_at": moment, "callback_method": code, "callback_level": new_level,
                          "callback_note": note, "callback_by_id": actor.user_id})


def close(session: Session, *, actor: Actor, rectification_id, at: dt.datetime | None = None) -> Rectification:
    """Close a record whose loop is done (real-name ones only after their callback)."""
    rect = _load(session, actor, rectification_id, "rectification.act")
    moment = _moment(at)
    if Status(rect.status) in rules.AWAITING_CALLBACK and rect.real_name:
        raise Conflict("实名差评须先回访才能办结", field="action")
    return _step(session, actor=actor, rect=rect, action=Action.CLOSE, at=moment, detail={},
                 changes={"closed_at": moment})


# --- D7: appeal and review -----------------------------------------------------------------------------------------

def appeal(session: Session, *, actor: Actor, rectification_id, reason: str,
           at: dt.datetime | None = None) -> Rectification:
    """D7: the department asks that the review be judged mistaken or malicious."""
    rect = _load(session, actor, rectification_id, "rectification.appeal")
    reason = _text(reason, field="reason", label="申诉理由")
    if rect.appeal_decision == "rejected":
        raise Conflict("该差评的申诉已被驳回，不能再次申诉", field="action")
    moment = _moment(at)
    return _step(session, actor=actor, rect=rect, action=Action.APPEAL, at=moment, detail={"reason": reason},
                 changes={"status_before_appeal": rect.status, "appeal_reason": reason,
                          "appealed_by_id": actor.user_id, "appealed_at": moment})


def decide_appeal(session: Session, *, actor: Actor, rectification_id, uphold: bool, reason: str,
                  at: dt.datetime | None = None) -> Rectification:
    """D7: uphold (the review is excluded from every counted statistic) or reject (the loop goes on), with reasons."""
    rect = _load(session, actor, rectification_id, "rectification.decide")
    reason = _text(reason, field="reason", label="复核意见")
    if rect.appealed_by_id is not None and rect.appealed_by_id == actor.user_id:
        raise Conflict("申诉人不能复核自己的申诉", field="action")
    moment = _moment(at)
    action = Action.UPHOLD_APPEAL if uphold else Action.REJECT_APPEAL
    changes = {"appeal_decision": "upheld" if uphold else "rejected", "appeal_decision_reason": reason,
               "appeal_decided_by_id": actor.user_id, "appeal_decided_at": moment, "excluded": uphold}
    if not uphold:
        changes["status_before_appeal"] = None
    return _step(session, actor=actor, rect=rect, action=action, at=moment,
                 detail={"reason": reason, "uphold": uphold}, changes=changes)


def rate_rectification(session: Session, *, rectification_id, level, comment: str = "") -> Rectification:
    """D7: the rater's own rating of the rectification, from the public page opened with a signed token."""
    rect = repo.get_for_update(session, record_id(rectification_id))
    if rect is None:
        raise NotFound()
    if Status(rect.status) not in rules.AWAITING_CALLBACK | {Status.CALLED_BACK, Status.CLOSED}:
        raise Conflict("整改尚未完成，暂不能评价", field="level")
    if rect.rater_level is not None:
        raise Conflict("您已评价过本次整改", field="level")
    value = _level(level, field="level")
    comment = _text(comment, field="comment", label="评价内容", max_len=500, required=False)
    rect.rater_level, rect.rater_comment = value, comment
    session.flush()
    audit.record(session, actor=system_actor(rect.center_id, name="rater"), action="rectification.rate",
                 entity="rectification", entity_id=rect.id, detail={"level": value, "comment": comment},
                 center_id=rect.center_id)
    return rect


def _level(value, *, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed("满意度须为 1 至 5 的整数", field=field) from None
    if isinstance(value, bool) or not 1 <= number <= 5:
        raise ValidationFailed("满意度须为 1 至 5 的整数", field=field)
    return number


def _date(value, *, field: str, label: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(clean_text(value))
    except ValueError:
        raise ValidationFailed(f"{label}须为日期（如 2026-03-31）", field=field) from None


# --- lists and the timeline ----------------------------------------------------------------------------------------

def list_rectifications(session: Session, *, actor: Actor, status: str | None = None, department_id=None,
                        overdue: bool = False, real_name: bool | None = None, escalation: str | None = None,
                        received_from: dt.date | None = None, received_to: dt.date | None = None,
                        today: dt.date | None = None, page: int = 1, per_page: int = 20) -> Page:
    """Records in scope, filtered by status, department, overdue and real name."""
    stmt = rectifications_query(actor=actor, status=status, department_id=department_id, overdue=overdue,
                                real_name=real_name, escalation=escalation, received_from=received_from,
                                received_to=received_to, today=today)
    return paginate(session, stmt, page=page, per_page=per_page)


def rectifications_query(*, actor: Actor, status: str | None = None, department_id=None, overdue: bool = False,
                         real_name: bool | None = None, escalation: str | None = None,
                         received_from: dt.date | None = None, received_to: dt.date | None = None,
                         today: dt.date | None = None) -> Select:
    """The list's statement (the page, the API and the export): the filters checked, newest first."""
    actor.require("rectification.read")
    statuses = None
    if status:
        if status == "open":
            statuses = [s.value for s in rules.OPEN_STATUSES]
        elif status == "pending":
            statuses = [s.value for s in Status if s not in rules.FINISHED]
        else:
            try:
                statuses = [Status(status).value]
            except ValueError:
                raise ValidationFailed("未知的整改状态", field="status") from None
    escalations = None
    if escalation:
        if escalation == "overdue":
            escalations = [Escalation.DEPARTMENT_HEAD.value, Escalation.DIRECTOR.value]
        else:
            try:
                escalations = [Escalation(escalation).value]
            except ValueError:
                raise ValidationFailed("未知的升级级别", field="escalation") from None
    dept = int(department_id) if department_id not in (None, "") else None
    return repo.rectifications(actor=actor, statuses=statuses, department_id=dept,
                               overdue_on=(today or clock.today()) if overdue else None, real_name=real_name,
                               escalations=escalations, received_from=received_from, received_to=received_to)


def contacts(session: Session, *, actor: Actor, rect: Rectification) -> list[ContactLog]:
    """The record's contact log, oldest first."""
    ensure_visible(rect, actor)
    return repo.contacts(session, rect.id)


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str
    action: str
    operator: str
    detail: dict


def timeline(session: Session, *, actor: Actor, rect: Rectification) -> list[TimelineEntry]:
    """The record's history from the audit chain, oldest first; contacts appear with what was said."""
    ensure_visible(rect, actor)
    # The audit chain is read on the record's behalf: whoever may see the record may see its own history.
    records = audit.list_records(session, actor=system_actor(rect.center_id), entity="rectification",
                                 entity_id=str(rect.id), limit=500)
    entries = [TimelineEntry(at=rec.at, kind="audit", action=rec.action.removeprefix("rectification."),
                             operator=rec.operator, detail=json.loads(rec.detail or "{}")) for rec in records]
    return entries[::-1]  # the chain lists newest first


def allowed_actions(rect: Rectification, actor: Actor) -> list[Action]:
    """The actions this actor may take on the record now, for the forms of its page."""
    needs = {Action.TO_LEDGER: "rectification.decide", Action.UPHOLD_APPEAL: "rectification.decide",
             Action.REJECT_APPEAL: "rectification.decide", Action.APPEAL: "rectification.appeal"}
    out = []
    for action in rules.allowed_actions_for(Status(rect.status), real_name=rect.real_name):
        if not actor.can(needs.get(action, "rectification.act")):
            continue
        if action is Action.APPEAL and rect.appeal_decision == "rejected":
            continue
        if action in (Action.UPHOLD_APPEAL, Action.REJECT_APPEAL) and rect.appealed_by_id == actor.user_id:
            continue
        out.append(action)
    return out


# --- D3: the callback-and-rectification rate -----------------------------------------------------------------------

@dataclass(frozen=True)
class CallbackReport:
    start: dt.date
    end: dt.date
    department_id: int | None
    all_reviews: CallbackRate  # every real-name bad review counted
    counted: CallbackRate  # reviews excluded by an upheld appeal left out (D7)
    pending: list[Rectification]


def callback_rate(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                  department_id: int | None = None) -> CallbackReport:
    """D3: real-name bad reviews received in [start, end] whose loop is finished, both D7 views, and the pending."""
    actor.require("rectification.read")
    if start > end:
        raise ValidationFailed("开始日期不能晚于结束日期", field="start")
    records = repo.all_of(session, repo.rectifications(actor=actor, department_id=department_id, real_name=True,
                                                       received_from=start, received_to=end))
    all_reviews, counted = rules.callback_rates([Status(r.status) for r in records])
    pending = [r for r in records if Status(r.status) not in rules.FINISHED]
    return CallbackReport(start=start, end=end, department_id=department_id, all_reviews=all_reviews,
                          counted=counted, pending=pending)


# --- D4: deadlines, escalation and concentration alerts ------------------------------------------------------------

TIMED = [s.value for s in (Status.OPEN, Status.CONTACTED, Status.RECTIFYING, Status.LEDGER)]


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
        due = rules.current_due(Status(rect.status), _deadlines(rect), rect.ledger_due)
        level = rules.escalation(due, today, _rule_settings(row), calendar)
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
        if level is Escalation.NONE and rules.due_soon(due, today, row.due_soon_days, calendar):
            for rid in sorted(handlers | heads):
                counts["due_soon_notices"] += _notify(
                    session, recipient_id=rid, kind="due_soon", key=f"rect:{rect.id}:due_soon:{due}:{rid}",
                    title="差评整改即将到期", body=f"整改单（{step}）须于 {due.isoformat()} 前完成当前环节。",
                    link=_link(rect), center_id=rect.center_id)
        if level is not Escalation.NONE:
            for rid in sorted(handlers | heads):
                counts["overdue_notices"] += _notify(
                    session, recipient_id=rid, kind="overdue", key=f"rect:{rect.id}:overdue:{due}:{rid}",
                    title="差评整改已逾期", body=f"整改单（{step}）已超过期限 {due.isoformat()}，请科室负责人督促办理。",
                    link=_link(rect), center_id=rect.center_id)
        if level is Escalation.DIRECTOR:
            for director in staff_with(rect.center_id, Role.DIRECTOR):
                counts["director_notices"] += _notify(
                    session, recipient_id=director.id, kind="escalated",
                    key=f"rect:{rect.id}:director:{due}:{director.id}", title="逾期差评整改已列入中心领导督办清单",
                    body=f"整改单（{step}）期限 {due.isoformat()}，逾期未办结。", link=_link(rect),
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
        supervisors = _staff_with_role(session, center_id=center_id, role=Role.SUPERVISOR)
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
                    _notify(session, recipient_id=supervisor.id, kind="alert", title="差评集中预警",
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


# --- D6: per-center settings ---------------------------------------------------------------------------------------

SETTING_FIELDS = tuple(rules.SETTING_BOUNDS)


def get_settings(session: Session, *, actor: Actor) -> LoopSettingsRow:
    """The actor's center's loop settings (the seed's defaults until saved)."""
    actor.require("rectification.read")
    if actor.center_id is None:
        raise ValidationFailed("未指定所属中心", field="center_id")
    return settings_for(session, center_id=actor.center_id)


def update_settings(session: Session, *, actor: Actor, **values) -> LoopSettingsRow:
    """D6: change the center's deadlines and alert thresholds; records opened later use them."""
    actor.require("rectification.settings")
    if actor.center_id is None:
        raise ValidationFailed("未指定所属中心", field="center_id")
    for name in values:
        if name not in SETTING_FIELDS:
            raise ValidationFailed(f"字段 {name} 不能修改", field=name)
    row = repo.settings_row(session, actor.center_id)
    current = {name: getattr(row, name) if row is not None else DEFAULT_SETTINGS[name] for name in SETTING_FIELDS}
    merged = {**current}
    for name, value in values.items():
        merged[name] = _int_or_raw(value)
    problems = rules.setting_problems(merged)
    if problems:
        field, reason = next(iter(problems.items()))
        raise ValidationFailed(reason, field=field)
    if row is None:
        row = LoopSettingsRow(center_id=actor.center_id, **merged)
        repo.add(session, row)
        changed = {name: [None, value] for name, value in merged.items()}
    else:
        changed = {}
        for name, value in merged.items():
            if getattr(row, name) != value:
                changed[name] = [getattr(row, name), value]
                setattr(row, name, value)
        session.flush()
    if changed:
        audit.record(session, actor=actor, action="rectification.settings", entity="loop_settings",
                     entity_id=actor.center_id, detail=changed, center_id=actor.center_id)
    return row


def _int_or_raw(value):
    if isinstance(value, bool) or isinstance(value, int):
        return value
    text = clean_text(value)
    try:
        return int(text)
    except ValueError:
        return text

"""Use cases of the AB posts (E1): set up posts, ask for leave, decide it, designate proxies. Every change audited.

Who may do what: the center's admin sets up every post, a department head those of their department; anyone
asks for their own leave; the department head of the person's department decides it, a director (中心领导) decides
any, and nobody decides their own; a director, or the head of the post's department, designates a proxy.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar
from xiaoneng.duty import repository as repo
from xiaoneng.duty import rules
from xiaoneng.duty.models import Absence, AbsenceStatus, DutyPost, LeaveRefusal, PostKind, PostProxy
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import actor_center_id, clean_text, parse_date, record_id
from xiaoneng.kit.scope import Actor, ensure_visible, system_actor
from xiaoneng.notifications import service as notifications
from xiaoneng.org import service as org

REASON_MAX = 500


def _center_reader(actor: Actor) -> Actor:
    """Posts and proxies may name staff and windows of any department of the actor's center (a B from the next
    window): they are looked up center-wide, the actor's own rights having been checked before."""
    return system_actor(actor_center_id(actor), name=actor.username)


def _staff(session: Session, actor: Actor, staff_id, field: str):
    if staff_id in (None, ""):
        return None
    try:
        person = org.get_staff(session, actor=_center_reader(actor), staff_id=record_id(staff_id))
    except NotFound:
        raise ValidationFailed("所选人员不存在或不属于本中心", field=field) from None
    if not person.active:
        raise ValidationFailed(f"{person.full_name} 已停用，不能担任岗位", field=field)
    return person


def _half(value, field: str) -> rules.Half:
    try:
        return rules.Half(int(value))
    except (TypeError, ValueError):
        raise ValidationFailed("请选择上午或下午", field=field) from None


def _period(start, start_half, end, end_half) -> rules.Period:
    start_day = parse_date(start, "start_date", required=True)
    end_day = parse_date(end, "end_date", required=True)
    return rules.Period.of(start_day, _half(start_half, "start_half"), end_day, _half(end_half, "end_half"))


def _rule_post(post: DutyPost, names: dict[int, str]) -> rules.Post:
    return rules.Post(id=post.id, name=post.name, a_id=post.a_staff_id, a_name=names.get(post.a_staff_id, ""),
                      b_id=post.b_staff_id, b_name=names.get(post.b_staff_id, ""))


def _rule_period(row) -> rules.Period:
    return rules.Period.of(row.start_date, row.start_half, row.end_date, row.end_half)


# --- posts ---------------------------------------------------------------------------------------------------------

def _may_set_up(actor: Actor, department_id: int | None) -> None:
    if actor.is_system or actor.role == Role.ADMIN:
        return
    if actor.role == Role.DEPT_HEAD and department_id is not None and department_id == actor.department_id:
        return
    raise Forbidden("只有管理员或本科室负责人可以设置 AB 岗")


def create_post(session: Session, *, actor: Actor, name: str, a_staff_id, b_staff_id, department_id=None,
                window_id=None, kind: str = PostKind.POST, duties: str = "") -> DutyPost:
    center_id = actor_center_id(actor)
    kind = PostKind(kind) if kind in set(PostKind) else None
    if kind is None:
        raise ValidationFailed("岗位类别不正确", field="kind")
    department = None
    if kind == PostKind.POST:
        if department_id in (None, ""):
            raise ValidationFailed("请选择岗位所属科室", field="department_id")
        try:
            department = org.get_department(session, actor=_center_reader(actor),
                                            department_id=record_id(department_id))
        except NotFound:
            raise ValidationFailed("所选科室不存在", field="department_id") from None
    _may_set_up(actor, department.id if department else None)
    if kind == PostKind.LEADER and not (actor.is_system or actor.role == Role.ADMIN):
        raise Forbidden("中心主要领导的 AB 岗由管理员设置")
    a = _staff(session, actor, a_staff_id, "a_staff_id")
    b = _staff(session, actor, b_staff_id, "b_staff_id")
    rules.check_post(name=clean_text(name), a_id=a.id if a else None, b_id=b.id if b else None)
    window = None
    if window_id not in (None, ""):
        try:
            window = org.get_window(session, actor=_center_reader(actor), window_id=record_id(window_id))
        except NotFound:
            raise ValidationFailed("所选窗口不存在", field="window_id") from None
        if department and window.department_id != department.id:
            raise ValidationFailed("所选窗口不属于该科室", field="window_id")
    post = DutyPost(center_id=center_id, department_id=department.id if department else None,
                    window_id=window.id if window else None, kind=kind, name=clean_text(name)[:100],
                    duties=clean_text(duties)[:500], a_staff_id=a.id, b_staff_id=b.id)
    session.add(post)
    session.flush()
    audit.record(session, actor=actor, action="create", entity="duty_post", entity_id=post.id, center_id=center_id,
                 detail={"name": post.name, "a": a.full_name, "b": b.full_name})
    return post


def get_post(session: Session, *, actor: Actor, post_id) -> DutyPost:
    actor.require("duty.read")
    return ensure_visible(session.get(DutyPost, record_id(post_id)), actor)


# --- absences ------------------------------------------------------------------------------------------------------

def _problems(session: Session, *, center_id: int, staff_id: int, period: rules.Period,
              exclude_id: int | None = None) -> list[str]:
    posts = repo.posts_held_by(session, staff_id)
    if not posts:
        return []
    others = {p.a_staff_id for p in posts} | {p.b_staff_id for p in posts}
    start, end = period.start.day, period.end.day
    absences = repo.holding_absences(session, others - {staff_id}, start, end, exclude_id)
    proxies = repo.proxies_for(session, {p.id for p in posts}, start, end)
    proxy_absences = repo.holding_absences(session, {p.staff_id for p in proxies}, start, end, exclude_id)
    ids = others | {a.staff_id for a in absences} | {p.staff_id for p in proxies}
    names = org.staff_names(session, center_id=center_id, staff_ids=ids)
    return rules.empty_post_problems(
        person_id=staff_id, period=period, posts=[_rule_post(p, names) for p in posts],
        absences=[rules.Absence(person_id=a.staff_id, person_name=names.get(a.staff_id, ""),
                                kind=rules.AbsenceKind(a.kind), period=_rule_period(a))
                  for a in absences + proxy_absences],
        proxies=[rules.Proxy(post_id=p.post_id, person_id=p.staff_id, person_name=names.get(p.staff_id, ""),
                             period=_rule_period(p)) for p in proxies],
        calendar=calendar.get_calendar(session, center_id=center_id))


def request_absence(session: Session, *, actor: Actor, kind: str, start_date, start_half, end_date, end_half,
                    reason: str = "") -> Absence:
    """The signed-in person asks for leave; refused when it would empty one of their posts."""
    actor.require("duty.leave")
    center_id = actor_center_id(actor)
    if actor.user_id is None:
        raise Forbidden("请以本人账号申请请假")
    if kind not in set(rules.AbsenceKind):
        raise ValidationFailed("请选择请假类别（出差、休假、病假、事假、会议、其他）", field="kind")
    period = _period(start_date, start_half, end_date, end_half)
    reason = clean_text(reason)
    if len(reason) > REASON_MAX:
        raise ValidationFailed(f"事由不能超过 {REASON_MAX} 字", field="reason")
    cal = calendar.get_calendar(session, center_id=center_id)
    days = period.working_days(cal)
    if days == 0:
        raise ValidationFailed(f"{period.label()}没有工作日，无需请假", field="start_date")
    problems = _problems(session, center_id=center_id, staff_id=actor.user_id, period=period)
    if problems:
        raise PostWouldBeEmpty("；".join(problems), field="start_date")
    absence = Absence(center_id=center_id, department_id=actor.department_id, staff_id=actor.user_id, kind=kind,
                      start_date=period.start.day, start_half=int(period.start.half), end_date=period.end.day,
                      end_half=int(period.end.half), reason=reason, working_days=days)
    session.add(absence)
    session.flush()
    audit.record(session, actor=actor, action="request", entity="duty_absence", entity_id=absence.id,
                 center_id=center_id, detail={"kind": kind, "period": period.label(), "working_days": days})
    _tell_deciders(session, actor=actor, absence=absence, period=period)
    return absence


class PostWouldBeEmpty(Conflict):
    """A leave refused because it would empty a post (E1); the caller may keep the attempt (record_refusal)."""


def record_refusal(session: Session, *, actor: Actor, kind: str, start_date, start_half, end_date, end_half,
                   message: str, at: dt.datetime | None = None) -> LeaveRefusal:
    """Keep a refused attempt for the supervisors' breach list; called after the refused request rolled back."""
    period = _period(start_date, start_half, end_date, end_half)
    row = LeaveRefusal(center_id=actor_center_id(actor), department_id=actor.department_id, staff_id=actor.user_id,
                       kind=kind if kind in set(rules.AbsenceKind) else rules.AbsenceKind.OTHER.value,
                       start_date=period.start.day, start_half=int(period.start.half), end_date=period.end.day,
                       end_half=int(period.end.half), message=message[:1000], at=at or clock.now())
    session.add(row)
    session.flush()
    audit.record(session, actor=actor, action="duty_refusal.record", entity="duty_absence", entity_id=row.id,
                 center_id=row.center_id, detail={"period": period.label(), "reason": row.message})
    return row


def _link(absence: Absence) -> str:
    return f"/duty/absences/{absence.id}"


def _tell_deciders(session: Session, *, actor: Actor, absence: Absence, period: rules.Period) -> None:
    """The head of the person's department decides; a head's own leave, or one in a department without a head,
    goes to the center's directors."""
    kind = rules.ABSENCE_LABELS[rules.AbsenceKind(absence.kind)]
    title = (f"{actor.full_name or actor.username} 申请{kind}：{period.label()}（{absence.working_days:g} 个工作日），"
             "待审批")
    common = {"center_id": absence.center_id, "kind": "duty_absence", "title": title, "body": absence.reason,
              "link": _link(absence), "key": f"duty-absence-request:{absence.id}"}
    sent = []
    if actor.role not in (Role.DEPT_HEAD, Role.DIRECTOR) and absence.department_id is not None:
        sent = notifications.notify_role(session, role=Role.DEPT_HEAD, department_id=absence.department_id, **common)
    if not sent:
        notifications.notify_role(session, role=Role.DIRECTOR, **common)


def _may_decide(actor: Actor, absence: Absence) -> None:
    if absence.staff_id == actor.user_id:
        raise Forbidden("不能审批本人的请假")
    if actor.role == Role.DIRECTOR:
        return
    if actor.role == Role.DEPT_HEAD and absence.department_id == actor.department_id:
        return
    raise Forbidden("只有请假人所在科室负责人或中心领导可以审批")


def decide_absence(session: Session, *, actor: Actor, absence_id, approve: bool, note: str = "",
                   now: dt.datetime | None = None) -> Absence:
    actor.require("duty.approve")
    absence = ensure_visible(session.get(Absence, record_id(absence_id)), actor)
    _may_decide(actor, absence)
    if absence.status != AbsenceStatus.PENDING:
        raise Conflict("该请假已处理，不能再次审批", field="status")
    note = clean_text(note)[:REASON_MAX]
    if approve:
        # Asked when the post was covered; whatever was asked or designated since is weighed again.
        problems = _problems(session, center_id=absence.center_id, staff_id=absence.staff_id,
                             period=_rule_period(absence), exclude_id=absence.id)
        if problems:
            raise Conflict("；".join(problems), field="status")
    absence.status = AbsenceStatus.APPROVED if approve else AbsenceStatus.REFUSED
    absence.decided_by_id, absence.decided_at, absence.decision_note = actor.user_id, now or clock.now(), note
    session.flush()
    audit.record(session, actor=actor, action="approve" if approve else "refuse", entity="duty_absence",
                 entity_id=absence.id, center_id=absence.center_id, detail={"note": note})
    kind = rules.ABSENCE_LABELS[rules.AbsenceKind(absence.kind)]
    verdict = "已批准" if approve else "未批准"
    notifications.notify(session, recipient_id=absence.staff_id, kind="duty_absence", center_id=absence.center_id,
                         title=f"您的{kind}申请（{_rule_period(absence).label()}）{verdict}",
                         body=note, link=_link(absence), key=f"duty-absence-decided:{absence.id}")
    return absence


def cancel_absence(session: Session, *, actor: Actor, absence_id) -> Absence:
    """The person withdraws their own leave while it is pending or approved."""
    absence = ensure_visible(session.get(Absence, record_id(absence_id)), actor)
    if absence.staff_id != actor.user_id:
        raise Forbidden("只能撤销本人的请假")
    if absence.status not in (AbsenceStatus.PENDING, AbsenceStatus.APPROVED):
        raise Conflict("该请假已结束，不能撤销", field="status")
    before, absence.status = absence.status, AbsenceStatus.CANCELLED
    session.flush()
    audit.record(session, actor=actor, action="cancel", entity="duty_absence", entity_id=absence.id,
                 center_id=absence.center_id, detail={"status": [before, absence.status]})
    return absence


# --- proxies -------------------------------------------------------------------------------------------------------

def designate_proxy(session: Session, *, actor: Actor, post_id, staff_id, start_date, start_half, end_date,
                    end_half, note: str = "") -> PostProxy:
    """A leader names who covers a post over a period, so that its A and B may both be away then."""
    post = get_post(session, actor=actor, post_id=post_id)
    if not (actor.is_system or actor.role == Role.DIRECTOR
            or (actor.role == Role.DEPT_HEAD and post.department_id == actor.department_id)):
        raise Forbidden("只有中心领导或该岗位所在科室负责人可以指定代岗人")
    person = _staff(session, actor, staff_id, "staff_id")
    if person is None:
        raise ValidationFailed("请选择代岗人", field="staff_id")
    if person.id in (post.a_staff_id, post.b_staff_id):
        raise ValidationFailed("代岗人应是该岗位 A、B 岗以外的人员", field="staff_id")
    period = _period(start_date, start_half, end_date, end_half)
    proxy = PostProxy(center_id=post.center_id, post_id=post.id, staff_id=person.id, start_date=period.start.day,
                      start_half=int(period.start.half), end_date=period.end.day, end_half=int(period.end.half),
                      note=clean_text(note)[:REASON_MAX], designated_by_id=actor.user_id)
    session.add(proxy)
    session.flush()
    audit.record(session, actor=actor, action="designate", entity="duty_post_proxy", entity_id=proxy.id,
                 center_id=post.center_id, detail={"post": post.name, "proxy": person.full_name,
                                                   "period": period.label()})
    return proxy

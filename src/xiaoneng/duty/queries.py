"""Reading the AB posts for pages: one's posts and leave, leave awaiting the actor's decision, the posts in scope
with who holds each right now."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.duty import repository as repo
from xiaoneng.duty import rules
from xiaoneng.duty.models import Absence, AbsenceStatus, DutyPost, PostProxy
from xiaoneng.errors import NotFound
from xiaoneng.kit.edits import record_id
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, scoped
from xiaoneng.org import service as org


def get_absence(session: Session, *, actor: Actor, absence_id) -> Absence:
    actor.require("duty.read")
    absence = ensure_visible(session.get(Absence, record_id(absence_id)), actor)
    if actor.role == Role.WINDOW_STAFF and absence.staff_id != actor.user_id:
        raise NotFound()  # window staff see their colleagues' posts, not their leave
    return absence


def my_absences(session: Session, *, actor: Actor, page: int = 1, per_page: int = 20) -> Page[Absence]:
    actor.require("duty.read")
    stmt = select(Absence).where(Absence.staff_id == actor.user_id)
    return paginate(session, stmt.order_by(Absence.start_date.desc(), Absence.id.desc()), page=page,
                    per_page=per_page)


def awaiting_decision(session: Session, *, actor: Actor) -> list[Absence]:
    """Pending leave the actor may decide: their department's (a head), everyone's (a director), never their own."""
    if not actor.can("duty.approve"):
        return []
    stmt = scoped(select(Absence), Absence, actor).where(Absence.status == AbsenceStatus.PENDING,
                                                         Absence.staff_id != actor.user_id)
    return list(session.scalars(stmt.order_by(Absence.start_date, Absence.id).limit(200)))


@dataclass(frozen=True)
class PostView:
    post: DutyPost
    a_name: str
    b_name: str
    acting_name: str  # who holds it at this half day ("" when nobody)
    acting_role: str  # A岗 / B岗（代 A 岗）/ 代岗人 / 无人在岗
    proxies: list[tuple[PostProxy, str]]


def posts_in_scope(session: Session, *, actor: Actor, at: rules.HalfDay) -> list[PostView]:
    actor.require("duty.read")
    stmt = scoped(select(DutyPost), DutyPost, actor).where(DutyPost.active.is_(True))
    posts = list(session.scalars(stmt.order_by(DutyPost.department_id, DutyPost.name)))
    return _views(session, posts, at)


def posts_with_names(session: Session, *, actor: Actor) -> list[tuple[DutyPost, str, str]]:
    """The active posts in scope with the names of their A and B holders."""
    actor.require("duty.read")
    stmt = scoped(select(DutyPost), DutyPost, actor).where(DutyPost.active.is_(True))
    posts = list(session.scalars(stmt.order_by(DutyPost.department_id, DutyPost.name)))
    if not posts:
        return []
    names = org.staff_names(session, center_id=posts[0].center_id,
                            staff_ids={p.a_staff_id for p in posts} | {p.b_staff_id for p in posts})
    return [(p, names.get(p.a_staff_id, ""), names.get(p.b_staff_id, "")) for p in posts]


def my_posts(session: Session, *, actor: Actor, at: rules.HalfDay) -> list[PostView]:
    posts = list(session.scalars(select(DutyPost).where(
        DutyPost.active.is_(True), or_(DutyPost.a_staff_id == actor.user_id, DutyPost.b_staff_id == actor.user_id))))
    return _views(session, posts, at)


def _views(session: Session, posts: list[DutyPost], at: rules.HalfDay) -> list[PostView]:
    if not posts:
        return []
    holders = {p.a_staff_id for p in posts} | {p.b_staff_id for p in posts}
    proxies = repo.proxies_for(session, {p.id for p in posts}, at.day, at.day + dt.timedelta(days=366))
    absences = repo.holding_absences(session, holders | {p.staff_id for p in proxies}, at.day, at.day)
    approved = [a for a in absences if a.status == AbsenceStatus.APPROVED]
    names = org.staff_names(session, center_id=posts[0].center_id,
                            staff_ids=holders | {p.staff_id for p in proxies})
    rule_absences = [rules.Absence(person_id=a.staff_id, person_name="", kind=rules.AbsenceKind(a.kind),
                                   period=rules.Period.of(a.start_date, a.start_half, a.end_date, a.end_half))
                     for a in approved]
    rule_proxies = [rules.Proxy(post_id=p.post_id, person_id=p.staff_id, person_name="",
                                period=rules.Period.of(p.start_date, p.start_half, p.end_date, p.end_half))
                    for p in proxies]
    views = []
    for post in posts:
        holder = rules.acting_holder(post=rules.Post(id=post.id, name=post.name, a_id=post.a_staff_id, a_name="",
                                                     b_id=post.b_staff_id, b_name=""),
                                     at=at, absences=rule_absences, proxies=rule_proxies)
        if holder is None:
            acting_name, acting_role = "", "无人在岗"
        else:
            person, role = holder
            acting_name = names.get(person, "")
            acting_role = {rules.Role.A: "A岗", rules.Role.B: "B岗（代 A 岗）", None: "代岗人"}[role]
        views.append(PostView(post=post, a_name=names.get(post.a_staff_id, ""), b_name=names.get(post.b_staff_id, ""),
                              acting_name=acting_name, acting_role=acting_role,
                              proxies=[(p, names.get(p.staff_id, "")) for p in proxies if p.post_id == post.id]))
    return views



def _rule_absence(a: Absence) -> rules.Absence:
    return rules.Absence(person_id=a.staff_id, person_name="", kind=rules.AbsenceKind(a.kind),
                         period=rules.Period.of(a.start_date, a.start_half, a.end_date, a.end_half))


def _approved(session: Session, staff_ids: set[int], day: dt.date) -> list[rules.Absence]:
    return [_rule_absence(a) for a in repo.holding_absences(session, staff_ids, day, day)
            if a.status == AbsenceStatus.APPROVED]


def covering(session: Session, *, staff_id: int, at: rules.HalfDay) -> int | None:
    """Who takes `staff_id`'s work at `at`: themselves when present; while they are away on approved leave, whoever
    holds their post (as A) then — B, or a leader's proxy; None when away and no post of theirs is held."""
    if not rules.is_away(staff_id, at, _approved(session, {staff_id}, at.day)):
        return staff_id
    for post in repo.posts_held_by(session, staff_id):
        if post.a_staff_id != staff_id:
            continue
        proxies = repo.proxies_for(session, {post.id}, at.day, at.day)
        people = {staff_id, post.b_staff_id} | {p.staff_id for p in proxies}
        holder = rules.acting_holder(
            post=rules.Post(id=post.id, name=post.name, a_id=post.a_staff_id, a_name="", b_id=post.b_staff_id,
                            b_name=""), at=at, absences=_approved(session, people, at.day),
            proxies=[rules.Proxy(post_id=p.post_id, person_id=p.staff_id, person_name="",
                                 period=rules.Period.of(p.start_date, p.start_half, p.end_date, p.end_half))
                     for p in proxies])
        if holder is not None:
            return holder[0]
    return None


def approved_half_slots(session: Session, staff_ids: set[int], first: dt.date, last: dt.date) -> dict[int, set[int]]:
    """For each person, the half days (HalfDay.slot) of first..last they are away on approved leave."""
    halves: dict[int, set[int]] = {}
    for absence in repo.holding_absences(session, staff_ids, first, last):
        if absence.status != AbsenceStatus.APPROVED:
            continue
        period = rules.Period.of(absence.start_date, absence.start_half, absence.end_date, absence.end_half)
        halves.setdefault(absence.staff_id, set()).update(range(period.start.slot, period.end.slot + 1))
    return halves


def approved_absences(session: Session, staff_ids: set[int], first: dt.date, last: dt.date) -> list[Absence]:
    """The approved leave of `staff_ids` touching first..last, with its kind (attendance shows it day by day)."""
    return [a for a in repo.holding_absences(session, staff_ids, first, last) if a.status == AbsenceStatus.APPROVED]

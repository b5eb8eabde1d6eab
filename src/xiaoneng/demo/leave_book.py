"""The demo's leave as it is placed, checked with duty.rules the way duty.service checks a request: a leave that
would leave one of the person's posts without anyone is a conflict, unless a leader's proxy covers it. Later steps
rebuild the book from the database to know who was away, and who held a post then (duty.queries.covering)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.duty import rules
from xiaoneng.duty.models import Absence, AbsenceStatus, DutyPost, PostProxy


@dataclass(frozen=True)
class Conflict:
    other_role: rules.Role  # the role of the holder who is away already
    problem: str  # duty.rules' sentence: the post, the other holder's absence, the dates
    requested_at: dt.datetime | None  # when that absence was asked for


def period_of(row) -> rules.Period:
    return rules.Period.of(row.start_date, row.start_half, row.end_date, row.end_half)


class LeaveBook:
    """Posts, proxies and the holding (approved or pending) leave of each person."""

    def __init__(self, posts: list[DutyPost], names: dict[int, str], calendars: dict[int, WorkCalendar]):
        self.calendars = calendars
        self.center_of: dict[int, int] = {}
        self.posts_of: dict[int, list[rules.Post]] = {}  # in post id order, as the service reads them
        self.a_posts: dict[int, list[rules.Post]] = {}
        for post in sorted(posts, key=lambda p: p.id):
            rule = rules.Post(id=post.id, name=post.name, a_id=post.a_staff_id, a_name=names.get(post.a_staff_id, ""),
                              b_id=post.b_staff_id, b_name=names.get(post.b_staff_id, ""))
            self.center_of[post.id] = post.center_id
            for person in (post.a_staff_id, post.b_staff_id):
                self.posts_of.setdefault(person, []).append(rule)
            self.a_posts.setdefault(post.a_staff_id, []).append(rule)
        self.names = names
        self.proxies: dict[int, list[rules.Proxy]] = {}
        self.holding: dict[int, list[tuple[rules.Absence, dt.datetime | None]]] = {}
        self.approved: dict[int, list[rules.Absence]] = {}

    def add_proxy(self, post_id: int, person_id: int, period: rules.Period) -> None:
        self.proxies.setdefault(post_id, []).append(
            rules.Proxy(post_id=post_id, person_id=person_id, person_name=self.names.get(person_id, ""), period=period))

    def place(self, person_id: int, kind: str, period: rules.Period, *, approved: bool,
              requested_at: dt.datetime | None = None) -> None:
        absence = rules.Absence(person_id=person_id, person_name=self.names.get(person_id, ""),
                                kind=rules.AbsenceKind(kind), period=period)
        self.holding.setdefault(person_id, []).append((absence, requested_at))
        if approved:
            self.approved.setdefault(person_id, []).append(absence)

    def conflicts(self, person_id: int, period: rules.Period) -> list[Conflict]:
        """One per post of the person and absence of its other holder that would leave the post empty."""
        found = []
        for post in self.posts_of.get(person_id, []):
            other_id, _, other_role = post.other(person_id)
            proxies = self.proxies.get(post.id, [])
            proxy_absences = [a for p in proxies for a, _ in self.holding.get(p.person_id, [])]
            for absence, requested_at in self.holding.get(other_id, []):
                if not absence.period.overlaps(period):
                    continue
                for problem in rules.empty_post_problems(
                        person_id=person_id, period=period, posts=[post], absences=[absence, *proxy_absences],
                        proxies=proxies, calendar=self.calendars[self.center_of[post.id]]):
                    found.append(Conflict(other_role, problem, requested_at))
        return found

    def overlaps_own(self, person_id: int, period: rules.Period) -> bool:
        return any(a.period.overlaps(period) for a, _ in self.holding.get(person_id, []))

    def away(self, person_id: int, half: rules.HalfDay) -> bool:
        """On approved leave at that half day."""
        return rules.is_away(person_id, half, self.approved.get(person_id, []))

    def covering(self, person_id: int, half: rules.HalfDay) -> int | None:
        """duty.queries.covering on the book: the person when present, else whoever holds a post of theirs as A."""
        if not self.away(person_id, half):
            return person_id
        for post in self.a_posts.get(person_id, []):
            proxies = [p for p in self.proxies.get(post.id, []) if p.period.start.day <= half.day <= p.period.end.day]
            people = {person_id, post.b_id} | {p.person_id for p in proxies}
            holder = rules.acting_holder(post=post, at=half, proxies=proxies,
                                         absences=[a for p in people for a in self.approved.get(p, [])])
            if holder is not None:
                return holder[0]
        return None

    @classmethod
    def from_db(cls, session: Session, center_ids: list[int], names: dict[int, str],
                calendars: dict[int, WorkCalendar]) -> LeaveBook:
        posts = list(session.scalars(select(DutyPost).where(DutyPost.center_id.in_(center_ids),
                                                            DutyPost.active.is_(True))))
        book = cls(posts, names, calendars)
        for proxy in session.scalars(select(PostProxy).where(PostProxy.center_id.in_(center_ids))
                                     .order_by(PostProxy.id)):
            book.add_proxy(proxy.post_id, proxy.staff_id, period_of(proxy))
        for absence in session.scalars(select(Absence).where(
                Absence.center_id.in_(center_ids),
                Absence.status.in_((AbsenceStatus.APPROVED, AbsenceStatus.PENDING))).order_by(Absence.id)):
            book.place(absence.staff_id, absence.kind, period_of(absence),
                       approved=absence.status == AbsenceStatus.APPROVED, requested_at=absence.created_at)
        return book

"""The demo's leader-designated proxies (代岗, E1): a few occasions on which a post's A and B are both away — the
two directors at one city meeting, two clerks of a window at one training — with the proxy a leader named first,
and both leaves approved because the proxy covers the post. They are placed before anyone else's leave."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.demo.catalog.duty_texts import APPROVAL_NOTES, PROXY_PLANS
from xiaoneng.demo.days import at
from xiaoneng.demo.leave_book import LeaveBook
from xiaoneng.demo.leave_plan import Season, Wish, begins, row
from xiaoneng.duty.models import AbsenceStatus, DutyPost, PostKind, PostProxy
from xiaoneng.duty.rules import Half, Period


@dataclass
class Planted:
    rows: list[dict] = field(default_factory=list)
    proxies: list[PostProxy] = field(default_factory=list)
    blocked: dict[int, list[Period]] = field(default_factory=dict)  # a proxy is not away while covering

    def blocks(self, person_id: int, period: Period) -> bool:
        return any(p.overlaps(period) for p in self.blocked.get(person_id, []))


def _choose(ctx, posts: list[DutyPost], code: str | None):
    """The post, its proxy and who designates: the leader post with the 综合服务科 head, or a department's window
    post with a clerk of the department who is nobody's A, named by the department's head."""
    heads = {s.department_id: s for s in ctx.staff if s.role == Role.DEPT_HEAD}
    if code is None:
        post = next(p for p in posts if p.kind == PostKind.LEADER)
        return post, heads[ctx.departments["ZHFW"].id], post.a_staff_id
    department = ctx.departments[code]
    windows = [p for p in posts if p.department_id == department.id and p.window_id is not None]
    post = windows[min(1, len(windows) - 1)]
    a_holders = {p.a_staff_id for p in posts}
    clerks = [s for s in ctx.staff if s.role == Role.WINDOW_STAFF and s.department_id == department.id
              and s.id not in (post.a_staff_id, post.b_staff_id)]
    free = [s for s in clerks if s.id not in a_holders] or clerks
    return post, ctx.rng.choice(free), heads[department.id].id


def plant_proxies(session: Session, ctx, posts: list[DutyPost], season: Season, book: LeaveBook,
                  decide: dict) -> Planted:
    rng, planted = ctx.rng, Planted()
    staff = {s.id: s for s in ctx.staff}
    ref_i = bisect.bisect_right(season.days, ctx.reference_date) - 1
    end_of_ref = at(ctx.today, 0)
    for code, kind, reason, note, (low, high), halves in PROXY_PLANS:
        if code is not None and code not in ctx.departments:
            continue
        post, proxy, designer = _choose(ctx, posts, code)
        day_i = ref_i + rng.randint(low, high)
        period = season.period(day_i, Half.AM, halves)
        if period is None or day_i - 8 < 0:
            continue
        asked_a = at(season.days[min(day_i - rng.randint(4, 7), ref_i)], rng.randint(9 * 60, 11 * 60))
        asked_b = asked_a + dt.timedelta(minutes=rng.randint(20, 180))
        designated_at = asked_b + dt.timedelta(minutes=rng.randint(20, 60))
        book.add_proxy(post.id, proxy.id, period)
        rows = []
        for person_id, asked in ((post.a_staff_id, asked_a), (post.b_staff_id, asked_b)):
            if book.conflicts(person_id, period):
                break
            wish = Wish(person=staff[person_id], kind=kind, period=period, halves=halves, reason=reason,
                        requested_at=asked, planted=True)
            decided = max(season.decided(rng, asked, begins(period)), designated_at + dt.timedelta(minutes=10))
            if decided >= end_of_ref:
                decided = designated_at + dt.timedelta(minutes=rng.randint(10, 60))
            book.place(person_id, kind, period, approved=True, requested_at=asked)
            rows.append(row(wish, season.cal, status=AbsenceStatus.APPROVED, decider=decide[person_id],
                            decided_at=decided, note=rng.choice(APPROVAL_NOTES)))
        if len(rows) < 2:  # another occasion is in the way: this one did not happen
            book.proxies[post.id].pop()
            for person_id in (post.a_staff_id, post.b_staff_id)[:len(rows)]:
                book.holding[person_id].pop()
                book.approved[person_id].pop()
            continue
        planted.rows += rows
        planted.blocked.setdefault(proxy.id, []).append(period)
        planted.proxies.append(PostProxy(
            center_id=post.center_id, post_id=post.id, staff_id=proxy.id, start_date=period.start.day,
            start_half=int(period.start.half), end_date=period.end.day, end_half=int(period.end.half), note=note,
            designated_by_id=designer, created_at=designated_at, updated_at=designated_at))
    session.add_all(planted.proxies)
    session.flush()
    return planted

"""The demo's year of leave (E1): no post is ever left empty, leave is asked and decided by the right people at
plausible times, kinds and lengths follow the seasons, a few were refused for a conflict, some wait for a decision,
and a few posts had a leader's proxy while A and B were both away."""

import datetime as dt
from collections import Counter, defaultdict

from sqlalchemy import select

from tests.demo.duty_year.conftest import END, REF, START
from xiaoneng.auth.rules import Role
from xiaoneng.duty import deadlines as duty_deadlines
from xiaoneng.duty import rules
from xiaoneng.duty.models import Absence, AbsenceStatus, DutyPost, PostKind, PostProxy
from xiaoneng.kit.clock import TZ
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Staff


def _period(row) -> rules.Period:
    return rules.Period.of(row.start_date, row.start_half, row.end_date, row.end_half)


def _rule_posts(db) -> list[rules.Post]:
    return [rules.Post(id=p.id, name=p.name, a_id=p.a_staff_id, a_name="", b_id=p.b_staff_id, b_name="")
            for p in db.scalars(select(DutyPost))]


def _proxies(db) -> list[rules.Proxy]:
    return [rules.Proxy(post_id=p.post_id, person_id=p.staff_id, person_name="", period=_period(p))
            for p in db.scalars(select(PostProxy))]


def _absence(row) -> rules.Absence:
    return rules.Absence(person_id=row.staff_id, person_name="", kind=rules.AbsenceKind(row.kind), period=_period(row))


def test_no_approved_leave_leaves_a_post_empty(db, cal):
    """Every approved leave, weighed as the service weighs a request against every other pending or approved one."""
    posts, proxies = _rule_posts(db), _proxies(db)
    holding = list(db.scalars(select(Absence).where(Absence.status.in_((AbsenceStatus.APPROVED,
                                                                        AbsenceStatus.PENDING)))))
    by_person = defaultdict(list)
    for a in holding:
        by_person[a.staff_id].append(a)
    approved = [a for a in holding if a.status == AbsenceStatus.APPROVED]
    assert len(approved) > 500
    for a in approved:
        mine = [p for p in posts if p.role_of(a.staff_id)]
        people = {p.other(a.staff_id)[0] for p in mine} | {x.person_id for x in proxies}
        others = [_absence(o) for pid in people for o in by_person[pid] if o.id != a.id]
        assert rules.empty_post_problems(person_id=a.staff_id, period=_period(a), posts=mine, absences=others,
                                         proxies=proxies, calendar=cal) == [], a.id


def test_every_post_is_held_on_every_working_half_day_of_the_year(db, cal):
    posts, proxies = _rule_posts(db), _proxies(db)
    by_person = defaultdict(list)
    for a in db.scalars(select(Absence).where(Absence.status == AbsenceStatus.APPROVED)):
        by_person[a.staff_id].append(_absence(a))
    away_both = 0
    for day in cal.working_days_between(START, REF):
        for half in rules.Half:
            at = rules.HalfDay(day, half)
            for post in posts:
                people = {post.a_id, post.b_id} | {p.person_id for p in proxies if p.post_id == post.id}
                absences = [x for pid in people for x in by_person[pid]]
                holder = rules.acting_holder(post=post, at=at, absences=absences, proxies=proxies)
                assert holder is not None, (post.name, at)
                away_both += holder[1] is None
    assert away_both >= 2  # the proxies did hold posts


def test_leave_is_asked_by_the_person_and_decided_by_the_head_or_a_director(db, cal):
    staff = {s.id: s for s in db.scalars(select(Staff))}
    heads = {s.department_id: s.id for s in staff.values() if s.role == Role.DEPT_HEAD}
    for a in db.scalars(select(Absence)):
        person = staff[a.staff_id]
        assert a.center_id == person.center_id and a.department_id == person.department_id
        assert a.working_days == _period(a).working_days(cal) > 0
        assert START - dt.timedelta(days=40) <= a.created_at.astimezone(TZ).date() <= REF
        if a.status == AbsenceStatus.PENDING:
            assert a.decided_at is None and a.decided_by_id is None and a.start_date > REF
            continue
        assert a.created_at < a.decided_at < END and a.decided_by_id != a.staff_id
        decider = staff[a.decided_by_id]
        if person.role in (Role.WINDOW_STAFF, Role.SUPERVISOR):
            assert a.decided_by_id == heads[person.department_id]
        else:
            assert decider.role == Role.DIRECTOR and decider.center_id == person.center_id
        assert 7 <= a.decided_at.astimezone(TZ).hour <= 22


def test_kinds_lengths_and_seasons(db):
    rows = list(db.scalars(select(Absence).where(Absence.status == AbsenceStatus.APPROVED)))
    kinds = Counter(a.kind for a in rows)
    assert set(kinds) == set(rules.AbsenceKind)
    assert all(0.5 <= a.working_days <= 5 for a in rows)
    assert all(a.working_days <= 1 for a in rows if a.kind == "meeting")
    assert all(a.working_days <= 3 for a in rows if a.kind == "personal")
    vacation = Counter(a.start_date.month for a in rows if a.kind == "vacation")
    quiet = sum(vacation[m] for m in (3, 4, 5, 6, 9, 11)) / 6
    assert vacation[7] + vacation[8] > 4 * quiet and vacation[2] > 1.5 * quiet  # summer and the Spring Festival
    assert any(a.start_half == 1 for a in rows) and any(a.working_days == 0.5 for a in rows)


def test_a_few_were_refused_for_a_conflict_and_some_wait_in_the_coming_weeks(db):
    refused = list(db.scalars(select(Absence).where(Absence.status == AbsenceStatus.REFUSED)))
    conflicts = [a for a in refused if a.decision_note.startswith(("与 B 岗请假时间冲突", "与 A 岗请假时间冲突"))]
    assert 1 <= len(conflicts) <= 10
    assert all("将无人在岗" in a.decision_note and "岗位“" in a.decision_note for a in conflicts)
    assert len(refused) > len(conflicts)  # and others for other reasons
    assert list(db.scalars(select(Absence).where(Absence.status == AbsenceStatus.CANCELLED)))
    pending = list(db.scalars(select(Absence).where(Absence.status == AbsenceStatus.PENDING)))
    assert 2 <= len(pending) <= 30 and all(REF < a.start_date <= REF + dt.timedelta(days=40) for a in pending)
    links = set(db.scalars(select(Notification.link).where(Notification.kind == "duty_absence",
                                                           Notification.read_at.is_(None))))
    assert {f"/duty/absences/{a.id}" for a in pending} <= links


def test_proxies_cover_posts_whose_a_and_b_are_both_away(db, cal):
    staff = {s.id: s for s in db.scalars(select(Staff))}
    approved = defaultdict(list)
    for a in db.scalars(select(Absence).where(Absence.status == AbsenceStatus.APPROVED)):
        approved[a.staff_id].append(_absence(a))
    proxies = list(db.scalars(select(PostProxy)))
    assert 2 <= len(proxies) <= 5
    kinds = set()
    for proxy in proxies:
        post = db.get(DutyPost, proxy.post_id)
        kinds.add(post.kind)
        halves = _period(proxy).working_half_days(cal)
        assert any(rules.is_away(post.a_staff_id, h, approved[post.a_staff_id])
                   and rules.is_away(post.b_staff_id, h, approved[post.b_staff_id]) for h in halves)
        assert not any(rules.is_away(proxy.staff_id, h, approved[proxy.staff_id]) for h in halves)
        designer = staff[proxy.designated_by_id]
        assert designer.role == Role.DIRECTOR or (designer.role == Role.DEPT_HEAD
                                                  and designer.department_id == post.department_id)
        assert proxy.staff_id not in (post.a_staff_id, post.b_staff_id) and proxy.note
    assert PostKind.LEADER in kinds and PostKind.POST in kinds
    assert any(p.start_date > REF for p in proxies)  # one designated for the coming days


def test_the_leave_reminder_job_finds_everything_already_told(db):
    assert duty_deadlines.refresh_deadlines(db, today=REF)["notices"] == 0

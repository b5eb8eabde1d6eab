import datetime as dt

import pytest

from xiaoneng.duty import rules
from xiaoneng.duty.rules import Absence, AbsenceKind, Half, HalfDay, Period, Post, Proxy
from xiaoneng.errors import ValidationFailed

AM, PM = Half.AM, Half.PM
POST = Post(id=1, name="不动产登记受理岗", a_id=10, a_name="张敏", b_id=20, b_name="李强")


def d(text):
    return dt.date.fromisoformat(text)


def period(start, start_half, end, end_half):
    return Period.of(d(start), start_half, d(end), end_half)


def away(person, start, sh, end, eh, kind=AbsenceKind.VACATION):
    names = {10: "张敏", 20: "李强", 30: "王芳"}
    return Absence(person_id=person, person_name=names[person], kind=kind, period=period(start, sh, end, eh))


@pytest.mark.parametrize(("start", "sh", "end", "eh", "days"), [
    ("2026-11-16", AM, "2026-11-20", PM, 5.0),     # Monday to Friday
    ("2026-11-16", PM, "2026-11-17", AM, 1.0),     # two half days
    ("2026-11-16", AM, "2026-11-16", AM, 0.5),
    ("2026-09-30", AM, "2026-10-09", PM, 3.0),     # over 国庆 2026: 9/30, 10/8, 10/9 only
    ("2026-10-10", AM, "2026-10-10", PM, 1.0),     # the make-up Saturday is a working day
    ("2026-10-01", AM, "2026-10-07", PM, 0.0),     # the holiday itself costs nothing
    ("2025-09-27", AM, "2025-09-28", PM, 1.0),     # 2025: Saturday rest, Sunday 9/28 make-up
    ("2025-10-08", PM, "2025-10-11", AM, 2.5),     # 10/8 rest; 10/9, 10/10 and the morning of Saturday 10/11
])
def test_leave_length_counts_working_half_days(calendar, start, sh, end, eh, days):
    assert period(start, sh, end, eh).working_days(calendar) == days


def test_a_leave_that_ends_before_it_starts_is_refused():
    with pytest.raises(ValidationFailed, match="结束时间（2026-11-16 上午）早于开始时间（2026-11-16 下午）") as exc:
        period("2026-11-16", PM, "2026-11-16", AM)
    assert exc.value.field == "end"


@pytest.mark.parametrize(("b_leave", "a_request", "clash"), [
    # B away the whole week: A may not take Wednesday.
    (("2026-11-16", AM, "2026-11-20", PM), ("2026-11-18", AM, "2026-11-18", PM), "2026-11-18"),
    # Overlapping half days: B away Tuesday afternoon, A asks Tuesday afternoon to Wednesday.
    (("2026-11-17", PM, "2026-11-17", PM), ("2026-11-17", PM, "2026-11-18", PM), "2026-11-17下午"),
    # B away until the make-up Saturday 2026-10-10; A's leave from that Saturday clashes on it.
    (("2026-10-08", AM, "2026-10-10", PM), ("2026-10-10", AM, "2026-10-12", PM), "2026-10-10"),
    # 2025 make-up Sunday 9/28: both away over the weekend clash on Sunday only.
    (("2025-09-27", AM, "2025-09-28", PM), ("2025-09-26", PM, "2025-09-28", AM), "2025-09-28上午"),
])
def test_a_leave_that_would_empty_the_post_is_refused_naming_post_absence_and_dates(calendar, b_leave, a_request,
                                                                                   clash):
    problems = rules.empty_post_problems(person_id=10, period=period(*a_request), posts=[POST],
                                         absences=[away(20, *b_leave)], proxies=[], calendar=calendar)
    assert len(problems) == 1
    problem = problems[0]
    assert "岗位“不动产登记受理岗”将无人在岗" in problem
    assert f"B岗 李强 {period(*b_leave).label()}休假" in problem
    assert f"同在 {clash}。" in problem


@pytest.mark.parametrize(("b_leave", "a_request"), [
    # Half days that touch without overlapping.
    (("2026-11-17", AM, "2026-11-17", AM), ("2026-11-17", PM, "2026-11-18", PM)),
    # Both away over 国庆 2026, but only on rest days together: B 9/28-10/7, A 10/1-10/9.
    (("2026-09-28", AM, "2026-10-07", PM), ("2026-10-01", AM, "2026-10-09", PM)),
    # Over a weekend that is no make-up day.
    (("2026-11-20", PM, "2026-11-22", PM), ("2026-11-21", AM, "2026-11-23", PM)),
])
def test_absences_that_never_share_a_working_half_day_are_allowed(calendar, b_leave, a_request):
    assert rules.empty_post_problems(person_id=10, period=period(*a_request), posts=[POST],
                                     absences=[away(20, *b_leave)], proxies=[], calendar=calendar) == []


def test_a_proxy_designated_by_a_leader_lets_both_be_away_only_where_it_covers(calendar):
    b_away = away(20, "2026-11-16", AM, "2026-11-20", PM, AbsenceKind.TRIP)
    proxy = Proxy(post_id=1, person_id=30, person_name="王芳", period=period("2026-11-16", AM, "2026-11-18", PM))
    ok = rules.empty_post_problems(person_id=10, period=period("2026-11-17", AM, "2026-11-18", PM), posts=[POST],
                                   absences=[b_away], proxies=[proxy], calendar=calendar)
    assert ok == []
    beyond = rules.empty_post_problems(person_id=10, period=period("2026-11-18", AM, "2026-11-19", AM),
                                       posts=[POST], absences=[b_away], proxies=[proxy], calendar=calendar)
    assert len(beyond) == 1 and "出差" in beyond[0] and "同在 2026-11-19上午。" in beyond[0]
    # A proxy who is away covers nothing.
    proxy_away = away(30, "2026-11-17", AM, "2026-11-17", PM)
    blocked = rules.empty_post_problems(person_id=10, period=period("2026-11-17", AM, "2026-11-17", PM),
                                        posts=[POST], absences=[b_away, proxy_away], proxies=[proxy],
                                        calendar=calendar)
    assert len(blocked) == 1


def test_b_asking_is_checked_against_a(calendar):
    problems = rules.empty_post_problems(person_id=20, period=period("2026-11-18", AM, "2026-11-18", AM),
                                         posts=[POST], absences=[away(10, "2026-11-18", AM, "2026-11-18", AM,
                                                                      AbsenceKind.SICK)],
                                         proxies=[], calendar=calendar)
    assert len(problems) == 1 and "A岗 张敏" in problems[0] and "病假" in problems[0]


def test_someone_who_holds_no_post_is_never_refused(calendar):
    assert rules.empty_post_problems(person_id=30, period=period("2026-11-18", AM, "2026-11-18", PM),
                                     posts=[POST], absences=[away(20, "2026-11-18", AM, "2026-11-18", PM)],
                                     proxies=[], calendar=calendar) == []


@pytest.mark.parametrize(("absent", "expected"), [
    ([], (10, rules.Role.A)),
    ([(10,)], (20, rules.Role.B)),            # B acts for A
    ([(10,), (20,)], (30, None)),              # the proxy
])
def test_acting_holder(absent, expected):
    absences = [away(p, "2026-11-18", AM, "2026-11-18", PM) for (p,) in absent]
    proxy = Proxy(post_id=1, person_id=30, person_name="王芳", period=period("2026-11-18", AM, "2026-11-18", PM))
    at = HalfDay(d("2026-11-18"), PM)
    assert rules.acting_holder(post=POST, at=at, absences=absences, proxies=[proxy]) == expected
    assert rules.acting_holder(post=POST, at=at, absences=[away(10, "2026-11-18", AM, "2026-11-18", PM),
                                                            away(20, "2026-11-18", AM, "2026-11-18", PM)],
                               proxies=[]) is None


@pytest.mark.parametrize(("name", "a", "b", "message", "field"), [
    ("", 1, 2, "请填写岗位名称", "name"),
    ("受理岗", None, 2, "请选择 A 岗", "a_id"),
    ("受理岗", 1, None, "请选择 B 岗", "b_id"),
    ("受理岗", 1, 1, "A 岗和 B 岗不能是同一人", "b_id"),
])
def test_a_post_needs_two_different_holders(name, a, b, message, field):
    with pytest.raises(ValidationFailed, match=message) as exc:
        rules.check_post(name=name, a_id=a, b_id=b)
    assert exc.value.field == field

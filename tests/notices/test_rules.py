"""The pure rules of notices: numbers, prefixes, what a finding must say, what makes a later notice a violation,
and the clock of a refused case, as tables with real dates."""

import datetime as dt

import pytest

from xiaoneng.calendar import service as calendars
from xiaoneng.cases.rules import ClockStatus, Notice, Received, Refused, Supplement, fold_clock, refusal_problem
from xiaoneng.notices import rules

D = dt.date


@pytest.fixture(scope="module")
def cal():
    return calendars._library_calendar()


@pytest.mark.parametrize(("prefix", "year", "seq", "expected"), [
    ("锦政服告", 2026, 1, "锦政服告〔2026〕第0001号"),
    ("锦政服告", 2026, 37, "锦政服告〔2026〕第0037号"),
    ("锦政服告", 2027, 1, "锦政服告〔2027〕第0001号"),
    ("高新政服告", 2026, 12345, "高新政服告〔2026〕第12345号"),  # past 9999 the number grows, never wraps
])
def test_numbers(prefix, year, seq, expected):
    assert rules.number(prefix, year, seq) == expected


@pytest.mark.parametrize(("name", "expected"), [
    ("锦城新区政务服务中心", "锦政服告"),
    ("  高新区政务服务中心", "高政服告"),
    ("", "政服告"),
])
def test_default_prefix_from_the_center_name(name, expected):
    assert rules.default_prefix(name) == expected


@pytest.mark.parametrize(("prefix", "problem"), [
    ("锦政服告", None),
    ("GX政告", None),
    ("", "请填写告知书编号前缀"),
    ("锦政服告〔", "告知书编号前缀只能由汉字、字母和数字组成（年份和序号会自动加上）"),
    ("锦 政", "告知书编号前缀只能由汉字、字母和数字组成（年份和序号会自动加上）"),
    ("一二三四五六七八九十一二三", "告知书编号前缀不能超过12个字"),
])
def test_prefix_problems(prefix, problem):
    assert rules.prefix_problem(prefix) == problem


@pytest.mark.parametrize(("problem", "reason", "expected"), [
    ("missing", "", None),
    ("missing", "未提交原件", None),
    ("noncompliant", "未加盖公章", None),
    ("noncompliant", "", ("reason", "第2项材料「营业执照」：请填写不符合要求的具体原因")),
    ("noncompliant", "长" * 201, ("reason", "第2项材料「营业执照」：原因不能超过200个字")),
    ("lost", "", ("problem", "第2项材料「营业执照」：请选择缺少或不符合要求")),
])
def test_what_a_finding_must_say(problem, reason, expected):
    assert rules.finding_problem(problem, reason, name="营业执照", row=2) == expected


@pytest.mark.parametrize(("problem", "reason", "text"), [
    (rules.Problem.MISSING, "", "缺少"),
    (rules.Problem.MISSING, "未带原件", "缺少：未带原件"),
    (rules.Problem.NONCOMPLIANT, "未加盖公章", "不符合要求：未加盖公章"),
    (rules.Problem.SUBMITTED, "", "已提交"),
])
def test_the_status_column(problem, reason, text):
    assert rules.reason_text(problem, reason) == text


@pytest.mark.parametrize(("earlier", "current", "new"), [
    ([], {"营业执照", "申请书"}, set()),  # the first notice is never an omission
    ([{"营业执照"}], {"营业执照"}, set()),  # supplied but still non-compliant: a legitimate second notice
    ([{"营业执照"}], {"营业执照", "租赁合同"}, {"租赁合同"}),
    ([{"营业执照"}, {"租赁合同"}], {"租赁合同", "委托书"}, {"委托书"}),  # named by any earlier notice counts
])
def test_newly_asked(earlier, current, new):
    assert rules.newly_asked(earlier, current) == new


@pytest.mark.parametrize(("status", "accepted", "problem"), [
    ("received", False, None),
    ("suspended", False, None),  # waiting for its 补正: may still be refused
    ("suspended", True, "办件已受理，不能再作不予受理决定"),
    ("accepted", True, "办件已受理，不能再作不予受理决定"),
    ("completed", True, "办件已办结，不能再作不予受理决定"),
    ("rejected", False, "该办件已作出不予受理决定"),
])
def test_when_a_case_may_be_refused(status, accepted, problem):
    assert refusal_problem(status, accepted) == problem


@pytest.mark.parametrize(("events", "today"), [
    # Refused the day after receipt.
    ([Received(D(2026, 11, 16)), Refused(D(2026, 11, 17))], D(2026, 12, 31)),
    # Refused while waiting for 补正, after the 国庆 holiday would have made it late.
    ([Received(D(2026, 9, 28)), Notice(D(2026, 9, 29), frozenset({"营业执照"})), Refused(D(2026, 10, 20))],
     D(2026, 11, 18)),
    # Refused after a supplement restarted the clock, long past the due date it had then.
    ([Received(D(2025, 12, 29)), Notice(D(2025, 12, 30), frozenset({"营业执照"})), Supplement(D(2026, 1, 5)),
      Refused(D(2026, 2, 27))], D(2026, 3, 2)),
])
def test_a_refusal_ends_the_clock_without_a_due_date(cal, events, today):
    clock = fold_clock(events, limit_days=5, calendar=cal)
    assert clock.status is ClockStatus.REFUSED and clock.due is None
    assert clock.completed_on == events[-1].day and not clock.overdue(today)

"""The rules of complaints as tables with real dates: deadlines by type across 国庆 2025 (10/1-10/8 off, Sunday 9/28
and Saturday 10/11 worked) and 春节 2026 (2/15-2/23 off, Saturdays 2/14 and 2/28 worked), the sign-for deadline,
the urge days, deadline states, the callback and reopen limit, the transitions."""

import datetime as dt

import pytest

from xiaoneng.calendar import service as calendars
from xiaoneng.cases.rules import DeadlineState
from xiaoneng.complaints import rules
from xiaoneng.complaints.rules import Callback, Kind, Status, UrgeKind
from xiaoneng.errors import Conflict

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def calendar():
    return calendars._library_calendar()


@pytest.mark.parametrize(("received", "kind", "due"), [
    ("2026-11-18", Kind.CONSULT, "2026-11-23"),    # Wednesday: Thursday, Friday, Monday
    ("2026-11-18", Kind.COMPLAINT, "2026-12-07"),  # 13 working days
    ("2025-09-26", Kind.CONSULT, "2025-09-30"),    # Friday before 国庆: Sunday 9/28 is worked, then 9/29, 9/30
    ("2025-09-26", Kind.HELP, "2025-09-30"),
    ("2025-09-26", Kind.COMPLAINT, "2025-10-21"),  # 9/28, 9/29, 9/30, 10/9, 10/10, Saturday 10/11, … 10/21
    ("2025-09-30", Kind.REPORT, "2025-10-24"),     # the holiday does not count: 10/9 is the first day
    ("2025-10-10", Kind.SUGGEST, "2025-10-28"),    # Saturday 10/11 is the first day
    ("2026-02-12", Kind.COMPLAINT, "2026-03-09"),  # 春节: 2/13, Saturday 2/14, then from 2/24, Saturday 2/28 too
    ("2026-02-13", Kind.CONSULT, "2026-02-25"),    # Saturday 2/14, then 2/24, 2/25
    ("2026-02-20", Kind.HELP, "2026-02-26"),       # received during the holiday: 2/24, 2/25, 2/26
])
def test_handling_deadline_by_type(calendar, received, kind, due):
    assert rules.due_on(D(received), kind, calendar) == D(due)


def test_praise_has_no_deadline_and_settings_replace_the_defaults(calendar):
    assert rules.due_on(D("2026-11-18"), Kind.PRAISE, calendar) is None
    assert rules.due_on(D("2026-11-18"), Kind.COMPLAINT, calendar, {"complaint": 5}) == D("2026-11-25")


@pytest.mark.parametrize(("assigned", "sign_by"), [
    ("2026-11-18", "2026-11-19"),
    ("2026-11-20", "2026-11-23"),  # Friday: Monday
    ("2025-09-30", "2025-10-09"),  # before 国庆 2025: the first working day after it
    ("2025-09-27", "2025-09-28"),  # Saturday: the make-up Sunday
    ("2026-02-13", "2026-02-14"),  # Friday before 春节: the make-up Saturday
])
def test_sign_for_within_one_working_day(calendar, assigned, sign_by):
    assert rules.sign_by(D(assigned), calendar) == D(sign_by)


@pytest.mark.parametrize(("due", "urge", "notice"), [
    ("2026-11-20", "2026-11-23", "2026-11-30"),  # Friday: Monday; five working days later
    ("2025-09-30", "2025-10-09", "2025-10-15"),  # 10/10, Saturday 10/11, 10/13, 10/14, 10/15
    ("2026-02-13", "2026-02-14", "2026-02-28"),  # the make-up Saturdays of 春节 count both times
])
def test_urge_and_notice_days(calendar, due, urge, notice):
    assert rules.urge_day(D(due), calendar) == D(urge)
    assert rules.notice_day(D(due), calendar) == D(notice)


@pytest.mark.parametrize(("status", "today", "issued", "owed"), [
    (Status.SIGNED, "2025-09-30", set(), []),                          # the deadline itself
    (Status.SIGNED, "2025-10-08", set(), []),                          # the holiday: no urge before 10/9
    (Status.SIGNED, "2025-10-09", set(), [UrgeKind.URGE]),
    (Status.ASSIGNED, "2025-10-09", set(), [UrgeKind.URGE]),          # never signed for: late all the same
    (Status.SIGNED, "2025-10-09", {"urge"}, []),                       # once
    (Status.SIGNED, "2025-10-14", {"urge"}, []),
    (Status.SIGNED, "2025-10-15", {"urge"}, [UrgeKind.NOTICE]),
    (Status.SIGNED, "2025-10-20", set(), [UrgeKind.URGE, UrgeKind.NOTICE]),  # both owed when the job was down
    (Status.SIGNED, "2025-10-20", {"urge", "notice"}, []),
    (Status.ANSWERED, "2025-10-20", set(), []),                         # answered: nobody is urged
    (Status.NEW, "2025-10-20", set(), []),                              # no unit holds it yet
])
def test_urges_owed(calendar, status, today, issued, owed):
    assert rules.urges_due(status, D("2025-09-30"), D(today), calendar, issued) == owed


@pytest.mark.parametrize(("status", "today", "state"), [
    (Status.ASSIGNED, "2025-09-30", DeadlineState.DUE_SOON),  # sign-for due 10/9: one working day left
    (Status.ASSIGNED, "2025-10-09", DeadlineState.DUE_SOON),
    (Status.ASSIGNED, "2025-10-10", DeadlineState.OVERDUE),
    (Status.SIGNED, "2025-10-10", DeadlineState.ON_TIME),     # answer due 10/21
    (Status.SIGNED, "2025-10-20", DeadlineState.DUE_SOON),
    (Status.SIGNED, "2025-10-22", DeadlineState.OVERDUE),
    (Status.ANSWERED, "2025-10-22", DeadlineState.ON_TIME),
])
def test_deadline_state(calendar, status, today, state):
    assert rules.deadline_state(status, sign_by=D("2025-10-09"), due_on=D("2025-10-21"), today=D(today),
                                calendar=calendar) is state


@pytest.mark.parametrize(("result", "reopened", "outcome"), [
    (Callback.SATISFIED, 0, (Status.CLOSED, False, False)),
    (Callback.BASIC, 2, (Status.CLOSED, False, False)),
    (Callback.UNSATISFIED, 0, (Status.ASSIGNED, True, False)),
    (Callback.UNSATISFIED, 1, (Status.ASSIGNED, True, False)),
    (Callback.UNSATISFIED, 2, (Status.ESCALATED, False, True)),  # reopened twice: the director decides
])
def test_callback_and_the_reopen_limit(result, reopened, outcome):
    o = rules.after_callback(result, reopened)
    assert (o.status, o.reopened, o.escalated) == outcome


@pytest.mark.parametrize(("action", "status", "allowed"), [
    ("assign", Status.NEW, True), ("assign", Status.ASSIGNED, True), ("assign", Status.SIGNED, False),
    ("sign", Status.ASSIGNED, True), ("sign", Status.SIGNED, False),
    ("answer", Status.ASSIGNED, True), ("answer", Status.ANSWERED, False),
    ("callback", Status.ANSWERED, True), ("callback", Status.CLOSED, False),
    ("decide", Status.ESCALATED, True), ("decide", Status.ANSWERED, False),
    ("merge", Status.SIGNED, True), ("merge", Status.ANSWERED, False), ("split", Status.MERGED, True),
])
def test_transitions(action, status, allowed):
    if allowed:
        rules.check_action(action, status)
    else:
        with pytest.raises(Conflict, match=f"投诉当前为“{rules.STATUS_LABELS[status]}”"):
            rules.check_action(action, status)


def test_overdue_working_days(calendar):
    assert rules.overdue_working_days(D("2025-09-30"), D("2025-09-30"), calendar) == 0
    assert rules.overdue_working_days(D("2025-09-30"), D("2025-10-15"), calendar) == 6
    assert rules.after_answer(Kind.PRAISE) is Status.CLOSED and rules.after_answer(Kind.HELP) is Status.ANSWERED

import datetime as dt

import pytest

from xiaoneng.calendar import service as calendars
from xiaoneng.cases.rules import DeadlineState
from xiaoneng.errors import ValidationFailed
from xiaoneng.inquiries import rules
from xiaoneng.inquiries.rules import Present, ReferralStatus

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def calendar():
    return calendars._library_calendar()


@pytest.mark.parametrize(("present", "expected"), [
    ([Present(1, 1)], 1),
    ([Present(1, 1), Present(2, 3), Present(3, 2)], 2),   # the highest-ranked answers
    ([Present(1, 2), Present(2, 2)], 1),                  # between equals, the first asked
])
def test_first_responder(present, expected):
    assert rules.first_responder(present) == expected


def test_nobody_present_is_refused():
    with pytest.raises(ValidationFailed, match="请选择首问人"):
        rules.first_responder([])


@pytest.mark.parametrize(("referred", "ack", "answer"), [
    ("2026-11-18", "2026-11-19", "2026-11-23"),   # Wednesday: Thursday; Friday, Monday, so Monday
    ("2026-11-20", "2026-11-23", "2026-11-25"),   # Friday: the weekend does not count
    ("2026-09-30", "2026-10-08", "2026-10-10"),   # before 国庆 2026: 10/8, 10/9 and the make-up Saturday 10/10
    ("2026-10-09", "2026-10-10", "2026-10-13"),   # Friday before the make-up Saturday
    ("2025-09-26", "2025-09-28", "2025-09-30"),   # 2025: Sunday 9/28 is a make-up day
])
def test_referral_deadlines_in_working_days(calendar, referred, ack, answer):
    due = rules.referral_due(D(referred), calendar)
    assert (due.acknowledge_by, due.answer_by) == (D(ack), D(answer))


@pytest.mark.parametrize(("status", "today", "expected"), [
    (ReferralStatus.OPEN, "2026-11-18", DeadlineState.DUE_SOON),       # 1 working day left to sign for it
    (ReferralStatus.OPEN, "2026-11-19", DeadlineState.DUE_SOON),       # the last day
    (ReferralStatus.OPEN, "2026-11-20", DeadlineState.OVERDUE),
    (ReferralStatus.ACKNOWLEDGED, "2026-11-19", DeadlineState.ON_TIME),  # now against the answer: 2 days left
    (ReferralStatus.ACKNOWLEDGED, "2026-11-20", DeadlineState.DUE_SOON),
    (ReferralStatus.ACKNOWLEDGED, "2026-11-24", DeadlineState.OVERDUE),
    (ReferralStatus.ANSWERED, "2026-12-31", DeadlineState.ON_TIME),
])
def test_referral_state_from_today(calendar, status, today, expected):
    due = rules.referral_due(D("2026-11-18"), calendar)
    assert rules.referral_state(status, acknowledge_by=due.acknowledge_by, answer_by=due.answer_by, today=D(today),
                                calendar=calendar) == expected

"""First-inquiry responsibility (首问负责制, S1 二; SPEC E2): who answers, what happens to what is asked, and the
deadlines of a referral (转办).

The first staff member asked is responsible; with several present, the highest-ranked. An inquiry in scope is
answered on the spot or becomes a case (with its one-time notice); one out of scope is referred to the
responsible department or person, who must acknowledge it within 1 working day and answer within 3 working days
(per-center settings), counted from the day of the referral. A referral falls due soon and overdue from today's
date, on the same rule as a case: due soon with at most N working days left, overdue the day after its due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.cases.rules import DeadlineState
from xiaoneng.errors import ValidationFailed

DEFAULT_ACK_DAYS = 1
DEFAULT_ANSWER_DAYS = 3


class Channel(StrEnum):
    VISIT = "visit"
    PHONE = "phone"
    FAX = "fax"
    ONLINE = "online"


CHANNEL_LABELS = {Channel.VISIT: "来访", Channel.PHONE: "来电", Channel.FAX: "传真", Channel.ONLINE: "网上"}


class Outcome(StrEnum):
    ANSWERED = "answered"  # in scope, answered on the spot
    CASE = "case"  # in scope, turned into a case (with its one-time notice)
    REFERRED = "referred"  # out of scope, referred to the responsible department or person


OUTCOME_LABELS = {Outcome.ANSWERED: "当场答复", Outcome.CASE: "转为办件", Outcome.REFERRED: "转办"}


class ReferralStatus(StrEnum):
    OPEN = "open"  # sent, not yet acknowledged
    ACKNOWLEDGED = "acknowledged"
    ANSWERED = "answered"


REFERRAL_STATUS_LABELS = {ReferralStatus.OPEN: "待签收", ReferralStatus.ACKNOWLEDGED: "已签收，待答复",
                          ReferralStatus.ANSWERED: "已答复"}


@dataclass(frozen=True)
class Present:
    staff_id: int
    rank: int


def first_responder(present: Sequence[Present]) -> int:
    """The responsible one among those present: the highest rank; between equals, the first asked (listed)."""
    if not present:
        raise ValidationFailed("请选择首问人", field="responder_id")
    best = present[0]
    for person in present[1:]:
        if person.rank > best.rank:
            best = person
    return best.staff_id


@dataclass(frozen=True)
class ReferralDue:
    acknowledge_by: dt.date
    answer_by: dt.date


def referral_due(referred_on: dt.date, calendar: WorkCalendar, *, ack_days: int = DEFAULT_ACK_DAYS,
                 answer_days: int = DEFAULT_ANSWER_DAYS) -> ReferralDue:
    """Working days counted from the day after the referral: referred on a Friday with 1 day to acknowledge, the
    next working day (Monday, or a make-up Saturday) is the last."""
    return ReferralDue(acknowledge_by=calendar.add_working_days(referred_on, ack_days),
                       answer_by=calendar.add_working_days(referred_on, answer_days))


def referral_state(status: str, *, acknowledge_by: dt.date, answer_by: dt.date, today: dt.date,
                   calendar: WorkCalendar, due_soon_days: int = 1) -> DeadlineState:
    """Where a referral stands today: against its acknowledgement deadline until signed for, then its answer's."""
    if status == ReferralStatus.ANSWERED:
        return DeadlineState.ON_TIME
    due = acknowledge_by if status == ReferralStatus.OPEN else answer_by
    if today > due:
        return DeadlineState.OVERDUE
    left = calendar.get_working_days_delta(today, due)
    return DeadlineState.DUE_SOON if left <= due_soon_days else DeadlineState.ON_TIME

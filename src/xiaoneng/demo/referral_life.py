"""The life of the demo's referrals (转办, E2) up to the build: signed for and answered mostly within their deadlines,
some late, a few still overdue at the build; their deadline state as the inquiry_deadlines job leaves it, and the
notices the service and that job have sent (same titles, links and keys, so that neither sends them again)."""

from __future__ import annotations

import datetime as dt
import random

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.cases.rules import DEADLINE_STATE_LABELS, DeadlineState
from xiaoneng.demo.days import at
from xiaoneng.inquiries import rules
from xiaoneng.inquiries.rules import ReferralStatus
from xiaoneng.kit.clock import TZ

LATE_ACK = 0.1
LATE_ANSWER = 0.13
ANSWER_SIGNS = 0.12  # answered at once, which signs for it too
RECENT_DAYS = 3  # answers this recent are still in the responder's inbox


def _working_moment(rng: random.Random, day: dt.date, after: dt.datetime | None = None) -> dt.datetime:
    moment = at(day, rng.randint(9 * 60, 17 * 60 + 20))
    if after is not None and moment <= after:
        moment = after + dt.timedelta(minutes=rng.randint(5, 60))
    return moment


def life(rng: random.Random, cal: WorkCalendar, *, referred_at: dt.datetime, acknowledge_by: dt.date,
         answer_by: dt.date, end: dt.datetime, stuck: str = "") -> dict:
    """When the referral was signed for and answered, cut at `end` (the build); `stuck` keeps it open or only
    acknowledged whatever the dice say (a referral still overdue)."""
    day = referred_at.astimezone(TZ).date()
    ack = answered = None
    if stuck != ReferralStatus.OPEN:
        r = rng.random()
        if r < LATE_ACK:
            ack = _working_moment(rng, cal.add_working_days(acknowledge_by, rng.randint(1, 2)))
        elif r < 0.7:
            ack = referred_at + dt.timedelta(minutes=rng.randint(20, 180))
            if ack.astimezone(TZ).time() > dt.time(17, 30):
                ack = _working_moment(rng, cal.add_working_days(day, 1))
        else:
            ack = _working_moment(rng, cal.add_working_days(day, 1))
        if stuck != ReferralStatus.ACKNOWLEDGED:
            r = rng.random()
            if r < ANSWER_SIGNS:
                answered = ack
            elif r < ANSWER_SIGNS + LATE_ANSWER:
                answered = _working_moment(rng, cal.add_working_days(answer_by, rng.randint(1, 3)), ack)
            else:
                ack_day = ack.astimezone(TZ).date()
                choices = cal.working_days_between(ack_day, max(ack_day, answer_by))
                answered = _working_moment(rng, rng.choice(choices), ack)
    if ack is not None and ack >= end:
        ack = answered = None
    if answered is not None and answered >= end:
        answered = None
    status = (ReferralStatus.ANSWERED if answered else ReferralStatus.ACKNOWLEDGED if ack else ReferralStatus.OPEN)
    return {"status": str(status), "acknowledged_at": ack, "answered_at": answered,
            "updated_at": answered or ack or referred_at}


def state_since(status: str, *, referred_on: dt.date, acknowledge_by: dt.date, answer_by: dt.date, ref: dt.date,
                cal: WorkCalendar, span: int) -> tuple[DeadlineState, dt.date]:
    """The referral's state on `ref` and the first day it has been in it (when the hourly job first told)."""
    state = rules.referral_state(status, acknowledge_by=acknowledge_by, answer_by=answer_by, today=ref, calendar=cal,
                                 due_soon_days=span)
    day = ref
    while day > referred_on and rules.referral_state(status, acknowledge_by=acknowledge_by, answer_by=answer_by,
                                                     today=day - dt.timedelta(days=1), calendar=cal,
                                                     due_soon_days=span) is state:
        day -= dt.timedelta(days=1)
    return state, day


def notices(referral_id: int, r: dict, inquiry: dict, number: str, *, heads: list[int], supervisors: list[int],
            state: DeadlineState, since: dt.date, ref: dt.date) -> list[dict]:
    """The referral's notices: to its assignee and, when nobody or someone acting for the person named was assigned,
    the department's head (inquiries.service._refer); the answer to the first responder; the due-soon or overdue
    notices of inquiries.deadlines._tell."""
    link = f"/inquiries/{r['inquiry_id']}"
    common = dict(center_id=r["center_id"], link=link, body=inquiry["content"])
    found = []
    if r["status"] != ReferralStatus.ANSWERED:
        title = (f"转办咨询 {number}：{inquiry['content'][:30]}（请于 {r['acknowledge_by'].isoformat()} 前签收、"
                 f"{r['answer_by'].isoformat()} 前答复）")
        read = r["acknowledged_at"]
        assigned = r["assigned_staff_id"]
        if assigned is not None:
            found.append(dict(common, key=f"inquiry-referral:{referral_id}:{assigned}", recipient_id=assigned,
                              kind="inquiry_referral", title=title, created_at=inquiry["asked_at"], read_at=read))
        if assigned is None or (r["to_staff_id"] and assigned != r["to_staff_id"]):
            found += [dict(common, key=f"inquiry-referral:{referral_id}:{h}", recipient_id=h, kind="inquiry_referral",
                           title=title, created_at=inquiry["asked_at"], read_at=read) for h in heads]
        if state is not DeadlineState.ON_TIME:
            due = r["acknowledge_by"] if r["status"] == ReferralStatus.OPEN else r["answer_by"]
            step = "签收" if r["status"] == ReferralStatus.OPEN else "答复"
            key = f"inquiry:{referral_id}:{r['status']}:{state.value}"
            first_run = max(at(since, 8 * 60), inquiry["asked_at"] + dt.timedelta(hours=1), r["acknowledged_at"]
                            or inquiry["asked_at"])
            told = dict(common, kind=f"inquiry_{state.value}", created_at=first_run, read_at=None,
                        title=f"转办咨询{DEADLINE_STATE_LABELS[state]}：{number}（{step}时限 {due.isoformat()}）")
            if assigned:
                found.append(dict(told, key=f"{key}:assignee", recipient_id=assigned))
            found += [dict(told, key=f"{key}:{h}", recipient_id=h) for h in heads]
            if state is DeadlineState.OVERDUE:
                found += [dict(told, key=f"{key}:supervision:{s}", recipient_id=s) for s in supervisors]
    elif r["answered_at"].astimezone(TZ).date() >= ref - dt.timedelta(days=RECENT_DAYS):
        found.append(dict(common, key=f"inquiry-answered:{referral_id}", recipient_id=inquiry["responder_id"],
                          kind="inquiry_answered", title=f"转办咨询 {number} 已答复", body=r["answer"],
                          created_at=r["answered_at"], read_at=None))
    return found

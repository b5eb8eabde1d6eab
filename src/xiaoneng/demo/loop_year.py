"""The demo year's bad-review loop: one rectification per bad review, in a state that fits its age (S0 art.14-15),
its contact log, and the in-app notices the loop's service would have sent."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.kit import bulk
from xiaoneng.demo.catalog.texts import (
    APPEAL_REASONS, CALLBACK_NOTES, CONTACT_SUMMARIES, EXPLANATIONS, MEASURES, PROBLEMS,
)
from xiaoneng.demo.days import Days, at
from xiaoneng.kit.clock import TZ
from xiaoneng.notifications.models import Notification
from xiaoneng.rectification import rules as loop
from xiaoneng.rectification.models import ContactLog, Rectification
from xiaoneng.rectification.rules import Escalation, Status


def add_loop(session: Session, *, rng: random.Random, bad: list[tuple[int, dict]], forced: set[int], ref: dt.date,
             days: Days, heads: dict, supervisor, director, directors: list) -> dict:
    """Rectifications, contact logs and notices for the bad reviews `bad` ((rating id, rating row) pairs) as of `ref`;
    `forced` are the step ids of the demo window clerk's own bad reviews. Returns the counts written."""
    settings = loop.LoopSettings()
    planted = _planted_states(rng, bad, ref, days, forced)
    rect_rows, contact_specs = [], []
    for rid, r in bad:
        state = planted.get(rid) or _state_for_age(rng, days.between(r["rated_on"], ref))
        rect, contacts = _rectification(rng, rid, r, state, ref, days, days.cal, settings,
                                        head=heads.get(r["department_id"]), supervisor=supervisor, director=director)
        rect_rows.append(rect)
        contact_specs.append(contacts)
    before = bulk.last_id(session, Rectification.__table__)
    bulk.insert(session, Rectification.__table__, rect_rows)
    by_rating = dict(session.execute(select(Rectification.rating_id, Rectification.id)
                                     .where(Rectification.id > before)).all())
    rect_ids = [by_rating[r["rating_id"]] for r in rect_rows]
    contact_rows = [dict(rectification_id=rect_id, **c) for rect_id, cs in zip(rect_ids, contact_specs) for c in cs]
    bulk.insert(session, ContactLog.__table__, contact_rows)
    # The inboxes: new bad reviews, overdue steps, the director's list.
    notes = _notifications(rect_ids, rect_rows, ref, days, heads, directors)
    bulk.insert(session, Notification.__table__, notes)
    return {"rectifications": len(rect_rows), "contact_logs": len(contact_rows), "notifications": len(notes),
            "statuses": dict(sorted(Counter(r["status"] for r in rect_rows).items()))}


def _state_for_age(rng: random.Random, age: int) -> str:
    """A status that a record received `age` working days ago plausibly has by now."""
    if age == 0:
        options = ((Status.OPEN, 0.6), (Status.SOLVED_ON_SPOT, 0.4))
    elif age == 1:
        options = ((Status.OPEN, 0.3), (Status.CONTACTED, 0.5), (Status.SOLVED_ON_SPOT, 0.2))
    elif age <= 5:
        options = ((Status.OPEN, 0.12), (Status.CONTACTED, 0.28), (Status.RECTIFYING, 0.3), (Status.EXPLAINED, 0.1),
                   (Status.FED_BACK, 0.1), (Status.SOLVED_ON_SPOT, 0.1))
    elif age <= 15:
        options = ((Status.CONTACTED, 0.03), (Status.RECTIFYING, 0.1), (Status.LEDGER, 0.04), (Status.FED_BACK, 0.24),
                   (Status.EXPLAINED, 0.1), (Status.CALLED_BACK, 0.25), (Status.CLOSED, 0.24))
    else:
        options = ((Status.CLOSED, 0.855), (Status.CALLED_BACK, 0.04), (Status.EXPLAINED, 0.03), (Status.FED_BACK, 0.05),
                   (Status.LEDGER, 0.005), (Status.RECTIFYING, 0.02))
    return rng.choices([s for s, _ in options], [w for _, w in options])[0].value


def _planted_states(rng: random.Random, bad: list[tuple[int, dict]], ref: dt.date, days: Days,
                    forced: set[int]) -> dict[int, str]:
    """States the demo must show whatever the dice say: appeals decided both ways and pending, ledger, 当场解决,
    staff_scjg's."""
    planted: dict[int, str] = {}
    mine = sorted((r["rated_at"], rid) for rid, r in bad if r["step_id"] in forced)
    for (_, rid), state in zip(reversed(mine), (Status.OPEN, Status.CONTACTED)):
        planted[rid] = state.value  # the newest still waits for its call, the other one was called
    middle = [rid for rid, r in bad if 6 <= days.between(r["rated_on"], ref) <= 40 and rid not in planted]
    old = [rid for rid, r in bad if 20 <= days.between(r["rated_on"], ref) and rid not in planted]
    recent = [rid for rid, r in bad if 2 <= days.between(r["rated_on"], ref) <= 5 and rid not in planted]
    for rid, state in zip(rng.sample(old, k=min(3, len(old))), ("appeal_upheld", "appeal_rejected", "appeal_upheld")):
        planted[rid] = state
    middle = [m for m in middle if m not in planted]
    for rid, state in zip(rng.sample(middle, k=min(4, len(middle))),
                          ("appealed", "ledger", "ledger", "ledger")):
        planted[rid] = Status.APPEALED.value if state == "appealed" else Status.LEDGER.value
    for rid in rng.sample(recent, k=min(2, len(recent))):
        planted[rid] = Status.OPEN.value  # nobody called yet: overdue and escalated
    recent = [m for m in recent if m not in planted]
    for rid in rng.sample(recent, k=min(1, len(recent))):
        planted[rid] = Status.SOLVED_ON_SPOT.value  # 当场解决, recorded on the day of receipt
    return planted


def _moment(rng: random.Random, day: dt.date, earliest: dt.datetime | None = None) -> dt.datetime:
    moment = at(day, rng.randint(9 * 60, 17 * 60))
    if earliest is not None and moment <= earliest:
        moment = earliest + dt.timedelta(minutes=rng.randint(20, 120))
    return moment


def _rectification(rng: random.Random, rating_id: int, r: dict, state: str, ref: dt.date, days: Days,
                   cal: WorkCalendar, settings: loop.LoopSettings, *, head, supervisor, director) -> tuple[dict, list]:
    """The record of one bad review walked through the transition table up to `state`, with its contact log."""
    received_on = r["rated_on"]
    due = loop.deadlines(received_on, settings, cal)
    rated_at = r["rated_at"]
    worker = head.id if head is not None else supervisor.id
    row = dict(
        center_id=r["center_id"], department_id=r["department_id"], window_id=r["window_id"], staff_id=r["staff_id"],
        item_id=r["item_id"], rating_id=rating_id, real_name=r["real_name"], status=Status.OPEN.value,
        status_before_appeal=None, received_on=received_on, contact_due=due.contact_due, rectify_due=due.rectify_due,
        ledger_due=None, ledger_set_by_id=None, ledger_proposed_due=None, ledger_proposal="", ledger_proposed_by_id=None,
        ledger_proposed_at=None, handled_on=None, callback_due=None, current_due=None, escalation=Escalation.NONE.value, escalated_at=None,
        path="", problem="", measures="", explanation="", fed_back_at=None, callback_at=None, callback_method="",
        callback_level=None, callback_note="", callback_by_id=None, closed_at=None, rater_level=None, rater_comment="",
        appeal_reason="", appealed_by_id=None, appealed_at=None, appeal_decision="", appeal_decision_reason="",
        appeal_decided_by_id=None, appeal_decided_at=None, excluded=False, withheld=False, withheld_reason="",
        created_at=rated_at, updated_at=rated_at,
    )
    contacts: list[dict] = []
    last = rated_at

    def day_after(n: int, cap: dt.date | None = None) -> dt.date:
        day = days.add_one(received_on, n)
        return min(day, cap or ref, ref)

    def contact() -> None:
        nonlocal last
        late = rng.random() < 0.08
        day = day_after(rng.choice((0, 1)) + (rng.randint(1, 2) if late else 0))
        last = _moment(rng, day, last)
        method = "phone" if r["real_name"] else rng.choice(("online", "sms"))
        contacts.append(dict(at=last, method=method, by_id=worker, summary=rng.choice(CONTACT_SUMMARIES)))

    status = Status(state) if state in {s.value for s in Status} else None
    path = rng.choices(("on_spot", "rectified", "explained", "ledger"), (0.25, 0.5, 0.15, 0.1))[0]
    if state in ("appeal_upheld", "appeal_rejected"):
        contact()
        row.update(status_before_appeal=Status.CONTACTED.value, appeal_reason=rng.choice(APPEAL_REASONS),
                   appealed_by_id=worker, appealed_at=_moment(rng, day_after(2), last))
        decided = _moment(rng, day_after(5), row["appealed_at"])
        if state == "appeal_upheld":
            row.update(status=Status.EXCLUDED.value, appeal_decision="upheld", excluded=True, appeal_decided_at=decided,
                       appeal_decision_reason="经复核，申诉理由成立，该差评不计入统计。", appeal_decided_by_id=director.id)
            row["updated_at"] = decided
            return row, contacts
        row.update(status_before_appeal=None, appeal_decision="rejected", appeal_decided_at=decided,
                   appeal_decision_reason="经复核，窗口确有一次性告知不到位的情况，申诉不成立，继续整改。",
                   appeal_decided_by_id=director.id)
        last = decided
        status, path = Status.CLOSED, "rectified"
    elif status is Status.APPEALED:
        contact()
        row.update(status=Status.APPEALED.value, status_before_appeal=Status.CONTACTED.value,
                   appeal_reason=rng.choice(APPEAL_REASONS), appealed_by_id=worker,
                   appealed_at=_moment(rng, day_after(2), last))
        row["updated_at"] = row["appealed_at"]
        return row, contacts
    if status is Status.LEDGER:
        path = "ledger"
    elif status in (Status.CONTACTED, Status.RECTIFYING, Status.FED_BACK):
        path = "rectified"
    elif status is Status.EXPLAINED:
        path = "explained"
    elif status is Status.SOLVED_ON_SPOT:
        path = "on_spot"

    if status is not Status.OPEN:
        if path == "on_spot":
            last = _moment(rng, received_on, last)
            row.update(path="on_spot", measures=MEASURES[-1])
        else:
            contact()
            row["path"] = path if status is not Status.CONTACTED else ""
            if path in ("rectified", "ledger") and status is not Status.CONTACTED:
                row["problem"] = rng.choice(PROBLEMS)
            if path == "explained" and status is not Status.CONTACTED:
                row["explanation"] = rng.choice(EXPLANATIONS)
            if path == "ledger" and status is not Status.CONTACTED:
                row.update(ledger_due=days.add_one(received_on, rng.randint(15, 30)), ledger_set_by_id=director.id)
            if status in (Status.FED_BACK, Status.CALLED_BACK, Status.CLOSED) and path in ("rectified", "ledger"):
                # Mostly on time; one in ten a little late, which the record keeps.
                span = days.between(received_on, row["ledger_due"]) if path == "ledger" else settings.rectify_days
                fed = days.add_one(received_on, rng.randint(2, span) if rng.random() < 0.9 else span + rng.randint(1, 3))
                last = _moment(rng, min(max(fed, last.astimezone(TZ).date()), ref), last)
                row.update(measures=rng.choice(MEASURES[:-1]), fed_back_at=last)
    if status in (Status.CALLED_BACK, Status.CLOSED):
        callback = r["real_name"] or rng.random() < 0.6
        if callback:
            day = min(days.add_one(last.astimezone(TZ).date(), rng.randint(1, settings.callback_days)), ref)
            last = _moment(rng, day, last)
            row.update(callback_at=last, callback_method="phone" if r["real_name"] else "online",
                       callback_level=rng.choices((5, 4, 3, 2), (0.35, 0.45, 0.15, 0.05))[0],
                       callback_note=rng.choice(CALLBACK_NOTES), callback_by_id=supervisor.id)
            if rng.random() < 0.3:
                row.update(rater_level=rng.choice((4, 5, 5)), rater_comment="处理及时，态度诚恳。")
        if status is Status.CLOSED:
            last = _moment(rng, min(days.add_one(last.astimezone(TZ).date(), rng.randint(0, 1)), ref), last)
            row["closed_at"] = last
        elif not callback:
            status = Status.CLOSED  # anonymous and unreachable: closed without a callback (rules.next_status_for)
            row["closed_at"] = last
    row["status"] = status.value
    if status in loop.AWAITING_CALLBACK:
        row["handled_on"] = last.astimezone(TZ).date()
        row["callback_due"] = (loop.callback_deadline(row["handled_on"], settings, cal) if r["real_name"] else None)
    current = loop.current_due(status, due, row["ledger_due"], row["callback_due"])
    level = loop.escalation(current, ref, settings, cal)
    row.update(current_due=current, escalation=level.value, updated_at=last)
    if level is Escalation.DEPARTMENT_HEAD:
        row["escalated_at"] = at(current + dt.timedelta(days=1), 8 * 60)
    elif level is Escalation.DIRECTOR:
        row["escalated_at"] = at(days.add_one(current, settings.escalate_to_director_after_days)
                                  + dt.timedelta(days=1), 8 * 60)
    return row, contacts


def _notifications(rect_ids: list[int], rects: list[dict], ref: dt.date, days: Days, heads: dict,
                   directors: list) -> list[dict]:
    """In-app notices as the loop's service sends them (same keys, so the timed job does not repeat them)."""
    notes = []
    taken = set()

    def add(key, **values):
        if key not in taken:
            taken.add(key)
            notes.append(dict(key=key, **values))

    for rect_id, rect in zip(rect_ids, rects):
        age = days.between(rect["received_on"], ref)
        head = heads.get(rect["department_id"])
        recipients = sorted({x for x in (rect["staff_id"], head.id if head else None) if x})
        link = f"/rectifications/{rect_id}"
        opened_at = rect["created_at"]
        if age <= 10:
            for rid in recipients:
                add(f"rect:{rect_id}:opened:{rid}", center_id=rect["center_id"], recipient_id=rid, kind="bad_review",
                    title="收到差评，请在期限内联系评价人",
                    body=(f"差评已生成整改单，须于 {rect['contact_due'].isoformat()} 前联系评价人，"
                          f"{rect['rectify_due'].isoformat()} 前完成整改反馈。"),
                    link=link, created_at=opened_at, read_at=opened_at + dt.timedelta(hours=2) if age > 2 else None)
        due = rect["current_due"]
        if rect["escalation"] != Escalation.NONE.value and due is not None:
            step = loop.STATUS_LABELS[Status(rect["status"])]
            part = "callback_" if Status(rect["status"]) in loop.AWAITING_CALLBACK else ""  # the service's keys
            for rid in recipients:
                add(f"rect:{rect_id}:{part}overdue:{due}:{rid}", center_id=rect["center_id"], recipient_id=rid,
                    kind="overdue", title="差评整改已逾期",
                    body=f"整改单（{step}）已超过期限 {due.isoformat()}，请科室负责人督促办理。", link=link,
                    created_at=rect["escalated_at"] or opened_at, read_at=None)
            if rect["escalation"] == Escalation.DIRECTOR.value:
                for d in directors:
                    add(f"rect:{rect_id}:{part}director:{due}:{d.id}", center_id=rect["center_id"], recipient_id=d.id,
                        kind="escalated", title="逾期差评整改已列入中心领导督办清单",
                        body=f"整改单（{step}）期限 {due.isoformat()}，逾期未办结。", link=link,
                        created_at=rect["escalated_at"] or opened_at, read_at=None)
    return notes

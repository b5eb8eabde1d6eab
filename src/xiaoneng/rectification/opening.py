"""D1: a bad review opens its rectification record at once, with its deadlines, and tells the people concerned."""

from __future__ import annotations

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.cache import TtlCache
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.org import service as org_service
from xiaoneng.org.models import Window
from xiaoneng.ratings import receipts
from xiaoneng.ratings.rules import LEVEL_LABELS
from xiaoneng.rectification.common import _day, _link, _notify, _ref, _staff_with_role
from xiaoneng.rectification.loop_settings import _rule_settings, settings_for
from xiaoneng.rectification.models import Rectification
from xiaoneng.rectification.rules import Status


def open_for_rating(session: Session, *, actor: Actor, rating) -> Rectification:
    """Open the rectification record of a bad review, with its deadlines, and tell the staff rated and the head."""
    return open_for_ratings(session, actor=actor, ratings=[rating])[0]


def open_for_bad_reviews(session: Session, *, actor: Actor, ratings, cache: TtlCache | None) -> None:
    """Subscriber of ratings.service.on_bad_review (installed by xiaoneng.wiring): the ratings were written in
    the caller's transaction, so none has a record yet."""
    open_for_ratings(session, actor=actor, ratings=ratings, new=True, cache=cache)


def open_for_ratings(session: Session, *, actor: Actor, ratings, new: bool = False,
                     cache: TtlCache | None = None) -> list[Rectification]:
    """Open the rectification records of a batch of bad reviews, with the settings, calendars and heads read once
    per center or department and one audit record per batch naming each record (a batch of one: that record).

    `new`: the ratings were written in this transaction, so none can have a record yet. `cache` (the rating
    intake's): settings, calendars and department heads kept across batches for its few seconds; without it they
    are kept for this call only."""
    ratings = list(ratings)
    for rating in ratings:
        if rating.level > 2:
            raise ValidationFailed("只有差评（不满意、非常不满意）才进入整改", field="level")
    if not ratings:
        return []
    existing = {} if new else {r.rating_id: r for r in repo.by_ratings(session, [r.id for r in ratings])}
    kept = cache if cache is not None else TtlCache()
    opened: list[tuple[Rectification, object, rules.Deadlines]] = []
    result: list[Rectification] = []
    for rating in ratings:
        if rating.id in existing:
            result.append(existing[rating.id])
            continue
        center_id = rating.center_id
        loop_settings = kept.fetch(("loop_settings", center_id),
                                   lambda: _rule_settings(settings_for(session, center_id=center_id)))
        calendar = kept.fetch(("calendar", center_id),
                              lambda: calendar_service.get_calendar(session, center_id=center_id))
        due = rules.deadlines(rating.rated_on, loop_settings, calendar)
        rect = Rectification(
            center_id=center_id, department_id=rating.department_id, window_id=rating.window_id,
            staff_id=rating.staff_id, item_id=rating.item_id, rating_id=rating.id, real_name=bool(rating.real_name),
            status=Status.OPEN.value, received_on=rating.rated_on, contact_due=due.contact_due,
            rectify_due=due.rectify_due, current_due=rules.current_due(Status.OPEN, due, None),
            contact_due_provisional=due.contact_due.year == calendar.provisional_year,
            rectify_due_provisional=due.rectify_due.year == calendar.provisional_year,
            escalation=rules.Escalation.NONE.value, path="", problem="", measures="", explanation="",
            callback_method="", callback_note="", rater_comment="", appeal_reason="", appeal_decision="",
            appeal_decision_reason="", excluded=False, withheld=False, withheld_reason="",
        )
        session.add(rect)
        existing[rating.id] = rect  # the same rating twice in one batch opens one record
        opened.append((rect, rating, due))
        result.append(rect)
    if not opened:
        return result
    session.flush()
    by_center: dict[int, list] = {}
    for rect, rating, due in opened:
        by_center.setdefault(rect.center_id, []).append({
            "id": rect.id, "rating_id": rating.id, "level": rating.level, "real_name": rect.real_name,
            "contact_due": due.contact_due.isoformat(), "rectify_due": due.rectify_due.isoformat()})
    for center_id, records in by_center.items():
        audit.record(session, actor=actor, action="rectification.open", entity="rectification",
                     entity_id=records[0]["id"] if len(records) == 1 else "", center_id=center_id,
                     detail=({k: v for k, v in records[0].items() if k != "id"} if len(records) == 1
                             else {"rectifications": records}))
    for rect, rating, due in opened:
        window = kept.fetch(("window", rect.window_id), lambda: _window_name(session, rect))
        reference = receipts.reference(rating)
        at_window = f"{window}的" if window else ""
        title = (f"差评整改 {_ref(rect)}：{at_window}差评 {reference}，请于 {_day(due.contact_due)} 前联系评价人")
        body = (f"{at_window}评价 {reference}（{LEVEL_LABELS.get(rating.level, '差评')}）已生成整改单 {_ref(rect)}，"
                f"须于 {_day(due.contact_due)} 前联系评价人，{_day(due.rectify_due)} 前完成整改反馈。")
        recipients = set(kept.fetch(("dept_heads", rect.center_id, rect.department_id), lambda: [
            s.id for s in _staff_with_role(session, center_id=rect.center_id, role=Role.DEPT_HEAD,
                                           department_id=rect.department_id)]))
        recipients |= set(_rated_people(session, kept, rect, rating))
        for recipient_id in sorted(recipients):
            _notify(session, recipient_id=recipient_id, kind="bad_review", title=title, body=body, link=_link(rect),
                    key=f"rect:{rect.id}:opened:{recipient_id}", center_id=rect.center_id)
    return result


def _window_name(session: Session, rect: Rectification) -> str:
    if rect.window_id is None:
        return ""
    window = org_service.related(session, actor=system_actor(rect.center_id), model=Window,
                                 ids=[rect.window_id]).get(rect.window_id)
    return window.name if window is not None else ""


def _rated_people(session: Session, kept: TtlCache, rect: Rectification, rating) -> list[int]:
    """Who is told of the bad review as the one rated: the staff member rated (a step's handler, a staff member's
    QR code), else those posted at the window rated (a window's QR code or device)."""
    if rating.staff_id:
        return [rating.staff_id]
    if rect.window_id is None or rect.department_id is None:
        return []
    posted = kept.fetch(("posted", rect.center_id, rect.department_id), lambda: [
        (s.id, s.window_id) for s in org_service.list_staff(
            session, actor=system_actor(rect.center_id), department_id=rect.department_id, per_page=200).items])
    return [sid for sid, window_id in posted if window_id == rect.window_id]

"""Use cases of the bad-review loop: open, contact, rectify, call back, appeal, escalate (SPEC D1-D7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.errors import ValidationFailed
from xiaoneng.kit.scope import Actor, system_actor
from xiaoneng.notifications.models import Notification
from xiaoneng.org import service as org_service
from xiaoneng.rectification import repository as repo
from xiaoneng.rectification import rules
from xiaoneng.rectification.models import LoopSettings as LoopSettingsRow
from xiaoneng.rectification.models import Rectification
from xiaoneng.rectification.rules import Status

# The seed's figures (S0 art.14-15), used while a center has not saved its own settings.
DEFAULT_SETTINGS = dict(contact_days=1, rectify_days=5, callback_days=5, escalate_to_director_after_days=2,
                        due_soon_days=1, concentration_threshold=3, concentration_period_days=30)


# --- settings and helpers ------------------------------------------------------------------------------------------

def settings_for(session: Session, *, center_id: int) -> LoopSettingsRow:
    """The center's loop settings, or an unsaved row with the seed's defaults."""
    row = repo.settings_row(session, center_id)
    return row if row is not None else LoopSettingsRow(center_id=center_id, **DEFAULT_SETTINGS)


def _rule_settings(row: LoopSettingsRow) -> rules.LoopSettings:
    return rules.LoopSettings(contact_days=row.contact_days, rectify_days=row.rectify_days,
                              callback_days=row.callback_days,
                              escalate_to_director_after_days=row.escalate_to_director_after_days)


def _deadlines(rect: Rectification) -> rules.Deadlines:
    return rules.Deadlines(contact_due=rect.contact_due, rectify_due=rect.rectify_due)


def _staff_with_role(session: Session, *, center_id: int, role: Role, department_id: int | None = None) -> list:
    if role is Role.DEPT_HEAD and department_id is None:
        return []
    page = org_service.list_staff(session, actor=system_actor(center_id), role=role, department_id=department_id,
                                  per_page=200)
    return page.items


def _notify(session: Session, *, recipient_id: int, kind: str, title: str, body: str = "", link: str = "",
            key: str | None = None, center_id: int | None = None) -> None:
    """One in-app notice; a `key` already used means the notice was sent before and is not repeated."""
    try:
        from xiaoneng.notifications import service as notifications
    except ImportError:
        notifications = None
    if notifications is not None and hasattr(notifications, "notify"):
        notifications.notify(session, recipient_id=recipient_id, kind=kind, title=title, body=body, link=link,
                             key=key, center_id=center_id)
        return
    if key is not None and repo.notification_key_taken(session, key):
        return
    repo.add(session, Notification(recipient_id=recipient_id, kind=kind, title=title, body=body, link=link, key=key,
                                   center_id=center_id))


def _link(rect: Rectification) -> str:
    return f"/rectifications/{rect.id}"


# --- D1: a bad review opens a record at once -----------------------------------------------------------------------

def open_for_rating(session: Session, *, actor: Actor, rating) -> Rectification:
    """Open the rectification record of a bad review, with its deadlines, and tell the staff rated and the head."""
    existing = repo.by_rating(session, rating.id)
    if existing is not None:
        return existing
    if rating.level > 2:
        raise ValidationFailed("只有差评（不满意、非常不满意）才进入整改", field="level")
    row = settings_for(session, center_id=rating.center_id)
    calendar = calendar_service.get_calendar(session, center_id=rating.center_id)
    received_on = rating.rated_on
    due = rules.deadlines(received_on, _rule_settings(row), calendar)
    rect = Rectification(
        center_id=rating.center_id, department_id=rating.department_id, window_id=rating.window_id,
        staff_id=rating.staff_id, item_id=rating.item_id, rating_id=rating.id, real_name=bool(rating.real_name),
        status=Status.OPEN.value, received_on=received_on, contact_due=due.contact_due, rectify_due=due.rectify_due,
        current_due=rules.current_due(Status.OPEN, due, None), escalation=rules.Escalation.NONE.value,
        path="", problem="", measures="", explanation="", callback_method="", callback_note="", rater_comment="",
        appeal_reason="", appeal_decision="", appeal_decision_reason="", excluded=False, withheld=False,
        withheld_reason="",
    )
    repo.add(session, rect)
    audit.record(session, actor=actor, action="rectification.open", entity="rectification", entity_id=rect.id,
                 detail={"rating_id": rating.id, "level": rating.level, "real_name": rect.real_name,
                         "contact_due": due.contact_due.isoformat(), "rectify_due": due.rectify_due.isoformat()},
                 center_id=rect.center_id)
    title = "收到差评，请在期限内联系评价人"
    body = f"差评已生成整改单，须于 {due.contact_due.isoformat()} 前联系评价人，{due.rectify_due.isoformat()} 前完成整改反馈。"
    recipients = set()
    if rating.staff_id:
        recipients.add(rating.staff_id)
    recipients.update(s.id for s in _staff_with_role(session, center_id=rect.center_id, role=Role.DEPT_HEAD,
                                                       department_id=rect.department_id))
    for recipient_id in sorted(recipients):
        _notify(session, recipient_id=recipient_id, kind="bad_review", title=title, body=body, link=_link(rect),
                key=f"rect:{rect.id}:opened:{recipient_id}", center_id=rect.center_id)
    return rect

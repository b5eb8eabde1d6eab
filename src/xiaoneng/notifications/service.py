"""Notifications (SPEC K5): the in-app inbox, notices to everyone holding a role, and the e-mail/SMS outbox."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.auth.rules import Role
from xiaoneng.db import utcnow
from xiaoneng.errors import NotAuthenticated, NotFound
from xiaoneng.kit.edits import check, clean_text
from xiaoneng.kit.bounds import DB_INT_MAX
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import SYSTEM, Actor, system_actor
from xiaoneng.notifications import repository as repo
from xiaoneng.notifications import rules
from xiaoneng.notifications.models import Notification, OutboundMessage
from xiaoneng.notifications.senders import Sender, sender_from_env
from xiaoneng.org import service as org_service


def _add_once(session: Session, obj, *, key: str | None, taken) -> bool:
    """Insert `obj`; with a key, only if no row has it yet. A savepoint keeps the caller's transaction usable
    when a concurrent writer took the same key between the check and the insert."""
    if key is not None and taken(session, key):
        return False
    if key is None:
        session.add(obj)
        session.flush()
        return True
    try:
        with session.begin_nested():
            session.add(obj)
    except IntegrityError:
        return False
    return True


def notify(session: Session, *, recipient_id: int, kind: str, title: str, body: str = "", link: str = "",
           key: str | None = None, center_id: int | None = None) -> Notification | None:
    """Put one notice in a staff member's inbox; a `key` already used means it was sent before and nothing happens."""
    notification = Notification(recipient_id=recipient_id, kind=kind, title=title[:200], body=body, link=link[:300],
                                key=key, center_id=center_id)
    return notification if _add_once(session, notification, key=key, taken=repo.notification_key_taken) else None


def notify_role(session: Session, *, center_id: int, role: Role | str, department_id: int | None = None, kind: str,
                title: str, body: str = "", link: str = "", key: str | None = None) -> list[Notification]:
    """Notify every active staff member of a center holding `role` (of one department, when given).
    With a key, each recipient's notice is keyed `<key>:<staff id>` so a repeated call adds nothing."""
    sent = []
    page_no = 1
    while True:
        page = org_service.list_staff(session, actor=system_actor(center_id), role=str(Role(role)),
                                      department_id=department_id, page=page_no, per_page=200)
        for staff in page.items:
            note = notify(session, recipient_id=staff.id, kind=kind, title=title, body=body, link=link,
                          key=f"{key}:{staff.id}" if key else None, center_id=center_id)
            if note is not None:
                sent.append(note)
        if page_no >= page.pages:
            return sent
        page_no += 1


def _recipient(actor: Actor) -> int:
    if actor.user_id is None:
        raise NotAuthenticated()
    return actor.user_id


def unread_count(session: Session, *, actor: Actor) -> int:
    """How many of the actor's own notices are unread."""
    return repo.unread_count(session, recipient_id=_recipient(actor))


def list_inbox(session: Session, *, actor: Actor, unread_only: bool = False, page: int = 1,
               per_page: int = 20) -> Page:
    """The actor's own notices, unread first, newest first."""
    return paginate(session, repo.inbox(recipient_id=_recipient(actor), unread_only=unread_only),
                    page=page, per_page=per_page)


@dataclass(frozen=True)
class InboxGroup:
    """Repeats of one kind of notice about one record: the latest of them, how many, how many unread, when."""
    latest: Notification
    count: int
    unread: int
    latest_at: dt.datetime


def inbox_groups(session: Session, *, actor: Actor, unread_only: bool = False, page: int = 1,
                 per_page: int = 20) -> Page:
    """The actor's own notices, one row per kind and record, groups with unread notices first, newest first."""
    page, per_page = max(1, min(page, DB_INT_MAX)), min(max(1, per_page), 100)
    stmt = repo.inbox_groups(recipient_id=_recipient(actor), unread_only=unread_only)
    total, rows = repo.page_of_rows(session, stmt, limit=per_page, offset=(page - 1) * per_page)
    notes = repo.notifications_by_id(session, [row.latest_id for row in rows])
    items = [InboxGroup(notes[row.latest_id], row.count, int(row.unread or 0), row.latest_at)
             for row in rows if row.latest_id in notes]
    return Page(items=items, total=total, page=page, per_page=per_page)


def mark_group_read(session: Session, *, actor: Actor, notification_id: int, now: dt.datetime | None = None) -> int:
    """Mark read every unread notice of the group `notification_id` belongs to; returns how many changed."""
    note = repo.own_notification(session, recipient_id=_recipient(actor), notification_id=notification_id)
    if note is None:
        raise NotFound("消息不存在或不是发给您的")
    changed = repo.mark_group_read(session, note=note, at=now or utcnow())
    session.expire_all()
    return changed


def mark_read(session: Session, *, actor: Actor, notification_id: int, now: dt.datetime | None = None) -> Notification:
    """Mark one of the actor's own notices read; anyone else's is reported missing."""
    note = repo.own_notification(session, recipient_id=_recipient(actor), notification_id=notification_id)
    if note is None:
        raise NotFound("消息不存在或不是发给您的")
    if note.read_at is None:
        note.read_at = now or utcnow()
        session.flush()
    return note


def mark_all_read(session: Session, *, actor: Actor, now: dt.datetime | None = None) -> int:
    """Mark every unread notice of the actor read; returns how many changed."""
    changed = repo.mark_all_read(session, recipient_id=_recipient(actor), at=now or utcnow())
    session.expire_all()
    return changed


# --- e-mail and SMS ------------------------------------------------------------------------------------------------

def queue_message(session: Session, *, channel: str, address: str, subject: str = "", body: str, key: str | None = None,
                  actor: Actor = SYSTEM, center_id: int | None = None) -> OutboundMessage | None:
    """Queue an e-mail or SMS for the deliverer; a `key` already queued means nothing happens. Audited, since the
    message carries data out of the platform."""
    channel, address = clean_text(channel), clean_text(address)
    check("address", rules.address_problem(channel, address))
    check("body", None if clean_text(body) else "消息内容不能为空")
    message = OutboundMessage(channel=channel, address=address[:200], subject=clean_text(subject)[:200], body=body,
                              key=key, status=rules.OutboundStatus.PENDING, attempts=0, last_error="")
    if not _add_once(session, message, key=key, taken=repo.message_key_taken):
        return None
    audit.record(session, actor=actor, action="notification.queue", entity="outbound_message", entity_id=message.id,
                 detail={"channel": channel, "address": address, "subject": message.subject, "key": key},
                 center_id=center_id)
    return message


def deliver_outbound(session: Session, *, sender: Sender | None = None, now: dt.datetime | None = None,
                     limit: int = 200) -> int:
    """Send pending messages and retry failed ones (up to five attempts), recording each outcome; returns how many
    were sent."""
    sender = sender or sender_from_env()
    sent = 0
    for message in repo.messages_to_send(session, limit=limit):
        if not rules.should_try(message.status, message.attempts):
            continue
        message.attempts += 1
        try:
            sender.send(message)
        except Exception as exc:  # any failure of the outside world is recorded and retried, never raised
            message.status = rules.OutboundStatus.FAILED
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        else:
            message.status = rules.OutboundStatus.SENT
            message.sent_at = now or utcnow()
            message.last_error = ""
            sent += 1
        session.flush()
    return sent


def outbox_counts(session: Session, *, actor: Actor) -> dict[str, int]:
    """Outbound messages per status, for the timed-work page (the outbox holds no center, so no addresses shown)."""
    actor.require("jobs.read")
    return repo.outbox_counts(session)

"""The inbox: idempotent notices, notices to a role, only one's own notices read and marked."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_center, make_staff
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import NotFound, ValidationFailed
from xiaoneng.notifications import service
from xiaoneng.notifications.models import Notification, OutboundMessage


def count(db, model, *where) -> int:
    return db.scalar(select(func.count()).select_from(model).where(*where))


def test_a_keyed_notice_lands_once_and_the_callers_transaction_goes_on(db, people):
    first = service.notify(db, recipient_id=people.head.id, kind="overdue", title="整改超期", key="rect:7:overdue",
                           center_id=people.center.id)
    pending = make_staff(db, role=Role.WINDOW_STAFF, department=people.dept, full_name="同一事务中新增")
    second = service.notify(db, recipient_id=people.head.id, kind="overdue", title="整改超期", key="rect:7:overdue")
    assert first is not None and second is None
    assert count(db, Notification, Notification.key == "rect:7:overdue") == 1
    assert db.get(type(pending), pending.id).full_name == "同一事务中新增"


def test_a_key_taken_by_a_concurrent_writer_is_caught_in_a_savepoint(db, people, monkeypatch):
    service.notify(db, recipient_id=people.head.id, kind="alert", title="预警", key="alert:1")
    # The check found nothing, as it would when another transaction inserted the key just after it looked.
    monkeypatch.setattr(service.repo, "notification_key_taken", lambda session, key: False)
    assert service.notify(db, recipient_id=people.head.id, kind="alert", title="预警", key="alert:1") is None
    service.notify(db, recipient_id=people.director.id, kind="alert", title="之后的消息")
    assert count(db, Notification, Notification.recipient_id.in_([people.head.id, people.director.id])) == 2


def test_notices_without_a_key_are_all_kept(db, people):
    for _ in range(2):
        service.notify(db, recipient_id=people.clerk.id, kind="due_soon", title="即将到期")
    assert count(db, Notification, Notification.recipient_id == people.clerk.id) == 2


def test_notify_role_reaches_active_holders_of_the_role_in_the_center(db, people):
    elsewhere = make_staff(db, role=Role.SUPERVISOR, center=make_center(db))
    sent = service.notify_role(db, center_id=people.center.id, role=Role.SUPERVISOR, kind="escalated",
                               title="差评整改已升级", link="/rectifications/3", key="rect:3:escalated")
    assert sorted(n.recipient_id for n in sent) == sorted(s.id for s in people.supervisors)
    assert people.retired_supervisor.id not in {n.recipient_id for n in sent}
    assert elsewhere.id not in {n.recipient_id for n in sent}
    again = service.notify_role(db, center_id=people.center.id, role="supervisor", kind="escalated",
                                title="差评整改已升级", key="rect:3:escalated")
    assert again == []


def test_notify_role_of_one_department(db, people):
    sent = service.notify_role(db, center_id=people.center.id, role=Role.DEPT_HEAD, department_id=people.dept.id,
                               kind="bad_review", title="收到差评")
    assert [n.recipient_id for n in sent] == [people.head.id]


def test_inbox_lists_unread_first_and_only_ones_own(db, people):
    old = service.notify(db, recipient_id=people.head.id, kind="alert", title="较早未读")
    read = service.notify(db, recipient_id=people.head.id, kind="alert", title="已读")
    new = service.notify(db, recipient_id=people.head.id, kind="alert", title="最新未读")
    service.notify(db, recipient_id=people.director.id, kind="alert", title="别人的")
    base = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    old.created_at, read.created_at, new.created_at = base, base + dt.timedelta(hours=1), base + dt.timedelta(hours=2)
    read.read_at = base + dt.timedelta(hours=3)
    db.flush()
    head = actor_for(people.head)
    page = service.list_inbox(db, actor=head)
    assert [n.title for n in page.items] == ["最新未读", "较早未读", "已读"]
    assert service.unread_count(db, actor=head) == 2
    assert [n.title for n in service.list_inbox(db, actor=head, unread_only=True).items] == ["最新未读", "较早未读"]


def test_mark_read_only_ones_own(db, people):
    note = service.notify(db, recipient_id=people.head.id, kind="alert", title="给科长")
    with pytest.raises(NotFound):
        service.mark_read(db, actor=actor_for(people.director), notification_id=note.id)
    assert note.read_at is None
    service.mark_read(db, actor=actor_for(people.head), notification_id=note.id)
    assert note.read_at is not None


def test_mark_all_read_leaves_others_unread(db, people):
    for title in ("一", "二"):
        service.notify(db, recipient_id=people.head.id, kind="alert", title=title)
    service.notify(db, recipient_id=people.director.id, kind="alert", title="主任的")
    assert service.mark_all_read(db, actor=actor_for(people.head)) == 2
    assert service.unread_count(db, actor=actor_for(people.head)) == 0
    assert service.unread_count(db, actor=actor_for(people.director)) == 1


def test_queue_message_is_audited_and_keyed(db):
    message = service.queue_message(db, channel="sms", address="13800138000", subject="差评提醒",
                                    body="您有一条差评待处理", key="sms:rect:9")
    assert message.status == "pending" and message.attempts == 0
    assert service.queue_message(db, channel="sms", address="13800138000", body="重复", key="sms:rect:9") is None
    audited = db.scalar(select(AuditRecord).where(AuditRecord.action == "notification.queue",
                                                  AuditRecord.entity_id == str(message.id)))
    assert audited is not None and "13800138000" in audited.detail


@pytest.mark.parametrize("channel, address, body, field", [
    ("sms", "1380013", "内容", "address"),
    ("email", "zhangsan", "内容", "address"),
    ("wechat", "zhangsan", "内容", "address"),
    ("sms", "13800138000", "  ", "body"),
])
def test_bad_message_is_refused_and_nothing_is_queued(db, channel, address, body, field):
    before = count(db, OutboundMessage)
    with pytest.raises(ValidationFailed) as raised:
        service.queue_message(db, channel=channel, address=address, body=body)
    assert raised.value.field == field
    assert count(db, OutboundMessage) == before

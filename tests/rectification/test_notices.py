"""Who the loop tells, and that each notice names its record and deadline and links to it."""

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from tests.fixtures.objects import make_staff, make_window
from tests.rectification.conftest import bad_rating, actor_of
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications.models import Notification
from xiaoneng.ratings.receipts import reference
from xiaoneng.rectification import service as loop

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")


def _notes(db, recipient, kind):
    return db.scalars(select(Notification).where(Notification.recipient_id == recipient.id,
                                                 Notification.kind == kind)).all()


def test_the_clerk_of_a_window_qr_code_is_told_with_the_reference_window_and_deadline(db, world):
    window = make_window(db, department=world.department, name="B07窗口")
    posted = make_staff(db, department=world.department, window_id=window.id)
    rating = bad_rating(db, window=window, rated_on=D(2026, 3, 2))  # a window's QR code: no staff member named
    rect = loop.open_for_rating(db, actor=system_actor(window.center_id), rating=rating)
    [note] = _notes(db, posted, "bad_review")
    ref = reference(rating)
    assert note.title == f"差评整改 #{rect.id}：B07窗口的差评 {ref}，请于 2026-03-03 前联系评价人"
    assert "2026-03-09 前完成整改反馈" in note.body and note.link == f"/rectifications/{rect.id}"
    assert _notes(db, world.clerk, "bad_review") == []  # posted at another window


def test_a_new_appeal_tells_the_supervisors_and_directors_and_the_decision_the_appellant(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="评价人误操作",
                at=dt.datetime(2026, 3, 2, 15, tzinfo=TZ))
    for decider in (world.supervisor, world.director):
        [note] = _notes(db, decider, "appeal")
        assert note.title == f"差评整改 #{rect.id} 提出申诉，请复核（整改反馈期限 2026-03-09）"
        assert "评价人误操作" in note.body and note.link == f"/rectifications/{rect.id}"
    assert _notes(db, world.head, "appeal") == [] and _notes(db, world.clerk, "appeal") == []

    loop.decide_appeal(db, actor=actor_of(world.supervisor), rectification_id=rect.id, uphold=False,
                       reason="评价属实", at=dt.datetime(2026, 3, 3, 9, tzinfo=TZ))
    [note] = _notes(db, world.head, "appeal")
    assert note.title == f"差评整改 #{rect.id} 申诉被驳回，当前环节期限 2026-03-03"
    assert "评价属实" in note.body and note.link == f"/rectifications/{rect.id}"


def test_an_upheld_appeal_tells_the_appellant(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="恶意差评")
    loop.decide_appeal(db, actor=actor_of(world.director), rectification_id=rect.id, uphold=True, reason="属实")
    [note] = _notes(db, world.head, "appeal")
    assert note.title == f"差评整改 #{rect.id} 申诉成立，该差评不计入统计"

import datetime as dt

from sqlalchemy import select

from tests.fixtures.objects import make_staff
from tests.inquiries.conftest import refer
from xiaoneng.auth.rules import Role
from xiaoneng.inquiries import deadlines
from xiaoneng.inquiries.models import Referral
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Center

D = dt.date


def titles(db, staff):
    return sorted(n.title for n in db.scalars(select(Notification).where(Notification.recipient_id == staff.id,
                                                                         Notification.kind.like("inquiry_%due%"))))


def test_due_soon_then_overdue_once_each_and_overdue_goes_to_supervision(db, hall):
    supervisor = make_staff(db, role=Role.SUPERVISOR, center=db.get(Center, hall["land"].center_id))
    inquiry = refer(db, hall)  # referred Wednesday 2026-11-18: sign for by Thursday 11-19
    assert deadlines.refresh_deadlines(db, today=D(2026, 11, 18))["changed"] == 1
    assert deadlines.refresh_deadlines(db, today=D(2026, 11, 19))["changed"] == 0  # still due soon: told once
    assert titles(db, hall["a"]) == [f"转办咨询即将到期：{inquiry.number}（签收时限 2026-11-19）"]
    counts = deadlines.refresh_deadlines(db, today=D(2026, 11, 20))
    assert counts["changed"] == 1
    assert f"转办咨询逾期：{inquiry.number}（签收时限 2026-11-19）" in titles(db, hall["head"])
    assert f"转办咨询逾期：{inquiry.number}（签收时限 2026-11-19）" in titles(db, supervisor)
    referral = db.scalars(select(Referral)).one()
    assert referral.deadline_state == "overdue"


def test_an_answered_referral_is_left_alone(db, hall):
    from xiaoneng.auth.service import actor_for
    from xiaoneng.inquiries import service

    [referral] = service.referrals_of(db, refer(db, hall))
    service.answer(db, actor=actor_for(hall["a"]), referral_id=referral.id, text="已电话答复")
    assert deadlines.refresh_deadlines(db, today=D(2026, 12, 31))["checked"] == 0

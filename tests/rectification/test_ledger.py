"""S0 art.14 台账: the ledger deadline is a leader's (the department's head, a center leader); a supervisor proposes."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_department, make_staff
from tests.rectification.conftest import _center, actor_of
from xiaoneng.auth.rules import Role
from xiaoneng.errors import Conflict, Forbidden, NotFound
from xiaoneng.notifications.models import Notification
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.rules import Action, LedgerRight, Status, ledger_right

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


@pytest.mark.parametrize("role, own_department, record_department, right", [
    (Role.DEPT_HEAD, 7, 7, LedgerRight.SET),
    (Role.DEPT_HEAD, 8, 7, LedgerRight.NONE),  # head of another department
    (Role.DEPT_HEAD, 7, None, LedgerRight.NONE),  # a record of no department: the center's leaders decide
    (Role.DIRECTOR, None, 7, LedgerRight.SET),
    (Role.SUPERVISOR, None, 7, LedgerRight.PROPOSE),
    (Role.WINDOW_STAFF, 7, 7, LedgerRight.NONE),
    (Role.ADMIN, None, 7, LedgerRight.NONE),
    (None, None, 7, LedgerRight.SET),  # the system actor (CLI) acts for the leaders
])
def test_who_sets_the_ledger_deadline(role, own_department, record_department, right):
    assert ledger_right(role, actor_department_id=own_department, record_department_id=record_department) is right


def _contacted(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    loop.log_contact(db, actor=actor_of(world.clerk), rectification_id=rect.id, method="phone", summary="联系上",
                     at=at(2026, 3, 3))
    return rect


def _titles(db, recipient):
    return db.scalars(select(Notification.title).where(Notification.recipient_id == recipient.id,
                                                       Notification.kind == "ledger")).all()


@pytest.mark.parametrize("who", ["head", "director"])
def test_a_leader_sets_the_ledger_deadline(db, world, who):
    rect = _contacted(db, world)
    leader = getattr(world, who)
    assert Action.TO_LEDGER in loop.allowed_actions(rect, actor_of(leader), today=D(2026, 3, 4))
    loop.to_ledger(db, actor=actor_of(leader), rectification_id=rect.id, ledger_due="2026-06-30",
                   problem="需与省平台对接", at=at(2026, 3, 4))
    assert (rect.status, rect.ledger_due, rect.ledger_set_by_id) == (Status.LEDGER, D(2026, 6, 30), leader.id)
    assert _titles(db, world.clerk) == [f"差评整改 #{rect.id} 已列入台账，须于 2026-06-30 前完成整改"]


def test_the_supervisor_may_only_propose_and_the_leader_changes_it(db, world):
    rect = _contacted(db, world)
    supervisor = actor_of(world.supervisor)
    actions = loop.allowed_actions(rect, supervisor, today=D(2026, 3, 4))
    assert Action.PROPOSE_LEDGER in actions and Action.TO_LEDGER not in actions
    with pytest.raises(Forbidden, match="科室负责人或中心领导"):
        loop.to_ledger(db, actor=supervisor, rectification_id=rect.id, ledger_due="2026-06-30", problem="对接",
                       at=at(2026, 3, 4))
    assert (rect.status, rect.ledger_due) == (Status.CONTACTED, None)

    loop.propose_ledger(db, actor=supervisor, rectification_id=rect.id, ledger_due="2026-05-29",
                        problem="需与省平台对接", at=at(2026, 3, 4))
    assert (rect.status, rect.ledger_due) == (Status.CONTACTED, None)  # a proposal decides nothing
    assert (rect.ledger_proposed_due, rect.ledger_proposed_by_id) == (D(2026, 5, 29), world.supervisor.id)
    for leader in (world.head, world.director):
        assert _titles(db, leader) == [
            f"差评整改 #{rect.id} 建议列入台账（建议期限 2026-05-29），请确定整改期限"]
    assert _titles(db, world.clerk) == []

    loop.to_ledger(db, actor=actor_of(world.director), rectification_id=rect.id, ledger_due="2026-06-30",
                   at=at(2026, 3, 5))
    assert (rect.status, rect.ledger_due, rect.ledger_set_by_id) == (Status.LEDGER, D(2026, 6, 30), world.director.id)
    assert (rect.problem, rect.ledger_proposed_due) == ("需与省平台对接", None)
    assert _titles(db, world.supervisor) == [f"差评整改 #{rect.id} 已列入台账，须于 2026-06-30 前完成整改"]
    body = db.scalar(select(Notification.body).where(Notification.recipient_id == world.supervisor.id))
    assert "建议 2026-05-29，已改定" in body


def test_others_are_refused(db, world):
    rect = _contacted(db, world)
    other = make_department(db, center=_center(db, world.department.center_id))
    stranger = make_staff(db, role=Role.DEPT_HEAD, department=other)
    with pytest.raises(NotFound):
        loop.to_ledger(db, actor=actor_of(stranger), rectification_id=rect.id, ledger_due="2026-06-30",
                       problem="对接", at=at(2026, 3, 4))
    for who in (world.clerk, world.admin):
        with pytest.raises(Forbidden):
            loop.to_ledger(db, actor=actor_of(who), rectification_id=rect.id, ledger_due="2026-06-30",
                           problem="对接", at=at(2026, 3, 4))
        with pytest.raises(Forbidden):
            loop.propose_ledger(db, actor=actor_of(who), rectification_id=rect.id, ledger_due="2026-06-30",
                                problem="对接", at=at(2026, 3, 4))
    with pytest.raises(Conflict):
        loop.propose_ledger(db, actor=actor_of(world.head), rectification_id=rect.id, ledger_due="2026-06-30",
                            problem="对接", at=at(2026, 3, 4))
    assert rect.status == Status.CONTACTED and rect.ledger_proposed_due is None


def test_a_proposal_needs_a_step_that_may_go_to_the_ledger(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    with pytest.raises(Conflict, match="不能列入台账"):
        loop.propose_ledger(db, actor=actor_of(world.supervisor), rectification_id=rect.id,
                            ledger_due="2026-06-30", problem="对接", at=at(2026, 3, 2))


def test_the_proposal_and_its_confirmation_through_the_page(db, world, sign_in, clock):
    clock.set(at(2026, 3, 4))
    rect = _contacted(db, world)
    browser = sign_in(world.supervisor)
    page = browser.page(f"/rectifications/{rect.id}")
    assert "建议列入台账" in page.text
    response = browser.submit(f"/rectifications/{rect.id}/act",
                              {"action": "propose_ledger", "ledger_due": "2027-06-30", "problem": "需与省平台对接"})
    assert response.status_code == 303
    head = sign_in(world.head)
    page = head.page(f"/rectifications/{rect.id}")
    assert "台账期限建议：2027-06-30" in page.text and 'value="2027-06-30"' in page.text
    response = head.submit(f"/rectifications/{rect.id}/act",
                           {"action": "to_ledger", "ledger_due": "2027-06-30", "problem": "需与省平台对接"})
    assert response.status_code == 303
    db.refresh(rect)
    assert (rect.status, rect.ledger_due) == (Status.LEDGER, D(2027, 6, 30))

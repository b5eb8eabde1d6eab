"""S0 art.14: "solved on the spot" belongs to the receipt of the bad review, before any contact or deadline."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.rectification.conftest import actor_of
from xiaoneng.errors import Conflict
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.rules import Action, Status, on_spot_refusal

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize("status, contacted, received, today, escalation, accepted", [
    (Status.OPEN, False, D(2025, 9, 30), D(2025, 9, 30), "none", True),  # the day it was received
    (Status.OPEN, False, D(2026, 2, 14), D(2026, 2, 14), "none", True),  # make-up Saturday, a working day
    (Status.OPEN, False, D(2026, 3, 7), D(2026, 3, 7), "none", True),  # a Saturday hall: still at receipt
    (Status.OPEN, False, D(2025, 9, 30), D(2025, 10, 1), "none", False),  # the next day (a holiday)
    (Status.OPEN, False, D(2025, 9, 30), D(2025, 10, 9), "none", False),  # the contact deadline day
    (Status.OPEN, False, D(2026, 1, 5), D(2026, 1, 9), "director", False),  # on the director's list
    (Status.OPEN, True, D(2026, 3, 2), D(2026, 3, 2), "none", False),  # a contact already logged
    (Status.CONTACTED, True, D(2026, 3, 2), D(2026, 3, 2), "none", False),
    (Status.APPEALED, False, D(2026, 3, 2), D(2026, 3, 2), "none", False),
    (Status.RECTIFYING, True, D(2026, 3, 2), D(2026, 3, 3), "none", False),
])
def test_on_spot_only_at_receipt(status, contacted, received, today, escalation, accepted):
    refusal = on_spot_refusal(status, received_on=received, today=today, contacted=contacted,
                              escalation_level=escalation)
    assert (refusal is None) is accepted
    if refusal:
        assert "当场解决" in refusal


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def test_on_spot_is_recorded_on_the_day_of_receipt(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场补办",
                       at=at(2026, 3, 2, 17))
    assert (rect.status, rect.path) == (Status.SOLVED_ON_SPOT, "on_spot")


def test_on_spot_the_next_day_is_refused_in_chinese(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    assert Action.SOLVE_ON_SPOT not in loop.allowed_actions(rect, actor_of(world.clerk), today=D(2026, 3, 3))
    with pytest.raises(Conflict) as err:
        loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="补办",
                           at=at(2026, 3, 3, 9))
    assert "收到差评当天（2026年3月2日）" in err.value.message
    assert (rect.status, rect.path, rect.measures) == (Status.OPEN, "", "")


def test_on_spot_after_a_contact_is_refused(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    clerk = actor_of(world.clerk)
    loop.log_contact(db, actor=clerk, rectification_id=rect.id, method="phone", summary="已致电", at=at(2026, 3, 2))
    assert Action.SOLVE_ON_SPOT not in loop.allowed_actions(rect, clerk, today=D(2026, 3, 2))
    with pytest.raises(Conflict, match="已联系过评价人"):
        loop.solve_on_spot(db, actor=clerk, rectification_id=rect.id, measures="补办", at=at(2026, 3, 2, 11))
    assert rect.status == Status.CONTACTED

"""D2, D3, D7 through the service: each step, refused steps, callbacks, appeals and the callback rate."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_department, make_staff
from tests.rectification.conftest import _center, actor_of
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.models import ContactLog
from xiaoneng.rectification.rules import Status

D = dt.date
TZ = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def test_contact_is_logged_and_moves_the_clock_to_the_rectify_deadline(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    clerk = actor_of(world.clerk)
    entry = loop.log_contact(db, actor=clerk, rectification_id=rect.id, method="电话", summary="已致电说明情况",
                             at=at(2026, 3, 3))
    assert rect.status == Status.CONTACTED and rect.current_due == rect.rectify_due == D(2026, 3, 9)
    assert (entry.method, entry.by_id, entry.summary) == ("phone", world.clerk.id, "已致电说明情况")
    assert db.scalars(select(ContactLog).where(ContactLog.rectification_id == rect.id)).all() == [entry]


def test_full_path_confirm_feed_back_callback_close(db, world):
    rect = world.open(db)
    clerk = actor_of(world.clerk)
    loop.log_contact(db, actor=clerk, rectification_id=rect.id, method="phone", summary="联系上", at=at(2026, 3, 3))
    loop.confirm_problem(db, actor=clerk, rectification_id=rect.id, problem="材料清单未更新", at=at(2026, 3, 3))
    assert rect.status == Status.RECTIFYING and rect.path == "rectified"
    loop.feed_back(db, actor=clerk, rectification_id=rect.id, measures="已更新清单并培训", at=at(2026, 3, 5))
    assert rect.status == Status.FED_BACK and rect.current_due == rect.callback_due == D(2026, 3, 12)
    loop.callback(db, actor=clerk, rectification_id=rect.id, method="phone", level=4, note="满意",
                  at=at(2026, 3, 6))
    assert (rect.status, rect.callback_level, rect.callback_method) == (Status.CALLED_BACK, 4, "phone")
    loop.close(db, actor=clerk, rectification_id=rect.id, at=at(2026, 3, 6))
    assert rect.status == Status.CLOSED
    actions = db.scalars(select(AuditRecord.action).where(AuditRecord.entity == "rectification",
                                                          AuditRecord.entity_id == str(rect.id))
                         .order_by(AuditRecord.id)).all()
    assert actions == ["rectification.open", "rectification.contact", "rectification.confirm",
                       "rectification.feed_back", "rectification.callback", "rectification.close"]


def test_solve_on_spot_then_callback(db, world):
    rect = world.open(db)
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场补办", at=at(2026, 3, 2))
    assert (rect.status, rect.path, rect.current_due) == (Status.SOLVED_ON_SPOT, "on_spot", D(2026, 3, 9))


def test_explanation_without_legal_basis(db, world):
    rect = world.open(db)
    clerk = actor_of(world.clerk)
    loop.log_contact(db, actor=clerk, rectification_id=rect.id, method="sms", summary="短信联系")
    loop.explain(db, actor=clerk, rectification_id=rect.id, explanation="诉求无法律依据，已解释")
    assert (rect.status, rect.path) == (Status.EXPLAINED, "explained")


def test_ledger_needs_a_future_deadline(db, world):
    rect = world.open(db)
    loop.log_contact(db, actor=actor_of(world.clerk), rectification_id=rect.id, method="visit", summary="上门")
    with pytest.raises(ValidationFailed) as err:
        loop.to_ledger(db, actor=actor_of(world.head), rectification_id=rect.id, ledger_due="2026-03-03",
                       problem="系统对接", at=at(2026, 3, 4))
    assert err.value.field == "ledger_due"
    loop.to_ledger(db, actor=actor_of(world.head), rectification_id=rect.id, ledger_due="2026-06-30",
                   problem="需与省平台对接", at=at(2026, 3, 4))
    assert (rect.status, rect.ledger_due, rect.current_due) == (Status.LEDGER, D(2026, 6, 30), D(2026, 6, 30))
    assert rect.ledger_set_by_id == world.head.id


@pytest.mark.parametrize("step", ["callback", "feed_back", "close"])
def test_refused_steps_on_an_open_record_change_nothing(db, world, step):
    rect = world.open(db)
    clerk = actor_of(world.clerk)
    calls = {
        "callback": lambda: loop.callback(db, actor=clerk, rectification_id=rect.id, method="phone", level=4),
        "feed_back": lambda: loop.feed_back(db, actor=clerk, rectification_id=rect.id, measures="整改"),
        "close": lambda: loop.close(db, actor=clerk, rectification_id=rect.id),
    }
    with pytest.raises(Conflict) as err:
        calls[step]()
    assert "待联系" in err.value.message
    assert rect.status == Status.OPEN


@pytest.mark.parametrize("kwargs, field", [
    (dict(method="邮件", summary="联系"), "method"),
    (dict(method="电话", summary="  "), "summary"),
])
def test_bad_contact_input_names_the_field(db, world, kwargs, field):
    rect = world.open(db)
    with pytest.raises(ValidationFailed) as err:
        loop.log_contact(db, actor=actor_of(world.clerk), rectification_id=rect.id, **kwargs)
    assert err.value.field == field and rect.status == Status.OPEN


@pytest.mark.parametrize("level", [0, 6, "很好", None])
def test_callback_level_must_be_one_to_five(db, world, level):
    rect = world.open(db)
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场解决",
                       at=at(2026, 3, 2))
    with pytest.raises(ValidationFailed) as err:
        loop.callback(db, actor=actor_of(world.clerk), rectification_id=rect.id, method="phone", level=level)
    assert err.value.field == "level"


def test_real_name_review_cannot_close_without_callback(db, world):
    rect = world.open(db, real_name=True)
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场解决",
                       at=at(2026, 3, 2))
    with pytest.raises(Conflict, match="回访"):
        loop.close(db, actor=actor_of(world.clerk), rectification_id=rect.id)


def test_anonymous_review_may_close_after_feedback(db, world):
    rect = world.open(db, real_name=False)
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场解决",
                       at=at(2026, 3, 2))
    loop.close(db, actor=actor_of(world.clerk), rectification_id=rect.id)
    assert rect.status == Status.CLOSED


def test_head_of_another_department_sees_nothing(db, world):
    rect = world.open(db)
    other = make_department(db, center=_center(db, world.department.center_id))
    stranger = make_staff(db, role=Role.DEPT_HEAD, department=other)
    with pytest.raises(NotFound):
        loop.get_rectification(db, actor=actor_of(stranger), rectification_id=rect.id)
    with pytest.raises(NotFound):
        loop.log_contact(db, actor=actor_of(stranger), rectification_id=rect.id, method="phone", summary="x")
    assert loop.list_rectifications(db, actor=actor_of(stranger)).total == 0
    assert loop.list_rectifications(db, actor=actor_of(world.head)).total == 1


def test_director_may_read_but_not_act(db, world):
    rect = world.open(db)
    assert loop.get_rectification(db, actor=actor_of(world.director), rectification_id=rect.id) is rect
    with pytest.raises(Forbidden):
        loop.log_contact(db, actor=actor_of(world.director), rectification_id=rect.id, method="phone", summary="x")


# --- D7 appeals ------------------------------------------------------------------------------------------------------

def test_window_staff_cannot_appeal(db, world):
    rect = world.open(db)
    with pytest.raises(Forbidden):
        loop.appeal(db, actor=actor_of(world.clerk), rectification_id=rect.id, reason="恶意差评")


def test_appeal_needs_a_reason(db, world):
    rect = world.open(db)
    with pytest.raises(ValidationFailed) as err:
        loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="")
    assert err.value.field == "reason" and rect.status == Status.OPEN


def test_upheld_appeal_excludes_the_review(db, world):
    rect = world.open(db)
    loop.log_contact(db, actor=actor_of(world.clerk), rectification_id=rect.id, method="phone", summary="联系")
    loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="评价人误点，录音为证")
    assert (rect.status, rect.status_before_appeal, rect.current_due) == (Status.APPEALED, Status.CONTACTED, None)
    loop.decide_appeal(db, actor=actor_of(world.supervisor), rectification_id=rect.id, uphold=True, reason="录音属实")
    assert (rect.status, rect.excluded, rect.appeal_decision) == (Status.EXCLUDED, True, "upheld")
    assert rect.appeal_decided_by_id == world.supervisor.id


def test_rejected_appeal_returns_to_the_step_before_and_cannot_be_repeated(db, world):
    rect = world.open(db)
    loop.log_contact(db, actor=actor_of(world.clerk), rectification_id=rect.id, method="phone", summary="联系")
    loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="恶意差评")
    loop.decide_appeal(db, actor=actor_of(world.supervisor), rectification_id=rect.id, uphold=False,
                       reason="无证据")
    assert (rect.status, rect.excluded, rect.current_due) == (Status.CONTACTED, False, rect.rectify_due)
    with pytest.raises(Conflict, match="驳回"):
        loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="再次申诉")


def test_decision_needs_the_decide_permission(db, world):
    rect = world.open(db)
    loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="误评")
    with pytest.raises(Forbidden):
        loop.decide_appeal(db, actor=actor_of(world.head), rectification_id=rect.id, uphold=True, reason="成立")


def test_rater_rates_the_rectification_once(db, world):
    rect = world.open(db)
    with pytest.raises(Conflict):
        loop.rate_rectification(db, rectification_id=rect.id, level=5)
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=rect.id, measures="当场解决",
                       at=at(2026, 3, 2))
    loop.rate_rectification(db, rectification_id=rect.id, level=5, comment="处理及时")
    assert (rect.rater_level, rect.rater_comment) == (5, "处理及时")
    with pytest.raises(Conflict):
        loop.rate_rectification(db, rectification_id=rect.id, level=1)


# --- D3 callback rate, both D7 views ---------------------------------------------------------------------------------

def _finish(db, world, rect):
    clerk = actor_of(world.clerk)
    loop.solve_on_spot(db, actor=clerk, rectification_id=rect.id, measures="当场解决", at=at(2026, 3, 2))
    loop.callback(db, actor=clerk, rectification_id=rect.id, method="online", level=5)


def test_callback_rate_with_and_without_upheld_appeals(db, world):
    done = world.open(db, rated_on=D(2026, 3, 2))
    _finish(db, world, done)
    pending = world.open(db, rated_on=D(2026, 3, 3))
    appealed = world.open(db, rated_on=D(2026, 3, 4))
    world.open(db, rated_on=D(2026, 3, 4), real_name=False)  # anonymous: not in the real-name rate
    world.open(db, rated_on=D(2026, 4, 1))  # outside the period
    loop.appeal(db, actor=actor_of(world.head), rectification_id=appealed.id, reason="恶意差评")
    head = actor_of(world.head)

    before = loop.callback_rate(db, actor=head, start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert (before.all_reviews.finished, before.all_reviews.total) == (1, 3)
    assert (before.counted.finished, before.counted.total) == (1, 3)
    assert {r.id for r in before.pending} == {pending.id, appealed.id}

    loop.decide_appeal(db, actor=actor_of(world.supervisor), rectification_id=appealed.id, uphold=True,
                       reason="属实")
    after = loop.callback_rate(db, actor=head, start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert (after.all_reviews.finished, after.all_reviews.total) == (2, 3)
    assert (after.counted.finished, after.counted.total) == (1, 2)
    assert after.counted.percent == "50.0%"
    assert [r.id for r in after.pending] == [pending.id]


def test_rejected_appeal_keeps_the_review_counted(db, world):
    rect = world.open(db, rated_on=D(2026, 3, 2))
    loop.appeal(db, actor=actor_of(world.head), rectification_id=rect.id, reason="恶意差评")
    loop.decide_appeal(db, actor=actor_of(world.supervisor), rectification_id=rect.id, uphold=False, reason="不成立")
    report = loop.callback_rate(db, actor=actor_of(world.director), start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert (report.counted.finished, report.counted.total) == (0, 1)
    assert [r.id for r in report.pending] == [rect.id]


def test_a_pending_record_of_an_earlier_month_lowers_the_callback_rate(db, world):
    done = world.open(db, rated_on=D(2026, 3, 2))
    _finish(db, world, done)
    left_over = world.open(db, rated_on=D(2026, 2, 25))  # still awaiting its callback
    finished_before = world.open(db, rated_on=D(2026, 2, 26))
    loop.solve_on_spot(db, actor=actor_of(world.clerk), rectification_id=finished_before.id, measures="当场解决",
                       at=at(2026, 2, 26))
    loop.callback(db, actor=actor_of(world.clerk), rectification_id=finished_before.id, method="phone", level=5)
    world.open(db, rated_on=D(2026, 4, 1))  # after the period: not counted
    report = loop.callback_rate(db, actor=actor_of(world.head), start=D(2026, 3, 1), end=D(2026, 3, 31))
    assert (report.all_reviews.finished, report.all_reviews.total) == (1, 2)
    assert report.all_reviews.percent == "50.0%"
    assert [r.id for r in report.pending] == [left_over.id]

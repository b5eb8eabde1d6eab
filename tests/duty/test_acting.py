"""代岗 (E1): while A is away, B's actions on A's work are recorded as acting for A, in a row of their own and in the
action's audit record; someone else's, or B's while A is present, are not; a refused leave is kept for the list."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.duty.conftest import ask
from tests.fixtures.objects import make_case, make_item, make_rating, make_window
from xiaoneng.audit.labels import detail_fields
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import service as cases
from xiaoneng.duty import acting, breaches, service
from xiaoneng.duty.models import Absence, ActingAction, LeaveRefusal
from xiaoneng.inquiries import service as inquiries
from xiaoneng.kit.clock import TZ
from xiaoneng.rectification import service as loop
from xiaoneng.rectification.models import Rectification

D = dt.date.fromisoformat
MONDAY_10 = dt.datetime(2026, 11, 23, 10, 0, tzinfo=TZ)


@pytest.fixture
def away(db, hall):
    """A (张敏) on approved leave Monday 2026-11-23 to Tuesday 11-24, asked and approved the week before."""
    absence = ask(db, hall["a"], "2026-11-23", "0", "2026-11-24", "1")
    service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=absence.id, approve=True)
    return absence


@pytest.fixture
def a_case(db, hall):
    item = make_item(db, department=hall["dept"])
    window = make_window(db, department=hall["dept"])
    return make_case(db, item=item, window=window, handler=hall["a"])


def _audit(db, entity_id, action) -> dict:
    """The detail of the case's one audit record of `action`."""
    return json.loads(db.scalars(select(AuditRecord).where(AuditRecord.entity == "case", AuditRecord.entity_id == str(entity_id),
                                                AuditRecord.action == action)).one().detail)


def test_b_acting_on_as_case_while_a_is_away_is_recorded_as_daigang(db, hall, away, a_case, clock):
    clock.set(MONDAY_10)
    b = actor_for(hall["b"])
    cases.accept_case(db, actor=b, case_id=a_case.id)
    cases.complete_step(db, actor=b, case_id=a_case.id)
    done = db.scalars(select(ActingAction).order_by(ActingAction.id)).all()
    assert [(r.acting_staff_id, r.for_staff_id, r.absence_id, r.action) for r in done] == [
        (hall["b"].id, hall["a"].id, away.id, "受理"), (hall["b"].id, hall["a"].id, away.id, "办结环节“窗口办理”")]
    assert done[0].summary == f"办件 {a_case.number}：受理" and done[0].link == f"/cases/{a_case.id}"
    detail = _audit(db, a_case.id, "complete_step")
    assert detail["acting_for"] == hall["a"].id
    assert ("代岗办理（原经办人）", "张敏") in detail_fields(detail)
    db.expire_all()
    assert cases.get_case(db, actor=b, case_id=a_case.id).steps[0].handler_id == hall["a"].id  # still A's case


@pytest.mark.parametrize(("who", "at"), [
    ("c", MONDAY_10),  # a colleague who does not hold A's post
    ("b", dt.datetime(2026, 11, 25, 10, 0, tzinfo=TZ)),  # A is back
    ("b", dt.datetime(2026, 11, 20, 16, 0, tzinfo=TZ)),  # the Friday before
])
def test_not_daigang_when_the_actor_does_not_hold_the_post_or_a_is_present(db, hall, away, a_case, clock, who, at):
    clock.set(at)
    cases.accept_case(db, actor=actor_for(hall[who]), case_id=a_case.id)
    assert db.scalars(select(ActingAction)).all() == []
    assert "acting_for" not in _audit(db, a_case.id, "accept")


def test_a_proxy_acts_when_a_and_b_are_both_away(db, hall, away, a_case, clock):
    service.designate_proxy(db, actor=actor_for(hall["director"]), post_id=hall["post"].id, staff_id=hall["c"].id,
                            start_date="2026-11-23", start_half="0", end_date="2026-11-23", end_half="1")
    ask(db, hall["b"], "2026-11-23", "0", "2026-11-23", "1", kind="meeting")
    clock.set(MONDAY_10)
    cases.accept_case(db, actor=actor_for(hall["c"]), case_id=a_case.id)
    assert [(r.acting_staff_id, r.for_staff_id) for r in db.scalars(select(ActingAction))] == []  # B's leave pending
    absence = db.scalars(select(Absence).where(Absence.staff_id == hall["b"].id)).one()
    service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=absence.id, approve=True)
    cases.issue_notice(db, actor=actor_for(hall["c"]), case_id=a_case.id, materials=["材料1"])
    assert [(r.acting_staff_id, r.for_staff_id, r.action) for r in db.scalars(select(ActingAction))] == [
        (hall["c"].id, hall["a"].id, "一次性告知")]


def test_b_signing_for_a_referral_to_a_is_daigang(db, hall, away, clock):
    clock.set(dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ))  # A present: the referral is A's
    inquiry = inquiries.log_inquiry(db, actor=actor_for(hall["head"]), channel="phone", content="咨询不动产登记所需材料",
                                    outcome="referred", to_department_id=hall["dept"].id, to_staff_id=hall["a"].id,
                                    asker_name="刘先生", asker_phone="13900001111")
    referral = inquiries.referrals_of(db, inquiry)[0]
    assert referral.assigned_staff_id == hall["a"].id
    clock.set(MONDAY_10)
    inquiries.answer(db, actor=actor_for(hall["b"]), referral_id=referral.id, text="已电话告知所需材料清单")
    row = db.scalars(select(ActingAction)).one()
    assert (row.entity, row.action, row.summary) == ("inquiry", "答复转办", f"咨询 {inquiry.number}：答复转办")


def test_b_contacting_the_rater_of_as_bad_review_is_daigang(db, hall, away, a_case, clock):
    clock.set(dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ))
    cases.complete_step(db, actor=actor_for(hall["a"]), case_id=a_case.id)
    make_rating(db, case=a_case, level=1, comment="等了很久")
    rect = db.scalars(select(Rectification)).one()
    assert rect.staff_id == hall["a"].id
    clock.set(MONDAY_10)
    loop.log_contact(db, actor=actor_for(hall["b"]), rectification_id=rect.id, method="电话", summary="已致电致歉")
    row = db.scalars(select(ActingAction)).one()
    assert (row.entity, row.for_staff_id, row.link) == ("rectification", hall["a"].id, f"/rectifications/{rect.id}")


def test_covered_now_names_whose_work_b_holds(db, hall, away, clock):
    clock.set(MONDAY_10)
    assert [(c.owner_name, c.post_name, c.until) for c in acting.covered_now(db, actor=actor_for(hall["b"]))] == [
        ("张敏", "不动产登记受理岗", "2026-11-24 下午")]
    assert acting.covered_now(db, actor=actor_for(hall["c"])) == []
    clock.set(dt.datetime(2026, 11, 25, 9, 0, tzinfo=TZ))
    assert acting.covered_now(db, actor=actor_for(hall["b"])) == []


def test_a_leave_refused_for_an_empty_post_is_kept_for_the_breach_list(db, hall, sign_in):
    leave = {"kind": "vacation", "start_date": "2026-11-23", "start_half": "0", "end_date": "2026-11-24",
             "end_half": "1", "reason": "年休假"}
    sign_in(hall["b"]).submit("/duty/absences", leave)
    page = sign_in(hall["a"]).submit("/duty/absences", leave)
    assert page.status_code == 409
    refusal = db.scalars(select(LeaveRefusal)).one()
    assert refusal.staff_id == hall["a"].id and "将无人在岗" in refusal.message
    found = breaches.breaches(db, actor=actor_for(hall["supervisor"]), start=D("2026-11-01"), end=D("2026-11-30"))
    assert [(b.kind_label, b.staff_name, b.department_name) for b in found] == [("请假致空岗被拒", "张敏", "不动产登记科")]
    assert found[0].summary.startswith("休假 2026-11-23 上午至2026-11-24 下午 被拒：岗位“不动产登记受理岗”将无人在岗")
    other = breaches.breaches(db, actor=actor_for(hall["other_head"]), start=D("2026-11-01"), end=D("2026-11-30"))
    assert other == []

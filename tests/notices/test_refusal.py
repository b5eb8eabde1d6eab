"""不予受理 as a real outcome: the case ends REJECTED, its clock ends (never overdue, left alone by the deadline
job and by recomputes), the refusal and its notice are audited, and bad input writes nothing."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.notices.conftest import AT, missing
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import deadlines, recompute
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.errors import Conflict, ValidationFailed
from xiaoneng.kit.clock import TZ
from xiaoneng.notices import service
from xiaoneng.notices.models import CaseNotice

REASONS = ["申请人不具备食品经营的主体资格", "经营场所位于禁止设立食品经营场所的区域"]


def _refuse(db, hall, reasons=REASONS, at=AT, who="clerk"):
    return service.refuse_case(db, actor=actor_for(hall[who]), case_id=hall["case"].id, reasons=reasons, at=at)


def test_a_refusal_ends_the_case_and_its_clock(db, hall, clock):
    notice = _refuse(db, hall)
    case = db.get(Case, hall["case"].id)
    assert (case.status, case.clock_status, case.due_on, case.overdue) == ("rejected", "refused", None, False)
    assert notice.kind == "refusal" and notice.number == "锦政服告〔2026〕第0001号"
    assert notice.snapshot["reasons"] == REASONS
    assert notice.snapshot["item"]["legal_basis"] == "《中华人民共和国食品安全法》第三十五条"
    assert {r["status_text"] for r in notice.snapshot["materials"]} == {"—"}
    event = db.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "refused")).one()
    assert event.reason == "；".join(REASONS) and event.day == dt.date(2026, 11, 16)
    actions = dict(db.execute(select(AuditRecord.action, AuditRecord.detail)
                              .where(AuditRecord.action.in_(["refuse", "notice.refusal"]))).all())
    assert json.loads(actions["refuse"])["reasons"] == REASONS
    assert json.loads(actions["notice.refusal"])["number"] == notice.number
    # Months later it is still not overdue, the deadline job passes it by and a recompute leaves it alone.
    clock.set(dt.date(2027, 3, 1))
    assert deadlines.refresh_deadlines(db, today=dt.date(2027, 3, 1))["checked"] == 0
    assert recompute.recompute_cases(db, {2026, 2027}, case.center_id) == 0
    assert not db.get(Case, case.id).overdue
    clock_now = cases.case_clock(db, actor=actor_for(hall["clerk"]), case_id=case.id)
    assert not clock_now.overdue(dt.date(2027, 3, 1))
    # Out of the open lists: neither received nor accepted nor overdue.
    for status in ("received", "accepted", "suspended"):
        assert cases.list_cases(db, actor=actor_for(hall["clerk"]), status=status).total == 0
    assert cases.list_cases(db, actor=actor_for(hall["clerk"]), overdue=True).total == 0
    assert cases.list_cases(db, actor=actor_for(hall["clerk"]), status="rejected").total == 1


def test_a_case_waiting_for_its_supplement_may_be_refused(db, hall):
    service.issue_notice(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id,
                         findings=[missing(hall["materials"]["营业执照"])], at=AT)
    notice = _refuse(db, hall, reasons=["申请人逾期未补正材料"], at=dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ))
    assert notice.case_seq == 2 and notice.number == "锦政服告〔2026〕第0002号" and not notice.violation
    assert db.get(Case, hall["case"].id).status == "rejected"
    with pytest.raises(Conflict, match="办件已办结"):
        service.issue_notice(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id,
                             findings=[missing(hall["materials"]["营业执照"])])


@pytest.mark.parametrize(("reasons", "field", "message"), [
    ([], "reasons", "请填写不予受理的理由"),
    (["  ", ""], "reasons", "请填写不予受理的理由"),
    (["不具备主体资格", "理" * 201], "reasons[1]", "第2条不予受理理由不能超过200个字"),
])
def test_a_refusal_needs_its_reasons(db, hall, reasons, field, message):
    with pytest.raises(ValidationFailed) as raised:
        _refuse(db, hall, reasons=reasons)
    assert (raised.value.field, raised.value.message) == (field, message)
    assert db.get(Case, hall["case"].id).status == "received"
    assert db.scalar(select(func.count()).select_from(CaseNotice)) == 0
    assert db.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "refused")) == 0


@pytest.mark.parametrize("step", ["accept", "complete", "refuse"])
def test_an_accepted_finished_or_refused_case_cannot_be_refused(db, hall, step):
    actor = actor_for(hall["clerk"])
    if step == "accept":
        cases.accept_case(db, actor=actor, case_id=hall["case"].id, at=AT)
    elif step == "complete":
        cases.complete_step(db, actor=actor, case_id=hall["case"].id, at=AT)
    else:
        _refuse(db, hall)
    before = db.scalar(select(func.count()).select_from(CaseNotice))
    with pytest.raises(Conflict):
        _refuse(db, hall)
    assert db.scalar(select(func.count()).select_from(CaseNotice)) == before

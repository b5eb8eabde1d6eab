"""Issuing one-time notices: the clock stops, the notice is numbered and snapshots what it says, a later notice
that asks for new materials is a violation; bad input names the field and row and writes nothing; scope."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from tests.notices.conftest import AT, missing, noncompliant
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import service as cases
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.items import service as items
from xiaoneng.kit.clock import TZ
from xiaoneng.notices import service
from xiaoneng.notices.models import CaseNotice
from xiaoneng.notifications.models import Notification


def _issue(db, hall, findings, *, who="clerk", at=AT, note=""):
    return service.issue_notice(db, actor=actor_for(hall[who]), case_id=hall["case"].id, findings=findings,
                                note=note, at=at)


def test_a_notice_stops_the_clock_and_lists_every_material_with_what_is_wrong(db, hall):
    m = hall["materials"]
    notice = _issue(db, hall, [missing(m["营业执照"]), noncompliant(m["食品安全管理制度"], "未加盖公章")],
                    note="请携带原件到A01窗口核验")
    case = db.get(Case, hall["case"].id)
    assert case.status == "suspended" and case.clock_status == "stopped" and case.due_on is None
    assert notice.number == "锦政服告〔2026〕第0001号" and notice.case_seq == 1 and notice.kind == "supplement"
    assert notice.handler_id == hall["clerk"].id and notice.issued_on == dt.date(2026, 11, 16)
    s = notice.snapshot
    assert s["center"] == "锦城新区政务服务中心" and s["applicant"] == "成都锦程餐饮管理有限公司"
    assert s["item"]["legal_basis"] == "《中华人民共和国食品安全法》第三十五条"
    assert s["item"]["time_limit"] == "承诺办结时限 5 个工作日；法定办结时限 10 个工作日"
    assert s["item"]["procedure"] == "申请—受理—审查—决定" and s["note"] == "请携带原件到A01窗口核验"
    # Every required material, in the item's order; the optional 委托书 was not asked for, so it is left out.
    assert [(r["name"], r["copies"], r["status_text"]) for r in s["materials"]] == [
        ("食品经营许可申请书", "原件1份", "已提交"), ("营业执照", "复印件1份", "缺少"),
        ("法定代表人身份证明", "复印件1份", "已提交"), ("食品安全管理制度", "原件1份", "不符合要求：未加盖公章")]
    assert s["materials"][0]["sample_text"] == "见《食品经营许可申请书（示范文本）》"
    [event] = db.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "notice")).all()
    assert event.materials == ["营业执照", "食品安全管理制度"]
    record = db.scalars(select(AuditRecord).where(AuditRecord.entity == "case_notice")).one()
    assert record.action == "notice.supplement"
    assert json.loads(record.detail)["materials"] == ["营业执照", "食品安全管理制度"]


def test_an_optional_material_asked_for_is_on_the_notice(db, hall):
    notice = _issue(db, hall, [noncompliant(hall["materials"]["委托书"], "委托书未写明委托权限")])
    assert notice.snapshot["materials"][-1]["name"] == "委托书"
    assert notice.snapshot["materials"][-1]["status_text"] == "不符合要求：委托书未写明委托权限"


def test_the_snapshot_does_not_follow_later_edits_of_the_item(db, hall):
    notice = _issue(db, hall, [missing(hall["materials"]["营业执照"])])
    admin = actor_for(hall["admin"])
    items.update_item(db, actor=admin, item_id=hall["item"].id, legal_basis="《食品经营许可和备案管理办法》",
                      materials=[{"name": "新申请书", "copies": "原件2份"}])
    db.expire_all()
    again = db.get(CaseNotice, notice.id)
    assert again.snapshot["item"]["legal_basis"] == "《中华人民共和国食品安全法》第三十五条"
    assert [r["name"] for r in again.snapshot["materials"]][:2] == ["食品经营许可申请书", "营业执照"]


def test_a_second_notice_with_new_materials_is_a_violation(db, hall):
    m = hall["materials"]
    first = _issue(db, hall, [missing(m["营业执照"])])
    cases.receive_supplement(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id,
                             at=dt.datetime(2026, 11, 17, 9, 0, tzinfo=TZ))
    # The licence came in non-compliant: asking for it again is a legitimate notice.
    again = _issue(db, hall, [noncompliant(m["营业执照"], "复印件不清晰")], at=dt.datetime(2026, 11, 17, 9, 30, tzinfo=TZ))
    assert not again.violation and again.new_materials == [] and again.first_notice_id == first.id
    cases.receive_supplement(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id,
                             at=dt.datetime(2026, 11, 18, 9, 0, tzinfo=TZ))
    third = _issue(db, hall, [missing(m["法定代表人身份证明"])], who="colleague",
                   at=dt.datetime(2026, 11, 18, 9, 30, tzinfo=TZ))
    assert third.violation and third.new_materials == ["法定代表人身份证明"] and third.first_notice_id == first.id
    assert [first.case_seq, again.case_seq, third.case_seq] == [1, 2, 3]
    assert third.number == "锦政服告〔2026〕第0003号"
    # The omission does not stop the clock once a supplement came in (S1 限时办结 4).
    assert db.get(Case, hall["case"].id).clock_status == "running"
    told = db.scalars(select(Notification).where(Notification.kind == "notice_violation")).one()
    assert told.recipient_id == hall["head"].id and told.link == f"/cases/{hall['case'].id}"
    assert first.number in told.title and third.number in told.title and "法定代表人身份证明" in told.title


def _nothing_written(db, hall):
    assert db.scalar(select(func.count()).select_from(CaseNotice)) == 0
    assert db.scalar(select(func.count()).select_from(CaseEvent).where(CaseEvent.kind == "notice")) == 0
    assert db.get(Case, hall["case"].id).status == "received"


@pytest.mark.parametrize(("findings", "field", "message"), [
    (lambda m, other: [], "findings", "请选择缺少或不符合要求的材料"),
    (lambda m, other: [missing(m["营业执照"]), missing(other)], "findings[1].material_id",
     "第2项所选材料不是事项「食品经营许可（新办）」的申请材料"),
    (lambda m, other: [{"material_id": "abc", "problem": "missing"}], "findings[0].material_id",
     "第1项所选材料不是事项「食品经营许可（新办）」的申请材料"),
    (lambda m, other: [missing(m["营业执照"]), noncompliant(m["食品安全管理制度"], " ")], "findings[1].reason",
     "第2项材料「食品安全管理制度」：请填写不符合要求的具体原因"),
    (lambda m, other: [missing(m["营业执照"]), missing(m["营业执照"])], "findings[1].material_id",
     "第2项材料「营业执照」重复选择"),
    (lambda m, other: [{"material_id": m["营业执照"].id, "problem": ""}], "findings[0].problem",
     "第1项材料「营业执照」：请选择缺少或不符合要求"),
])
def test_bad_input_names_the_field_and_row_and_writes_nothing(db, hall, findings, field, message):
    from tests.fixtures.objects import make_item

    other = make_item(db, department=hall["market"], materials=1)
    other_material = items.item_materials(db, actor=actor_for(hall["admin"]), item_id=other.id)[0]
    with pytest.raises(ValidationFailed) as raised:
        _issue(db, hall, findings(hall["materials"], other_material))
    assert (raised.value.field, raised.value.message) == (field, message)
    _nothing_written(db, hall)


def test_a_note_too_long_is_refused(db, hall):
    with pytest.raises(ValidationFailed, match="注意事项不能超过500个字"):
        _issue(db, hall, [missing(hall["materials"]["营业执照"])], note="注" * 501)
    _nothing_written(db, hall)


def test_a_clerk_of_another_department_does_not_find_the_case(db, hall):
    with pytest.raises(NotFound):
        _issue(db, hall, [missing(hall["materials"]["营业执照"])], who="other_clerk")
    _issue(db, hall, [missing(hall["materials"]["营业执照"])])
    for who in ("other_clerk", "other_head"):
        with pytest.raises(NotFound):
            service.case_notices(db, actor=actor_for(hall[who]), case_id=hall["case"].id)
        with pytest.raises(NotFound):
            service.get_notice(db, actor=actor_for(hall[who]), case_id=hall["case"].id, n=1)
    assert len(service.case_notices(db, actor=actor_for(hall["supervisor"]), case_id=hall["case"].id)) == 1
    with pytest.raises(NotFound):
        service.get_notice(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id, n=2)


def test_a_finished_case_takes_no_notice(db, hall):
    cases.complete_step(db, actor=actor_for(hall["clerk"]), case_id=hall["case"].id, at=AT)
    with pytest.raises(Conflict, match="办件已办结"):
        _issue(db, hall, [missing(hall["materials"]["营业执照"])])
    assert db.scalar(select(func.count()).select_from(CaseNotice)) == 0


def test_roles_without_cases_write_cannot_issue(db, hall):
    from xiaoneng.errors import Forbidden

    with pytest.raises(Forbidden):
        _issue(db, hall, [missing(hall["materials"]["营业执照"])], who="supervisor")


def test_findings_by_name_for_the_demo(db, hall):
    actor = system_actor_of(hall)
    findings = service.findings_by_name(db, actor=actor, case_id=hall["case"].id, missing=["营业执照"],
                                        noncompliant={"食品安全管理制度": "未加盖公章"})
    notice = service.issue_notice(db, actor=actor, case_id=hall["case"].id, findings=findings,
                                  at=dt.datetime(2026, 11, 16, 15, 0, tzinfo=TZ))
    assert notice.handler_id == hall["clerk"].id  # the system acts for the case's handler
    assert notice.issued_on == dt.date(2026, 11, 16)
    assert [r["status_text"] for r in notice.snapshot["materials"]][1:4:2] == ["缺少", "不符合要求：未加盖公章"]
    with pytest.raises(ValidationFailed, match="第1项材料「租赁合同」不是该办件事项的申请材料"):
        service.findings_by_name(db, actor=actor, case_id=hall["case"].id, missing=["租赁合同"])


def system_actor_of(hall):
    from xiaoneng.kit.scope import system_actor

    return system_actor(hall["center"].id)

"""A visit's record as the phone sends it: the results and the findings of what failed, sent again without a
duplicate, refused in Chinese with nothing stored; a 暗访 kept from the unit until published."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.inspections.builders import key, results, visit_of
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.inspections import finding_queries, findings, records, rules
from xiaoneng.inspections.models import InspectionFinding, Result, Visit
from xiaoneng.notifications.models import Notification

D = dt.date


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def test_a_failed_indicator_becomes_a_finding_of_the_points_unit(db, world):
    visit = visit_of(db, world.rooms[0], world.inspector)
    done = records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                          results=results(db, visit, {"B08": "灭火器已过有效期"}), notes="上午十点到达")
    assert done.findings == 1 and not done.again and done.visit.status == rules.VisitStatus.RECORDED
    [finding] = db.scalars(select(InspectionFinding)).all()
    assert finding.department_id == world.street_unit.id and finding.status == rules.FindingStatus.OPEN
    assert finding.indicator_code == "B08" and finding.description == "灭火器已过有效期"
    assert finding.found_on == finding.notified_on == D(2026, 11, 18) and finding.due_on == D(2026, 11, 25)
    assert finding.number == "WT202611180001" and finding.repeat_count == 1
    note = db.scalars(select(Notification).where(Notification.recipient_id == world.head.id)).one()
    assert finding.number in note.title and note.link == f"/inspections/findings/{finding.id}"
    assert findings.get_finding(db, actor=actor_for(world.head), finding_id=finding.id) is finding


def test_the_same_record_sent_again_is_stored_once(db, world):
    visit = visit_of(db, world.rooms[0], world.inspector)
    submission = key()
    given = results(db, visit, {"A01": "语气生硬"})
    first = records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=submission,
                           results=given)
    again = records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=submission,
                           results=given)
    assert again.again and again.visit.id == first.visit.id
    assert _count(db, Result) == len(visit.indicator_ids) and _count(db, InspectionFinding) == 1
    with pytest.raises(Conflict, match="该巡查已有记录"):
        records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(), results=given)
    other = visit_of(db, world.rooms[1], world.inspector)
    with pytest.raises(Conflict, match="提交标识已用于另一次巡查"):
        records.record(db, actor=actor_for(world.inspector), visit_id=other.id, submission_key=submission,
                       results=results(db, other))


@pytest.mark.parametrize(("change", "message"), [
    (lambda rs: rs[:-1], "还有 1 项指标未填写"),
    (lambda rs: [{**rs[0], "outcome": "maybe"}, *rs[1:]], "每项指标须选择合格、不合格或不适用"),
    (lambda rs: [{**rs[0], "outcome": "fail", "note": ""}, *rs[1:]], "不合格，请写明发现的问题"),
    (lambda rs: "everything fine", "巡查结果格式不正确"),
])
def test_a_bad_record_is_refused_and_changes_nothing(db, world, change, message):
    visit = visit_of(db, world.rooms[0], world.inspector)
    with pytest.raises(ValidationFailed, match=message):
        records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                       results=change(results(db, visit)))
    db.refresh(visit)
    assert visit.status == rules.VisitStatus.PLANNED and visit.submission_key is None
    assert _count(db, Result) == 0 and _count(db, InspectionFinding) == 0


def test_a_visit_is_recorded_by_its_inspector_on_or_after_its_day(db, world):
    from tests.fixtures.objects import make_staff
    from xiaoneng.auth.rules import Role

    visit = visit_of(db, world.rooms[0], world.inspector, day=D(2026, 11, 19))
    with pytest.raises(ValidationFailed, match="当天才能记录"):
        records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                       results=results(db, visit))
    with pytest.raises(Forbidden):  # a head does not record visits
        records.record(db, actor=actor_for(world.head), visit_id=visit.id, submission_key=key(),
                       results=results(db, visit))
    stranger = make_staff(db, role=Role.SUPERVISOR)  # another center's supervisor
    with pytest.raises(NotFound):
        records.recordable(db, actor=actor_for(stranger), visit_id=visit.id)


def test_an_unannounced_visit_is_kept_from_the_unit_until_published(db, world, clock):
    visit = records.add_unannounced(db, actor=world.actor, point_id=world.street.id, day="2026-11-18",
                                    inspector_id=world.inspector.id)
    assert visit.kind == rules.VisitKind.UNANNOUNCED and len(visit.indicator_ids) == 29
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, {"A11": "9:00-9:05 两个窗口无人在岗"}))
    finding = db.scalars(select(InspectionFinding)).one()
    assert finding.status == rules.FindingStatus.HELD and finding.due_on is None
    head = actor_for(world.head)
    with pytest.raises(NotFound):
        findings.get_finding(db, actor=head, finding_id=finding.id)
    assert finding_queries.list_findings(db, actor=head, filters=finding_queries.Filters()).total == 0
    assert not db.scalars(select(Notification).where(Notification.recipient_id == world.head.id)).all()
    clock.set(D(2026, 11, 20))  # published on Friday: the five working days run from then
    records.publish(db, actor=world.actor, visit_id=visit.id)
    db.refresh(finding)
    assert finding.status == rules.FindingStatus.OPEN and finding.notified_on == D(2026, 11, 20)
    assert finding.due_on == D(2026, 11, 27) and finding.found_on == D(2026, 11, 18)
    assert finding_queries.list_findings(db, actor=head, filters=finding_queries.Filters()).total == 1
    with pytest.raises(Conflict, match="已发布"):
        records.publish(db, actor=world.actor, visit_id=visit.id)


def test_an_unannounced_visit_must_fall_on_a_working_day(db, world):
    with pytest.raises(ValidationFailed, match="2026-11-21 不是工作日（周六）"):
        records.add_unannounced(db, actor=world.actor, point_id=world.street.id, day="2026-11-21",
                                inspector_id=world.inspector.id)
    with pytest.raises(ValidationFailed, match="请选择巡查人员名单中的人员"):
        records.add_unannounced(db, actor=world.actor, point_id=world.street.id, day="2026-11-19",
                                inspector_id=world.head.id)
    assert _count(db, Visit) == 0


def test_the_same_failure_again_within_a_year_is_a_repeat(db, world, clock):
    first = visit_of(db, world.kiosk, world.inspector, day=D(2026, 3, 4))
    clock.set(D(2026, 3, 4))
    records.record(db, actor=actor_for(world.inspector), visit_id=first.id, submission_key=key(),
                   results=results(db, first, {"B19": "自助终端黑屏"}))
    clock.set(D(2026, 11, 18))
    second = visit_of(db, world.kiosk, world.inspector)
    records.record(db, actor=actor_for(world.inspector), visit_id=second.id, submission_key=key(),
                   results=results(db, second, {"B19": "自助终端无法打印", "B07": "饮水机损坏"}))
    latest = {f.indicator_code: f for f in db.scalars(select(InspectionFinding).where(
        InspectionFinding.visit_id == second.id))}
    earlier = db.scalars(select(InspectionFinding).where(InspectionFinding.visit_id == first.id)).one()
    assert latest["B19"].repeat_count == 2 and latest["B19"].repeat_of_id == earlier.id
    assert latest["B07"].repeat_count == 1
    assert finding_queries.list_findings(db, actor=world.actor,
                                         filters=finding_queries.Filters(repeated=True)).total == 1


def test_rectified_then_reinspected_to_closure(db, world, clock):
    visit = visit_of(db, world.rooms[1], world.inspector)
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, {"B11": "公示栏信息过期"}))
    finding = db.scalars(select(InspectionFinding)).one()
    head = actor_for(world.head)
    with pytest.raises(ValidationFailed, match="整改情况不能为空"):
        findings.answer(db, actor=head, finding_id=finding.id, text=" ")
    clock.set(D(2026, 11, 24))
    findings.answer(db, actor=head, finding_id=finding.id, text="已更新公示栏内容")
    assert finding.status == rules.FindingStatus.ANSWERED and finding.answered_on == D(2026, 11, 24)
    with pytest.raises(Conflict):
        findings.answer(db, actor=head, finding_id=finding.id, text="再次反馈")
    reinspection = records.add_reinspection(db, actor=world.actor, finding_id=finding.id, day="2026-11-25",
                                            inspector_id=world.supervisor.id)
    assert reinspection.indicator_ids == [finding.indicator_id]
    clock.set(D(2026, 11, 25))
    records.record(db, actor=world.actor, visit_id=reinspection.id, submission_key=key(),
                   results=[{"indicator_id": finding.indicator_id, "outcome": "fail", "note": "仍有过期信息"}])
    assert finding.status == rules.FindingStatus.OPEN and finding.failed_reinspections == 1
    assert finding.notified_on == D(2026, 11, 25) and finding.due_on == D(2026, 12, 2)
    assert _count(db, InspectionFinding) == 1  # a failed re-inspection reopens, it adds no finding
    findings.answer(db, actor=head, finding_id=finding.id, text="已全部更换")
    second = records.add_reinspection(db, actor=world.actor, finding_id=finding.id, day="2026-11-26",
                                      inspector_id=world.inspector.id)
    clock.set(D(2026, 11, 26))
    records.record(db, actor=actor_for(world.inspector), visit_id=second.id, submission_key=key(),
                   results=[{"indicator_id": finding.indicator_id, "outcome": "pass", "note": ""}])
    assert finding.status == rules.FindingStatus.CLOSED and finding.closed_on == D(2026, 11, 26)
    assert [v.id for v in findings.reinspections_of(db, finding)] == [reinspection.id, second.id]


def test_a_finding_without_a_unit_is_assigned_one(db, world):
    from xiaoneng.inspections.models import PointUnit

    db.delete(db.get(PointUnit, world.kiosk.id))
    db.flush()
    visit = visit_of(db, world.kiosk, world.inspector)
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, {"B19": "终端黑屏"}))
    finding = db.scalars(select(InspectionFinding)).one()
    assert finding.department_id is None
    with pytest.raises(ValidationFailed, match="请选择本中心的责任单位"):
        findings.assign_unit(db, actor=world.actor, finding_id=finding.id, department_id="")
    findings.assign_unit(db, actor=world.actor, finding_id=finding.id, department_id=world.street_unit.id)
    assert findings.get_finding(db, actor=actor_for(world.head), finding_id=finding.id).id == finding.id
    assert db.scalars(select(Notification).where(Notification.recipient_id == world.head.id)).all()

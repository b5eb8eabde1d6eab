"""提示函 and 督办函 drafted from findings: one finding, a visit's (one per unit), a month's; 督办函 for the overdue
and the unrectified; the same findings give back the waiting draft; each finding's page lists its letters and a
unit's head sees the issued ones sent to it."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.inspections.builders import key, results, visit_of
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, Forbidden
from xiaoneng.inspections import findings, letters, records, rules
from xiaoneng.inspections.models import FindingLetter, InspectionFinding
from xiaoneng.letters import service as letter_service
from xiaoneng.letters.rules import Kind, Status

D = dt.date


def _record(db, world, point, failed, day=D(2026, 11, 18)):
    visit = visit_of(db, point, world.inspector, day=day)
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, failed))
    return visit


def _the(db, code) -> InspectionFinding:
    return db.query(InspectionFinding).filter_by(indicator_code=code).one()


def test_a_finding_gives_a_notice_letter_naming_it(db, world):
    _record(db, world, world.rooms[0], {"B08": "灭火器过期未更换"})
    finding = _the(db, "B08")
    letter = letters.draft_for_finding(db, actor=world.actor, finding_id=finding.id)
    assert (letter.kind, letter.status, letter.department_id) == (Kind.NOTICE, Status.DRAFT, world.street_unit.id)
    assert letter.title == "关于政务服务巡查发现问题的提示函" and letter.to_name == "芳华街道便民服务中心"
    assert letter.paragraphs[0] == "2026年11月18日，中心效能监督巡查发现你单位存在以下问题，现予提示。"
    assert letter.paragraphs[1] == "一、存在的问题。"
    assert letter.paragraphs[2].startswith("（1）11月18日，桂林社区便民服务室：") and "灭火器过期未更换" in letter.paragraphs[2]
    assert f"问题编号 {finding.number}" in letter.paragraphs[2]
    assert "于2026年11月25日前整改到位" in letter.paragraphs[3]  # 5 working days from 18 November
    assert (letter.source_entity, letter.source_id) == ("inspection_finding", finding.id)
    assert letter_service.letters_about(db, actor=world.actor, entity="inspection_finding", source_id=finding.id) == [letter]
    assert letters.letters_of(db, actor=world.actor, finding=finding) == [letter]
    audit = db.scalar(select(AuditRecord).where(AuditRecord.action == "inspection.letter"))
    assert audit.entity_id == str(finding.id) and json.loads(audit.detail)["kind"] == "提示函"
    # Pressed again: the draft already waiting, not a second one.
    assert letters.draft_for_finding(db, actor=world.actor, finding_id=finding.id).id == letter.id
    assert db.query(FindingLetter).count() == 1


def test_a_visit_gives_one_letter_per_unit_and_the_head_sees_it_once_issued(db, world):
    _record(db, world, world.street, {"B12": "岗位牌缺失", "A13": "未佩戴工作牌"})
    visit = _record(db, world, world.hall, {"A09": "桌面杂乱"})
    [hall_letter] = letters.draft_for_visit(db, actor=world.actor, visit_id=visit.id)
    assert hall_letter.department_id == world.hall_unit.id
    assert hall_letter.title == "关于11月18日常规巡查政务服务中心综合大厅发现问题的提示函"
    street = db.scalar(select(InspectionFinding.visit_id).where(InspectionFinding.indicator_code == "B12"))
    [street_letter] = letters.draft_for_visit(db, actor=world.actor, visit_id=street)
    assert sum(p.startswith("（") for p in street_letter.paragraphs) == 2
    head = actor_for(world.head)
    b12 = findings.get_finding(db, actor=head, finding_id=_the(db, "B12").id)
    assert letters.letters_of(db, actor=head, finding=b12) == []  # a draft is the supervisors' own work
    letter_service.issue(db, actor=world.actor, letter_id=street_letter.id)
    assert letters.letters_of(db, actor=head, finding=b12) == [street_letter]
    assert letters.letters_of(db, actor=head, finding=b12)[0].number.endswith("函〔2026〕1号")


def test_overdue_and_failed_reinspection_findings_go_into_a_urging_letter(db, world, clock):
    _record(db, world, world.rooms[1], {"B08": "灭火器过期"})
    clock.set(D(2026, 11, 26))  # B08 was due on 25 November
    _record(db, world, world.rooms[2], {"B07": "急救箱空置"}, day=D(2026, 11, 26))
    found = letters.draft_for_month(db, actor=world.actor, month=D(2026, 11, 1))
    assert [lt.kind for lt in found] == [Kind.NOTICE, Kind.URGE]  # same unit: the fresh one and the late one
    notice, urge = found
    assert urge.title == "关于2026年11月政务服务巡查发现问题整改的督办函" and urge.copy_to == ["中心领导"]
    assert "截至2026年11月26日仍未整改到位，现予督办" in urge.paragraphs[0]
    assert "整改期限2026年11月25日，已逾期1个工作日" in urge.paragraphs[2]
    assert "于2026年12月1日前整改到位" in urge.paragraphs[3]  # 3 working days from 26 November
    assert urge.source_link == "/inspections/findings?state=open&start=2026-11-01&end=2026-11-30"
    assert "急救箱空置" in notice.paragraphs[2] and "于2026年12月3日前整改到位" in notice.paragraphs[3]


def test_rules_of_urging():
    assert rules.needs_urging("open", D(2026, 11, 25), D(2026, 11, 26), 0)
    assert not rules.needs_urging("open", D(2026, 11, 25), D(2026, 11, 25), 0)  # the due day itself is in time
    assert rules.needs_urging("open", D(2026, 12, 2), D(2026, 11, 26), 1)  # found unrectified again
    assert not rules.needs_urging("answered", D(2026, 11, 25), D(2026, 11, 30), 0)
    assert not rules.needs_urging("held", None, D(2026, 11, 30), 0)


def test_nothing_to_write_about_and_who_may_draft(db, world):
    _record(db, world, world.rooms[0], {"B08": "灭火器过期"})
    finding = _the(db, "B08")
    with pytest.raises(Forbidden):
        letters.draft_for_finding(db, actor=actor_for(world.head), finding_id=finding.id)
    findings.answer(db, actor=actor_for(world.head), finding_id=finding.id, text="已更换")
    with pytest.raises(Conflict) as refused:
        letters.draft_for_finding(db, actor=world.actor, finding_id=finding.id)
    assert refused.value.message == letters.NOTHING and db.query(FindingLetter).count() == 0


# (the day the unit learns of it, due as published, the day the center changes, working?, due after the change)
FINDING_ROWS = [
    (D(2026, 9, 30), D(2026, 10, 13), D(2026, 10, 10), False, D(2026, 10, 14)),  # 国庆 2026, make-up Saturday 10/10
    (D(2026, 2, 12), D(2026, 2, 26), D(2026, 2, 14), False, D(2026, 2, 27)),  # 春节 2026, make-up Saturday 2/14
    (D(2026, 4, 30), D(2026, 5, 11), D(2026, 5, 9), False, D(2026, 5, 12)),  # 劳动节 2026, make-up Saturday 5/9
]


@pytest.mark.parametrize("day, due, changed, working, moved", FINDING_ROWS)
def test_rectification_due_day_counted_again(db, world, clock, day, due, changed, working, moved):
    from xiaoneng.calendar import service as calendar
    from tests.fixtures.objects import make_staff
    from xiaoneng.auth.rules import Role

    clock.set(day)
    _record(db, world, world.rooms[0], {"B08": "灭火器过期"}, day=day)
    _record(db, world, world.hall, {"A09": "桌面杂乱"}, day=day)
    finding, answered = _the(db, "B08"), _the(db, "A09")
    assert finding.due_on == due
    admin = make_staff(db, role=Role.ADMIN, center=world.center, full_name="王管理")
    calendar.add_override(db, actor=actor_for(admin), day=changed, working=working, reason="区里统一安排")
    db.refresh(finding)
    assert finding.due_on == moved

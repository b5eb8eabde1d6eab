"""Overdue findings for the supervisors' breach list, and what a 提示函 needs per unit."""

import datetime as dt

from tests.inspections.builders import key, results, visit_of
from xiaoneng.auth.service import actor_for
from xiaoneng.inspections import breaches, findings, notices, records

D = dt.date


def _finding(db, world, point, failed):
    visit = visit_of(db, point, world.inspector)
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, failed))
    return visit


def test_overdue_and_late_findings_are_breaches(db, world, clock):
    _finding(db, world, world.rooms[0], {"B08": "灭火器过期"})
    _finding(db, world, world.hall, {"A09": "桌面杂乱"})
    assert breaches.breaches(db, actor=world.actor, start=D(2026, 11, 1), end=D(2026, 11, 30)) == []
    late = [f for f in db.query(findings.InspectionFinding).all() if f.indicator_code == "A09"][0]
    clock.set(D(2026, 11, 27))  # both were due on 25 November
    findings.answer(db, actor=actor_for(world.head), finding_id=_the(db, "B08").id, text="已更换灭火器")
    found = breaches.breaches(db, actor=world.actor, start=D(2026, 11, 1), end=D(2026, 11, 30))
    assert {(b.kind, b.department_name) for b in found} == {("finding_overdue", "综合服务科"),
                                                            ("finding_answered_late", "芳华街道便民服务中心")}
    overdue = [b for b in found if b.kind == "finding_overdue"][0]
    assert overdue.day == D(2026, 11, 25) and late.number in overdue.summary and "11月25日" in overdue.summary
    assert overdue.link == f"/inspections/findings/{late.id}"
    head = breaches.breaches(db, actor=actor_for(world.head), start=D(2026, 11, 1), end=D(2026, 11, 30))
    assert [b.kind for b in head] == ["finding_answered_late"]  # a head sees its own unit's


def _the(db, code):
    return db.query(findings.InspectionFinding).filter_by(indicator_code=code).one()


def test_a_notice_per_unit_with_its_problems_and_deadline(db, world):
    visit = _finding(db, world, world.street, {"B12": "岗位牌缺失", "A13": "未佩戴工作牌"})
    _finding(db, world, world.rooms[2], {"B07": "急救箱空置"})
    [notice] = notices.for_visit(db, actor=world.actor, visit_id=visit.id)
    assert notice.unit == "芳华街道便民服务中心" and notice.department_id == world.street_unit.id
    assert notice.title == "关于11月18日常规巡查芳华街道综合便民服务中心发现问题的提示函"
    assert notice.deadline == D(2026, 11, 25) and len(notice.problems) == 2
    lines = [p.line() for p in notice.problems]
    assert "11月18日，芳华街道综合便民服务中心：服务人员公开——岗位牌缺失" in lines
    [monthly] = notices.for_month(db, actor=world.actor, month=D(2026, 11, 1))
    assert len(monthly.problems) == 3 and monthly.title == "关于2026年11月政务服务巡查发现问题的提示函"
    single = notices.for_finding(db, actor=actor_for(world.head), finding_id=_the(db, "B07").id)
    assert single.finding_ids == [_the(db, "B07").id]

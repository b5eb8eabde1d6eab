"""The conduct scan over the platform's own texts: each forbidden phrase in a rating comment becomes one finding
against the staff member rated, once; a supervisor confirms or dismisses it; a center's own phrases replace the
built-in ones."""

import pytest
from sqlalchemy import select

from tests.conduct.conftest import TODAY, rated
from tests.fixtures.objects import make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.conduct import service
from xiaoneng.conduct.models import Finding, FindingStatus
from xiaoneng.errors import Conflict, Forbidden, ValidationFailed
from xiaoneng.org.models import Center, Department

def test_a_forbidden_phrase_in_a_comment_becomes_one_finding_against_the_staff_rated(db):
    rating = rated(db, "工作人员说：下班了，明天再来！态度很差")
    rated(db, "服务很好", level=5)
    counts = service.scan_new_texts(db, today=TODAY)
    assert counts["findings"] == 1
    finding = db.scalars(select(Finding)).one()
    assert (finding.source, finding.source_id, finding.phrase_code) == ("rating", rating.id, "J03")
    assert finding.staff_id == rating.staff_id and finding.link == f"/ratings/{rating.id}"
    assert finding.text[finding.start:finding.end] == "下班了，明天再来"
    assert service.scan_new_texts(db, today=TODAY)["texts"] == 0  # each text is read once


def test_a_supervisor_confirms_or_dismisses(db):
    rating = rated(db, "她说有意见找领导去")
    service.scan_new_texts(db, today=TODAY)
    finding = db.scalars(select(Finding)).one()
    center = db.get(Center, rating.center_id)
    supervisor = actor_for(make_staff(db, role=Role.SUPERVISOR, center=center))
    clerk = actor_for(make_staff(db, center=center))
    with pytest.raises(Forbidden):
        service.decide(db, actor=clerk, finding_id=finding.id, confirm=True)
    service.decide(db, actor=supervisor, finding_id=finding.id, confirm=True, note="经回访核实")
    assert db.get(Finding, finding.id).status == FindingStatus.CONFIRMED
    with pytest.raises(Conflict):
        service.decide(db, actor=supervisor, finding_id=finding.id, confirm=False)


def test_a_centers_own_phrases_replace_the_builtin_ones(db):
    rating = rated(db, "慢死了，下班了明天再来")
    admin = actor_for(make_staff(db, role=Role.ADMIN, center=db.get(Center, rating.center_id)))
    with pytest.raises(ValidationFailed, match="缺少用语原文"):
        service.update_phrases(db, actor=admin, data={"phrases": [{"code": "Z1", "kind": "forbidden", "text": "",
                                                                   "slots": [["慢死"]]}]})
    service.update_phrases(db, actor=admin, data={"phrases": [{"code": "Z1", "kind": "forbidden", "text": "慢死了",
                                                               "slots": [["慢死"]]}]})
    service.scan_new_texts(db, today=TODAY)
    assert [f.phrase_code for f in db.scalars(select(Finding))] == ["Z1"]


def test_department_heads_see_their_departments_findings_only(db):
    rating = rated(db, "工作人员说没看我正忙着吗")
    service.scan_new_texts(db, today=TODAY)
    assert rating.department_id is not None
    other = make_department(db, center=db.get(Center, rating.center_id))
    other_head = actor_for(make_staff(db, role=Role.DEPT_HEAD, department=other))
    assert service.list_findings(db, actor=other_head) == []
    head = actor_for(make_staff(db, role=Role.DEPT_HEAD, department=db.get(Department, rating.department_id)))
    assert len(service.list_findings(db, actor=head)) == 1

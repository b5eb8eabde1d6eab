"""Warnings from the database: the rises found, nothing else, their decomposition, notices, states and scope."""

import pytest
from sqlalchemy import select

from tests.insights.data import PERIOD, risen_hall
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, NotFound, ValidationFailed
from xiaoneng.insights import service, warnings
from xiaoneng.insights.models import AnomalyWarning
from xiaoneng.kit import clock
from xiaoneng.notifications.models import Notification


@pytest.fixture
def hall(db):
    return risen_hall(db)


def _compute(db, hall):
    return warnings.compute(db, center_id=hall.center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now())


def test_only_the_rises_are_warnings(db, hall):
    found = _compute(db, hall)
    units = {(w.measure, w.unit_kind, w.unit_name) for w in found}
    # 不动产登记科's bad reviews rose from 5% to 25% at its one window, clerk and item; 市场监管科's complaints
    # went from 2 a month to 13. Nothing of 市场监管科's steady ratings.
    assert ("bad_rate", "department", "不动产登记科") in units
    assert ("bad_rate", "window", "不动产1号窗口") in units
    assert ("bad_rate", "staff", "李秀英") in units
    assert ("complaints", "department", "市场监管科") in units
    assert not any(m == "bad_rate" and name in ("市场监管科", "市场监管2号窗口", "赵志强") for m, _, name in units)
    department = next(w for w in found if w.measure == "bad_rate" and w.unit_kind == "department")
    assert (department.current, department.current_total, department.baseline, department.baseline_total) == \
        (15, 60, 18, 360)
    assert department.expected == pytest.approx(3.0)
    assert department.q_value <= 0.05 and department.p_value <= department.q_value


def test_a_warning_says_what_drove_it(db, hall):
    found = _compute(db, hall)
    complaint = next(w for w in found if w.measure == "complaints" and w.unit_kind == "department")
    topic = complaint.drivers["topic"][0]
    # 12 about the online system against 1 a month before: 11 more, all of the rise (12 + 1 − 2 = 11).
    assert (topic["name"], topic["current"], topic["expected"]) == ("系统与网办", 12, pytest.approx(1.0, abs=0.05))
    assert topic["share"] == pytest.approx(1.0, abs=0.02)
    bad = next(w for w in found if w.measure == "bad_rate" and w.unit_kind == "department")
    assert bad.drivers["window"][0]["name"] == "不动产1号窗口"
    assert bad.drivers["dimension"], "the bad comments' dimensions are among the drivers"
    figures, drivers = service.describe(bad)
    assert "25.0%" in figures and "5.0%" in figures and "不动产1号窗口" in drivers


def test_new_warnings_are_told_once_to_the_supervisors_and_the_director(db, hall):
    found = _compute(db, hall)
    _compute(db, hall)  # computed again: the same warnings, no second notice
    notes = db.scalars(select(Notification).where(Notification.kind == "insights.warning")).all()
    recipients = {n.recipient_id for n in notes}
    assert recipients == {hall.supervisor.id, hall.director.id}
    assert len(notes) == 2 * len(found)
    assert len(db.scalars(select(AnomalyWarning)).all()) == len(found)
    assert all(n.link.startswith("/insights/warnings/") for n in notes)


def test_acknowledge_then_close_with_notes_audited(db, hall):
    warning = _compute(db, hall)[0]
    supervisor = actor_for(hall.supervisor)
    with pytest.raises(ValidationFailed) as refused:
        service.act(db, actor=supervisor, warning_id=warning.id, action="acknowledge", note="  ")
    assert refused.value.field == "note" and warning.state == "open"
    service.act(db, actor=supervisor, warning_id=warning.id, action="acknowledge", note="已约谈窗口负责人")
    assert warning.state == "acknowledged" and warning.acknowledged_at is not None
    with pytest.raises(Conflict):
        service.act(db, actor=supervisor, warning_id=warning.id, action="acknowledge", note="再次确认")
    service.act(db, actor=actor_for(hall.director), warning_id=warning.id, action="close", note="已整改到位")
    assert warning.state == "closed" and warning.note == "已整改到位"
    actions = db.scalars(select(AuditRecord.action).where(AuditRecord.entity == "anomaly_warning")).all()
    assert actions == ["insights.acknowledge", "insights.close"]


def test_scope_a_head_sees_only_its_departments_warnings(db, hall):
    found = _compute(db, hall)
    head = actor_for(hall.head_a)
    other = next(w for w in found if w.department_id == hall.dept_b.id)
    with pytest.raises(NotFound):
        service.get_warning(db, actor=head, warning_id=other.id)
    seen = db.scalars(service.warnings_statement(head, service.WarningFilters())).all()
    assert seen and all(w.department_id == hall.dept_a.id for w in seen)


def test_summary_for_reports_and_dashboards(db, hall):
    _compute(db, hall)
    summary = service.open_warnings_summary(db, center_id=hall.center.id)
    assert summary.open == len(summary.warnings) or summary.open > len(summary.warnings)
    assert summary.sentences[0].startswith("尚未关闭的异常预警")
    assert any("不动产登记科" in s or "市场监管科" in s for s in summary.sentences)
    assert all(line.link.startswith("/insights/warnings/") for line in summary.warnings)


def test_a_flat_center_raises_nothing(db):
    from tests.disclosure.data import make_hall
    from tests.insights.data import MONTHS, ratings

    hall = make_hall(db)
    for month in MONTHS:
        ratings(db, hall, hall.dept_a, hall.window_a, hall.clerk_a, hall.item_a, month, 60, 3, "态度差")
    db.flush()
    assert warnings.compute(db, center_id=hall.center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now()) == []


def test_overdue_share_rises_are_found_and_split_by_handler(db):
    import datetime as dt

    from tests.disclosure.data import make_case_row, make_hall
    from tests.fixtures.objects import make_staff
    from tests.insights.data import MONTHS
    from xiaoneng.auth.rules import Role

    hall = make_hall(db)
    late_clerk = make_staff(db, role=Role.WINDOW_STAFF, department=hall.dept_a, full_name="钱新人")
    for month in MONTHS:
        october = month == MONTHS[-1]
        for i in range(30):
            due = month + dt.timedelta(days=i % 27)
            late = i < (10 if october else 1)
            handler = late_clerk if october and late else hall.clerk_a
            make_case_row(db, item=hall.item_a, window=hall.window_a, handler=handler, received_on=due - dt.timedelta(days=5),
                          completed_on=due + dt.timedelta(days=3 if late else -1), due_on=due)
    db.flush()
    found = warnings.compute(db, center_id=hall.center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now())
    overdue = next(w for w in found if w.measure == "overdue" and w.unit_kind == "department")
    assert (overdue.current, overdue.current_total, overdue.baseline, overdue.baseline_total) == (10, 30, 6, 180)
    staff = overdue.drivers["staff"][0]
    assert staff["name"] == "钱新人" and staff["current"] == 10
    figures, _ = service.describe(overdue)
    assert "到期办件30件中逾期办件10件" in figures

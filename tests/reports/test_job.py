"""The monthly job: last month's report on the first working day of the center's calendar, once per center and month,
stored with its files' SHA-256 and put in the director's and the supervisors' inbox."""

import datetime as dt
import hashlib

from sqlalchemy import func, select

from xiaoneng.calendar import service as calendars
from xiaoneng.kit.scope import system_actor
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import Staff
from xiaoneng.reports import service
from xiaoneng.reports.models import Report

D = dt.date


def _reports(db):
    return list(db.scalars(select(Report).order_by(Report.id)))


def test_produced_on_the_first_working_day_once(db, center, var_dir):
    assert service.produce_due_reports(db, today=D(2026, 10, 7)) == 0  # the National Day holiday
    assert _reports(db) == []
    assert service.produce_due_reports(db, today=D(2026, 10, 8)) == 1  # the trading center has no data: none there
    [report] = _reports(db)
    assert (report.center_id, report.kind, report.period_key, report.version, report.scheduled) == (
        center.id, "month", "2026-09", 1, True)
    for ext in ("xlsx", "docx", "pdf"):
        entry = report.files[ext]
        body = (var_dir / entry["path"]).read_bytes()
        assert hashlib.sha256(body).hexdigest() == entry["sha256"] and entry["size"] == len(body)
        assert entry["name"] == f"DEMO_政务服务月报_2026-09.{ext}"
    assert report.summary and report.summary[0].startswith("办件量 ")
    assert service.produce_due_reports(db, today=D(2026, 10, 8)) == 0
    assert service.produce_due_reports(db, today=D(2026, 10, 23)) == 0
    assert len(_reports(db)) == 1


def test_the_director_and_the_supervisors_are_told(db, center, var_dir):
    service.produce_due_reports(db, today=D(2026, 10, 8))
    [report] = _reports(db)
    notes = db.execute(select(Staff.role, Notification.title, Notification.link).join(
        Staff, Staff.id == Notification.recipient_id).where(Notification.kind == "report")).all()
    leaders = db.scalar(select(func.count()).select_from(Staff).where(
        Staff.center_id == center.id, Staff.active.is_(True), Staff.role.in_(["director", "supervisor"])))
    assert len(notes) == leaders > 1
    assert {n.role for n in notes} == {"director", "supervisor"}
    assert {n.title for n in notes} == {"锦城新区政务服务中心政务服务月报（2026年9月）已生成"}
    assert {n.link for n in notes} == {f"/reports/{report.id}"}


def test_the_centers_own_calendar_decides_the_day(db, center, var_dir):
    admin = system_actor(center.id)
    calendars.add_override(db, actor=admin, day=D(2026, 10, 8), working=False, reason="中心停电检修")
    db.flush()
    assert service.produce_due_reports(db, today=D(2026, 10, 8)) == 0
    assert service.produce_due_reports(db, today=D(2026, 10, 9)) == 1


def test_a_report_produced_by_hand_adds_a_version_and_keeps_the_job_away(db, center, var_dir):
    from xiaoneng.reports import content, rules

    made = content.compose(db, center=center, period=rules.parse_month("2026-09"), today=D(2026, 10, 8),
                           only={"cases", "ratings"})
    first = service.produce(db, actor=system_actor(center.id), center=center, made=made)
    second = service.produce(db, actor=system_actor(center.id), center=center, made=made)
    assert (first.version, second.version, second.scheduled) == (1, 2, False)
    assert first.files["pdf"]["path"] != second.files["pdf"]["path"]
    assert service.produce_due_reports(db, today=D(2026, 10, 8)) == 0

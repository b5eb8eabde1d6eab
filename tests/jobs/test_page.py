"""The timed-work page: jobs with their schedule and runs, run now (audited), pause; admins only."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, Forbidden, NotFound
from xiaoneng.jobs import runner, service
from xiaoneng.jobs.models import ScheduledJob
from xiaoneng.jobs.registry import JOBS

TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 11, 23, 10, 20, tzinfo=TZ)


@pytest.fixture(autouse=True)
def _at_now(clock):
    """The pages and services of this module read the same instant as the runs the tests make."""
    clock.set(NOW)


@pytest.fixture
def admin(db):
    return make_staff(db, role=Role.ADMIN, center=make_center(db), full_name="系统管理员")


def test_admin_sees_every_job_and_recent_runs(db, sessions, admin, sign_in):
    runner.run_due(sessions, worker_id="w-page", now=NOW, jobs=[j for j in JOBS if j.name == "deliver_outbound"])
    page = sign_in(admin).page("/admin/jobs")
    assert page.status_code == 200
    for job in JOBS:
        assert job.name in page.text
    assert "w-page" in page.text and "成功" in page.text and "尚未安排" in page.text
    assert "立即运行" in page.text


def test_run_now_makes_the_job_due_and_is_audited(db, sessions, admin, sign_in, clock):
    runner.run_due(sessions, worker_id="w1", now=NOW, jobs=[j for j in JOBS if j.name == "deliver_outbound"])
    browser = sign_in(admin)
    browser.page("/admin/jobs")
    response = browser.submit("/admin/jobs/deliver_outbound/run")
    assert response.status_code == 303
    db.expire_all()
    row = db.get(ScheduledJob, "deliver_outbound")
    assert row.next_run_at <= clock.now()
    record = db.scalar(select(AuditRecord).where(AuditRecord.action == "job.run_now"))
    assert record.entity_id == "deliver_outbound" and record.operator == admin.username
    assert "已排入立即运行" in browser.page("/admin/jobs").text


def test_run_now_of_a_running_job_is_refused(db, sessions, admin, clock):
    jobs = [j for j in JOBS if j.name == "loop_deadlines"]
    runner.ensure_jobs(sessions, jobs=jobs, now=NOW)
    runner.claim_next(sessions, worker_id="busy", now=clock.now(), jobs=jobs)
    with pytest.raises(Conflict):
        service.run_now(db, actor=actor_for(admin), name="loop_deadlines")


def test_run_now_of_an_unknown_job_is_not_found(db, admin, sign_in):
    with pytest.raises(NotFound):
        service.run_now(db, actor=actor_for(admin), name="no_such_job")
    browser = sign_in(admin)
    browser.page("/admin/jobs")
    assert browser.submit("/admin/jobs/no_such_job/run").status_code == 404


def test_pause_and_resume(db, sessions, admin, sign_in):
    browser = sign_in(admin)
    browser.page("/admin/jobs")
    assert browser.submit("/admin/jobs/concentration_alerts/enabled", {"enabled": "false"}).status_code == 303
    db.expire_all()
    assert db.get(ScheduledJob, "concentration_alerts").enabled is False
    assert "已暂停" in browser.page("/admin/jobs").text
    browser.submit("/admin/jobs/concentration_alerts/enabled", {"enabled": "true"})
    db.expire_all()
    assert db.get(ScheduledJob, "concentration_alerts").enabled is True
    actions = list(db.scalars(select(AuditRecord.action).where(AuditRecord.entity == "scheduled_job")))
    assert actions == ["job.pause", "job.resume"]


@pytest.mark.parametrize("role", [Role.WINDOW_STAFF, Role.DEPT_HEAD, Role.SUPERVISOR, Role.DIRECTOR])
def test_other_roles_cannot_see_or_run_jobs(db, sign_in, role):
    staff = make_staff(db, role=role, department=make_department(db))
    browser = sign_in(staff)
    assert browser.page("/admin/jobs").status_code == 403
    assert browser.submit("/admin/jobs/deliver_outbound/run").status_code == 403
    with pytest.raises(Forbidden):
        service.run_now(db, actor=actor_for(staff), name="deliver_outbound")


def test_runs_are_named_by_their_chinese_titles_and_told_in_sentences(db, sessions, admin, sign_in):
    runner.run_due(sessions, worker_id="w-words", now=NOW, jobs=[j for j in JOBS if j.name == "loop_deadlines"])
    page = sign_in(admin).page("/admin/jobs")
    assert "差评整改时限提醒与升级</a>" in page.text and "<td>差评整改时限提醒与升级</td>" in page.text
    assert "检查 0 条" in page.text and "发出超期提醒 0 条" in page.text
    assert '{"' not in page.text and "&#34;checked&#34;" not in page.text and "due_soon_notices" not in page.text


@pytest.mark.parametrize(("job", "result", "sentence"), [
    ("default_ratings", {"count": 3}, "记录默认满意 3 条。"),
    ("deliver_outbound", {"count": 0}, "发送邮件和短信 0 条。"),
    ("loop_deadlines", {"checked": 4, "escalated": 1}, "检查 4 条，升级 1 条。"),
    ("custom", {"ok": True}, "完成。"),
    ("custom", {"count": 2, "batches": 1}, "处理 2 条，其他 1 条。"),
    ("custom", {}, ""),
])
def test_run_sentences(job, result, sentence):
    from xiaoneng.jobs.views import run_sentence

    assert run_sentence(job, result) == sentence

"""The registered jobs resolve to real functions and run through the runner."""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from xiaoneng.jobs import runner
from xiaoneng.jobs.registry import JOBS, resolve
from xiaoneng.notifications import service as notifications

TZ = ZoneInfo("Asia/Shanghai")


def test_every_registered_job_resolves():
    for job in JOBS:
        assert callable(resolve(job.target)), job.name


def test_the_registered_jobs_run_and_the_outbox_is_delivered(db, sessions, caplog, monkeypatch):
    for name in ("XIAONENG_SMTP_HOST", "XIAONENG_SMS_URL"):
        monkeypatch.delenv(name, raising=False)  # no gateway configured: messages go to the log
    caplog.set_level(logging.INFO, logger="xiaoneng.notifications")
    message = notifications.queue_message(db, channel="sms", address="13800138000", body="差评整改提醒")
    db.flush()
    runs = runner.run_due(sessions, worker_id="w1", now=dt.datetime(2026, 11, 23, 10, 20, tzinfo=TZ), jobs=JOBS)
    assert {r.job_name: r.status for r in runs} == {job.name: "done" for job in JOBS}, [r.error for r in runs]
    db.expire_all()
    assert message.status == "sent"
    assert "差评整改提醒" in caplog.text

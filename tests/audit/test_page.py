"""The audit log page: readable by supervisors, scoped to their center, with a chain check."""

from sqlalchemy import update

from tests.fixtures.objects import make_department, make_staff
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role


def test_supervisor_sees_records_and_chain_status(db, sign_in):
    dept = make_department(db)
    supervisor = make_staff(db, role=Role.SUPERVISOR, department=dept)
    browser = sign_in(supervisor)
    page = browser.page("/admin/audit?verify=1")
    assert page.status_code == 200
    assert "<td>登录</td>" in page.text and "auth.login" not in page.text
    assert "审计链完整" in page.text


def test_tampering_shows_on_the_page(db, sign_in):
    dept = make_department(db)
    supervisor = make_staff(db, role=Role.SUPERVISOR, department=dept)
    browser = sign_in(supervisor)
    db.execute(update(AuditRecord).where(AuditRecord.action == "auth.login").values(operator="mallory"))
    db.flush()
    page = browser.page("/admin/audit?verify=1")
    assert "审计链损坏" in page.text


def test_window_staff_cannot_read_the_audit_log(db, sign_in):
    staff = make_staff(db, role=Role.WINDOW_STAFF, department=make_department(db))
    response = sign_in(staff).page("/admin/audit")
    assert response.status_code == 403


def test_the_log_shows_labels_for_actions_operators_records_and_details(db, sign_in):
    import re

    from xiaoneng.audit import service as audit
    from xiaoneng.kit.scope import Actor

    dept = make_department(db)
    supervisor = make_staff(db, role=Role.SUPERVISOR, department=dept)
    job = Actor(user_id=None, username="job:rectification", role=None, center_id=dept.center_id)
    audit.record(db, actor=job, action="rectification.callback", entity="rectification", entity_id=7,
                 detail={"status": "closed", "internal_key": "x_y"}, center_id=dept.center_id)
    citizen = Actor(user_id=None, username="public", role=None, center_id=dept.center_id)
    audit.record(db, actor=citizen, action="window.update", entity="window", entity_id=3, detail={"name": "3号窗口"},
                 center_id=dept.center_id)
    page = sign_in(supervisor).page("/admin/audit")
    assert "<td>定时任务</td>" in page.text and "<td>群众</td>" in page.text
    assert "差评整改 第7号" in page.text and "修改窗口" in page.text and "名称：3号窗口" in page.text
    body = re.sub(r"<[^>]+>", " ", page.text.split("<tbody>", 1)[1])
    for code in ("job:", "rectification.", "internal_key", "{", "public"):
        assert code not in body, code


def test_detail_values_that_are_codes_show_their_labels():
    from xiaoneng.audit import labels
    from xiaoneng.auth.rules import ROLE_LABELS
    from xiaoneng.ratings.rules import CHANNEL_LABELS

    assert labels.VALUE_LABELS["channel"] == {c.value: label for c, label in CHANNEL_LABELS.items()}
    assert labels.VALUE_LABELS["role"] == {r.value: label for r, label in ROLE_LABELS.items()}
    assert labels.detail_fields({"channel": "qr_code", "role": "dept_head", "level": 2}) == [
        ("渠道", "现场二维码"), ("角色", "科室负责人"), ("评价等级", "2")]

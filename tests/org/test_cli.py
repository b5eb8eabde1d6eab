"""`xiaoneng user create` and `xiaoneng user set-password` on a real, migrated SQLite file."""

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.passwords import verify_password
from xiaoneng.cli import main
from xiaoneng.db import session_scope
from xiaoneng.org.models import Center, Department, Staff


@pytest.fixture
def database(cli_database):
    return cli_database


def _run(*args, input=None):
    return CliRunner().invoke(main, ["user", *args], input=input, catch_exceptions=False)


def test_user_create_makes_the_center_and_an_admin_who_can_sign_in(database):
    result = _run("create", "--username", "admin", "--role", "admin", "--name", "张三", "--center", "GX",
                  "--center-name", "高新区政务服务中心", "--password", "Secret123")
    assert result.exit_code == 0, result.output
    assert "已新建中心" in result.output and "已新建用户：admin" in result.output
    with session_scope(database, readonly=True) as s:
        center = s.scalar(select(Center).where(Center.code == "GX"))
        staff = s.scalar(select(Staff).where(Staff.username == "admin"))
        assert center.name == "高新区政务服务中心"
        assert (staff.center_id, staff.role, staff.full_name, staff.staff_no) == (center.id, "admin", "张三", "admin")
        assert verify_password(staff.password_hash, "Secret123")
        records = list(s.scalars(select(AuditRecord).order_by(AuditRecord.id)))
        assert [(r.action, r.operator) for r in records] == [("center.create", "cli"), ("staff.create", "cli")]


def test_user_create_prompts_for_the_password_twice(database):
    _run("create", "--username", "admin", "--role", "admin", "--name", "张三", "--center", "GX",
         "--center-name", "高新区政务服务中心", "--password", "Secret123")
    result = _run("create", "--username", "lisi", "--role", "supervisor", "--name", "李四", "--center", "GX",
                  "--staff-no", "S002", input="Another99\nAnother99\n")
    assert result.exit_code == 0, result.output
    with session_scope(database, readonly=True) as s:
        staff = s.scalar(select(Staff).where(Staff.username == "lisi"))
        assert staff.staff_no == "S002" and verify_password(staff.password_hash, "Another99")


def test_user_create_into_a_department(database):
    _run("create", "--username", "admin", "--role", "admin", "--name", "张三", "--center", "GX",
         "--center-name", "高新区政务服务中心", "--password", "Secret123")
    with session_scope(database) as s:
        center = s.scalar(select(Center))
        s.add(Department(center_id=center.id, code="BDC", name="不动产登记科"))
    result = _run("create", "--username", "wangwu", "--role", "dept_head", "--name", "王五", "--center", "GX",
                  "--department", "BDC", "--password", "Secret123")
    assert result.exit_code == 0, result.output
    with session_scope(database, readonly=True) as s:
        staff = s.scalar(select(Staff).where(Staff.username == "wangwu"))
        assert s.get(Department, staff.department_id).code == "BDC"


@pytest.mark.parametrize(("args", "message"), [
    (["--center", "NONE"], "中心 NONE 不存在"),
    (["--center", "GX", "--center-name", "高新区", "--password", "weak"], "密码至少 8 位"),
    (["--center", "GX", "--center-name", "高新区", "--department", "NOPE"], "科室 NOPE 不存在"),
])
def test_user_create_refuses_bad_input_and_writes_nothing(database, args, message):
    base = ["create", "--username", "admin", "--role", "supervisor", "--name", "张三"]
    if "--password" not in args:
        args = [*args, "--password", "Secret123"]
    result = CliRunner().invoke(main, ["user", *base, *args])
    assert result.exit_code == 1
    assert message in result.output and "已新建" not in result.output
    with session_scope(database, readonly=True) as s:
        assert s.scalar(select(Center)) is None and s.scalar(select(Staff)) is None


def test_set_password(database):
    _run("create", "--username", "admin", "--role", "admin", "--name", "张三", "--center", "GX",
         "--center-name", "高新区政务服务中心", "--password", "Secret123")
    result = _run("set-password", "admin", input="Changed77\nChanged77\n")
    assert result.exit_code == 0, result.output
    with session_scope(database, readonly=True) as s:
        assert verify_password(s.scalar(select(Staff)).password_hash, "Changed77")
    assert _run("set-password", "nobody", "--password", "Changed77").exit_code == 1

"""Organisation services: validation (each bad input names its field, writes nothing), audit, deactivation."""

import json

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_center, make_department, make_window
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.passwords import verify_password
from xiaoneng.auth.service import actor_for, authenticate
from xiaoneng.errors import Forbidden, NotAuthenticated, NotFound, ValidationFailed
from xiaoneng.kit.scope import system_actor
from xiaoneng.org import service
from xiaoneng.org.models import Department, ServicePoint, Staff, Window


def _counts(db):
    return tuple(db.scalar(select(func.count()).select_from(m)) for m in (Department, ServicePoint, Window, Staff,
                                                                         AuditRecord))


def _audits(db, action):
    return list(db.scalars(select(AuditRecord).where(AuditRecord.action == action)))


def _refused(db, call, field, message):
    before = _counts(db)
    with pytest.raises(ValidationFailed) as caught:
        call()
    assert caught.value.field == field
    assert message in caught.value.message
    assert _counts(db) == before


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"code": "", "name": "办公室"}, "code", "编码不能为空"),
    ({"code": "K 1", "name": "办公室"}, "code", "编码只能包含"),
    ({"code": "K1", "name": ""}, "name", "名称不能为空"),
    ({"code": "K1", "name": "科" * 201}, "name", "名称不能超过 200 个字符"),
    ({"code": "K1", "name": "办公室", "kind": "处"}, "kind", "类型须为 科室、部门、段 之一"),
])
def test_create_department_refuses_bad_input(db, admin, kwargs, field, message):
    _refused(db, lambda: service.create_department(db, actor=admin, **kwargs), field, message)


def test_create_department_refuses_duplicate_code(db, org, admin):
    _refused(db, lambda: service.create_department(db, actor=admin, code=org.dept_a.code, name="另一科室"),
             "code", "编码已存在")


def test_same_department_code_is_fine_in_another_center(db, org, admin):
    other = make_center(db)
    dept = service.create_department(db, actor=system_actor(other.id), code=org.dept_a.code, name="同码科室")
    assert dept.center_id == other.id


def test_create_department_is_audited(db, admin):
    dept = service.create_department(db, actor=admin, code="BDC", name="不动产登记科", kind="科室")
    [record] = [r for r in _audits(db, "department.create") if r.entity_id == str(dept.id)]
    assert record.operator == admin.username and record.center_id == admin.center_id
    assert json.loads(record.detail) == {"code": "BDC", "name": "不动产登记科", "kind": "科室"}


def test_update_department_records_the_changed_fields(db, org, admin):
    service.update_department(db, actor=admin, department_id=org.dept_a.id, name="不动产登记中心", code=org.dept_a.code)
    assert org.dept_a.name == "不动产登记中心"
    [record] = _audits(db, "department.update")
    assert json.loads(record.detail) == {"name": ["不动产登记科", "不动产登记中心"]}


def test_update_department_without_changes_writes_no_audit(db, org, admin):
    service.update_department(db, actor=admin, department_id=org.dept_a.id, name=org.dept_a.name)
    assert _audits(db, "department.update") == []


def test_update_department_refuses_another_departments_code(db, org, admin):
    _refused(db, lambda: service.update_department(db, actor=admin, department_id=org.dept_a.id,
                                                   code=org.dept_b.code), "code", "编码已存在")
    db.refresh(org.dept_a)
    assert org.dept_a.code != org.dept_b.code


def test_update_department_refuses_unknown_field(db, org, admin):
    _refused(db, lambda: service.update_department(db, actor=admin, department_id=org.dept_a.id, center_id=99),
             "center_id", "不能修改")


def test_deactivate_then_reactivate_department(db, org, admin):
    service.deactivate_department(db, actor=admin, department_id=org.dept_b.id)
    assert not org.dept_b.active
    listed = service.list_departments(db, actor=admin).items
    assert org.dept_b not in listed
    assert org.dept_b in service.list_departments(db, actor=admin, include_inactive=True).items
    service.activate_department(db, actor=admin, department_id=org.dept_b.id)
    assert org.dept_b.active
    assert [r.action for r in db.scalars(select(AuditRecord).where(AuditRecord.entity == "department")
                                         .order_by(AuditRecord.id))] == ["department.deactivate", "department.activate"]


def test_list_departments_searches_code_and_name(db, org, admin):
    assert [d.id for d in service.list_departments(db, actor=admin, q="市场").items] == [org.dept_b.id]
    assert [d.id for d in service.list_departments(db, actor=admin, q=org.dept_a.code.lower()).items] == [org.dept_a.id]
    assert service.list_departments(db, actor=admin, q="100%").items == []


def test_list_departments_pages(db, admin):
    for i in range(5):
        service.create_department(db, actor=admin, code=f"K{i:02d}", name=f"科室{i}")
    page = service.list_departments(db, actor=admin, q="K0", page=2, per_page=2)
    assert page.total == 5 and page.pages == 3 and [d.code for d in page.items] == ["K02", "K03"]


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"point_type": "便民点"}, "point_type", "点位类型须为"),
    ({"point_type": ""}, "point_type", "点位类型须为"),
    ({"code": ""}, "code", "编码不能为空"),
    ({"address": "路" * 301}, "address", "地址不能超过 300 个字符"),
    ({"parent_id": 999999}, "parent_id", "上级点位不存在"),
    ({"parent_id": "abc"}, "parent_id", "须为记录编号"),
])
def test_create_service_point_refuses_bad_input(db, admin, kwargs, field, message):
    args = {"code": "P1", "name": "桂溪街道便民服务中心", "point_type": "街道综合便民服务中心", **kwargs}
    _refused(db, lambda: service.create_service_point(db, actor=admin, **args), field, message)


def test_service_point_parent_must_be_in_the_same_center(db, org, admin):
    foreign = make_center(db)
    parent = service.create_service_point(db, actor=system_actor(foreign.id), code="X", name="外中心大厅",
                                          point_type="区级大厅")
    _refused(db, lambda: service.create_service_point(db, actor=admin, code="P1", name="社区室",
                                                      point_type="社区便民服务室", parent_id=parent.id),
             "parent_id", "上级点位不存在或不属于本中心")


def test_service_point_cannot_become_its_own_ancestor(db, admin):
    hall = service.create_service_point(db, actor=admin, code="H", name="区政务服务大厅", point_type="区级大厅")
    street = service.create_service_point(db, actor=admin, code="S", name="街道中心", point_type="街道综合便民服务中心",
                                          parent_id=hall.id)
    _refused(db, lambda: service.update_service_point(db, actor=admin, service_point_id=hall.id, parent_id=street.id),
             "parent_id", "不能是本点位或其下级点位")


def test_point_counts_per_type(db, admin):
    """The org fixture already holds one 社区便民服务室."""
    for i, point_type in enumerate(["区级大厅", "社区便民服务室", "社区便民服务室", "智能自助政务服务点"]):
        service.create_service_point(db, actor=admin, code=f"P{i}", name=f"点位{i}", point_type=point_type)
    counts = service.count_service_points_by_type(db, actor=admin)
    assert counts["区级大厅"] == 1 and counts["社区便民服务室"] == 3 and counts["智能自助政务服务点"] == 1
    assert counts["街道综合便民服务中心"] == 0 and counts["评标区"] == 0


def test_create_window_refuses_department_of_another_center(db, org, admin):
    foreign = make_department(db)
    _refused(db, lambda: service.create_window(db, actor=admin, code="W9", name="9号窗口", department_id=foreign.id),
             "department_id", "所属科室不存在或不属于本中心")


@pytest.mark.parametrize(("kwargs", "field", "message"), [
    ({"department_id": None}, "department_id", "所属科室不能为空"),
    ({"service_point_id": 999999}, "service_point_id", "服务点位不存在"),
    ({"name": " "}, "name", "名称不能为空"),
])
def test_create_window_refuses_bad_input(db, org, admin, kwargs, field, message):
    args = {"code": "W9", "name": "9号窗口", "department_id": org.dept_a.id, **kwargs}
    _refused(db, lambda: service.create_window(db, actor=admin, **args), field, message)


def test_create_window_refuses_inactive_department(db, org, admin):
    service.deactivate_department(db, actor=admin, department_id=org.dept_b.id)
    _refused(db, lambda: service.create_window(db, actor=admin, code="W9", name="9号窗口",
                                               department_id=org.dept_b.id), "department_id", "所属科室已停用")


def test_create_window_at_a_point_is_audited(db, org, admin):
    window = service.create_window(db, actor=admin, code="W9", name="9号窗口", department_id=str(org.dept_a.id),
                                   service_point_id=org.point.id)
    assert (window.department_id, window.service_point_id) == (org.dept_a.id, org.point.id)
    [record] = _audits(db, "window.create")
    assert json.loads(record.detail)["department_id"] == org.dept_a.id


def _staff_args(org, **overrides):
    return {"staff_no": "G001", "full_name": "王小明", "role": "window_staff", "department_id": org.dept_a.id,
            "window_id": org.window_a.id, **overrides}


@pytest.mark.parametrize(("overrides", "field", "message"), [
    ({"staff_no": ""}, "staff_no", "工号不能为空"),
    ({"full_name": ""}, "full_name", "姓名不能为空"),
    ({"full_name": "名" * 65}, "full_name", "姓名不能超过 64 个字符"),
    ({"role": "superuser"}, "role", "角色无效"),
    ({"department_id": None, "window_id": None}, "department_id", "窗口人员和科室负责人必须指定所属科室"),
    ({"window_id": 999999}, "window_id", "窗口不存在"),
    ({"rank": 0}, "rank", "级别须在 1 至 99 之间"),
    ({"rank": "高"}, "rank", "级别须为整数"),
    ({"phone": "电话号码"}, "phone", "电话只能包含"),
    ({"username": "王"}, "username", "用户名至少 3 个字符"),
    ({"username": "wangxm"}, "password", "开通登录账号时必须设置密码"),
    ({"username": "wangxm", "password": "short1"}, "password", "密码至少 8 位"),
    ({"username": "wangxm", "password": "onlyletters"}, "password", "密码须同时包含字母和数字"),
    ({"password": "Secret123"}, "username", "设置密码前须先填写用户名"),
])
def test_create_staff_refuses_bad_input(db, org, admin, overrides, field, message):
    _refused(db, lambda: service.create_staff(db, actor=admin, **_staff_args(org, **overrides)), field, message)


def test_create_staff_refuses_window_of_another_department(db, org, admin):
    _refused(db, lambda: service.create_staff(db, actor=admin, **_staff_args(org, window_id=org.window_b.id)),
             "window_id", "所选窗口不属于该人员的科室")


def test_create_staff_refuses_duplicate_staff_no(db, org, admin):
    _refused(db, lambda: service.create_staff(db, actor=admin, **_staff_args(org, staff_no=org.clerk_a.staff_no)),
             "staff_no", "工号已存在")


def test_create_staff_refuses_duplicate_username_even_in_another_case(db, org, admin):
    _refused(db, lambda: service.create_staff(db, actor=admin, **_staff_args(
        org, username=org.clerk_b.username.upper(), password="Secret123")), "username", "用户名已存在")


def test_create_staff_takes_the_department_of_the_window(db, org, admin):
    staff = service.create_staff(db, actor=admin, **_staff_args(org, department_id=None))
    assert staff.department_id == org.dept_a.id


def test_created_account_can_sign_in_and_the_audit_holds_no_hash(db, org, admin):
    staff = service.create_staff(db, actor=admin, **_staff_args(org, username="wangxm", password="Secret123"))
    assert verify_password(staff.password_hash, "Secret123")
    [record] = _audits(db, "staff.create")
    detail = json.loads(record.detail)
    assert detail["username"] == "wangxm" and detail["password_set"] is True
    assert staff.password_hash not in record.detail and "Secret123" not in record.detail
    assert authenticate(db, username="wangxm", password="Secret123").user_id == staff.id


def test_update_staff_moves_them_to_another_department_and_window(db, org, admin):
    service.update_staff(db, actor=admin, staff_id=org.clerk_a.id, department_id=org.dept_b.id,
                         window_id=org.window_b.id)
    assert (org.clerk_a.department_id, org.clerk_a.window_id) == (org.dept_b.id, org.window_b.id)
    [record] = _audits(db, "staff.update")
    assert json.loads(record.detail) == {"department_id": [org.dept_a.id, org.dept_b.id],
                                         "window_id": [org.window_a.id, org.window_b.id]}


def test_update_staff_refuses_moving_department_but_keeping_the_old_window(db, org, admin):
    _refused(db, lambda: service.update_staff(db, actor=admin, staff_id=org.clerk_a.id, department_id=org.dept_b.id),
             "window_id", "所选窗口不属于该人员的科室")
    db.refresh(org.clerk_a)
    assert org.clerk_a.department_id == org.dept_a.id


def test_update_staff_with_password_changes_it_and_audits_only_the_fact(db, org, admin):
    service.update_staff(db, actor=admin, staff_id=org.clerk_a.id, title="首席代办员", password="NewPass99")
    assert verify_password(org.clerk_a.password_hash, "NewPass99")
    assert [r.action for r in db.scalars(select(AuditRecord).order_by(AuditRecord.id))] == \
        ["staff.update", "staff.set_password"]
    assert all("NewPass99" not in r.detail and "$argon" not in r.detail for r in db.scalars(select(AuditRecord)))


def test_clearing_the_username_removes_the_account(db, org, admin):
    service.update_staff(db, actor=admin, staff_id=org.clerk_a.id, username="")
    assert org.clerk_a.username is None and org.clerk_a.password_hash is None


def test_admin_cannot_demote_or_deactivate_themselves(db, org, admin):
    _refused(db, lambda: service.update_staff(db, actor=admin, staff_id=org.admin.id, role="window_staff",
                                              department_id=org.dept_a.id), "role", "不能修改自己的角色")
    _refused(db, lambda: service.deactivate_staff(db, actor=admin, staff_id=org.admin.id), "active",
             "不能停用自己的账号")


def test_deactivated_staff_cannot_sign_in_until_reactivated(db, org, admin):
    service.deactivate_staff(db, actor=admin, staff_id=org.clerk_a.id)
    with pytest.raises(NotAuthenticated):
        authenticate(db, username=org.clerk_a.username, password="Passw0rd!")
    service.activate_staff(db, actor=admin, staff_id=org.clerk_a.id)
    assert authenticate(db, username=org.clerk_a.username, password="Passw0rd!").user_id == org.clerk_a.id


def test_set_password_refuses_weak_password(db, org, admin):
    _refused(db, lambda: service.set_password(db, actor=admin, staff_id=org.clerk_a.id, password="12345678"),
             "password", "密码须同时包含字母和数字")


def test_find_functions_are_scoped(db, org):
    head = actor_for(org.head_a)
    assert service.find_window_by_code(db, actor=head, code=org.window_a.code) == org.window_a
    assert service.find_window_by_code(db, actor=head, code=org.window_b.code) is None
    assert service.find_staff_by_username(db, actor=head, username=org.clerk_b.username) is None
    assert service.find_department_by_code(db, actor=head, code=org.dept_b.code) is None
    assert service.find_service_point_by_code(db, actor=head, code=org.point.code) == org.point


def test_department_head_gets_not_found_for_another_department(db, org):
    head = actor_for(org.head_a)
    assert service.get_staff(db, actor=head, staff_id=org.clerk_a.id) == org.clerk_a
    for call in (lambda: service.get_staff(db, actor=head, staff_id=org.clerk_b.id),
                 lambda: service.get_window(db, actor=head, window_id=org.window_b.id),
                 lambda: service.get_department(db, actor=head, department_id=org.dept_b.id)):
        with pytest.raises(NotFound):
            call()


def test_department_head_cannot_write(db, org):
    head = actor_for(org.head_a)
    before = _counts(db)
    with pytest.raises(Forbidden):
        service.update_window(db, actor=head, window_id=org.window_a.id, name="改名")
    with pytest.raises(Forbidden):
        service.create_staff(db, actor=head, **_staff_args(org))
    assert _counts(db) == before and org.window_a.name == "不动产1号窗口"


def test_create_center_is_for_the_system_only(db, admin):
    with pytest.raises(Forbidden):
        service.create_center(db, actor=admin, code="NEW", name="新中心")
    center = service.create_center(db, actor=system_actor(name="cli"), code="NEW", name="新中心", region_code="510109")
    assert center.id and _audits(db, "center.create")[0].center_id == center.id


def test_update_center_validates_region_code(db, org, admin):
    _refused(db, lambda: service.update_center(db, actor=admin, region_code="51A"), "region_code",
             "行政区划代码须为 6 至 12 位数字")
    service.update_center(db, actor=admin, name="高新区政务服务中心", region_code="510109")
    assert org.center.name == "高新区政务服务中心"


def test_window_of_another_center_is_not_found_for_admin(db, org, admin):
    foreign_window = make_window(db)
    with pytest.raises(NotFound):
        service.update_window(db, actor=admin, window_id=foreign_window.id, name="改名")

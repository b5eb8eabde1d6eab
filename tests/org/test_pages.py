"""Admin pages: lists with search and paging, forms that keep input and show the error next to the field."""

import re

from sqlalchemy import select

from xiaoneng.auth.passwords import verify_password
from xiaoneng.org.models import Center, Department, ServicePoint, Staff, Window


def _field_error(html: str, name: str) -> str | None:
    """The error shown in the label holding input `name`, if any."""
    for label in re.findall(r'<label class="has-error">(.*?)</label>', html, re.S):
        if f'name="{name}"' in label:
            found = re.search(r'class="field-error"[^>]*>(.*?)</div>', label, re.S)
            return found.group(1) if found else None
    return None


def test_department_form_with_bad_code_keeps_input_and_names_the_field(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/org/departments/new")
    response = browser.submit("/admin/org/departments", {"code": org.dept_a.code, "name": "政务公开科", "kind": "科室"})
    assert response.status_code == 422
    assert "编码已存在" in _field_error(response.text, "code")
    assert 'value="政务公开科"' in response.text
    assert db.scalar(select(Department).where(Department.name == "政务公开科")) is None


def test_department_form_creates_and_lists_it(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/org/departments/new")
    response = browser.submit("/admin/org/departments", {"code": "ZWGK", "name": "政务公开科", "kind": "科室"})
    assert response.status_code == 303 and response.headers["location"] == "/admin/org"
    dept = db.scalar(select(Department).where(Department.code == "ZWGK"))
    assert dept.name == "政务公开科" and dept.center_id == org.center.id
    listing = browser.page("/admin/org")
    assert "已新建科室" in listing.text and "政务公开科" in listing.text


def test_department_list_searches_and_pages(db, org, sign_in):
    browser = sign_in(org.admin)
    assert "市场监管科" not in browser.page("/admin/org?q=不动产").text
    for i in range(25):
        db.add(Department(center_id=org.center.id, code=f"Z{i:02d}", name=f"批量科室{i:02d}"))
    db.flush()
    first = browser.page("/admin/org?q=批量")
    assert "共 25 条，第 1/2 页" in first.text and "批量科室19" in first.text and "批量科室20" not in first.text
    assert 'href="/admin/org?q=%E6%89%B9%E9%87%8F&amp;page=2"' in first.text
    second = browser.page("/admin/org?q=批量&page=2")
    assert "批量科室24" in second.text and "批量科室00" not in second.text


def test_edit_department_then_deactivate_and_reactivate(db, org, sign_in):
    browser = sign_in(org.admin)
    edit = browser.page(f"/admin/org/departments/{org.dept_b.id}")
    assert 'value="市场监管科"' in edit.text
    response = browser.submit(f"/admin/org/departments/{org.dept_b.id}",
                              {"code": org.dept_b.code, "name": "市场监督管理科", "kind": "部门"})
    assert response.status_code == 303
    db.expire_all()
    assert (db.get(Department, org.dept_b.id).name, db.get(Department, org.dept_b.id).kind) == ("市场监督管理科", "部门")
    browser.submit(f"/admin/org/departments/{org.dept_b.id}/deactivate")
    db.expire_all()
    assert not db.get(Department, org.dept_b.id).active
    assert "已停用：市场监督管理科" in browser.page(f"/admin/org/departments/{org.dept_b.id}").text
    assert "市场监督管理科" not in browser.page("/admin/org").text
    assert "市场监督管理科" in browser.page("/admin/org?include_inactive=1").text
    browser.submit(f"/admin/org/departments/{org.dept_b.id}/activate")
    db.expire_all()
    assert db.get(Department, org.dept_b.id).active


def test_edit_with_bad_name_keeps_the_record_unchanged(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page(f"/admin/windows/{org.window_a.id}")
    response = browser.submit(f"/admin/windows/{org.window_a.id}",
                              {"code": org.window_a.code, "name": "", "department_id": str(org.dept_a.id)})
    assert response.status_code == 422 and _field_error(response.text, "name") == "名称不能为空"
    db.expire_all()
    assert db.get(Window, org.window_a.id).name == "不动产1号窗口"


def test_center_details_are_edited_by_the_admin(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/org")
    bad = browser.submit("/admin/org/center", {"code": org.center.code, "name": "高新区政务服务中心", "region_code": "51"})
    assert bad.status_code == 422 and "行政区划代码须为" in _field_error(bad.text, "region_code")
    assert 'value="高新区政务服务中心"' in bad.text
    good = browser.submit("/admin/org/center", {"code": org.center.code, "name": "高新区政务服务中心",
                                                "region_code": "510109"})
    assert good.status_code == 303
    db.expire_all()
    assert db.get(Center, org.center.id).name == "高新区政务服务中心"


def test_center_details_are_read_only_for_a_supervisor(db, org, sign_in):
    from tests.fixtures.objects import make_staff
    from xiaoneng.auth.rules import Role

    browser = sign_in(make_staff(db, role=Role.SUPERVISOR, center=org.center))
    page = browser.page("/admin/org")
    assert org.center.name in page.text and "保存中心信息" not in page.text and "新建科室" not in page.text


def test_points_page_counts_each_type_and_filters(db, org, sign_in):
    for i, point_type in enumerate(["区级大厅", "街道综合便民服务中心", "街道综合便民服务中心"]):
        db.add(ServicePoint(center_id=org.center.id, code=f"PT{i}", name=f"点位{i}号", point_type=point_type))
    db.flush()
    browser = sign_in(org.admin)
    page = browser.page("/admin/points")
    assert re.search(r'data-type="街道综合便民服务中心">2<', page.text)
    assert re.search(r'data-type="社区便民服务室">1<', page.text)
    filtered = browser.page("/admin/points?point_type=区级大厅")
    assert "点位0号" in filtered.text and "点位1号" not in filtered.text


def test_point_form_refuses_unknown_type(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/points/new")
    response = browser.submit("/admin/points", {"code": "P9", "name": "天府大道自助点", "point_type": "", "address": "",
                                                "parent_id": ""})
    assert response.status_code == 422 and "点位类型须为" in _field_error(response.text, "point_type")
    assert 'value="天府大道自助点"' in response.text
    ok = browser.submit("/admin/points", {"code": "P9", "name": "天府大道自助点", "point_type": "智能自助政务服务点",
                                          "address": "天府大道1号", "parent_id": ""})
    assert ok.status_code == 303
    assert db.scalar(select(ServicePoint).where(ServicePoint.code == "P9")).address == "天府大道1号"


def test_window_form_creates_a_window_at_a_point(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/windows/new")
    response = browser.submit("/admin/windows", {"code": "W88", "name": "综合受理8号窗口",
                                                 "department_id": str(org.dept_b.id),
                                                 "service_point_id": str(org.point.id)})
    assert response.status_code == 303
    window = db.scalar(select(Window).where(Window.code == "W88"))
    assert (window.department_id, window.service_point_id) == (org.dept_b.id, org.point.id)
    listing = browser.page("/admin/windows")
    assert "综合受理8号窗口" in listing.text and org.point.name in listing.text


def _staff_form(org, **overrides):
    return {"staff_no": "G100", "full_name": "赵丽", "role": "window_staff", "department_id": str(org.dept_a.id),
            "window_id": str(org.window_a.id), "title": "", "rank": "1", "phone": "", "username": "zhaoli",
            "password": "", **overrides}


def test_staff_form_with_window_of_another_department_shows_the_error(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/staff/new")
    response = browser.submit("/admin/staff", _staff_form(org, window_id=str(org.window_b.id), password="Secret123"))
    assert response.status_code == 422
    assert _field_error(response.text, "window_id") == "所选窗口不属于该人员的科室"
    assert 'value="赵丽"' in response.text and 'value="zhaoli"' in response.text
    assert "Secret123" not in response.text
    assert db.scalar(select(Staff).where(Staff.staff_no == "G100")) is None


def test_staff_form_requires_a_password_for_an_account(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/staff/new")
    response = browser.submit("/admin/staff", _staff_form(org))
    assert response.status_code == 422 and _field_error(response.text, "password") == "开通登录账号时必须设置密码"


def test_staff_form_creates_an_account_that_signs_in(db, org, sign_in, client):
    browser = sign_in(org.admin)
    browser.page("/admin/staff/new")
    response = browser.submit("/admin/staff", _staff_form(org, password="Secret123", title="综合受理员"))
    assert response.status_code == 303
    staff = db.scalar(select(Staff).where(Staff.staff_no == "G100"))
    assert staff.username == "zhaoli" and verify_password(staff.password_hash, "Secret123")
    listing = browser.page("/admin/staff?q=赵丽")
    assert "窗口人员" in listing.text and "已开通" in listing.text and "不动产1号窗口" in listing.text
    client.sign_in("zhaoli", "Secret123")


def test_staff_edit_page_never_shows_the_password(db, org, sign_in):
    browser = sign_in(org.admin)
    page = browser.page(f"/admin/staff/{org.clerk_a.id}")
    assert 'name="password" type="password" autocomplete="new-password" value=""' in page.text
    assert org.clerk_a.password_hash not in page.text


def test_staff_edit_with_empty_password_keeps_it(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page(f"/admin/staff/{org.clerk_a.id}")
    old_hash = org.clerk_a.password_hash
    form = _staff_form(org, staff_no=org.clerk_a.staff_no, full_name="窗口甲", username=org.clerk_a.username,
                       title="副主任科员")
    assert browser.submit(f"/admin/staff/{org.clerk_a.id}", form).status_code == 303
    db.expire_all()
    staff = db.get(Staff, org.clerk_a.id)
    assert staff.title == "副主任科员" and staff.password_hash == old_hash


def test_staff_list_filters_by_role(db, org, sign_in):
    browser = sign_in(org.admin)
    page = browser.page("/admin/staff?role=dept_head")
    assert "科长甲" in page.text and "窗口甲" not in page.text


def test_staff_deactivation_from_the_page(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page(f"/admin/staff/{org.clerk_b.id}")
    assert browser.submit(f"/admin/staff/{org.clerk_b.id}/deactivate").status_code == 303
    db.expire_all()
    assert not db.get(Staff, org.clerk_b.id).active
    page = browser.page(f"/admin/staff/{org.clerk_b.id}")
    assert "已停用：" in page.text and "重新启用" in page.text


def test_admin_deactivating_themselves_is_refused_with_a_message(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page(f"/admin/staff/{org.admin.id}")
    browser.submit(f"/admin/staff/{org.admin.id}/deactivate")
    assert "不能停用自己的账号" in browser.page(f"/admin/staff/{org.admin.id}").text
    db.expire_all()
    assert db.get(Staff, org.admin.id).active

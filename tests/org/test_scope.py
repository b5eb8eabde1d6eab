"""Role and scope: what each role reaches through the pages and the API, and that nothing leaks or changes."""

import pytest

from tests.fixtures.objects import make_center, make_department, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.org.models import Staff, Window


def _ids(response):
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()["items"]}


# --- department head -------------------------------------------------------------------------------------------------

def test_department_head_lists_only_their_departments_staff_and_windows(org, sign_in):
    browser = sign_in(org.head_a)
    assert _ids(browser.api("GET", "/api/staff")) == {org.head_a.id, org.clerk_a.id}
    assert _ids(browser.api("GET", "/api/windows")) == {org.window_a.id}
    assert _ids(browser.api("GET", "/api/departments")) == {org.dept_a.id}


def test_department_head_list_pages_hide_other_departments(org, sign_in):
    browser = sign_in(org.head_a)
    staff_page = browser.page("/admin/staff")
    assert org.clerk_a.full_name in staff_page.text and org.clerk_b.full_name not in staff_page.text
    windows_page = browser.page("/admin/windows")
    assert org.window_a.name in windows_page.text and org.window_b.name not in windows_page.text
    assert org.dept_b.name not in browser.page("/admin/org").text


@pytest.mark.parametrize("path", ["/api/staff/{clerk_b}", "/api/windows/{window_b}", "/api/departments/{dept_b}"])
def test_department_head_gets_404_for_another_department_by_id_in_the_api(org, sign_in, path):
    browser = sign_in(org.head_a)
    response = browser.api("GET", path.format(clerk_b=org.clerk_b.id, window_b=org.window_b.id, dept_b=org.dept_b.id))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "记录不存在或无权查看", "field": None}


@pytest.mark.parametrize("path", ["/admin/staff/{clerk_b}", "/admin/windows/{window_b}",
                                  "/admin/org/departments/{dept_b}"])
def test_department_head_gets_404_for_another_department_by_id_in_the_pages(org, sign_in, path):
    browser = sign_in(org.head_a)
    response = browser.page(path.format(clerk_b=org.clerk_b.id, window_b=org.window_b.id, dept_b=org.dept_b.id))
    assert response.status_code == 404
    assert org.clerk_b.full_name not in response.text and org.window_b.name not in response.text


def test_department_head_reads_their_own_staff_page_without_edit_controls(org, sign_in):
    browser = sign_in(org.head_a)
    response = browser.page(f"/admin/staff/{org.clerk_a.id}")
    assert response.status_code == 200 and org.clerk_a.full_name in response.text
    assert "保存" not in response.text and "停用</button>" not in response.text


def test_department_head_cannot_change_another_departments_staff_or_window(db, org, sign_in):
    browser = sign_in(org.head_a)
    responses = [
        browser.api("PATCH", f"/api/staff/{org.clerk_b.id}", json={"full_name": "改名"}),
        browser.api("POST", f"/api/staff/{org.clerk_b.id}/deactivate"),
        browser.api("PATCH", f"/api/windows/{org.window_b.id}", json={"name": "改名"}),
        browser.api("POST", f"/api/windows/{org.window_b.id}/deactivate"),
        browser.submit(f"/admin/staff/{org.clerk_b.id}", {"full_name": "改名"}),
        browser.submit(f"/admin/staff/{org.clerk_b.id}/deactivate"),
        browser.submit(f"/admin/windows/{org.window_b.id}", {"name": "改名"}),
    ]
    assert all(r.status_code in (403, 404) for r in responses), [r.status_code for r in responses]
    db.expire_all()
    clerk, window = db.get(Staff, org.clerk_b.id), db.get(Window, org.window_b.id)
    assert (clerk.full_name, clerk.active) == ("窗口乙", True)
    assert (window.name, window.active) == ("市场监管1号窗口", True)


def test_department_head_cannot_change_their_own_departments_staff_either(db, org, sign_in):
    browser = sign_in(org.head_a)
    assert browser.api("PATCH", f"/api/staff/{org.clerk_a.id}", json={"role": "admin"}).status_code == 403
    db.expire_all()
    assert db.get(Staff, org.clerk_a.id).role == Role.WINDOW_STAFF


# --- window staff ------------------------------------------------------------------------------------------------------

def test_window_staff_cannot_write(db, org, sign_in):
    browser = sign_in(org.clerk_a)
    responses = [
        browser.api("POST", "/api/departments", json={"code": "X1", "name": "新科室"}),
        browser.api("POST", "/api/windows", json={"code": "X1", "name": "新窗口", "department_id": org.dept_a.id}),
        browser.api("PATCH", f"/api/windows/{org.window_a.id}", json={"name": "改名"}),
        browser.api("POST", "/api/staff", json={"staff_no": "X1", "full_name": "新人", "role": "admin"}),
        browser.api("POST", f"/api/staff/{org.head_a.id}/deactivate"),
        browser.submit("/admin/windows", {"code": "X1", "name": "新窗口", "department_id": str(org.dept_a.id)}),
    ]
    assert [r.status_code for r in responses] == [403] * len(responses)
    assert browser.page("/admin/windows/new").status_code == 403
    db.expire_all()
    assert db.get(Window, org.window_a.id).name == "不动产1号窗口"
    assert db.get(Staff, org.head_a.id).active


def test_window_staff_sees_their_department_only(org, sign_in):
    browser = sign_in(org.clerk_a)
    assert _ids(browser.api("GET", "/api/staff")) == {org.head_a.id, org.clerk_a.id}
    assert browser.api("GET", f"/api/staff/{org.clerk_b.id}").status_code == 404


# --- supervisors see the whole center, read only -----------------------------------------------------------------------

def test_supervisor_reads_the_whole_center_but_cannot_write(db, org, sign_in):
    supervisor = make_staff(db, role=Role.SUPERVISOR, center=org.center)
    browser = sign_in(supervisor)
    assert {org.clerk_a.id, org.clerk_b.id} <= _ids(browser.api("GET", "/api/staff"))
    assert browser.api("PATCH", f"/api/windows/{org.window_b.id}", json={"name": "改名"}).status_code == 403


# --- centers -------------------------------------------------------------------------------------------------------------

def test_admin_of_one_center_sees_nothing_of_another(db, org, sign_in):
    other = make_center(db)
    other_dept = make_department(db, center=other, name="外中心科室")
    other_window = make_window(db, department=other_dept, name="外中心窗口")
    other_staff = make_staff(db, department=other_dept, full_name="外中心人员")
    browser = sign_in(org.admin)
    assert other_staff.id not in _ids(browser.api("GET", "/api/staff?per_page=200"))
    assert other_window.id not in _ids(browser.api("GET", "/api/windows?per_page=200"))
    assert other_dept.id not in _ids(browser.api("GET", "/api/departments?per_page=200"))
    for path in (f"/api/staff/{other_staff.id}", f"/api/windows/{other_window.id}", f"/api/departments/{other_dept.id}"):
        assert browser.api("GET", path).status_code == 404
    assert browser.api("PATCH", f"/api/staff/{other_staff.id}", json={"full_name": "改名"}).status_code == 404
    assert browser.api("POST", f"/api/windows/{other_window.id}/deactivate").status_code == 404
    assert browser.page(f"/admin/staff/{other_staff.id}").status_code == 404
    assert "外中心" not in browser.page("/admin/staff").text + browser.page("/admin/windows").text
    db.expire_all()
    assert db.get(Staff, other_staff.id).full_name == "外中心人员" and db.get(Window, other_window.id).active


def test_admin_cannot_post_a_window_into_another_centers_department(db, org, sign_in):
    other_dept = make_department(db)
    browser = sign_in(org.admin)
    response = browser.api("POST", "/api/windows", json={"code": "W77", "name": "越界窗口", "department_id": other_dept.id})
    assert response.status_code == 422
    assert response.json()["field"] == "department_id"


# --- anonymous -----------------------------------------------------------------------------------------------------------

PAGES = ["/admin/org", "/admin/points", "/admin/windows", "/admin/staff", "/admin/staff/new", "/admin/windows/1",
         "/admin/org/departments/1", "/admin/points/1"]
APIS = ["/api/departments", "/api/windows", "/api/points", "/api/staff", "/api/staff/1", "/api/center"]


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_pages_redirect_to_login(client, path):
    response = client.get(path, headers={"accept": "text/html"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


@pytest.mark.parametrize("path", APIS)
def test_anonymous_api_is_401(client, path):
    response = client.get(path, headers={"accept": "application/json"})
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_anonymous_api_write_is_refused(db, org, client):
    client.page("/login")
    response = client.api("PATCH", f"/api/staff/{org.clerk_a.id}", json={"full_name": "改名"})
    assert response.status_code == 401
    db.expire_all()
    assert db.get(Staff, org.clerk_a.id).full_name == "窗口甲"

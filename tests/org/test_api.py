"""The JSON API: create, read, update, deactivate; 422 with {code, message, field} on bad input."""

from sqlalchemy import select

from xiaoneng.audit.models import AuditRecord
from xiaoneng.org.models import Staff


def test_department_lifecycle_through_the_api(db, org, sign_in):
    api = sign_in(org.admin)
    created = api.api("POST", "/api/departments", json={"code": "ZWGK", "name": "政务公开科"})
    assert created.status_code == 201
    dept_id = created.json()["id"]
    assert created.json()["kind"] == "科室" and created.json()["active"] is True
    patched = api.api("PATCH", f"/api/departments/{dept_id}", json={"name": "政务公开办"})
    assert patched.json()["name"] == "政务公开办" and patched.json()["code"] == "ZWGK"
    assert api.api("POST", f"/api/departments/{dept_id}/deactivate").json()["active"] is False
    assert api.api("POST", f"/api/departments/{dept_id}/activate").json()["active"] is True
    assert api.api("GET", f"/api/departments/{dept_id}").json()["name"] == "政务公开办"
    actions = [r.action for r in db.scalars(select(AuditRecord).where(AuditRecord.entity_id == str(dept_id),
                                                                      AuditRecord.entity == "department")
                                            .order_by(AuditRecord.id))]
    assert actions == ["department.create", "department.update", "department.deactivate", "department.activate"]


def test_duplicate_code_is_422_with_the_field(org, sign_in):
    api = sign_in(org.admin)
    response = api.api("POST", "/api/windows", json={"code": org.window_a.code, "name": "重复", "department_id": org.dept_a.id})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_failed" and body["field"] == "code" and "编码已存在" in body["message"]


def test_wrong_type_is_422_naming_the_field(org, sign_in):
    api = sign_in(org.admin)
    response = api.api("POST", "/api/windows", json={"code": "W5", "name": "五号", "department_id": "abc"})
    assert response.status_code == 422 and response.json()["field"] == "department_id"


def test_unknown_point_type_is_422(org, sign_in):
    api = sign_in(org.admin)
    response = api.api("POST", "/api/points", json={"code": "P5", "name": "点位", "point_type": "小区"})
    assert response.status_code == 422 and response.json()["field"] == "point_type"


def test_points_filter_by_type(db, org, sign_in):
    api = sign_in(org.admin)
    api.api("POST", "/api/points", json={"code": "H1", "name": "区政务服务大厅", "point_type": "区级大厅"})
    body = api.api("GET", "/api/points", params={"point_type": "区级大厅"}).json()
    assert [p["code"] for p in body["items"]] == ["H1"] and body["total"] == 1


def test_staff_api_never_returns_the_password_hash(db, org, sign_in):
    api = sign_in(org.admin)
    created = api.api("POST", "/api/staff", json={"staff_no": "G200", "full_name": "钱多多", "role": "dept_head",
                                                  "department_id": org.dept_b.id, "username": "qianduoduo",
                                                  "password": "Secret123"})
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["has_account"] is True and "password" not in body and "password_hash" not in body
    listed = api.api("GET", "/api/staff", params={"q": "钱多多"}).text
    assert "argon" not in listed and "Secret123" not in listed


def test_staff_patch_with_weak_password_changes_nothing(db, org, sign_in):
    api = sign_in(org.admin)
    response = api.api("PATCH", f"/api/staff/{org.clerk_a.id}", json={"title": "科员", "password": "weak"})
    assert response.status_code == 422 and response.json()["field"] == "password"
    db.expire_all()
    assert db.get(Staff, org.clerk_a.id).title == ""


def test_paging_parameters(db, org, sign_in):
    api = sign_in(org.admin)
    body = api.api("GET", "/api/staff", params={"per_page": 2, "page": 2}).json()
    assert (body["total"], body["page"], body["per_page"], body["pages"], len(body["items"])) == (4, 2, 2, 2, 2)
    assert api.api("GET", "/api/staff", params={"per_page": 0}).status_code == 422


def test_center_read_and_update(db, org, sign_in):
    api = sign_in(org.admin)
    assert api.api("GET", "/api/center").json()["code"] == org.center.code
    assert api.api("PATCH", "/api/center", json={"region_code": "510109001"}).json()["region_code"] == "510109001"


def test_openapi_lists_the_org_endpoints(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/departments", "/api/windows/{window_id}", "/api/points/{point_id}/deactivate",
                 "/api/staff/{staff_id}/activate"):
        assert path in paths
    assert "/admin/staff" not in paths

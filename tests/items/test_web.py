"""Items pages and JSON API: forms keep input with Chinese errors, badges, scope as 404/403."""

import datetime as dt

from sqlalchemy import func, select

from tests.fixtures.objects import make_item
from xiaoneng.items.models import ItemMaterial, ServiceItem


def _count(db):
    return db.scalar(select(func.count()).select_from(ServiceItem))


def _form(org, **overrides):
    data = {"code": "BDC-100", "name": "抵押权登记", "department_id": str(org.dept_a.id), "legal_basis": "《民法典》",
            "statutory_limit_days": "30", "promised_limit_days": "5", "procedure": "受理—审核—登簿",
            "fees": "80元/件", "online": "1", "guide_reviewed_on": "2025-12-01",
            "m-0-name": "申请书", "m-0-sample_text": "示范文本", "m-0-copies": "原件1份", "m-0-required": "1",
            "m-1-name": "身份证明", "m-1-copies": "复印件1份",
            "m-2-name": "", "m-2-copies": "原件1份", "m-2-required": "1"}
    data.update(overrides)
    return data


def test_list_page_shows_badges_and_searches(db, org, sign_in, clock):
    make_item(db, department=org.dept_a, code="JB-1", name="即办的事项", promised_limit_days=0,
              guide_reviewed_on=clock.today())
    make_item(db, department=org.dept_b, code="OLD-1", name="旧指南事项", guide_reviewed_on=dt.date(2019, 1, 1))
    browser = sign_in(org.admin)
    page = browser.page("/admin/items")
    assert page.status_code == 200
    assert "即办件" in page.text and "指南待审核" in page.text and "1 项办事指南待审核" in page.text
    found = browser.page("/admin/items?q=即办")
    assert "JB-1" in found.text and "OLD-1" not in found.text.split("办事指南待审核</h2>")[0]
    by_dept = browser.page(f"/admin/items?department_id={org.dept_b.id}")
    assert "OLD-1" in by_dept.text and "JB-1" not in by_dept.text


def test_create_through_the_form(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/items/new")
    response = browser.submit("/admin/items/new", _form(org))
    assert response.status_code == 303
    item = db.scalar(select(ServiceItem).where(ServiceItem.code == "BDC-100"))
    assert item.online and item.fees == "80元/件" and item.guide_reviewed_on == dt.date(2025, 12, 1)
    materials = list(db.scalars(select(ItemMaterial).where(ItemMaterial.item_id == item.id).order_by(ItemMaterial.seq)))
    assert [(m.name, m.required) for m in materials] == [("申请书", True), ("身份证明", False)]
    assert "抵押权登记" in browser.page(response.headers["location"]).text


def test_bad_form_keeps_input_and_shows_the_field_error(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/items/new")
    before = _count(db)
    response = browser.submit("/admin/items/new", _form(org, statutory_limit_days="3", name="保留的名称"))
    assert response.status_code == 422
    assert "承诺时限不得超过法定时限" in response.text
    assert 'value="保留的名称"' in response.text and 'value="身份证明"' in response.text
    assert _count(db) == before


def test_edit_removes_and_adds_material_rows(db, org, sign_in):
    item = make_item(db, department=org.dept_a, materials=2)
    browser = sign_in(org.admin)
    page = browser.page(f"/admin/items/{item.id}")
    assert 'value="材料1"' in page.text and 'value="材料2"' in page.text
    data = _form(org, code=item.code, name=item.name)
    data.update({"m-0-name": "材料1", "m-0-remove": "1", "m-1-name": "材料2", "m-2-name": "新增材料"})
    assert browser.submit(f"/admin/items/{item.id}", data).status_code == 303
    names = list(db.scalars(select(ItemMaterial.name).where(ItemMaterial.item_id == item.id).order_by(ItemMaterial.seq)))
    assert names == ["材料2", "新增材料"]


def test_deactivate_and_guide_review_buttons(db, org, sign_in):
    item = make_item(db, department=org.dept_a)
    browser = sign_in(org.admin)
    browser.page(f"/admin/items/{item.id}")
    assert browser.submit(f"/admin/items/{item.id}/guide-reviewed").status_code == 303
    assert browser.submit(f"/admin/items/{item.id}/deactivate").status_code == 303
    db.refresh(item)
    assert not item.active and item.guide_reviewed_on is not None


def test_department_head_gets_404_for_another_departments_item_page(db, org, sign_in):
    item = make_item(db, department=org.dept_b, name="别人的事项")
    browser = sign_in(org.head_a)
    assert browser.page(f"/admin/items/{item.id}").status_code == 404
    browser.page("/admin/items")
    response = browser.submit(f"/admin/items/{item.id}", _form(org, code=item.code, name="改掉"))
    assert response.status_code == 404
    assert browser.submit(f"/admin/items/{item.id}/deactivate").status_code == 404
    db.refresh(item)
    assert item.name == "别人的事项" and item.active


def test_department_head_cannot_create_in_another_department_page(db, org, sign_in):
    browser = sign_in(org.head_a)
    browser.page("/admin/items/new")
    before = _count(db)
    response = browser.submit("/admin/items/new", _form(org, department_id=str(org.dept_b.id)))
    assert response.status_code == 403
    assert _count(db) == before


def test_window_staff_sees_but_cannot_edit(db, org, sign_in):
    item = make_item(db, department=org.dept_a)
    browser = sign_in(org.clerk_a)
    page = browser.page(f"/admin/items/{item.id}")
    assert page.status_code == 200 and "保存</button>" not in page.text
    assert browser.page("/admin/items/new").status_code == 403


# --- API ---------------------------------------------------------------------------------------------------------

def _body(org, **overrides):
    body = {"code": "SC-9", "name": "食品经营许可", "department_id": org.dept_b.id, "statutory_limit_days": 20,
            "promised_limit_days": 0, "materials": [{"name": "申请书"}, {"name": "营业执照", "required": False}]}
    body.update(overrides)
    return body


def test_api_lifecycle(db, org, sign_in):
    api = sign_in(org.admin)
    created = api.api("POST", "/api/items", json=_body(org))
    assert created.status_code == 201, created.text
    data = created.json()
    assert data["immediate"] is True and [m["name"] for m in data["materials"]] == ["申请书", "营业执照"]
    item_id = data["id"]
    patched = api.api("PATCH", f"/api/items/{item_id}", json={"promised_limit_days": 5, "materials": [{"name": "申请书"}]})
    assert patched.status_code == 200 and patched.json()["version"] == 2 and len(patched.json()["materials"]) == 1
    listed = api.api("GET", "/api/items?q=食品").json()
    assert listed["total"] == 1 and listed["items"][0]["code"] == "SC-9"
    assert api.api("GET", f"/api/items/{item_id}").json()["promised_limit_days"] == 5
    assert api.api("POST", f"/api/items/{item_id}/deactivate").json()["active"] is False


def test_api_validation_error_has_code_field_and_message(db, org, sign_in):
    api = sign_in(org.admin)
    response = api.api("POST", "/api/items", json=_body(org, statutory_limit_days=3, promised_limit_days=9))
    assert response.status_code == 422
    assert response.json() == {"code": "validation_failed", "message": "承诺时限不得超过法定时限",
                               "field": "promised_limit_days"}


def test_api_scope_for_a_department_head(db, org, sign_in):
    other = make_item(db, department=org.dept_b, name="不许动")
    api = sign_in(org.head_a)
    before = _count(db)
    assert api.api("POST", "/api/items", json=_body(org)).status_code == 403
    assert api.api("GET", f"/api/items/{other.id}").status_code == 404
    assert api.api("PATCH", f"/api/items/{other.id}", json={"name": "改"}).status_code == 404
    assert api.api("POST", f"/api/items/{other.id}/deactivate").status_code == 404
    assert _count(db) == before
    db.refresh(other)
    assert other.name == "不许动" and other.active
    assert api.api("POST", "/api/items", json=_body(org, department_id=org.dept_a.id)).status_code == 201


def test_api_refuses_window_staff_writes(db, org, sign_in):
    api = sign_in(org.clerk_a)
    assert api.api("POST", "/api/items", json=_body(org, department_id=org.dept_a.id)).status_code == 403


def test_item_page_flags_a_stale_guide(db, org, sign_in):
    item = make_item(db, department=org.dept_a, guide_reviewed_on=dt.date(2018, 6, 1))
    browser = sign_in(org.admin)
    assert "指南待审核" in browser.page(f"/admin/items/{item.id}").text
    browser.submit(f"/admin/items/{item.id}/guide-reviewed")
    assert "指南待审核" not in browser.page(f"/admin/items/{item.id}").text


def test_a_blank_promised_limit_is_not_set_and_0_reads_immediate(db, org, sign_in):
    browser = sign_in(org.admin)
    browser.page("/admin/items/new")
    assert browser.submit("/admin/items/new", _form(org, promised_limit_days="")).status_code == 303
    item = db.scalar(select(ServiceItem).where(ServiceItem.code == "BDC-100"))
    assert item.promised_limit_days is None
    make_item(db, department=org.dept_a, code="JB-2", name="即办的事项", promised_limit_days=0)
    page = browser.page("/admin/items").text
    assert "未设定（按法定时限）" in page and "<td>即办</td>" in page and ">0 个工作日" not in page
    edit = browser.page(f"/admin/items/{item.id}").text
    assert 'name="promised_limit_days" type="number" value=""' in edit

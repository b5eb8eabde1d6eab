"""Items service: validation, scope of department heads, audit, materials, stale guides."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.fixtures.objects import make_center, make_department, make_item
from xiaoneng.audit.models import AuditRecord
from xiaoneng.errors import Forbidden, NotFound, ValidationFailed
from xiaoneng.items import service
from xiaoneng.items.models import ItemMaterial, ServiceItem
from xiaoneng.kit.scope import system_actor


def _count(db, model=ServiceItem):
    return db.scalar(select(func.count()).select_from(model))


def _create(db, actor, department, **overrides):
    args = dict(code="110101-001", name="不动产首次登记", department_id=department.id,
                legal_basis="《不动产登记暂行条例》第二十条", statutory_limit_days=30, promised_limit_days=5,
                materials=[{"name": "不动产登记申请书", "sample_text": "申请书填写示范"},
                           {"name": "身份证明", "copies": "复印件1份", "required": False}])
    args.update(overrides)
    return service.create_item(db, actor=actor, **args)


def test_admin_creates_an_item_with_materials_and_an_audit_record(db, org, admin):
    item = _create(db, admin, org.dept_a)
    assert item.center_id == org.center.id and item.version == 1 and item.active
    materials = service.item_materials(db, actor=admin, item_id=item.id)
    assert [(m.seq, m.name, m.copies, m.required) for m in materials] == [
        (1, "不动产登记申请书", "原件1份", True), (2, "身份证明", "复印件1份", False)]
    rec = db.scalar(select(AuditRecord).where(AuditRecord.action == "item.create"))
    assert rec.entity_id == str(item.id) and "不动产登记申请书" in rec.detail


@pytest.mark.parametrize("overrides, field, message", [
    ({"code": ""}, "code", "事项编码不能为空"),
    ({"name": "  "}, "name", "事项名称不能为空"),
    ({"department_id": None}, "department_id", "所属科室不能为空"),
    ({"statutory_limit_days": -1}, "statutory_limit_days", "法定时限须为不小于 0 的整数"),
    ({"promised_limit_days": "三天"}, "promised_limit_days", "承诺时限须为不小于 0 的整数"),
    ({"statutory_limit_days": 10, "promised_limit_days": 15}, "promised_limit_days", "承诺时限不得超过法定时限"),
    ({"guide_reviewed_on": "2025-02-30"}, "guide_reviewed_on", "日期格式不正确"),
    ({"materials": [{"name": ""}]}, "materials", "材料名称不能为空"),
])
def test_bad_input_names_the_field_and_creates_nothing(db, org, admin, overrides, field, message):
    before = _count(db)
    with pytest.raises(ValidationFailed) as exc:
        _create(db, admin, org.dept_a, **overrides)
    assert exc.value.field == field and message in exc.value.message
    assert _count(db) == before


def test_promised_limit_may_be_anything_when_the_law_sets_none(db, org, admin):
    item = _create(db, admin, org.dept_a, statutory_limit_days=0, promised_limit_days=10)
    assert item.promised_limit_days == 10


def test_duplicate_code_in_the_center_is_refused(db, org, admin):
    _create(db, admin, org.dept_a)
    with pytest.raises(ValidationFailed) as exc:
        _create(db, admin, org.dept_b, name="另一个")
    assert exc.value.field == "code" and "事项编码已存在" in exc.value.message


def test_same_code_in_another_center_is_fine(db, org, admin):
    other = make_department(db, center=make_center(db))
    make_item(db, department=other, code="110101-001")
    assert _create(db, admin, org.dept_a).code == "110101-001"


def test_department_of_another_center_is_refused(db, org, admin):
    other = make_department(db, center=make_center(db))
    with pytest.raises(ValidationFailed) as exc:
        _create(db, admin, other)
    assert exc.value.field == "department_id" and "不属于本中心" in exc.value.message


def test_department_head_creates_in_own_department_only(db, org, head_a):
    assert _create(db, head_a, org.dept_a).department_id == org.dept_a.id
    before = _count(db)
    with pytest.raises(Forbidden):
        _create(db, head_a, org.dept_b, code="X-2")
    assert _count(db) == before


def test_department_head_cannot_see_or_edit_another_departments_item(db, org, head_a):
    item = make_item(db, department=org.dept_b, name="营业执照办理")
    with pytest.raises(NotFound):
        service.get_item(db, actor=head_a, item_id=item.id)
    with pytest.raises(NotFound):
        service.update_item(db, actor=head_a, item_id=item.id, name="改名")
    with pytest.raises(NotFound):
        service.deactivate_item(db, actor=head_a, item_id=item.id)
    db.refresh(item)
    assert item.name == "营业执照办理" and item.active


def test_department_head_cannot_move_an_item_to_another_department(db, org, head_a):
    item = make_item(db, department=org.dept_a)
    with pytest.raises(Forbidden):
        service.update_item(db, actor=head_a, item_id=item.id, department_id=org.dept_b.id)
    db.refresh(item)
    assert item.department_id == org.dept_a.id


def test_window_staff_and_supervisors_cannot_write(db, org):
    from xiaoneng.auth.service import actor_for

    for staff in (org.clerk_a, org.supervisor):
        with pytest.raises(Forbidden):
            _create(db, actor_for(staff), org.dept_a)


def test_update_replaces_materials_raises_version_and_audits_the_change(db, org, admin):
    item = _create(db, admin, org.dept_a)
    service.update_item(db, actor=admin, item_id=item.id, promised_limit_days=3,
                        materials=[{"name": "不动产登记申请书"}, {"name": "权属来源证明", "copies": "原件1份"}])
    assert item.promised_limit_days == 3 and item.version == 2
    names = [m.name for m in service.item_materials(db, actor=admin, item_id=item.id)]
    assert names == ["不动产登记申请书", "权属来源证明"]
    rec = db.scalar(select(AuditRecord).where(AuditRecord.action == "item.update"))
    assert "promised_limit_days" in rec.detail and "权属来源证明" in rec.detail


def test_update_without_changes_writes_nothing(db, org, admin):
    item = _create(db, admin, org.dept_a)
    service.update_item(db, actor=admin, item_id=item.id, name=item.name)
    assert item.version == 1
    assert db.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "item.update")) == 0


def test_update_checks_the_limits_against_each_other(db, org, admin):
    item = _create(db, admin, org.dept_a)
    with pytest.raises(ValidationFailed) as exc:
        service.update_item(db, actor=admin, item_id=item.id, statutory_limit_days=4)
    assert exc.value.message == "承诺时限不得超过法定时限"
    db.refresh(item)
    assert item.statutory_limit_days == 30


def test_deactivated_items_leave_the_default_list(db, org, admin):
    item = _create(db, admin, org.dept_a)
    service.deactivate_item(db, actor=admin, item_id=item.id)
    assert service.list_items(db, actor=admin).total == 0
    assert service.list_items(db, actor=admin, include_inactive=True).total == 1
    service.activate_item(db, actor=admin, item_id=item.id)
    actions = list(db.scalars(select(AuditRecord.action).where(AuditRecord.entity == "service_item")
                              .order_by(AuditRecord.id)))
    assert actions == ["item.create", "item.deactivate", "item.activate"]


def test_list_searches_code_and_name_and_filters_by_department(db, org, admin):
    make_item(db, department=org.dept_a, code="BDC-001", name="不动产首次登记")
    make_item(db, department=org.dept_a, code="BDC-002", name="抵押登记")
    make_item(db, department=org.dept_b, code="SC-001", name="营业执照设立登记")
    assert service.list_items(db, actor=admin, q="登记").total == 3
    assert [i.code for i in service.list_items(db, actor=admin, q="BDC-00").items] == ["BDC-001", "BDC-002"]
    assert [i.code for i in service.list_items(db, actor=admin, department_id=org.dept_b.id).items] == ["SC-001"]
    page2 = service.list_items(db, actor=admin, per_page=2, page=2)
    assert page2.total == 3 and [i.code for i in page2.items] == ["SC-001"]


def test_window_staff_list_only_their_department(db, org):
    from xiaoneng.auth.service import actor_for

    make_item(db, department=org.dept_a, code="A1")
    make_item(db, department=org.dept_b, code="B1")
    assert [i.code for i in service.list_items(db, actor=actor_for(org.clerk_a)).items] == ["A1"]


def test_stale_guides_lists_never_and_long_unreviewed_active_items(db, org, admin):
    today = dt.date(2026, 3, 2)
    make_item(db, department=org.dept_a, code="FRESH", guide_reviewed_on=dt.date(2025, 12, 1))
    make_item(db, department=org.dept_a, code="EDGE", guide_reviewed_on=dt.date(2025, 3, 2))
    make_item(db, department=org.dept_a, code="OLD", guide_reviewed_on=dt.date(2024, 11, 5))
    make_item(db, department=org.dept_a, code="NEVER")
    make_item(db, department=org.dept_a, code="GONE", active=False)
    make_item(db, department=org.dept_b, code="OTHER", guide_reviewed_on=dt.date(2020, 1, 1))
    stale = service.stale_guides(db, actor=admin, today=today, max_days=365)
    assert [(s.item.code, s.days) for s in stale] == [("NEVER", None), ("OTHER", 2252), ("OLD", 482)]
    head = service.stale_guides(db, actor=_head(org), today=today, max_days=365)
    assert [s.item.code for s in head] == ["NEVER", "OLD"]
    assert service.count_stale_guides(db, actor=admin, today=today, max_days=365) == 3


def _head(org):
    from xiaoneng.auth.service import actor_for

    return actor_for(org.head_a)


def test_marking_the_guide_reviewed_clears_the_alert(db, org, admin):
    item = make_item(db, department=org.dept_a, guide_reviewed_on=dt.date(2020, 5, 1))
    service.mark_guide_reviewed(db, actor=admin, item_id=item.id, on=dt.date(2026, 1, 10))
    assert item.guide_reviewed_on == dt.date(2026, 1, 10)
    assert service.stale_guides(db, actor=admin, today=dt.date(2026, 3, 1), max_days=365) == []
    rec = db.scalar(select(AuditRecord).where(AuditRecord.action == "item.guide_reviewed"))
    assert "2020-05-01" in rec.detail and "2026-01-10" in rec.detail


def test_future_review_date_is_refused(db, org, admin, clock):
    item = make_item(db, department=org.dept_a)
    with pytest.raises(ValidationFailed) as exc:
        service.mark_guide_reviewed(db, actor=admin, item_id=item.id, on=clock.today() + dt.timedelta(days=5))
    assert exc.value.field == "guide_reviewed_on"


def test_system_actor_works_within_its_center(db, org):
    item = _create(db, system_actor(org.center.id), org.dept_a)
    assert item.center_id == org.center.id
    assert _count(db, ItemMaterial) >= 2

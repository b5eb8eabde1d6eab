"""The demo district: the 128 points of S3, departments with heads and windows, 300+ items, 200+ staff."""

import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import func, select

from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.demo import builder
from xiaoneng.errors import Conflict
from xiaoneng.items.models import ItemMaterial, ServiceItem
from xiaoneng.items.rules import guide_is_stale, limits_problem
from xiaoneng.org.models import Center, Department, ServicePoint, Staff, Window


def _gov(db) -> Center:
    return db.scalar(select(Center).where(Center.code == builder.CENTER_CODE))


def test_government_center_has_the_128_points_of_s3(db, demo):
    gov = _gov(db)
    types = Counter(db.scalars(select(ServicePoint.point_type).where(ServicePoint.center_id == gov.id)))
    assert types == {"区级大厅": 3, "街道综合便民服务中心": 15, "社区便民服务室": 66, "智能自助政务服务点": 44}
    assert sum(types.values()) == 128


def test_community_rooms_belong_to_street_centers_and_every_point_has_an_address(db, demo):
    points = {p.id: p for p in db.scalars(select(ServicePoint))}
    rooms = [p for p in points.values() if p.point_type == "社区便民服务室"]
    assert all(points[p.parent_id].point_type == "街道综合便民服务中心" for p in rooms)
    assert all(p.name.endswith("社区便民服务室") for p in rooms)
    assert all(p.address.startswith("锦城新区") for p in points.values())
    assert len({p.name for p in points.values()}) == len(points)


def test_trading_center_has_its_areas_and_departments(db, demo):
    trading = db.scalar(select(Center).where(Center.code == builder.TRADING_CENTER_CODE))
    assert trading.name == "锦城新区公共资源交易中心"
    types = set(db.scalars(select(ServicePoint.point_type).where(ServicePoint.center_id == trading.id)))
    assert types == {"服务大厅", "开标区", "评标区"}
    names = set(db.scalars(select(Department.name).where(Department.center_id == trading.id)))
    assert {"交易服务科", "综合服务科", "信息技术科"} <= names


def test_every_department_has_one_head_and_windows_with_staff(db, demo):
    departments = list(db.scalars(select(Department)))
    assert len([d for d in departments if d.center_id == _gov(db).id]) >= 20
    heads = Counter(db.scalars(select(Staff.department_id).where(Staff.role == Role.DEPT_HEAD)))
    windows = Counter(db.scalars(select(Window.department_id)))
    staffed = set(db.scalars(select(Staff.window_id).where(Staff.role == Role.WINDOW_STAFF)))
    for dept in departments:
        assert heads[dept.id] == 1, dept.name
        assert windows[dept.id] >= 1, dept.name
    assert set(db.scalars(select(Window.id))) <= staffed


def test_windows_sit_in_halls_of_their_own_center(db, demo):
    rows = db.execute(select(Window, ServicePoint).join(ServicePoint, ServicePoint.id == Window.service_point_id)).all()
    assert len(rows) == db.scalar(select(func.count()).select_from(Window))
    for window, point in rows:
        assert window.center_id == point.center_id
        assert point.point_type in ("区级大厅", "服务大厅")


def test_items_are_complete_and_promise_no_more_than_the_law(db, demo):
    items = list(db.scalars(select(ServiceItem)))
    assert len([i for i in items if i.center_id == _gov(db).id]) >= 300
    departments = {d.id: d.center_id for d in db.scalars(select(Department))}
    required = Counter(db.scalars(select(ItemMaterial.item_id).where(ItemMaterial.required.is_(True))))
    for item in items:
        assert departments[item.department_id] == item.center_id
        assert 2 <= required[item.id] <= 6, item.name
        assert limits_problem(item.statutory_limit_days, item.promised_limit_days) is None, item.name
        assert item.promised_limit_days <= item.statutory_limit_days or item.statutory_limit_days == 0
        assert item.legal_basis.startswith("《") and item.procedure and item.fees
    assert len({(i.center_id, i.name) for i in items}) == len(items)
    assert any(i.promised_limit_days == 0 for i in items), "some 即办件"
    assert any(i.online for i in items) and any(not i.online for i in items)


def test_materials_carry_sample_text(db, demo):
    materials = list(db.scalars(select(ItemMaterial)))
    assert materials and all(m.sample_text and m.copies for m in materials)


def test_some_guides_are_stale_on_the_day_of_the_build(db, demo):
    reviewed = list(db.scalars(select(ServiceItem.guide_reviewed_on)))
    stale = [d for d in reviewed if guide_is_stale(d, today=demo.today, max_days=365)]
    assert 0 < len(stale) < len(reviewed) / 2
    assert max(reviewed) < demo.today


def test_staff_roles_and_fake_contact_data(db, demo):
    staff = list(db.scalars(select(Staff)))
    assert len(staff) >= 200
    roles = Counter(s.role for s in staff)
    assert 3 <= roles[Role.SUPERVISOR] <= 5
    assert 2 <= roles[Role.DIRECTOR] <= 3
    assert roles[Role.ADMIN] == 2
    assert roles[Role.WINDOW_STAFF] > len(staff) / 2
    assert len({s.full_name for s in staff}) == len(staff)
    assert all(2 <= len(s.full_name) <= 3 for s in staff)
    assert all(len(s.phone) == 11 and s.phone[3:7] == "0000" for s in staff)
    assert all(s.username and s.password_hash for s in staff)
    assert len({s.password_hash for s in staff}) == len(builder.DEMO_ACCOUNTS)


def test_build_is_audited_once_with_counts(db, demo):
    records = list(db.scalars(select(AuditRecord).where(AuditRecord.action == "demo.build")))
    assert len(records) == 1
    assert '"items":' in records[0].detail and f'"seed":{demo.seed}' in records[0].detail.replace(" ", "")
    assert records[0].center_id == _gov(db).id


def test_second_build_is_refused(db, demo):
    with pytest.raises(Conflict):
        builder.build(db, seed=1, steps=builder.ORGANISATION_STEPS)


def test_a_later_step_sees_the_created_objects(db):
    seen = {}

    def count_things(session, ctx):
        seen.update(items=len(ctx.items), staff=len(ctx.staff), today=ctx.today, reference=ctx.reference_date,
                    departments=sorted(ctx.departments)[:1], draw=ctx.rng.random())

    steps = [*builder.ORGANISATION_STEPS, count_things]
    builder.build(db, seed=7, today=dt.date(2026, 3, 2), steps=steps)
    assert seen["items"] >= 300 and seen["staff"] >= 200
    assert seen["today"] == dt.date(2026, 3, 2) and seen["reference"] == dt.date(2026, 3, 1)
    assert 0 <= seen["draw"] < 1


def test_taken_username_refuses_the_build(db):
    from tests.fixtures.objects import make_staff

    make_staff(db, role=Role.ADMIN, username="head_scjg")
    with pytest.raises(Conflict) as refused:
        builder.build(db, seed=1, steps=builder.ORGANISATION_STEPS)
    assert "head_scjg" in refused.value.message

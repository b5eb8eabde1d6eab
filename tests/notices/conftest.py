import datetime as dt

import pytest

from tests.fixtures.objects import make_case, make_center, make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.items.models import ItemMaterial
from xiaoneng.kit.clock import TZ

RECEIVED = dt.datetime(2026, 11, 16, 9, 30, tzinfo=TZ)  # a Monday
AT = dt.datetime(2026, 11, 16, 10, 0, tzinfo=TZ)

MATERIALS = (  # name, copies, sample text, required
    ("食品经营许可申请书", "原件1份", "见《食品经营许可申请书（示范文本）》", True),
    ("营业执照", "复印件1份", "", True),
    ("法定代表人身份证明", "复印件1份", "", True),
    ("食品安全管理制度", "原件1份", "含进货查验、从业人员健康管理制度", True),
    ("委托书", "原件1份", "委托他人办理时提交", False),
)


def make_food_item(db, department, code="SCJG-001"):
    item = make_item(db, department=department, materials=0, name="食品经营许可（新办）", code=code,
                     legal_basis="《中华人民共和国食品安全法》第三十五条", statutory_limit_days=10,
                     promised_limit_days=5, procedure="申请—受理—审查—决定", fees="不收费")
    for seq, (name, copies, sample, required) in enumerate(MATERIALS, start=1):
        db.add(ItemMaterial(item_id=item.id, seq=seq, name=name, copies=copies, sample_text=sample,
                            required=required))
    db.flush()
    return item


@pytest.fixture
def hall(db):
    return build_hall(db)


def build_hall(db) -> dict:
    """锦城新区政务服务中心 with 市场监管科 (its clerk 张伟 at window A01, its head) and 社保科 (its clerk and head), a
    supervisor, a director and an admin; the item 食品经营许可 with five materials and a case received at A01."""
    center = make_center(db, name="锦城新区政务服务中心")
    market = make_department(db, center=center, name="市场监管科")
    social = make_department(db, center=center, name="社保科")
    window = make_window(db, department=market, name="A01 综合受理窗口")
    people = {
        "clerk": make_staff(db, department=market, window_id=window.id, full_name="张伟"),
        "colleague": make_staff(db, department=market, full_name="王芳"),
        "head": make_staff(db, role=Role.DEPT_HEAD, department=market, full_name="李科长"),
        "other_clerk": make_staff(db, department=social, full_name="陈静"),
        "other_head": make_staff(db, role=Role.DEPT_HEAD, department=social, full_name="钱科长"),
        "supervisor": make_staff(db, role=Role.SUPERVISOR, center=center, full_name="赵监察"),
        "director": make_staff(db, role=Role.DIRECTOR, center=center, full_name="孙主任"),
        "admin": make_staff(db, role=Role.ADMIN, center=center, full_name="吴管理"),
    }
    item = make_food_item(db, market)
    case = make_case(db, item=item, window=window, handler=people["clerk"], received_at=RECEIVED,
                     applicant_name="成都锦程餐饮管理有限公司", applicant_type="organisation",
                     applicant_phone="13912345678")
    materials = {m.name: m for m in db.query(ItemMaterial).filter_by(item_id=item.id)}
    return {"center": center, "market": market, "social": social, "window": window, "item": item, "case": case,
            "materials": materials, **people}


def missing(material, reason=""):
    return {"material_id": material.id, "problem": "missing", "reason": reason}


def noncompliant(material, reason):
    return {"material_id": material.id, "problem": "noncompliant", "reason": reason}

"""The same seed builds the same district; another seed builds another one."""

from sqlalchemy import select

from xiaoneng.demo import builder
from xiaoneng.items.models import ServiceItem
from xiaoneng.org.models import ServicePoint, Staff


def _snapshot(db, seed):
    nested = db.begin_nested()
    builder.build(db, seed=seed, steps=builder.ORGANISATION_STEPS)
    snapshot = {
        "staff": list(db.execute(select(Staff.staff_no, Staff.full_name, Staff.phone, Staff.window_id.is_(None))
                                 .order_by(Staff.staff_no))),
        "points": list(db.scalars(select(ServicePoint.address).order_by(ServicePoint.code))),
        "items": list(db.execute(select(ServiceItem.code, ServiceItem.promised_limit_days, ServiceItem.online,
                                        ServiceItem.guide_reviewed_on).order_by(ServiceItem.code))),
    }
    nested.rollback()
    return snapshot


def test_same_seed_same_district(db):
    assert _snapshot(db, 42) == _snapshot(db, 42)


def test_other_seed_other_names(db):
    first, second = _snapshot(db, 42), _snapshot(db, 43)
    assert [s[1] for s in first["staff"]] != [s[1] for s in second["staff"]]
    assert first["items"] != second["items"]

"""A center's calendar change (an override of one day) counts the deadlines of complaints awaiting their answer
again, over the real 2025-2026 holidays and make-up days; answered ones and dates given by the 12345 platform stay."""

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.complaints.conftest import register
from xiaoneng.audit.models import AuditRecord
from xiaoneng.calendar import service as calendar
from xiaoneng.complaints import service
from xiaoneng.complaints.models import Complaint
from xiaoneng.kit.clock import TZ

D = dt.date


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), TZ)


# (type, received, due as published, the day the center changes, working?, due after the change)
ROWS = [
    # 咨询 3 working days over 国庆 2026 (10/1-10/7 rest): 10/8, 10/9 and the make-up Saturday 10/10.
    ("consult", D(2026, 9, 30), D(2026, 10, 10), D(2026, 10, 9), False, D(2026, 10, 12)),
    # The Saturday before 春节 2026 is a make-up day (2/14); 2/16-2/23 rest, 2/28 a make-up Saturday again.
    ("complaint", D(2026, 2, 11), D(2026, 3, 6), D(2026, 2, 14), False, D(2026, 3, 9)),
    # 求助 3 days from Friday 2025-09-26: the make-up Sunday 9/28, then 9/29 and 9/30; 9/29 closed runs past 国庆.
    ("help", D(2025, 9, 26), D(2025, 9, 30), D(2025, 9, 29), False, D(2025, 10, 9)),
    # A Sunday the center opens (2026-10-11) brings a deadline forward.
    ("consult", D(2026, 10, 9), D(2026, 10, 13), D(2026, 10, 11), True, D(2026, 10, 12)),
    # 建议 13 days from 2025-12-29 over 元旦 2026 (1/1-1/2 rest, Sunday 1/4 worked).
    ("suggest", D(2025, 12, 29), D(2026, 1, 16), D(2026, 1, 4), False, D(2026, 1, 19)),
]


@pytest.mark.parametrize("kind, received, due, day, working, moved", ROWS)
def test_due_day_counted_again(db, hall, kind, received, due, day, working, moved):
    c = register(db, hall, kind=kind, received_at=_at(received))
    assert (c.due_from, c.due_days, c.due_on) == (received, 3 if kind in ("consult", "help") else 13, due)
    calendar.add_override(db, actor=hall["as"]["admin"], day=day, working=working, reason="区里统一安排")
    db.refresh(c)
    assert c.due_on == moved
    audit = db.scalar(select(AuditRecord).where(AuditRecord.action == "calendar.recompute",
                                                AuditRecord.entity == "complaint").order_by(AuditRecord.id.desc()))
    assert json.loads(audit.detail)["moved"] == 1


def test_sign_for_day_moves_and_answered_or_given_dates_stay(db, hall):
    waiting = register(db, hall, kind="consult", received_at=_at(D(2026, 9, 30)))
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=waiting.id, department_id=hall["land"].id,
                   now=_at(D(2026, 9, 30)))
    assert waiting.sign_by == D(2026, 10, 8)
    answered = register(db, hall, kind="consult", received_at=_at(D(2026, 9, 30)), complainant_phone="13900139000",
                        content="咨询食品经营许可证核发需要准备哪些材料，网上能否办理。")
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=answered.id, department_id=hall["land"].id)
    service.sign(db, actor=hall["as"]["head"], complaint_id=answered.id)
    service.answer(db, actor=hall["as"]["head"], complaint_id=answered.id, text="已电话答复诉求人，说明办理流程。",
                   method="phone")
    given = register(db, hall, kind="consult", received_at=_at(D(2026, 9, 30)), complainant_phone="13700137000",
                     content="12345转来：咨询新生儿落户是否可以在街道便民服务中心办理。")
    given.due_from = given.due_days = None  # a 12345 work order's 办理时限, as the platform set it
    db.flush()
    calendar.add_override(db, actor=hall["as"]["admin"], day=D(2026, 10, 8), working=False, reason="区里统一安排")
    for c in (waiting, answered, given):
        db.refresh(c)
    assert (waiting.sign_by, waiting.due_on) == (D(2026, 10, 9), D(2026, 10, 12))
    assert answered.due_on == D(2026, 10, 10) and given.due_on == D(2026, 10, 10)


def test_imported_orders_counted_in_working_days_are_counted_again(db, hall):
    from tests.complaints.hotline_files import csv_bytes

    rows = [["GD1", "2026-09-30 09:00:00", "", "", "咨询", "咨询不动产过户需要哪些材料", "区不动产登记中心", ""],
            ["GD2", "2026-09-30 09:05:00", "", "", "咨询", "咨询食品经营许可证核发的材料", "SCJG", "2026-10-10"]]
    service.import_orders(db, actor=hall["as"]["supervisor"], filename="o.csv", data=csv_bytes(rows))
    counted, given = (db.scalar(select(Complaint).where(Complaint.source_number == n)) for n in ("GD1", "GD2"))
    assert (counted.due_from, counted.due_days, counted.due_on) == (D(2026, 9, 30), 3, D(2026, 10, 10))
    assert (given.due_from, given.due_days, given.due_on) == (None, None, D(2026, 10, 10))
    calendar.add_override(db, actor=hall["as"]["admin"], day=D(2026, 10, 9), working=False, reason="区里统一安排")
    db.refresh(counted)
    db.refresh(given)
    assert (counted.due_on, given.due_on) == (D(2026, 10, 12), D(2026, 10, 10))

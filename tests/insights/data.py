"""A hall with six months of steady ratings and complaints and a seventh (October 2026) in which 不动产登记科's bad
reviews rise at one window and 市场监管科's complaints about the online system rise: rows written directly."""

from __future__ import annotations

import datetime as dt
import itertools

from tests.disclosure.data import at, make_hall
from xiaoneng.complaints.models import Complaint
from xiaoneng.ratings.models import Rating

MONTHS = [dt.date(2026, m, 1) for m in range(4, 11)]  # April … October
PERIOD = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))
_seq = itertools.count(1)


def ratings(db, hall, dept, window, staff, item, month: dt.date, total: int, bad: int, bad_comment: str = "") -> None:
    rows = []
    for i in range(total):
        day = month + dt.timedelta(days=i % 28)
        is_bad = i < bad
        n = next(_seq)
        rows.append(Rating(center_id=dept.center_id, department_id=dept.id, window_id=window.id, staff_id=staff.id,
                           item_id=item.id, channel="window_device", level=1 if is_bad else 5, is_bad=is_bad,
                           is_default=False, indicators={}, comment=bad_comment if is_bad else "办理很快，很满意",
                           rater_key=f"r{n}", rated_at=at(day, 11), rated_on=day))
    db.add_all(rows)


def complaints(db, dept, month: dt.date, count: int, topic: str, content: str) -> None:
    for i in range(count):
        day = month + dt.timedelta(days=(i * 3) % 28)
        n = next(_seq)
        db.add(Complaint(center_id=dept.center_id, number=f"TS{day:%Y%m%d}{n:04d}", channel="hotline",
                         kind="complaint", content=content, received_at=at(day, 10), received_on=day, topic=topic,
                         department_id=dept.id))


def risen_hall(db):
    hall = make_hall(db)
    for month in MONTHS:
        october = month == MONTHS[-1]
        ratings(db, hall, hall.dept_a, hall.window_a, hall.clerk_a, hall.item_a, month, 60, 15 if october else 3,
                "排队两个小时，窗口人员态度差，很不满意")
        ratings(db, hall, hall.dept_b, hall.window_b, hall.clerk_b, hall.item_b, month, 60, 3,
                "材料清单不清楚，跑了两次")
        complaints(db, hall.dept_b, month, 12 if october else 1, "系统与网办",
                   "网上申报系统一直登录不上，上传不了材料")
        complaints(db, hall.dept_b, month, 1, "服务态度", "窗口人员态度生硬")
    db.flush()
    return hall

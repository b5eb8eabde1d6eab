"""A breach of a duty system as a domain hands it to the supervisors' breach list (supervision/).

Each domain that can be breached offers `breaches(session, *, actor, start, end) -> list[Breach]` over the days
[start, end], scoped to the actor; the list gathers them, so that it knows no domain's tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Breach:
    kind: str  # the breach list's filter value, e.g. "referral_overdue"
    kind_label: str  # what people read: 转办超期
    day: dt.date  # when it happened (or fell due)
    center_id: int
    department_id: int | None
    department_name: str
    staff_id: int | None  # whom it concerns
    staff_name: str
    summary: str  # one line in Chinese naming the record: "转办 ZB20261118-0003 超期未答复（应于11月20日前答复）"
    link: str  # the page of the record

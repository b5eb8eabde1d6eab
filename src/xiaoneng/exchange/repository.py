"""Streaming queries of the exchange export: ratings and cases of a period with the codes the platform expects."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from xiaoneng.cases.models import Case, CaseStep
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit.scope import Actor, scoped
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.ratings.models import Rating
from xiaoneng.rectification.models import Rectification

BATCH = 1000


def rating_rows(session: Session, *, actor: Actor, start: dt.date, end: dt.date) -> Iterator:
    """Ratings given from `start` to `end` (local days), oldest first, fetched in batches."""
    stmt = (
        select(
            Rating.id.label("rating_id"), Rating.channel, Rating.social_source, Rating.level, Rating.indicators,
            Rating.comment, Rating.is_default, Rating.rated_at, Rating.rater_name, Rating.rater_phone,
            Case.number.label("case_number"), Case.external_ref, Case.applicant_type, Case.received_at,
            Case.completed_at.label("case_completed_at"), CaseStep.name.label("step_name"),
            CaseStep.completed_at.label("step_completed_at"),
            ServiceItem.code.label("item_code"), ServiceItem.version.label("item_version"),
            ServiceItem.name.label("item_name"), Department.code.label("department_code"),
            Department.name.label("department_name"), Window.code.label("window_code"),
            Staff.staff_no, Staff.full_name.label("staff_name"), Rectification.status.label("rectification_status"),
        )
        .outerjoin(Case, Case.id == Rating.case_id)
        .outerjoin(CaseStep, CaseStep.id == Rating.step_id)
        .outerjoin(ServiceItem, ServiceItem.id == Rating.item_id)
        .outerjoin(Department, Department.id == Rating.department_id)
        .outerjoin(Window, Window.id == Rating.window_id)
        .outerjoin(Staff, Staff.id == Rating.staff_id)
        .outerjoin(Rectification, Rectification.rating_id == Rating.id)
        .where(Rating.rated_on >= start, Rating.rated_on <= end)
        .order_by(Rating.rated_on, Rating.id)
    )
    stmt = scoped(stmt, Rating, actor)
    yield from session.execute(stmt.execution_options(yield_per=BATCH))


def case_rows(session: Session, *, actor: Actor, start: dt.date, end: dt.date, tz: dt.tzinfo) -> Iterator:
    """Cases received or completed from `start` to `end` (local days), oldest first, fetched in batches."""
    handler = aliased(Staff)
    first = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    after = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    stmt = (
        select(
            Case.number.label("case_number"), Case.external_ref, Case.applicant_type, Case.origin, Case.received_at,
            Case.accepted_at, Case.completed_at, Case.limit_days, Case.due_on, Case.status, Case.overdue,
            Case.clock_status,
            ServiceItem.code.label("item_code"), ServiceItem.version.label("item_version"),
            ServiceItem.name.label("item_name"), Department.code.label("department_code"),
            Department.name.label("department_name"), Window.code.label("window_code"),
            handler.staff_no,
        )
        .join(ServiceItem, ServiceItem.id == Case.item_id)
        .join(Department, Department.id == Case.department_id)
        .outerjoin(Window, Window.id == Case.window_id)
        .outerjoin(handler, handler.id == Case.handler_id)
        .where(or_(and_(Case.received_at >= first, Case.received_at < after),
                   and_(Case.completed_on >= start, Case.completed_on <= end)))
        .order_by(Case.received_at, Case.id)
    )
    stmt = scoped(stmt, Case, actor)
    yield from session.execute(stmt.execution_options(yield_per=BATCH))

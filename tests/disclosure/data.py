"""Builders of cases, ratings and rectifications as table rows, shared by the disclosure, rankings and exchange tests."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from sqlalchemy.orm import Session

from tests.fixtures.objects import make_center, make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.cases.models import Case, CaseOrigin, CaseStatus, CaseStep
from xiaoneng.items.models import ServiceItem
from xiaoneng.org.models import Center, Department, Staff, Window
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.rules import Level
from xiaoneng.rectification.models import Rectification

_seq = itertools.count(1)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


def make_case_row(db: Session, *, item: ServiceItem, window: Window | None = None, handler: Staff | None = None,
                  received_on: dt.date, completed_on: dt.date | None = None, origin: str = CaseOrigin.WINDOW,
                  applicant_type: str = "person", **overrides) -> Case:
    n = next(_seq)
    case = Case(
        center_id=item.center_id, department_id=item.department_id, item_id=item.id,
        window_id=window.id if window else None, handler_id=handler.id if handler else None,
        number=overrides.pop("number", f"BJ2026{n:06d}"), origin=origin,
        status=CaseStatus.COMPLETED if completed_on else CaseStatus.ACCEPTED, applicant_type=applicant_type,
        applicant_name=overrides.pop("applicant_name", "王建国"), received_at=at(received_on, 9),
        completed_at=at(completed_on, 16) if completed_on else None, completed_on=completed_on,
        limit_days=item.promised_limit_days, **overrides,
    )
    db.add(case)
    db.flush()
    step = CaseStep(case_id=case.id, center_id=case.center_id, department_id=case.department_id, seq=1,
                    name="窗口办理", window_id=case.window_id, handler_id=case.handler_id,
                    completed_at=case.completed_at, completed_on=completed_on)
    db.add(step)
    db.flush()
    return case


def make_rating_row(db: Session, *, department: Department, level: int, rated_on: dt.date,
                    item: ServiceItem | None = None, window: Window | None = None, staff: Staff | None = None,
                    case: Case | None = None, channel: str = "window_device", is_default: bool = False,
                    comment: str = "", rater_name: str = "", rater_phone: str = "", real_name: bool = False,
                    indicators: dict | None = None) -> Rating:
    n = next(_seq)
    step_id = None
    if case is not None:
        step_id = db.query(CaseStep.id).filter(CaseStep.case_id == case.id).scalar()
    rating = Rating(
        center_id=department.center_id, department_id=department.id, window_id=window.id if window else None,
        staff_id=staff.id if staff else None, item_id=item.id if item else None,
        case_id=case.id if case else None, step_id=step_id,
        channel="default" if is_default else channel, level=level, is_bad=Level(level).is_bad, is_default=is_default,
        indicators=indicators or {}, comment=comment, rater_key=f"rater-{n}", real_name=real_name,
        rater_name=rater_name, rater_phone=rater_phone, rated_at=at(rated_on, 11), rated_on=rated_on,
    )
    db.add(rating)
    db.flush()
    return rating


def make_rectification_row(db: Session, rating: Rating, *, status: str = "open", measures: str = "",
                           explanation: str = "", path: str = "", withheld: bool = False,
                           excluded: bool = False) -> Rectification:
    rect = Rectification(
        center_id=rating.center_id, department_id=rating.department_id, window_id=rating.window_id,
        staff_id=rating.staff_id, item_id=rating.item_id, rating_id=rating.id, real_name=rating.real_name,
        status=status, received_on=rating.rated_on, contact_due=rating.rated_on + dt.timedelta(days=1),
        rectify_due=rating.rated_on + dt.timedelta(days=7), measures=measures, explanation=explanation, path=path,
        withheld=withheld, excluded=excluded,
    )
    db.add(rect)
    db.flush()
    return rect


@dataclass
class Hall:
    """One center with two departments, a window and a clerk in each, and the roles that read rankings."""

    center: Center
    dept_a: Department
    dept_b: Department
    window_a: Window
    window_b: Window
    item_a: ServiceItem
    item_b: ServiceItem
    clerk_a: Staff
    clerk_b: Staff
    head_a: Staff
    admin: Staff
    supervisor: Staff
    director: Staff


def make_hall(db: Session, **center_overrides) -> Hall:
    center = make_center(db, **center_overrides)
    dept_a = make_department(db, center=center, code="BDC", name="不动产登记科")
    dept_b = make_department(db, center=center, code="SCJG", name="市场监管科")
    window_a = make_window(db, department=dept_a, name="不动产1号窗口")
    window_b = make_window(db, department=dept_b, name="市场监管2号窗口")
    return Hall(
        center=center, dept_a=dept_a, dept_b=dept_b, window_a=window_a, window_b=window_b,
        item_a=make_item(db, department=dept_a, name="不动产抵押登记"),
        item_b=make_item(db, department=dept_b, name="个体工商户设立登记"),
        clerk_a=make_staff(db, role=Role.WINDOW_STAFF, department=dept_a, window_id=window_a.id, full_name="李秀英"),
        clerk_b=make_staff(db, role=Role.WINDOW_STAFF, department=dept_b, window_id=window_b.id, full_name="赵志强"),
        head_a=make_staff(db, role=Role.DEPT_HEAD, department=dept_a, full_name="孙科长"),
        admin=make_staff(db, role=Role.ADMIN, center=center, full_name="周管理"),
        supervisor=make_staff(db, role=Role.SUPERVISOR, center=center, full_name="吴监察"),
        director=make_staff(db, role=Role.DIRECTOR, center=center, full_name="郑主任"),
    )

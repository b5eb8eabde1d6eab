"""Every domain's tables, imported in one place for Alembic and the tests."""

from xiaoneng.audit.models import AuditChainHead, AuditRecord  # noqa: F401
from xiaoneng.auth.models import SignInThrottle  # noqa: F401
from xiaoneng.calendar.models import CalendarDay, CalendarOverride, CalendarYear  # noqa: F401
from xiaoneng.db import Base  # noqa: F401
from xiaoneng.items.models import ItemMaterial, ServiceItem  # noqa: F401
from xiaoneng.org.models import Center, Department, ServicePoint, Staff, Window  # noqa: F401
from xiaoneng.cases.models import Case, CaseEvent, CaseStep  # noqa: F401
from xiaoneng.jobs.models import JobRun, ScheduledJob  # noqa: F401
from xiaoneng.notifications.models import Notification, OutboundMessage  # noqa: F401
from xiaoneng.ratings.models import IndicatorSet, Rating, RatingFollowUp, RatingSettings  # noqa: F401
from xiaoneng.rectification.models import ConcentrationAlert, ContactLog, LoopSettings, Rectification  # noqa: F401
from xiaoneng.duty.models import Absence, ActingAction, DutyPost, Handover, LeaveRefusal, PostProxy  # noqa: F401
from xiaoneng.inquiries.models import Inquiry, InquirySettings, Referral  # noqa: F401
from xiaoneng.conduct.models import Finding, PhraseSet, ScanMark  # noqa: F401
from xiaoneng.attendance.models import PunchRecord  # noqa: F401
from xiaoneng.inspections.models import (  # noqa: F401
    Indicator, InspectionFinding, InspectionSettings, Inspector, PhoneCheck, Photo, Plan, PointUnit, Reinspection,
    Result, TypeBudget, Visit,
)

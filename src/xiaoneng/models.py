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
from xiaoneng.attendance.models import AttendanceImport, PunchRecord, SpotCheck, SpotCheckEntry  # noqa: F401
from xiaoneng.notices.models import CaseNotice, NoticeCounter, NoticeSettings  # noqa: F401
from xiaoneng.supervision.models import SupervisionNotice, SupervisionSettings  # noqa: F401
from xiaoneng.letters.models import Letter, LetterCounter, LetterSettings  # noqa: F401
from xiaoneng.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse  # noqa: F401
from xiaoneng.complaints.models import Complaint, ComplaintEvent, ComplaintEvidence, ComplaintNumber, ComplaintSettings, ComplaintUrge  # noqa: F401
from xiaoneng.inspections.models import (  # noqa: F401
    Indicator, InspectionFinding, InspectionSettings, Inspector, PhoneCheck, Photo, Plan, PointUnit, Reinspection,
    Result, TypeBudget, Visit,
)
from xiaoneng.reports.models import Report  # noqa: F401
from xiaoneng.dashboards.models import DashboardCenterDay, DashboardDay, DashboardRollup  # noqa: F401
from xiaoneng.insights.models import AnomalyWarning, HotTopic, InsightRun  # noqa: F401

"""Every domain's tables, imported in one place for Alembic and the tests."""

from xiaoneng.audit.models import AuditChainHead, AuditRecord  # noqa: F401
from xiaoneng.calendar.models import CalendarDay, CalendarOverride, CalendarYear  # noqa: F401
from xiaoneng.db import Base  # noqa: F401
from xiaoneng.items.models import ItemMaterial, ServiceItem  # noqa: F401
from xiaoneng.org.models import Center, Department, ServicePoint, Staff, Window  # noqa: F401

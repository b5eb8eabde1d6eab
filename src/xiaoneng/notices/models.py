"""Tables of notices: each 一次性告知书 / 不予受理告知书 issued with a snapshot of what it says, the per-center and
per-year counter its number comes from, and the center's number prefix."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin


class CaseNotice(Base):
    """A notice as issued. `snapshot` holds what it says (item, basis, limit, procedure, every material with its
    status and reason, the refusal's reasons), so that a later edit of the item does not change a printed notice."""

    __tablename__ = "case_notice"
    __table_args__ = (
        UniqueConstraint("center_id", "year", "seq"),
        UniqueConstraint("case_id", "case_seq"),
        # The violations list: a center's (or a department's) notices by day.
        Index("ix_case_notice_center_issued_on", "center_id", "issued_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), index=True)  # the case's
    case_id: Mapped[int] = mapped_column(ForeignKey("service_case.id", ondelete="CASCADE"), index=True)
    case_seq: Mapped[int]  # 1, 2, … within the case: the n of its documents' addresses
    case_number: Mapped[str] = mapped_column(String(40))  # the case's 办件编号, for searching the lists
    year: Mapped[int]
    seq: Mapped[int]  # within the center and the year, gap-free
    number: Mapped[str] = mapped_column(String(40))  # 锦政服告〔2026〕第0001号
    kind: Mapped[str] = mapped_column(String(16))  # notices.rules.NoticeKind
    issued_at: Mapped[dt.datetime]
    issued_on: Mapped[dt.date]  # local day
    handler_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    snapshot: Mapped[dict] = mapped_column(JSON)
    # 补正 notices after the first: the materials no earlier notice named (a violation when not empty), and the
    # case's first notice, the one that should have named them.
    new_materials: Mapped[list] = mapped_column(JSON, default=list)
    violation: Mapped[bool] = mapped_column(default=False)  # new_materials is not empty
    first_notice_id: Mapped[int | None] = mapped_column(ForeignKey("case_notice.id"))


class NoticeCounter(Base):
    """The last sequence number given in a center and year; incremented in the notice's own transaction."""

    __tablename__ = "notice_counter"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(default=0)


class NoticeSettings(TimestampMixin, Base):
    """The center's number prefix (锦政服告), edited by its admin."""

    __tablename__ = "notice_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    notice_prefix: Mapped[str] = mapped_column(String(16))

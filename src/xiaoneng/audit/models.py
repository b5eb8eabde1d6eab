"""Tables of the audit chain."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base


class AuditRecord(Base):
    __tablename__ = "audit_record"

    id: Mapped[int] = mapped_column(primary_key=True)  # the chain's sequence number
    at: Mapped[dt.datetime]
    ip: Mapped[str] = mapped_column(String(64), default="")
    operator_id: Mapped[int | None]
    operator: Mapped[str] = mapped_column(String(64), default="")
    center_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64), index=True)
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(Text, default="{}")  # canonical JSON
    prev_digest: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """One row naming the last record, so that deleting the newest records is detected too."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(default=0)
    last_digest: Mapped[str] = mapped_column(String(64))

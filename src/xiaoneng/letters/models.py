"""Tables of official letters: the letter with every element of its layout, the per-center, kind and year counter
its 发文字号 comes from, and the center's letter settings (发文机关代字, 落款, 印发机关)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin
from xiaoneng.letters.rules import Status


class Letter(TimestampMixin, Base):
    __tablename__ = "letter"
    __table_args__ = (UniqueConstraint("center_id", "kind", "year", "serial"),
                      Index("ix_letter_source", "source_entity", "source_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=Status.DRAFT, index=True)
    issuer: Mapped[str] = mapped_column(String(200))  # 发文机关 (the center's name when drafted)
    # 主送机关: a department of the center (whose head then sees the letter) or a free name, the name always kept.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    to_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    paragraphs: Mapped[list] = mapped_column(JSON, default=list)  # 正文, one string a paragraph
    attachments: Mapped[list] = mapped_column(JSON, default=list)  # 附件说明: the attachments' names
    copy_to: Mapped[list] = mapped_column(JSON, default=list)  # 抄送机关
    signature: Mapped[str] = mapped_column(String(200), default="")  # 落款 (发文机关署名)
    # Given when issued: 发文字号 from the counter, 成文日期 and 印发日期 the day of issue, 印发机关 from the settings.
    year: Mapped[int | None]
    serial: Mapped[int | None]
    number: Mapped[str] = mapped_column(String(64), default="", index=True)
    dated_on: Mapped[dt.date | None]
    printed_by: Mapped[str] = mapped_column(String(200), default="")
    printed_on: Mapped[dt.date | None]
    # The record the letter is about (a finding, a complaint): its entity code, id and the page it is on.
    source_entity: Mapped[str] = mapped_column(String(32), default="")
    source_id: Mapped[int | None]
    source_link: Mapped[str] = mapped_column(String(300), default="")
    drafted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    drafted_at: Mapped[dt.datetime]
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    issued_at: Mapped[dt.datetime | None]


class LetterCounter(Base):
    """The last serial given per center, kind and year: raised inside the issuing transaction, so concurrent issues
    queue on its row and a rolled-back issue gives its number back (gap-free)."""

    __tablename__ = "letter_counter"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last: Mapped[int] = mapped_column(default=0)


class LetterSettings(TimestampMixin, Base):
    __tablename__ = "letter_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(16))  # 发文机关代字, e.g. 锦政服
    signature: Mapped[str] = mapped_column(String(200))  # 落款
    printed_by: Mapped[str] = mapped_column(String(200))  # 印发机关

"""Tables of 好差评: versioned indicator sets, ratings (immutable), follow-up comments, and per-center settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from xiaoneng.db import Base, TimestampMixin, utcnow


class IndicatorSet(Base):
    """A version of the indicators asked with a level (C3); a rating keeps the version it was given under."""

    __tablename__ = "indicator_set"
    __table_args__ = (UniqueConstraint("scope", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(16))  # onsite | online
    version: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    # {"indicators": [{"code", "name", "options": {"good": [...], "bad": [...]}}], ...}
    definition: Mapped[dict] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Rating(Base):
    """One rating. Never updated after insert except for the moderation flags; follow-ups go to RatingFollowUp."""

    __tablename__ = "rating"
    __table_args__ = (
        # C4: one rating per case step and rater.
        UniqueConstraint("step_id", "rater_key"),
        # Periods per center or department; covering what the rankings and statistics sum, so a year of ratings is
        # counted from the index alone.
        Index("ix_rating_center_rated_on", "center_id", "rated_on", "department_id", "staff_id", "is_default",
              "level", "is_bad"),
        Index("ix_rating_department_rated_on", "department_id", "rated_on", "staff_id", "is_default", "level",
              "is_bad"),
        # The burst check (C5) looks back a few minutes from one address or device.
        Index("ix_rating_client_ip_rated_at", "client_ip", "rated_at"),
        Index("ix_rating_device_id_rated_at", "device_id", "rated_at"),
        # The lists page newest first within a center or a department (SPEC K: lists at a year of volume).
        Index("ix_rating_center_rated_at", "center_id", "rated_at", "id"),
        Index("ix_rating_department_rated_at", "department_id", "rated_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), index=True)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("window.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)  # the staff member rated
    item_id: Mapped[int | None] = mapped_column(ForeignKey("service_item.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("service_case.id"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("case_step.id"))
    channel: Mapped[str] = mapped_column(String(16))
    social_source: Mapped[str] = mapped_column(String(16), default="")
    level: Mapped[int]
    is_bad: Mapped[bool] = mapped_column(default=False)
    is_default: Mapped[bool] = mapped_column(default=False)
    indicator_set_id: Mapped[int | None] = mapped_column(ForeignKey("indicator_set.id"))
    indicators: Mapped[dict] = mapped_column(JSON, default=dict)  # {indicator code: [options chosen]}
    comment: Mapped[str] = mapped_column(Text, default="")
    # Who rated: "applicant" for the case's applicant, else a digest of the phone or device (never the raw value).
    rater_key: Mapped[str] = mapped_column(String(64))
    real_name: Mapped[bool] = mapped_column(default=False)
    rater_name: Mapped[str] = mapped_column(String(64), default="")  # personal data
    rater_phone: Mapped[str] = mapped_column(String(32), default="")  # personal data
    client_ip: Mapped[str] = mapped_column(String(64), default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # social channel: who typed it in
    nonce: Mapped[str | None] = mapped_column(String(64), unique=True)  # one submission of a form: replays refused
    flags: Mapped[list] = mapped_column(JSON, default=list)  # suspicious patterns (C5)
    rated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    rated_on: Mapped[dt.date]  # local day


class RatingFollowUp(Base):
    """A rater's later comment on their own rating (C4); the rating itself never changes."""

    __tablename__ = "rating_follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RatingSettings(TimestampMixin, Base):
    """Per-center weights of the internal ranking and what the public disclosure holds back (D5)."""

    __tablename__ = "rating_settings"

    center_id: Mapped[int] = mapped_column(ForeignKey("center.id"), primary_key=True)
    # Composite score weights: {"satisfaction": .., "bad_rate": .., "rectification": .., "volume": ..}
    ranking_weights: Mapped[dict] = mapped_column(JSON, default=dict)
    # Fewer ratings than this in a period: listed as 样本不足, not ranked (rankings.rules.DEFAULT_MIN_SAMPLE).
    ranking_min_sample: Mapped[int] = mapped_column(default=10, server_default="10")
    withheld_item_ids: Mapped[list] = mapped_column(JSON, default=list)  # items that may not lawfully be published
    disclosure_delay_days: Mapped[int] = mapped_column(default=0)
    public_disclosure: Mapped[bool] = mapped_column(default=True)

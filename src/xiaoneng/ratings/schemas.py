"""API shapes of ratings: what a list or detail returns (contacts masked without personal.read), a social entry."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from xiaoneng.kit.bounds import Id, Number
from xiaoneng.kit.masking import mask_name, mask_phone
from xiaoneng.ratings.rules import CHANNEL_LABELS, FLAG_LABELS, LEVEL_LABELS, Channel, Flag, Level


class RatingRead(BaseModel):
    id: int
    level: int
    level_label: str
    channel: str
    channel_label: str
    social_source: str
    is_bad: bool
    is_default: bool
    department_id: int | None
    window_id: int | None
    staff_id: int | None
    item_id: int | None
    case_id: int | None
    step_id: int | None
    indicators: dict
    comment: str
    real_name: bool
    rater_name: str
    rater_phone: str
    flags: list[str]
    flag_labels: list[str]
    rated_at: dt.datetime
    rated_on: dt.date

    @classmethod
    def of(cls, rating, *, personal: bool) -> RatingRead:
        """The rating as shown to an actor; rater contacts masked unless `personal` (C6)."""
        return cls(
            id=rating.id, level=rating.level, level_label=LEVEL_LABELS[Level(rating.level)], channel=rating.channel,
            channel_label=CHANNEL_LABELS.get(Channel(rating.channel), rating.channel),
            social_source=rating.social_source, is_bad=rating.is_bad, is_default=rating.is_default,
            department_id=rating.department_id, window_id=rating.window_id, staff_id=rating.staff_id,
            item_id=rating.item_id, case_id=rating.case_id, step_id=rating.step_id, indicators=rating.indicators or {},
            comment=rating.comment, real_name=rating.real_name,
            rater_name=rating.rater_name if personal else mask_name(rating.rater_name),
            rater_phone=rating.rater_phone if personal else mask_phone(rating.rater_phone),
            flags=list(rating.flags or []), flag_labels=[FLAG_LABELS.get(Flag(f), f) for f in rating.flags or []],
            rated_at=rating.rated_at, rated_on=rating.rated_on)


class FollowUpRead(BaseModel):
    id: int
    text: str
    created_at: dt.datetime


class RatingDetail(RatingRead):
    follow_ups: list[FollowUpRead] = []


class RatingList(BaseModel):
    items: list[RatingRead]
    total: int
    page: int
    pages: int


class SocialRatingCreate(BaseModel):
    """A social-channel rating typed in by staff (综合点评): its source, what it is about, level, content."""

    social_source: str
    level: Number
    comment: str = Field(default="", max_length=1000)
    window_id: Id | None = None
    staff_id: Id | None = None
    case_number: str = ""
    rater_name: str = ""
    rater_phone: str = ""

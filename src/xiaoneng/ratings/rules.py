"""The rating rules of S0 art. 5-10: levels, channels, the 5-working-day window and the default 满意."""

from __future__ import annotations

import datetime as dt
from enum import IntEnum, StrEnum

from xiaoneng.kit.workdays import WorkingDays

# S0 art.7 and art.10: 5 working days after the service to rate; unrated → default 满意.
RATING_WINDOW_WORKING_DAYS = 5


class Level(IntEnum):
    """S0 art.10: five levels; the last two are bad reviews (差评)."""

    VERY_SATISFIED = 5
    SATISFIED = 4
    BASICALLY_SATISFIED = 3
    DISSATISFIED = 2
    VERY_DISSATISFIED = 1

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]

    @property
    def is_bad(self) -> bool:
        return self <= Level.DISSATISFIED


LEVEL_LABELS = {
    Level.VERY_SATISFIED: "非常满意",
    Level.SATISFIED: "满意",
    Level.BASICALLY_SATISFIED: "基本满意",
    Level.DISSATISFIED: "不满意",
    Level.VERY_DISSATISFIED: "非常不满意",
}

DEFAULT_LEVEL = Level.SATISFIED


class Channel(StrEnum):
    """S0 art.5-8 channels."""

    SYSTEM_STEP = "system_step"  # 一环节一评: each completed step of an online case
    WINDOW_DEVICE = "window_device"  # 一次一评: the evaluator device at a window
    QR_CODE = "qr_code"  # 一次一评: the QR code of a window or staff member
    ONLINE = "online"  # 一事一评: per item online, also the supplementary rating
    SOCIAL = "social"  # 综合点评: mailbox, phone, platform, e-mail, organisations — entered by staff
    DEFAULT = "default"  # recorded by the system after the window closed


CHANNEL_LABELS = {
    Channel.SYSTEM_STEP: "一环节一评",
    Channel.WINDOW_DEVICE: "现场评价器",
    Channel.QR_CODE: "现场二维码",
    Channel.ONLINE: "网上一事一评",
    Channel.SOCIAL: "社会综合点评",
    Channel.DEFAULT: "默认好评",
}


class SocialSource(StrEnum):
    MAILBOX = "意见箱"
    PHONE = "监督电话"
    PLATFORM = "监督平台"
    EMAIL = "电子邮箱"
    ORGANISATION = "社会组织评估"
    INTERMEDIARY = "中介组织评估"
    RESEARCH = "研究机构评估"


def rating_deadline(completed_on: dt.date, calendar: WorkingDays) -> dt.date:
    """The last day a service completed on `completed_on` may be rated (end of the 5th working day after it)."""
    return calendar.add_working_days(completed_on, RATING_WINDOW_WORKING_DAYS)


def rating_open(completed_on: dt.date, today: dt.date, calendar: WorkingDays) -> bool:
    return today <= rating_deadline(completed_on, calendar)


def default_due(completed_on: dt.date, today: dt.date, calendar: WorkingDays) -> bool:
    """True once the window has passed: the day after the deadline the default 满意 is recorded."""
    return today > rating_deadline(completed_on, calendar)

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


# S0 art. 8: the social channels (意见箱, 监督电话, 监督平台, 电子邮箱, organisations' assessments) take a review at
# any time; the 5 working days of art. 7 bound the supplementary online rating of a service (and the on-site
# channels that rate the same step), not what society says about it later.
UNLIMITED_CHANNELS = frozenset({Channel.SOCIAL})


def time_limited(channel: Channel) -> bool:
    """True when a rating of a completed step on `channel` must come within the 5-working-day window."""
    return channel not in UNLIMITED_CHANNELS


def step_rating_accepted(channel: Channel, completed_on: dt.date, today: dt.date, calendar: WorkingDays) -> bool:
    """May a step completed on `completed_on` be rated on `channel` today? Social channels: always (art. 8)."""
    return not time_limited(channel) or rating_open(completed_on, today, calendar)


def default_due(completed_on: dt.date, today: dt.date, calendar: WorkingDays) -> bool:
    """True once the window has passed: the day after the deadline the default 满意 is recorded."""
    return today > rating_deadline(completed_on, calendar)


# Channels where the rater picks options of the on-site or the online indicator set (C3).
ONSITE_CHANNELS = frozenset({Channel.WINDOW_DEVICE, Channel.QR_CODE})
ONLINE_CHANNELS = frozenset({Channel.SYSTEM_STEP, Channel.ONLINE})


def indicator_scope(channel: Channel) -> str | None:
    if channel in ONSITE_CHANNELS:
        return "onsite"
    if channel in ONLINE_CHANNELS:
        return "online"
    return None


def polarity(level: Level) -> str:
    """Which option list the national template shows for a level: the praise list or the complaint list."""
    return "bad" if level.is_bad else "good"


def indicator_problem(definition: dict, level: Level, chosen: dict) -> tuple[str, str] | None:
    """(field, Chinese reason) when the chosen options do not belong to the set and level, else None."""
    known = {i["code"]: i for i in definition.get("indicators", [])}
    side = polarity(level)
    for code, options in chosen.items():
        if code not in known:
            return f"indicators.{code}", f"评价指标“{code}”不在当前指标体系中"
        if not isinstance(options, list) or not all(isinstance(o, str) for o in options):
            return f"indicators.{code}", f"评价指标“{known[code]['name']}”的选项格式不正确"
        allowed = set(known[code]["options"][side])
        wrong = [o for o in options if o not in allowed]
        if wrong:
            return f"indicators.{code}", f"“{wrong[0]}”不是“{known[code]['name']}”在该评价等级下的选项"
    return None


# C5: text that contradicts its level. Short, unambiguous phrases only: a flag asks a person to look, nothing more.
_NEGATIVE = ("不满意", "太差", "很差", "态度差", "态度恶劣", "推诿", "刁难", "拖延", "跑了好几次", "投诉", "不耐烦", "没人管",
             "吃拿卡要", "不作为", "乱收费")
_POSITIVE = ("非常满意", "很满意", "太好了", "很好", "热情", "耐心", "点赞", "感谢", "谢谢", "高效", "贴心", "周到")


def contradicts(level: Level, comment: str) -> bool:
    text = comment or ""
    if level >= Level.SATISFIED:
        return any(w in text for w in _NEGATIVE) and not any(w in text for w in _POSITIVE)
    if level.is_bad:
        return any(w in text for w in _POSITIVE) and not any(w in text for w in _NEGATIVE)
    return False


class Flag(StrEnum):
    BURST = "burst"  # a burst of top ratings from one device or address
    STAFF_DEVICE = "staff_device"  # given from a browser signed in as staff
    CONTRADICTION = "contradiction"  # the text says the opposite of the level


FLAG_LABELS = {Flag.BURST: "同一设备或地址短时间内大量好评", Flag.STAFF_DEVICE: "在工作人员设备上提交",
               Flag.CONTRADICTION: "评价内容与等级矛盾"}
BURST_WINDOW_MINUTES = 10
BURST_THRESHOLD = 5  # this many top ratings from one address or device within the window: the next ones are flagged


def flags_for(level: Level, comment: str, *, recent_top_from_source: int, from_staff_device: bool) -> list[str]:
    flags = []
    if level == Level.VERY_SATISFIED and recent_top_from_source >= BURST_THRESHOLD:
        flags.append(Flag.BURST.value)
    if from_staff_device:
        flags.append(Flag.STAFF_DEVICE.value)
    if contradicts(level, comment):
        flags.append(Flag.CONTRADICTION.value)
    return flags

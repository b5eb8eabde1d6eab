"""Every check of one rating before it is written: the rater, the subject (step, window, staff member, a case
proved by the applicant's phone), the indicators, one rating per step and rater, the nonce, the flags (C1-C5)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

from xiaoneng.config import get_settings
from xiaoneng.errors import Conflict, Forbidden, ValidationFailed
from xiaoneng.kit import clock
from xiaoneng.kit.edits import clean_text
from xiaoneng.kit.identifiers import is_mobile
from xiaoneng.kit.scope import Actor
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings import rules
from xiaoneng.ratings.lookups import Lookups
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.rules import Channel, Level, SocialSource

APPLICANT = "applicant"  # the rater key of a case's applicant: one rating per step, the default included
CASE_PROOF_FAILED = "办件编号或手机号码不正确，请核对后重试"  # the same whichever of the two is wrong
COMMENT_MAX = 1000


@dataclass(frozen=True)
class Rater:
    """Who is rating. Only digests of the phone, account or device are used as the rater's identity."""

    name: str = ""
    phone: str = ""
    real_name: bool = False
    ip: str = ""
    device_id: str = ""
    account: str = ""
    key: str = ""  # explicit identity, e.g. APPLICANT for the holder of a case link
    from_staff_device: bool = False


def _digest(kind: str, value: str) -> str:
    secret = get_settings().secret_key.encode()
    return f"{kind}:" + hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:40]


def rater_key(rater: Rater) -> str:
    if rater.key:
        return rater.key
    if rater.account:
        return _digest("acct", rater.account)
    if rater.phone:
        return _digest("tel", re.sub(r"\D", "", rater.phone))
    if rater.device_id:
        return _digest("dev", rater.device_id)
    return _digest("ip", rater.ip or "unknown")


def _level(value) -> Level:
    try:
        return Level(int(value))
    except (TypeError, ValueError):
        raise ValidationFailed("请选择评价等级（非常满意、满意、基本满意、不满意、非常不满意）", field="level") from None


def _channel(value) -> Channel:
    try:
        return Channel(value)
    except ValueError:
        raise ValidationFailed("评价渠道无效", field="channel") from None


def _indicators(lookups: "Lookups", channel: Channel, level: Level, chosen: dict | None) -> tuple[object | None, dict]:
    scope = rules.indicator_scope(channel)
    chosen = {k: v for k, v in (chosen or {}).items() if v}
    if scope is None:
        if chosen:
            raise ValidationFailed("该渠道的评价不选择指标", field="indicators")
        return None, {}
    current = lookups.active_set(scope)
    if current is None:
        return None, {}
    problem = rules.indicator_problem(current.definition, level, chosen)
    if problem:
        raise ValidationFailed(problem[1], field=problem[0])
    return current, chosen


def _check_rater(rater: Rater) -> None:
    if rater.real_name:
        if not clean_text(rater.name) or len(clean_text(rater.name)) > 64:
            raise ValidationFailed("实名评价请填写姓名（不超过64个字）", field="rater_name")
        if not is_mobile(re.sub(r"\D", "", rater.phone or "")):
            raise ValidationFailed("实名评价请填写11位手机号码，便于整改回访", field="rater_phone")
    elif rater.phone and not is_mobile(re.sub(r"\D", "", rater.phone)):
        raise ValidationFailed("手机号码应为11位数字", field="rater_phone")


def _proved_case(lookups: "Lookups", actor: Actor, number: str, phone: str):
    """The case numbered `number` if `phone` is the mobile it was filed with: rating a case from a QR code as its
    applicant needs both. One refusal whichever is wrong, so that neither a number nor a phone is confirmed."""
    if not re.sub(r"\D", "", phone or ""):
        raise ValidationFailed("填写办件编号时，请同时填写办件登记的手机号码", field="applicant_phone")
    case = lookups.case_by_number(actor, number)
    if not filed_with(case, phone):
        raise ValidationFailed(CASE_PROOF_FAILED, field="case_number")
    return case


def filed_with(case, phone: str) -> bool:
    """True when `case` exists and was filed with the mobile `phone` (the applicant's proof of their case)."""
    digits = re.sub(r"\D", "", phone or "")
    return case is not None and bool(digits) and re.sub(r"\D", "", case.applicant_phone or "") == digits


def _target(lookups: "Lookups", actor: Actor, *, step_id, window_id, staff_id, case_number: str,
            applicant_phone: str, today: dt.date, time_limited: bool = True, link_phone: str = ""):
    """(step, case, window_id, staff_id, department_id, item_id) of what is rated; refuses closed or foreign steps.
    A step is closed for rating after its 5-working-day window only on a `time_limited` channel (not social ones).

    A case named by its number (from a window's or staff member's QR code) must be proved with the applicant's
    phone; its step is the last one completed at that window or by that staff member."""
    if step_id is None and clean_text(case_number):
        case = _proved_case(lookups, actor, clean_text(case_number), applicant_phone)
        done = [s for s in case.steps if s.completed_at is not None]
        if not done:
            raise ValidationFailed("该办件尚未办结，办结后才能评价", field="case_number")
        here = [s for s in done if (window_id is None or (s.window_id or case.window_id) == window_id)
                and (staff_id is None or (s.handler_id or case.handler_id) == staff_id)]
        if not here:
            where = "此窗口" if window_id is not None else "此工作人员"
            raise ValidationFailed(f"该办件不是由{where}办理的，请扫描办理窗口或工作人员的二维码", field="case_number")
        step_id = here[-1].id
    elif step_id is None and link_phone:
        # A QR rating without a case number is still about a step when its phone is the applicant's of a step
        # completed here within the rating window: linked, it is that step's rating and no default follows.
        found = lookups.applicant_step(actor, phone=link_phone, today=today, window_id=window_id, staff_id=staff_id)
        step_id = found.id if found is not None else None
    if step_id is not None:
        step = lookups.step(actor, step_id)
        case = step.case
        if step.completed_at is None:
            raise ValidationFailed("该办理环节尚未完成，完成后才能评价", field="step_id")
        if time_limited and today > step.rating_due_on:
            raise Conflict(f"评价期限已过（截至 {step.rating_due_on:%Y年%m月%d日}）", field="step_id")
        if window_id is not None and (step.window_id or case.window_id) != window_id:
            raise ValidationFailed("该办件不是在此窗口办理的", field="case_number")
        if staff_id is not None and (step.handler_id or case.handler_id) != staff_id:
            raise ValidationFailed("该办件不是由此工作人员办理的", field="case_number")
        return step, case, step.window_id or case.window_id, step.handler_id or case.handler_id, case.department_id, case.item_id
    if window_id is not None:
        window = lookups.window(actor, window_id)
        return None, None, window.id, staff_id, window.department_id, None
    if staff_id is not None:
        staff = lookups.staff(actor, staff_id)
        return None, None, staff.window_id, staff.id, staff.department_id, None
    raise ValidationFailed("请指明评价的办件、窗口或工作人员", field="step_id")


def _link_phone(sub: "Submission") -> str:
    """The mobile a QR rating without a case number may be linked by: the applicant's phone field, else the
    real-name rater's phone."""
    for value in (sub.applicant_phone, sub.rater.phone):
        digits = re.sub(r"\D", "", value or "")
        if is_mobile(digits):
            return digits
    return ""


@dataclass(frozen=True)
class Submission:
    """One rating as handed in: the arguments of submit_rating, so a batch can carry many of them."""

    actor: Actor
    channel: str
    level: object
    rater: Rater
    step_id: int | None = None
    window_id: int | None = None
    staff_id: int | None = None
    indicators: dict | None = None
    comment: str = ""
    nonce: str | None = None
    social_source: str = ""
    now: dt.datetime | None = None
    case_number: str = ""
    applicant_phone: str = ""  # proves `case_number` (the mobile the case was filed with)


@dataclass
class Prepared:
    """A submission that passed every check: its row, built but not yet written, and the step it closes."""

    submission: Submission
    rating: Rating
    closes_step: object | None


@dataclass
class Outcome:
    """What became of one submission of a batch: its stored rating, or the error that refused it."""

    rating: Rating | None = None
    error: Exception | None = None
    rectification_opened: bool = False


def prepare(lookups: Lookups, sub: Submission) -> Prepared:
    """Every check of one rating and its row (not yet added to the session): refused input raises, nothing written."""
    actor = sub.actor
    channel, level = _channel(sub.channel), _level(sub.level)
    now = sub.now or clock.now()
    today = clock.local(now).date()
    comment = clean_text(sub.comment)
    if len(comment) > COMMENT_MAX:
        raise ValidationFailed(f"评价内容不能超过 {COMMENT_MAX} 个字", field="comment")
    if channel is Channel.DEFAULT:
        raise ValidationFailed("默认好评只能由系统记录", field="channel")
    entered_by = None
    if channel is Channel.SOCIAL:
        actor.require("ratings.enter")
        if sub.social_source not in {s.value for s in SocialSource}:
            raise ValidationFailed("请选择社会评价的来源", field="social_source")
        entered_by = actor.user_id
    elif not actor.is_system:
        raise Forbidden("工作人员不能代替群众评价")  # C5: only the rater rates; staff type in social ratings only
    rater = sub.rater
    _check_rater(rater)
    step, case, window_id, staff_id, department_id, item_id = _target(
        lookups, actor, step_id=sub.step_id, window_id=sub.window_id, staff_id=sub.staff_id,
        case_number=sub.case_number if channel is not Channel.SOCIAL else "", applicant_phone=sub.applicant_phone,
        today=today, time_limited=rules.time_limited(channel),
        link_phone=_link_phone(sub) if channel in rules.ONSITE_CHANNELS else "")
    indicator_set, chosen = _indicators(lookups, channel, level, sub.indicators)
    if level.is_bad and not comment and not chosen:
        raise ValidationFailed("差评请选择问题或填写具体意见，便于整改", field="comment")
    if step is not None and channel is not Channel.SOCIAL:
        # A case step is rated by its applicant only, once, whatever the channel: the case link, the kiosk at the
        # window just after the step, or a QR code with the case number proved by the applicant's phone.
        if sub.step_id is not None and rater.key != APPLICANT:
            raise Forbidden("只有申请人可以评价办件环节")
        rater = dataclasses.replace(rater, key=APPLICANT)
    key = rater_key(rater)
    if step is not None and lookups.rated(step.id, key):
        raise Conflict("该办理环节您已评价过，如需补充请追加评价", field="step_id")
    if sub.nonce and lookups.nonce_used(sub.nonce):
        raise Conflict("该评价已提交，请勿重复提交", field="nonce")
    center_id = case.center_id if case else actor.center_id
    if center_id is None:
        raise ValidationFailed("未指定所属中心", field="center_id")
    recent = 0
    if level is Level.VERY_SATISFIED:  # only top ratings can be flagged as a burst
        since = now - dt.timedelta(minutes=rules.BURST_WINDOW_MINUTES)
        recent = lookups.recent_top(center_id=center_id, ip=rater.ip[:64], device_id=rater.device_id[:64],
                                   since=since)
    rating = repo.new_rating(
        id=None, center_id=center_id, department_id=department_id, window_id=window_id, staff_id=staff_id, item_id=item_id,
        case_id=case.id if case else None, step_id=step.id if step else None, channel=channel.value,
        social_source=sub.social_source if channel is Channel.SOCIAL else "", level=int(level), is_bad=level.is_bad,
        is_default=False, indicator_set_id=indicator_set.id if indicator_set else None, indicators=chosen,
        comment=comment, rater_key=key, real_name=rater.real_name, rater_name=clean_text(rater.name),
        rater_phone=re.sub(r"\D", "", rater.phone or ""), client_ip=rater.ip[:64], device_id=rater.device_id[:64],
        entered_by_id=entered_by, nonce=sub.nonce or None,
        flags=rules.flags_for(level, comment, recent_top_from_source=recent, from_staff_device=rater.from_staff_device),
        rated_at=now, rated_on=today,
    )
    lookups.accept(rating)
    return Prepared(sub, rating, step if step is not None and key == APPLICANT else None)

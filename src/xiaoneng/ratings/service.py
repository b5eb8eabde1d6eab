"""Use cases of 好差评: submitting a rating on any channel, the default 满意, follow-ups, indicator sets (C1-C7)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import logging
import re
from dataclasses import dataclass

from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from xiaoneng.audit import service as audit
from xiaoneng.cases import service as cases
from xiaoneng.config import get_settings
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed, XiaonengError
from xiaoneng.kit import clock
from xiaoneng.kit.cache import TtlCache
from xiaoneng.kit.edits import clean_text, record_id
from xiaoneng.kit.identifiers import is_mobile
from xiaoneng.kit.pagination import Page, paginate
from xiaoneng.kit.scope import Actor, ensure_visible, public_actor, system_actor
from xiaoneng.org import service as org
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings import rules
from xiaoneng.ratings.models import IndicatorSet, Rating, RatingFollowUp, RatingSettings
from xiaoneng.ratings.rules import Channel, Level, SocialSource

APPLICANT = "applicant"  # the rater key of a case's applicant: one rating per step, the default included
CASE_PROOF_FAILED = "办件编号或手机号码不正确，请核对后重试"  # the same whichever of the two is wrong
COMMENT_MAX = 1000
UNSTORABLE = "评价内容无法保存，请检查填写的内容后重新提交"
log = logging.getLogger(__name__)
DEFAULT_BATCH = 500


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
            applicant_phone: str, today: dt.date):
    """(step, case, window_id, staff_id, department_id, item_id) of what is rated; refuses closed or foreign steps.

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
    if step_id is not None:
        step = lookups.step(actor, step_id)
        case = step.case
        if step.completed_at is None:
            raise ValidationFailed("该办理环节尚未完成，完成后才能评价", field="step_id")
        if today > step.rating_due_on:
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


class Snapshot:
    """The few columns the checks read from a window, a staff member or an indicator set, kept across batches."""

    __slots__ = ("id", "center_id", "department_id", "window_id", "definition")

    def __init__(self, record):
        self.id = record.id
        self.center_id = getattr(record, "center_id", None)
        self.department_id = getattr(record, "department_id", None)
        self.window_id = record.id if record.__tablename__ == "window" else getattr(record, "window_id", None)
        self.definition = getattr(record, "definition", None)


class Lookups:
    """Everything the checks read. Alone it asks the database as it goes; for a batch, `preload` reads the whole
    batch in a few set-based queries first, and `accept` makes each accepted rating count against the next ones."""

    def __init__(self, session: Session, cache: TtlCache | None = None):
        self.session = session
        self.cache = cache or TtlCache()
        self._taken: set[tuple[int, str]] = set()
        self._nonces: set[str] = set()
        self._preloaded = False
        self._held: dict[tuple, object] = {}  # the identity map holds records weakly: keep the batch's steps alive
        # Top ratings per source: from the database (preloaded per batch, or asked one at a time) and from this batch.
        self._top_db: dict[tuple[int, str, str], int] = {}  # (center, address, device or "") -> count, capped
        self._batch_ip: dict[tuple, int] = {}
        self._batch_dev: dict[tuple, int] = {}
        self._batch_pair: dict[tuple, int] = {}

    def preload(self, submissions: list[Submission]) -> None:
        """Read what the checks of this batch need in a few queries: steps, taken steps, nonces, top-rating sources."""
        step_ids = {s.step_id for s in submissions if s.step_id is not None}
        if step_ids:
            for step in repo.load_steps(self.session, step_ids):  # the step checks then read no more
                self._held[("step", step.id)] = step
            self._taken |= repo.taken_steps(self.session, step_ids)
        self._nonces |= repo.used_nonces(self.session, {s.nonce for s in submissions if s.nonce})
        self._preloaded = True
        self._preload_top([s for s in submissions if _is_top(s.level) and s.actor.center_id is not None])

    def _preload_top(self, subs: list[Submission]) -> None:
        if not subs:
            return
        since = min(s.now or clock.now() for s in subs) - dt.timedelta(minutes=rules.BURST_WINDOW_MINUTES)
        # Addresses first: a shared address (the hall's wifi) past the threshold settles all its submissions.
        by_ip = {(s.actor.center_id, s.rater.ip[:64], "") for s in subs if s.rater.ip}
        self._top_db = repo.top_counts(self.session, since=since, sources=sorted(by_ip), cap=rules.BURST_THRESHOLD)
        wanted = {(s.actor.center_id, s.rater.ip[:64], s.rater.device_id[:64]) for s in subs
                  if (s.rater.device_id or not s.rater.ip)
                  and self._top_db.get((s.actor.center_id, s.rater.ip[:64], ""), 0) < rules.BURST_THRESHOLD}
        if wanted:
            self._top_db.update(repo.top_counts(self.session, since=since, sources=sorted(wanted),
                                                cap=rules.BURST_THRESHOLD))

    def case_by_number(self, actor: Actor, number: str):
        return cases.find_case_by_number(self.session, actor=actor, number=number)

    def step(self, actor: Actor, step_id):
        step = cases.get_step(self.session, actor=actor, step_id=step_id)
        self._held[("step", step.id)] = step
        return step

    def _cached(self, kind: str, actor: Actor, record_id_, load):
        # Refusals are not kept: they raise inside load().
        return self.cache.fetch((kind, record_id_, actor.center_id, actor.role, actor.department_id),
                                lambda: Snapshot(load()))

    def window(self, actor: Actor, window_id):
        return self._cached("window", actor, window_id,
                            lambda: org.get_window(self.session, actor=actor, window_id=window_id))

    def staff(self, actor: Actor, staff_id):
        return self._cached("staff", actor, staff_id,
                            lambda: org.get_staff(self.session, actor=actor, staff_id=staff_id))

    def active_set(self, scope: str) -> Snapshot | None:
        def load():
            current = repo.active_set(self.session, scope)
            return Snapshot(current) if current is not None else None

        return self.cache.fetch(("indicator_set", scope), load)

    def rated(self, step_id: int, key: str) -> bool:
        if (step_id, key) in self._taken:
            return True
        return not self._preloaded and repo.rated(self.session, step_id=step_id, rater_key=key)

    def nonce_used(self, nonce: str) -> bool:
        if nonce in self._nonces:
            return True
        return not self._preloaded and repo.nonce_used(self.session, nonce)

    def recent_top(self, *, center_id: int, ip: str, device_id: str, since: dt.datetime) -> int:
        """Top ratings from this address or device since `since`, counted up to the burst threshold.

        A batch is counted from the window of its earliest submission (a batch spans a fraction of a second).
        """
        limit = rules.BURST_THRESHOLD
        in_batch = self._batch_ip.get((center_id, ip), 0) if ip else 0
        if ip and self._db_count(center_id, ip, "", since) + in_batch >= limit:
            return limit
        if device_id:
            in_batch += self._batch_dev.get((center_id, device_id), 0)
            if ip:
                in_batch -= self._batch_pair.get((center_id, ip, device_id), 0)
        if ip and not device_id:
            return min(limit, self._db_count(center_id, ip, "", since) + in_batch)
        return min(limit, self._db_count(center_id, ip, device_id, since) + in_batch)

    def _db_count(self, center_id: int, ip: str, device_id: str, since: dt.datetime) -> int:
        found = self._top_db.get((center_id, ip, device_id))
        if found is None:
            found = repo.top_counts(self.session, since=since, sources=[(center_id, ip, device_id)],
                                    cap=rules.BURST_THRESHOLD)[(center_id, ip, device_id)]
        return found

    def accept(self, rating: Rating) -> None:
        if rating.step_id is not None:
            self._taken.add((rating.step_id, rating.rater_key))
        if rating.nonce:
            self._nonces.add(rating.nonce)
        if rating.level == int(Level.VERY_SATISFIED):
            c, ip, dev = rating.center_id, rating.client_ip, rating.device_id
            if ip:
                self._batch_ip[(c, ip)] = self._batch_ip.get((c, ip), 0) + 1
            if dev:
                self._batch_dev[(c, dev)] = self._batch_dev.get((c, dev), 0) + 1
            if ip and dev:
                self._batch_pair[(c, ip, dev)] = self._batch_pair.get((c, ip, dev), 0) + 1


def _is_top(level) -> bool:
    try:
        return int(level) == int(Level.VERY_SATISFIED)
    except (TypeError, ValueError):
        return False


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
        today=today)
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


def _rating_detail(rating: Rating) -> dict:
    return {"channel": rating.channel, "level": rating.level, "step": rating.step_id, "window": rating.window_id,
            "staff": rating.staff_id, "flags": rating.flags}


def _write(session: Session, prepared: list[Prepared], cache: TtlCache | None = None) -> list[Outcome]:
    """Insert the rows in one statement, audit them, and open the rectification of every bad review."""
    from xiaoneng.rectification import service as rectification  # the loop depends on ratings, not the reverse

    # The ids are taken first so that the rows go in as one executemany with nothing to read back.
    for p, rating_id in zip(prepared, repo.next_rating_ids(session, len(prepared))):
        p.rating.id = rating_id
    repo.insert_ratings(session, [p.rating for p in prepared])
    repo.close_steps(session, [p.closes_step for p in prepared if p.closes_step is not None])
    by_center: dict[int, list[Prepared]] = {}
    for p in prepared:
        by_center.setdefault(p.rating.center_id, []).append(p)
    for center_id, group in by_center.items():
        # One record per center and batch, naming every rating: each chain append serialises all writers on the
        # chain head, so a record per rating would cost more than the rating itself at the public intake's rate.
        if len(group) == 1:
            r = group[0]
            audit.record(session, actor=r.submission.actor, action="rate", entity="rating", entity_id=r.rating.id,
                         center_id=center_id, detail=_rating_detail(r.rating))
        else:
            audit.record(session, actor=system_actor(center_id, name="public"), action="rate", entity="rating",
                         center_id=center_id,
                         detail={"ratings": [{"id": r.rating.id, **_rating_detail(r.rating)} for r in group]})
    for center_id, group in by_center.items():
        bad = [p for p in group if p.rating.is_bad]
        if bad:  # as for the ratings' own record: the rater's actor when alone, else the public intake
            actor = bad[0].submission.actor if len(bad) == 1 else system_actor(center_id, name="public")
            rectification.open_for_ratings(session, actor=actor, ratings=[p.rating for p in bad], new=True,
                                           cache=cache)
    return [Outcome(rating=p.rating, rectification_opened=p.rating.is_bad) for p in prepared]


def submit_rating(session: Session, *, actor: Actor, channel, level, rater: Rater, step_id: int | None = None,
                  window_id: int | None = None, staff_id: int | None = None, indicators: dict | None = None,
                  comment: str = "", nonce: str | None = None, social_source: str = "",
                  now: dt.datetime | None = None, case_number: str = "", applicant_phone: str = "") -> Rating:
    """Record one rating (immutable). A bad review opens its rectification in the same transaction (D1)."""
    sub = Submission(actor=actor, channel=channel, level=level, rater=rater, step_id=step_id, window_id=window_id,
                     staff_id=staff_id, indicators=indicators, comment=comment, nonce=nonce,
                     social_source=social_source, now=now, case_number=case_number, applicant_phone=applicant_phone)
    rating = _write(session, [prepare(Lookups(session), sub)])[0].rating
    return repo.attach(session, rating)


def store_many(session: Session, submissions: list[Submission], *, cache: TtlCache | None = None) -> list[Outcome]:
    """Check and write a batch in the caller's transaction; a refused submission gets its error, the others stay.

    The batch is read in a few set-based queries and written in one statement inside a savepoint; if that write
    meets a conflict the checks could not see (a rating written meanwhile by another connection) or a value the
    database refuses, the savepoint is rolled back and each submission is written alone in its own savepoint, so
    a bad row fails alone. Only errors of a submission are caught; anything else (the database failing)
    propagates so that nobody is told their rating was stored.
    `cache` (the writer's) keeps windows, staff and indicator sets across batches.
    """
    lookups = Lookups(session, cache)
    lookups.preload(submissions)
    outcomes: list[Outcome | None] = [None] * len(submissions)
    prepared, where = [], []
    for i, sub in enumerate(submissions):
        try:
            prepared.append(prepare(lookups, sub))
            where.append(i)
        except XiaonengError as exc:
            outcomes[i] = Outcome(error=exc)
    if prepared:
        try:
            with session.begin_nested():
                written = _write(session, prepared, cache)
        except (XiaonengError, IntegrityError, DataError):
            written = [_write_alone(session, p.submission, cache) for p in prepared]
        for i, outcome in zip(where, written):
            outcomes[i] = outcome
    return outcomes


def _write_alone(session: Session, sub: Submission, cache: TtlCache | None) -> Outcome:
    try:
        with session.begin_nested():
            return _write(session, [prepare(Lookups(session, cache), sub)], cache)[0]
    except XiaonengError as exc:
        return Outcome(error=exc)
    except IntegrityError:
        return Outcome(error=Conflict("该评价已提交，请勿重复提交", field="nonce"))
    except DataError:
        log.warning("rating refused by the database", exc_info=True)
        return Outcome(error=ValidationFailed(UNSTORABLE))


def invite_applicant(session: Session, *, actor: Actor, step, now: dt.datetime, key: str, settings=None):
    """Queue the SMS that gives a case's applicant the rating link of a completed step (C2/C7); the link goes to
    the applicant's phone only, never to a staff member's screen. The outbox message, or None when the applicant
    has no mobile, the step is closed for rating, or a message of this `key` was queued already."""
    from xiaoneng.notifications import service as notifications
    from xiaoneng.ratings import links

    settings = settings or get_settings()
    case = step.case
    phone = re.sub(r"\D", "", case.applicant_phone or "")
    if not is_mobile(phone) or step.rating_closed:
        return None
    link = links.step_link(step, secret=settings.secret_key, now=now, base_url=settings.public_base_url)
    if not link:
        return None
    return notifications.queue_message(
        session, channel="sms", address=phone, actor=actor, center_id=case.center_id, key=key,
        body=f"【政务服务好差评】您的办件{case.number}“{step.name}”环节已办结，"
             f"请在{step.rating_due_on:%m月%d日}前评价：{link}")


def send_applicant_link(session: Session, *, actor: Actor, step_id: int, now: dt.datetime | None = None,
                        settings=None) -> None:
    """Staff send the applicant the rating link of a step again, by SMS (at most once a day per step), instead
    of ever seeing the link: a link in staff hands would let them rate their own service as the applicant."""
    actor.require("cases.write")
    now = now or clock.now()
    step = cases.get_step(session, actor=actor, step_id=step_id)
    case = step.case
    if step.completed_at is None:
        raise ValidationFailed("该环节尚未完成，完成后才能邀请评价", field="step_id")
    if step.rating_closed or clock.local(now).date() > step.rating_due_on:
        raise Conflict("该环节已评价或已过评价期", field="step_id")
    if not is_mobile(re.sub(r"\D", "", case.applicant_phone or "")):
        raise ValidationFailed("申请人没有登记手机号码，无法发送评价短信", field="step_id")
    day = clock.local(now).date()
    message = invite_applicant(session, actor=actor, step=step, now=now, key=f"rating-resend:{step.id}:{day}",
                               settings=settings)
    if message is None:
        raise Conflict("今天已向申请人补发过该环节的评价短信", field="step_id")
    audit.record(session, actor=actor, action="send_rating_link", entity="case", entity_id=case.id,
                 center_id=case.center_id, detail={"step": step.id, "message": message.id})


def record_due_defaults(session: Session, *, today: dt.date, now: dt.datetime | None = None,
                        batch: int = DEFAULT_BATCH) -> int:
    """Record the default 满意 for every completed step whose 5-working-day window closed before today (C4).

    Idempotent (a step is closed once rated or defaulted; the unique step+rater key backs it up) and it catches
    up: after downtime every window that passed is handled, each dated the day after its window closed.
    """
    now = now or clock.now()
    total = 0
    actor = system_actor()
    while True:
        steps = repo.steps_past_window(session, today=today, limit=batch)
        if not steps:
            return total
        for step in steps:
            case = step.case
            session.add(Rating(
                center_id=step.center_id, department_id=step.department_id, window_id=step.window_id or case.window_id,
                staff_id=step.handler_id or case.handler_id, item_id=case.item_id, case_id=case.id, step_id=step.id,
                channel=Channel.DEFAULT, level=int(rules.DEFAULT_LEVEL), is_bad=False, is_default=True, indicators={},
                rater_key=APPLICANT, rated_at=now, rated_on=step.rating_due_on + dt.timedelta(days=1), flags=[],
            ))
            step.rating_closed = True
        session.flush()
        total += len(steps)
        audit.record(session, actor=actor, action="default_rating", entity="rating", center_id=steps[0].center_id,
                     detail={"count": len(steps), "steps": [s.id for s in steps]})


def add_follow_up(session: Session, *, rating_id: int, text: str, rater: Rater) -> RatingFollowUp:
    """A rater's later comment on their own rating; the rating itself never changes (C4, C5)."""
    rating = repo.get(session, record_id(rating_id))
    if rating is None or rating.is_default or rating.rater_key != rater_key(rater):
        raise NotFound()
    text = clean_text(text)
    if not text or len(text) > COMMENT_MAX:
        raise ValidationFailed(f"追加评价不能为空，且不超过 {COMMENT_MAX} 个字", field="text")
    follow_up = RatingFollowUp(rating_id=rating.id, text=text)
    session.add(follow_up)
    session.flush()
    audit.record(session, actor=public_actor(rating.center_id, ip=rater.ip), action="follow_up", entity="rating",
                 entity_id=rating.id, center_id=rating.center_id, detail={"follow_up": follow_up.id})
    return follow_up


def get_rating(session: Session, *, actor: Actor, rating_id: int) -> Rating:
    actor.require("ratings.read")
    return ensure_visible(repo.get(session, record_id(rating_id)), actor)


def follow_ups(session: Session, *, actor: Actor, rating_id: int) -> list[RatingFollowUp]:
    return repo.follow_ups(session, get_rating(session, actor=actor, rating_id=rating_id).id)


def list_ratings(session: Session, *, actor: Actor, page: int = 1, per_page: int = 20, **filters) -> Page:
    actor.require("ratings.read")
    return paginate(session, repo.ratings(actor=actor, **filters), page=page, per_page=per_page)


def level_counts(session: Session, *, actor: Actor, start: dt.date, end: dt.date,
                 include_default: bool = True) -> dict[int, int]:
    """Ratings per level in a period; C4: with or without the default ratings."""
    actor.require("ratings.read")
    return repo.level_counts(session, actor=actor, start=start, end=end, include_default=include_default)


def active_indicator_set(session: Session, *, scope: str) -> IndicatorSet | None:
    return repo.active_set(session, scope)


def indicator_set(session: Session, *, set_id: int) -> IndicatorSet | None:
    return repo.indicator_set(session, set_id)


def indicator_sets(session: Session) -> list[IndicatorSet]:
    return repo.indicator_sets(session)


def rating_settings(session: Session, *, center_id: int) -> RatingSettings:
    """The center's ranking weights and disclosure settings (defaults when never saved; nothing written)."""
    return repo.settings(session, center_id) or RatingSettings(
        center_id=center_id, ranking_weights={}, withheld_item_ids=[], disclosure_delay_days=0,
        public_disclosure=True)

"""The ratings of a demo year: which completed steps are rated and how, their rows, and the social-channel
reviews of the year."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from xiaoneng.cases.models import CaseOrigin
from xiaoneng.kit import bulk
from xiaoneng.demo.catalog.texts import (
    BAD_COMMENTS, FAIR_COMMENTS, GOOD_COMMENTS, SOCIAL_BAD, SOCIAL_GOOD, SOCIAL_GOOD_COMMENTS,
)
from xiaoneng.demo.days import at
from xiaoneng.demo.year_state import Plan as _Plan
from xiaoneng.demo.year_state import Year as _Year
from xiaoneng.demo.year_state import person as _person
from xiaoneng.demo.year_state import phone as _phone
from xiaoneng.ratings import rules as rating_rules
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.rules import Channel, Level, SocialSource
from xiaoneng.ratings.service import APPLICANT, Rater, rater_key

RATED_SHARE = 0.70  # the rest is left to the default 满意 once the window closes
BAD_RATE = 0.024  # bad reviews among the ratings people give
WORSE_DEPARTMENTS = {"ZJJ": 3.6, "GHZY": 3.8, "JTJ": 3.4}


def plan_ratings(y: _Year, step_rows: list[dict], step_meta: list, demo_numbers: list[str]):
    """Who rates which completed step, when, on which channel, with what level; which are left to the default."""
    rng, ref, wd_list, wd_index = y.rng, y.ref, y.wd_list, y.wd_index
    last_wd = len(wd_list) - 1
    plans: dict[int, _Plan] = {}
    defaults: list[int] = []
    for k, row in enumerate(step_rows):
        day = row["completed_on"]
        if day is None:
            continue
        closed_window = ref > row["rating_due_on"]
        if closed_window and rng.random() >= RATED_SHARE:
            defaults.append(k)
            continue
        if not closed_window and rng.random() >= 0.55:
            continue
        origin = step_meta[k][1]["origin"]
        if origin == CaseOrigin.ONLINE:
            channel = Channel.SYSTEM_STEP if rng.random() < 0.8 else Channel.ONLINE
        else:
            channel = rng.choices((Channel.WINDOW_DEVICE, Channel.QR_CODE, Channel.ONLINE), (0.45, 0.4, 0.15))[0]
        if channel is Channel.WINDOW_DEVICE or (channel is Channel.QR_CODE and rng.random() < 0.8):
            offset = 0
        else:
            offset = rng.choices(range(6), (0.45, 0.2, 0.12, 0.1, 0.07, 0.06))[0]
        rated_day = wd_list[min(wd_index[day] + offset, last_wd)]
        if rated_day == day:
            moment = row["completed_at"] + dt.timedelta(minutes=rng.randint(1, 15))
        else:
            moment = at(rated_day, rng.randint(8 * 60, 22 * 60))
        plans[k] = _Plan(step=k, day=rated_day, at=moment, channel=channel.value, level=0)

    # Levels: the worse departments draw bad reviews several times as often.
    for k, plan in plans.items():
        dept_code = y.departments[step_rows[k]["department_id"]]
        p_bad = BAD_RATE * WORSE_DEPARTMENTS.get(dept_code, 1.0)
        if rng.random() < p_bad:
            plan.level = int(Level.DISSATISFIED if rng.random() < 0.65 else Level.VERY_DISSATISFIED)
        else:
            plan.level = int(rng.choices((Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED),
                                         (0.75, 0.19, 0.06))[0])

    # staff_scjg gets two recent bad reviews on steps still in their rating window.
    forced_bad: list[int] = []
    if demo_numbers:
        recent = [k for k, (_, case) in enumerate(step_meta) if case["number"] in demo_numbers]
        for k, level in zip(recent, (Level.DISSATISFIED, Level.VERY_DISSATISFIED)):
            row = step_rows[k]
            plans[k] = _Plan(step=k, day=row["completed_on"], at=row["completed_at"] + dt.timedelta(minutes=6),
                             channel=Channel.QR_CODE.value, level=int(level))
            forced_bad.append(k)

    # The burst: the first steps of one department that are open for rating at its moment.
    if y.burst_left:
        burst = [k for k, row in enumerate(step_rows) if row["department_id"] == y.burst_dept and row["completed_on"]
                 and row["completed_on"] <= y.burst_day <= row["rating_due_on"]
                 and row["completed_at"] < y.burst_at][:y.burst_left]
        for k in burst:
            i = 9 - y.burst_left
            plans[k] = _Plan(step=k, day=y.burst_day, at=y.burst_at + dt.timedelta(seconds=55 * i),
                             channel=Channel.QR_CODE.value, level=int(Level.VERY_SATISFIED), comment="非常满意",
                             device_id=y.burst_device, ip=y.burst_ip, recent_top=min(i, rating_rules.BURST_THRESHOLD))
            y.burst_left -= 1

    # Two top ratings whose text says the opposite: a misclick the supervisor should look at.
    if y.contradictions_left:
        older = [k for k, p in sorted(plans.items()) if p.level == Level.VERY_SATISFIED and not p.comment
                 and p.day < wd_list[max(0, last_wd - 30)]]
        for k in rng.sample(older, k=min(y.contradictions_left, len(older))):
            plans[k].comment = rng.choice(("态度差，跑了好几次才办成", "等了很久没人管"))
            y.contradictions_left -= 1
    return plans, [k for k in defaults if k not in plans], forced_bad


def rating_rows(y: _Year, plans: dict[int, _Plan], defaults: list[int], step_rows: list[dict], step_meta: list,
                 step_ids: list[int]) -> list[dict]:
    """The rows of the planned ratings (comments, raters and indicators matched to the level) and the defaults."""
    rng, gov = y.rng, y.gov
    for k in sorted(plans):
        plan = plans[k]
        level = Level(plan.level)
        if not plan.comment:
            if level.is_bad:
                plan.comment = rng.choice(BAD_COMMENTS)
            elif level is Level.BASICALLY_SATISFIED and rng.random() < 0.6:
                plan.comment = rng.choice(FAIR_COMMENTS)
            elif rng.random() < 0.3:
                plan.comment = rng.choice(GOOD_COMMENTS)
        plan.real_name = rng.random() < (0.4 if level.is_bad else 0.08)
        if plan.real_name:
            plan.name, plan.phone = _person(rng), _phone(rng)
        if not plan.device_id:
            if plan.channel == Channel.WINDOW_DEVICE:
                plan.device_id = f"PJQ-{step_rows[k]['window_id']:04d}"
                plan.ip = f"10.20.{step_rows[k]['window_id'] % 250}.{10 + rng.randint(0, 5)}"
            else:
                plan.device_id = f"m{rng.getrandbits(48):012x}"
                plan.ip = f"{rng.choice((117, 171, 182, 223))}.{rng.randint(1, 254)}.{rng.randint(1, 254)}.{rng.randint(1, 254)}"
        plan.flags = rating_rules.flags_for(level, plan.comment, recent_top_from_source=plan.recent_top,
                                            from_staff_device=False)

    def indicators(channel: str, level: Level) -> tuple[int | None, dict]:
        scope = rating_rules.indicator_scope(Channel(channel))
        chosen_set = y.sets.get(scope) if scope else None
        if chosen_set is None or (not level.is_bad and rng.random() < 0.5):
            return (chosen_set.id if chosen_set else None), {}
        side = rating_rules.polarity(level)
        picked = rng.sample(chosen_set.definition["indicators"], k=rng.randint(1, 2))
        return chosen_set.id, {i["code"]: rng.sample(i["options"][side], k=1) for i in picked}

    rows: list[dict] = []
    for k in sorted(plans):
        plan, row = plans[k], step_rows[k]
        case_id, case = step_meta[k]
        set_id, chosen = indicators(plan.channel, Level(plan.level))
        rows.append(dict(
            center_id=gov.id, department_id=row["department_id"], window_id=row["window_id"],
            staff_id=row["handler_id"], item_id=case["item_id"], case_id=case_id, step_id=step_ids[k],
            channel=plan.channel, social_source="", level=plan.level, is_bad=Level(plan.level).is_bad, is_default=False,
            indicator_set_id=set_id, indicators=chosen, comment=plan.comment, rater_key=APPLICANT,
            real_name=plan.real_name, rater_name=plan.name, rater_phone=plan.phone, client_ip=plan.ip,
            device_id=plan.device_id, entered_by_id=None, nonce=None, flags=plan.flags, rated_at=plan.at,
            rated_on=plan.day,
        ))
    for k in defaults:
        row = step_rows[k]
        case_id, case = step_meta[k]
        rated_on = row["rating_due_on"] + dt.timedelta(days=1)
        rows.append(dict(
            center_id=gov.id, department_id=row["department_id"], window_id=row["window_id"],
            staff_id=row["handler_id"], item_id=case["item_id"], case_id=case_id, step_id=step_ids[k],
            channel=Channel.DEFAULT.value, social_source="", level=int(rating_rules.DEFAULT_LEVEL), is_bad=False,
            is_default=True, indicator_set_id=None, indicators={}, comment="", rater_key=APPLICANT, real_name=False,
            rater_name="", rater_phone="", client_ip="", device_id="", entered_by_id=None, nonce=None, flags=[],
            rated_at=at(rated_on, 60 + rng.randint(0, 20)), rated_on=rated_on,
        ))
    return rows


def write_social(session: Session, y: _Year, work_days: list[dt.date], count: int) -> None:
    """Social ratings typed in by the supervisor: letters, hotline calls, platform messages about a staff member."""
    rng, gov = y.rng, y.gov
    gov_staff = [s for dept in sorted(y.window_staff) for s in y.window_staff[dept]]
    social_days = [d for d in work_days if d < y.ref]
    rows = []
    for _ in range(count if social_days else 0):
        target = rng.choice(gov_staff)
        day = rng.choice(social_days)
        bad = rng.random() < 0.4
        level = (rng.choice((Level.DISSATISFIED, Level.VERY_DISSATISFIED)) if bad
                 else rng.choice((Level.VERY_SATISFIED, Level.VERY_SATISFIED, Level.SATISFIED, Level.BASICALLY_SATISFIED)))
        comment = (rng.choice(SOCIAL_BAD) + rng.choice(BAD_COMMENTS) if bad
                   else rng.choice(SOCIAL_GOOD) + rng.choice(SOCIAL_GOOD_COMMENTS + GOOD_COMMENTS))
        real_name = rng.random() < 0.5
        rater = Rater(name=_person(rng), phone=_phone(rng), real_name=True) if real_name else \
            Rater(device_id=f"social-{rng.getrandbits(40):010x}")
        rows.append(dict(
            center_id=gov.id, department_id=target.department_id, window_id=target.window_id, staff_id=target.id,
            item_id=None, case_id=None, step_id=None, channel=Channel.SOCIAL.value,
            social_source=rng.choice(list(SocialSource)).value, level=int(level), is_bad=level.is_bad,
            is_default=False, indicator_set_id=None, indicators={}, comment=comment, rater_key=rater_key(rater),
            real_name=real_name, rater_name=rater.name, rater_phone=rater.phone, client_ip="", device_id="",
            entered_by_id=y.supervisor.id, nonce=None,
            flags=rating_rules.flags_for(level, comment, recent_top_from_source=0, from_staff_device=False),
            rated_at=at(day, rng.randint(9 * 60, 17 * 60)), rated_on=day,
        ))
    before = bulk.last_id(session, Rating.__table__)
    bulk.insert(session, Rating.__table__, rows)
    # Social ratings have no step: their ids are read back by rater and moment.
    by_rater = {(key, moment): i for i, key, moment in session.execute(
        select(Rating.id, Rating.rater_key, Rating.rated_at).where(
            Rating.center_id == gov.id, Rating.is_bad.is_(True), Rating.step_id.is_(None), Rating.id > before))}
    y.bad.extend((by_rater[(r["rater_key"], r["rated_at"])], r) for r in rows if r["is_bad"])
    y.counts.update(ratings=len(rows))

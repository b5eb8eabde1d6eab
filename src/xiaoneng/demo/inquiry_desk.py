"""One first inquiry of the demo year (E2), drawn as the responder logs it: who was asked (the 综合服务科's desk or
a department's window, never someone on leave), by which channel, about which item, and what came of it — an
answer from the item's own guide, a case the person then applied for, or a referral to the department responsible.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field

from xiaoneng.auth.rules import Role
from xiaoneng.demo.catalog import inquiry_texts as texts
from xiaoneng.demo.days import at
from xiaoneng.demo.leave_book import LeaveBook
from xiaoneng.demo.year_state import person, phone
from xiaoneng.duty.rules import HalfDay
from xiaoneng.inquiries import rules
from xiaoneng.kit.clock import TZ

CHANNELS = ((rules.Channel.VISIT, 0.52), (rules.Channel.PHONE, 0.33), (rules.Channel.ONLINE, 0.12),
            (rules.Channel.FAX, 0.03))
REFERRED = {rules.Channel.VISIT: 0.12, rules.Channel.PHONE: 0.2, rules.Channel.ONLINE: 0.25, rules.Channel.FAX: 0.45}
CASE_SHARE = 0.15  # of visits: the person applies right after asking
AT_THE_DESK = {rules.Channel.VISIT: 0.45, rules.Channel.PHONE: 0.6}  # asked at the 综合服务科's desk, else a window
TO_SOMEONE_AWAY = 0.04  # of referrals: named to someone on leave at the time
QUOTED_SHARE = 0.006  # the asker quotes what another window said (a forbidden phrase, E4)
DESK = "ZHFW"


@dataclass
class Drawn:
    """An inquiry row (without its number) and, for a referral, what the referral needs."""
    row: dict
    department_id: int | None = None  # of the referral
    to_staff: object | None = None
    assigned_id: int | None = None
    answer: str = ""
    extra: dict = field(default_factory=dict)


class Desk:
    """The main center's clerks, heads and items, and the leave book: draws its inquiries one at a time."""

    def __init__(self, *, rng: random.Random, center, departments: dict, staff: list, items: list, materials: dict,
                 halls: dict, book: LeaveBook):
        self.rng, self.center, self.book = rng, center, book
        self.staff_by_id = {s.id: s for s in staff}
        self.item_by_id = {i.id: i for i in items}
        self.department_names = {d.id: d.name for d in departments.values()}
        self.code_of = {d.id: code for code, d in departments.items() if d.center_id == center.id}
        self.clerks: dict[int, list] = {}
        self.heads: dict[int, object] = {}
        for s in staff:
            if s.center_id != center.id or not s.active or s.department_id not in self.code_of:
                continue
            if s.role == Role.WINDOW_STAFF:
                self.clerks.setdefault(s.department_id, []).append(s)
            elif s.role == Role.DEPT_HEAD:
                self.heads[s.department_id] = s
        self.desk_id = departments[DESK].id
        self.items = [i for i in items if i.center_id == center.id and i.department_id in self.clerks]
        per_department = {d: sum(i.department_id == d for i in self.items) for d in self.clerks}
        # Departments as often as they have clerks, their items alike.
        self.item_weights = list(itertools.accumulate(
            len(self.clerks[i.department_id]) / per_department[i.department_id] for i in self.items))
        self.materials, self.halls = materials, halls
        self.referral_targets = [d for d, code in self.code_of.items() if code in texts.REFERRALS and d in self.clerks]

    def present(self, candidates: list, half: HalfDay):
        """Someone of `candidates` at work at that half day (not on approved leave), or None."""
        for _ in range(6):
            chosen = self.rng.choice(candidates)
            if not self.book.away(chosen.id, half):
                return chosen
        return None

    def question(self, item, kind: str | None = None) -> tuple[str, str]:
        """What is asked about `item`, and the kind of question (materials, limit, online, fees, place, proxy)."""
        kind = kind or self.rng.choice(list(texts.QUESTIONS))
        text = self.rng.choice(texts.QUESTIONS[kind]).format(item=item.name)
        asker = self.rng.choice(texts.ASKERS)
        return kind, (f"{asker}{text}" if asker and "老人" not in text else text)

    def answer(self, item, kind: str) -> str:
        """The answer to a question of `kind` from the item's own guide: its materials, limits, fees, hall."""
        materials, hall = self.materials.get(item.id, []), self.halls[item.department_id]
        if kind == "materials":
            named = "、".join(materials[:4])
            more = f"等{len(materials)}项材料" if len(materials) > 4 else ""
            return f"告知需提交{named}{more}，原件现场核验，并提供了一次性告知单。"
        if kind == "limit":
            if not item.promised_limit_days:
                return "告知该事项为即办件，材料齐全、符合法定形式的当场办结。"
            return (f"告知承诺办结时限为{item.promised_limit_days}个工作日（法定{item.statutory_limit_days}个工作日），"
                    "自受理之日起计算，补正材料期间不计时。")
        if kind == "online":
            return texts.ONLINE_ANSWER if item.online else texts.OFFLINE_ANSWER.format(hall=hall)
        if kind == "fees":
            return f"告知该事项{item.fees}。" if item.fees != "不收费" else "告知该事项不收取任何费用。"
        if kind == "proxy":
            return texts.PROXY_ANSWER
        return f"告知请到{hall}{self.department_names[item.department_id]}窗口办理，{texts.HOURS}。"

    def moment(self, day: dt.date) -> dt.datetime:
        minutes = self.rng.randint(9 * 60, 16 * 60 + 50)
        if 12 * 60 <= minutes < 13 * 60:
            minutes += 60
        return at(day, minutes)

    def draw(self, day: dt.date, case=None) -> Drawn | None:
        """One inquiry on `day`; with `case` (a window case of that day) the one its applicant asked before applying."""
        rng = self.rng
        if case is not None:
            asked_at = max(case.received_at.astimezone(TZ) - dt.timedelta(minutes=rng.randint(5, 30)), at(day, 9 * 60))
            handler = self.staff_by_id.get(case.handler_id)
            if handler is None or self.book.away(handler.id, HalfDay.of_time(asked_at)):
                return None
            item = self.item_by_id[case.item_id]
            _, content = self.question(item, rng.choice(("materials", "limit")))
            return Drawn(self._row(rules.Channel.VISIT, content, asked_at, handler, [handler.id],
                                   rules.Outcome.CASE, case_id=case.id))
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        asked_at = self.moment(day)
        half = HalfDay.of_time(asked_at)
        item = rng.choices(self.items, cum_weights=self.item_weights)[0]
        at_desk = rng.random() < AT_THE_DESK.get(channel, 0)
        pool = self.clerks[self.desk_id if at_desk else item.department_id]
        if channel == rules.Channel.FAX and rng.random() < 0.3:
            pool = [self.heads[item.department_id]]
        logger = self.present(pool, half)
        if logger is None:
            return None
        present = [logger]
        if rng.random() < 0.12:  # a colleague (at times the head) was there too: the higher rank answers for it
            colleague = self.present(
                [self.heads[logger.department_id]] if rng.random() < 0.3 and logger.department_id in self.heads
                else self.clerks[logger.department_id], half)
            if colleague is not None and colleague.id != logger.id:
                present.append(colleague)
        responder = self.staff_by_id[rules.first_responder([rules.Present(p.id, p.rank) for p in present])]
        opening = texts.CHANNEL_OPENINGS[channel]
        if rng.random() < REFERRED[channel]:
            return self._referral(channel, opening, asked_at, half, item, responder, present, logger)
        if rng.random() < QUOTED_SHARE:
            template, kind = rng.choice(texts.QUOTED_CONDUCT)
            content = template.format(item=item.name)
        else:
            kind, content = self.question(item)
            content = opening + content
        return Drawn(self._row(channel, content, asked_at, responder, [p.id for p in present], rules.Outcome.ANSWERED,
                               answer=self.answer(item, kind), logged_by=logger))

    def _referral(self, channel, opening, asked_at, half, item, responder, present, logger) -> Drawn:
        rng = self.rng
        target = item.department_id
        if responder.department_id == target or target not in self.referral_targets:
            target = rng.choice([d for d in self.referral_targets if d != responder.department_id])
        to_staff = None
        if rng.random() < TO_SOMEONE_AWAY:
            # The person responsible for the matter is on leave that day: their post's B takes the referral.
            away = [c for d in self.referral_targets if d != responder.department_id for c in self.clerks[d]
                    if self.book.away(c.id, half) and c.id in self.book.a_posts]
            if away:
                to_staff = rng.choice(away)
                target = to_staff.department_id
        question, answer = rng.choice(texts.REFERRALS[self.code_of[target]])
        r = rng.random()
        if to_staff is None and r < 0.7:
            to_staff = rng.choice(self.clerks[target])
        elif to_staff is None and r < 0.8 and target in self.heads:
            to_staff = self.heads[target]
        assigned = self.book.covering(to_staff.id, half) if to_staff else None
        row = self._row(channel, opening + question, asked_at, responder, [p.id for p in present],
                        rules.Outcome.REFERRED, logged_by=logger, asker_phone=phone(rng))
        return Drawn(row, department_id=target, to_staff=to_staff, assigned_id=assigned, answer=answer)

    def _row(self, channel, content, asked_at, responder, present_ids, outcome, *, answer: str = "", case_id=None,
             logged_by=None, asker_phone: str | None = None) -> dict:
        rng = self.rng
        if asker_phone is None:
            asker_phone = phone(rng) if rng.random() < 0.55 else ""
        return dict(center_id=self.center.id, department_id=responder.department_id, channel=str(channel),
                    asker_name=person(rng) if rng.random() < 0.65 else "", asker_phone=asker_phone,
                    content=content, asked_at=asked_at, responder_id=responder.id, present_ids=present_ids,
                    logged_by_id=(logged_by or responder).id, outcome=str(outcome), answer=answer, case_id=case_id,
                    created_at=asked_at, updated_at=asked_at)

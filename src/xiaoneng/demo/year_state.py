"""What the chunks of a demo year share (Year), a rating decided before its row is written (Plan), and the people
who apply and rate."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from xiaoneng.calendar.rules import WorkCalendar
from xiaoneng.demo.catalog import people
from xiaoneng.demo.days import Days


@dataclass
class Plan:
    """One completed step's rating, decided before any row is written."""

    step: int  # index into the chunk's step rows
    day: dt.date
    at: dt.datetime
    channel: str
    level: int
    comment: str = ""
    real_name: bool = False
    name: str = ""
    phone: str = ""
    ip: str = ""
    device_id: str = ""
    recent_top: int = 0
    flags: list = field(default_factory=list)


@dataclass
class Year:
    """What every chunk of the year shares, and what the chunks hand on to the loop."""

    rng: random.Random
    nrng: np.random.Generator
    gov: object
    ref: dt.date
    start: dt.date
    days: Days
    departments: dict  # department id -> code, of the main center
    window_staff: dict
    heads: dict
    supervisor: object
    items: list
    item_p: np.ndarray
    item_limits: np.ndarray
    item_online: np.ndarray
    materials: dict
    sets: dict
    wd_list: list
    wd_index: dict
    demo_staff: object | None
    recent_from: int
    burst_dept: int
    burst_day: dt.date
    burst_at: dt.datetime
    burst_device: str
    burst_ip: str
    burst_left: int = 9  # one phone giving top ratings to nine steps of one department within ten minutes
    contradictions_left: int = 2  # top ratings whose text says the opposite
    bad: list = field(default_factory=list)  # (rating id, rating row) of every bad review
    forced: set = field(default_factory=set)  # step ids of the demo clerk's own bad reviews
    counts: Counter = field(default_factory=Counter)

    @property
    def cal(self) -> WorkCalendar:
        return self.days.cal


def person(rng: random.Random) -> str:
    surname = rng.choice(people.COMMON_SURNAMES if rng.random() < 0.4 else people.SURNAMES)
    return surname + "".join(rng.choice(people.GIVEN_CHARS) for _ in range(1 if rng.random() < 0.3 else 2))


def phone(rng: random.Random) -> str:
    return f"{rng.choice(people.PHONE_PREFIXES)}{rng.randint(0, 99999999):08d}"

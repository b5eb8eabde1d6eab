"""What the checks of a rating read (steps, windows, staff, indicator sets, taken steps, nonces, recent top
ratings), asked one at a time or preloaded for a whole batch in a few set-based queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from xiaoneng.cases import service as cases
from xiaoneng.kit import clock
from xiaoneng.kit.cache import TtlCache
from xiaoneng.kit.scope import Actor
from xiaoneng.org import service as org
from xiaoneng.ratings import repository as repo
from xiaoneng.ratings import rules
from xiaoneng.ratings.models import Rating
from xiaoneng.ratings.rules import Level


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

    def preload(self, submissions: list) -> None:  # of checks.Submission, which reads through these lookups
        """Read what the checks of this batch need in a few queries: steps, taken steps, nonces, top-rating sources."""
        step_ids = {s.step_id for s in submissions if s.step_id is not None}
        if step_ids:
            for step in repo.load_steps(self.session, step_ids):  # the step checks then read no more
                self._held[("step", step.id)] = step
            self._taken |= repo.taken_steps(self.session, step_ids)
        self._nonces |= repo.used_nonces(self.session, {s.nonce for s in submissions if s.nonce})
        self._preloaded = True
        self._preload_top([s for s in submissions if _is_top(s.level) and s.actor.center_id is not None])

    def _preload_top(self, subs: list) -> None:
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

    def applicant_step(self, actor: Actor, *, phone: str, today: dt.date, window_id, staff_id):
        """The applicant's latest open, unrated step at this window or with this staff member, or None."""
        if actor.center_id is None or (window_id is None and staff_id is None):
            return None
        step = repo.applicant_step(self.session, center_id=actor.center_id, phone=phone, today=today,
                                   window_id=window_id, staff_id=staff_id)
        if step is not None:
            self._held[("step", step.id)] = step
        return step

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

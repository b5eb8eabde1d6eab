"""The demo's records of visits and what follows them: results with the odd failure, findings numbered as the
service numbers them, marked when they repeat, answered by their unit on time, late or not yet, re-inspected."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from xiaoneng.auth.rules import Role
from xiaoneng.kit import bulk
from xiaoneng.demo.inspection_texts import ANSWERS, PROBLEMS
from xiaoneng.inspections import rules, setup
from xiaoneng.inspections.models import InspectionFinding, Reinspection, Result, Visit
from xiaoneng.kit.clock import TZ
from xiaoneng.org.models import ServicePointType, Staff

FAIL_RATE = {rules.VisitKind.ROUTINE: 0.008, rules.VisitKind.UNANNOUNCED: 0.03}
OFTEN = {"A09": 3, "A13": 2.5, "B19": 3, "B11": 2, "A11": 2, "B07": 2, "A07": 1.5}  # checks that fail more often
NO_STAFF = {"A01", "A03", "A08", "A11", "A12", "A13", "B02", "B03", "B05", "B12", "B13"}  # n/a at a kiosk
PHONE_CODE = "A02"


class Work:
    def __init__(self, session: Session, *, rng: random.Random, cal, today: dt.date, indicators: dict, team: list[int],
                 center_id: int):
        self.session, self.rng, self.cal, self.today = session, rng, cal, today
        self.indicators, self.team, self.center_id = indicators, team, center_id
        self.units = setup.point_units(session, center_id)
        self.days = setup.settings_for(session, center_id).finding_days
        self.heads = {s.department_id: s.id for s in session.scalars(select(Staff).where(
            Staff.center_id == center_id, Staff.role == Role.DEPT_HEAD))}
        self.by_code = {(i.point_type, i.code): i for i in indicators.values()}
        self.numbers: dict[dt.date, int] = defaultdict(int)
        self.history: dict[tuple[int, str], list[InspectionFinding]] = defaultdict(list)
        self.updates: list[dict] = []
        self.findings: list[InspectionFinding] = []
        self.followed: list[tuple[InspectionFinding, Visit, str]] = []  # re-inspections and their outcome
        self.repeats: list[tuple[InspectionFinding, InspectionFinding]] = []
        self.reinspections = 0

    @property
    def finding_count(self) -> int:
        return len(self.findings)

    def later(self, day: dt.date, n: int) -> dt.date | None:
        """The n-th working day after `day`, when it is already past at the build."""
        found = self.cal.add_working_days(day, n)
        return found if found < self.today else None

    def _at(self, day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, self.rng.randint(0, 59)), TZ)

    def record(self, visit: Visit, point) -> list[dict]:
        rows = []
        rate = FAIL_RATE[rules.VisitKind(visit.kind)]
        published = None
        if visit.kind == rules.VisitKind.UNANNOUNCED:
            published = self.later(visit.day, self.rng.randint(2, 5))
        for indicator_id in visit.indicator_ids:
            indicator = self.indicators[indicator_id]
            outcome, note = rules.Outcome.PASS, ""
            if point.point_type == ServicePointType.SELF_SERVICE and indicator.code in NO_STAFF:
                outcome = rules.Outcome.NOT_APPLICABLE
            elif self.rng.random() < rate * OFTEN.get(indicator.code, 1):
                outcome, note = rules.Outcome.FAIL, self.rng.choice(PROBLEMS[indicator.code])
                notified = visit.day if visit.kind != rules.VisitKind.UNANNOUNCED else published
                self.finding(point, indicator, note, visit.kind, visit.day, notified, visit_id=visit.id)
            rows.append({"visit_id": visit.id, "indicator_id": indicator_id, "outcome": outcome, "note": note})
        recorded = self._at(visit.day, self.rng.randint(9, 16))
        self.updates.append({"id": visit.id, "status": rules.VisitStatus.RECORDED, "submission_key": f"demo{visit.id:010d}",
                             "recorded_at": recorded, "recorded_by_id": visit.inspector_id, "notes": "",
                             "published_at": recorded if visit.kind != rules.VisitKind.UNANNOUNCED else (
                                 self._at(published, 10) if published else None)})
        return rows

    def phone_finding(self, check, point, problems: list[str], day: dt.date, published: dt.date | None) -> None:
        indicator = self.by_code.get((point.point_type, PHONE_CODE))
        text = "；".join(problems) + (f"。咨询问题：{check.question}" if check.question else "")
        self.finding(point, indicator, f"电话暗访（{check.phone}）：{text}", "phone", day, published,
                     phone_check_id=check.id)

    def finding(self, point, indicator, description: str, kind: str, found_on: dt.date, notified: dt.date | None,
                **source) -> None:
        self.numbers[found_on] += 1
        code = indicator.code if indicator else ""
        earlier = [f for f in self.history[point.id, code]
                   if (found_on - f.found_on).days <= rules.REPEAT_WINDOW_DAYS] if code else []
        finding = InspectionFinding(
            center_id=self.center_id, number=f"WT{found_on:%Y%m%d}{self.numbers[found_on]:04d}",
            department_id=self.units.get(point.id), point_id=point.id, indicator_id=indicator.id if indicator else None,
            indicator_code=code, kind=kind, description=description, found_on=found_on, deadline_days=self.days,
            repeat_count=len(earlier) + 1, **source)
        if earlier:
            self.repeats.append((finding, earlier[-1]))  # resolved to an id once both are written
        if code:
            self.history[point.id, code].append(finding)
        self.findings.append(finding)
        if notified is None:
            finding.status = rules.FindingStatus.HELD
            return
        self._follow(finding, notified, point, first=True)

    def _follow(self, finding: InspectionFinding, notified: dt.date, point, *, first: bool) -> None:
        """The unit's answer (on time mostly, late sometimes, not yet for some), then the re-inspection."""
        finding.status, finding.notified_on = rules.FindingStatus.OPEN, notified
        finding.due_on = due = self.cal.add_working_days(notified, self.days)
        window = self.cal.working_days_between(notified + dt.timedelta(days=1), min(due, self.today - dt.timedelta(1)))
        roll = self.rng.random()
        if due < self.today:
            if roll < 0.78 and window:
                answered = self.rng.choice(window)
            elif roll < 0.93 or (self.today - due).days > 40:
                answered = self.later(due, self.rng.randint(1, 6))
            else:
                answered = None
        else:
            answered = self.rng.choice(window) if window and roll < 0.4 else None
        if answered is None or finding.department_id is None:
            return
        finding.status, finding.answered_on = rules.FindingStatus.ANSWERED, answered
        finding.answer, finding.answered_by_id = self.rng.choice(ANSWERS), self.heads.get(finding.department_id)
        day = self.later(answered, self.rng.randint(1, 3))
        if day is None or finding.indicator_id is None:
            return
        passed = self.rng.random() < (0.9 if first else 1.0)
        visit = Visit(center_id=self.center_id, kind=rules.VisitKind.REINSPECTION, day=day, point_id=point.id,
                      inspector_id=self.rng.choice(self.team), halves=1, indicator_ids=[finding.indicator_id],
                      status=rules.VisitStatus.RECORDED, recorded_at=self._at(day, 14), published_at=self._at(day, 14))
        visit.recorded_by_id = visit.inspector_id
        self.session.add(visit)
        self.followed.append((finding, visit, rules.Outcome.PASS if passed else rules.Outcome.FAIL))
        self.reinspections += 1
        if passed:
            finding.status, finding.closed_on = rules.FindingStatus.CLOSED, day
            return
        finding.failed_reinspections, finding.answered_on = 1, None
        self._follow(finding, day, point, first=False)

    def write(self, results: list[dict]) -> None:
        self.session.add_all(self.findings)
        self.session.flush()
        for finding, earlier in self.repeats:
            finding.repeat_of_id = earlier.id
        self.session.execute(update(Visit), self.updates)
        for finding, visit, outcome in self.followed:
            visit.submission_key = f"demo{visit.id:010d}"
            results.append({"visit_id": visit.id, "indicator_id": finding.indicator_id, "outcome": outcome,
                            "note": "" if outcome == rules.Outcome.PASS else "复查时问题仍未整改到位"})
        self.session.flush()
        bulk.insert(self.session, Reinspection.__table__,
                    [{"finding_id": f.id, "visit_id": v.id} for f, v, _ in self.followed])
        bulk.insert(self.session, Result.__table__, results)

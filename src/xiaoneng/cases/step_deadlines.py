"""Each step's due date (cases/rules.fold_steps) from the case's clock events and its step completions, in the
order they happened, and stored on the steps: by the case service at every event and completion, by the
recompute after a calendar change, by `xiaoneng cases step-deadlines` for cases written before."""

from __future__ import annotations

import datetime as dt

from xiaoneng.cases import rules
from xiaoneng.cases.models import Case, CaseEvent, CaseStep, EventKind


def clock_events(events: list[CaseEvent]) -> list[rules.ClockEvent]:
    """The stored events as the rules' clock events."""
    folded: list[rules.ClockEvent] = []
    for e in events:
        if e.kind == EventKind.RECEIVED:
            folded.append(rules.Received(e.day))
        elif e.kind == EventKind.NOTICE:
            folded.append(rules.Notice(e.day, frozenset(e.materials or [])))
        elif e.kind == EventKind.SUPPLEMENT:
            folded.append(rules.Supplement(e.day))
        elif e.kind == EventKind.EXTENSION:
            folded.append(rules.Extension(e.day, e.new_due))
        elif e.kind == EventKind.COMPLETED:
            folded.append(rules.Completed(e.day))
        elif e.kind == EventKind.REFUSED:
            folded.append(rules.Refused(e.day))
    return folded


def fold_step_dues(case: Case, events: list[CaseEvent], cal) -> list[tuple[CaseStep, dt.date | None, bool]]:
    """Each step of the case with its due date and 待核定 flag: the clock events and the step completions replayed
    in the order they happened (an event before a step completed at the same moment)."""
    steps = sorted(case.steps, key=lambda s: s.seq)
    happened = [(e.at, 0, n, folded) for n, (e, folded) in enumerate(zip(events, clock_events(events)))]
    happened += [(s.completed_at, 1, s.seq, rules.StepDone(s.completed_on)) for s in steps if s.completed_at]
    happened.sort(key=lambda h: (not isinstance(h[3], rules.Received), *h[:3]))  # the receipt starts the clock
    dues = rules.fold_steps([h[3] for h in happened], limit_days=case.limit_days, steps=len(steps), calendar=cal)
    return [(s, due, bool(due and due.year == cal.provisional_year)) for s, due in zip(steps, dues)]


def refresh(case: Case, events: list[CaseEvent], cal) -> int:
    """Store each step's due date; returns how many changed."""
    moved = 0
    for step, due, provisional in fold_step_dues(case, events, cal):
        if (step.due_on, step.due_provisional) != (due, provisional):
            step.due_on, step.due_provisional = due, provisional
            moved += 1
    return moved

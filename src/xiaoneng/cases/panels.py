"""Sections other domains add to the case page, so that cases need not know them: a domain registers a source
that returns a Panel (a template and its values) for one case, and xiaoneng.wiring installs the sources."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from xiaoneng.cases.models import Case
from xiaoneng.kit.scope import Actor


@dataclass(frozen=True)
class Panel:
    template: str  # included in cases/detail.html with `p` bound to `values`
    values: dict = field(default_factory=dict)


PanelSource = Callable[..., Panel | None]  # source(session, *, actor, case, request) -> Panel | None
_sources: list[PanelSource] = []


def on_case_page(source: PanelSource) -> PanelSource:
    """Register `source(session, *, actor, case, request)`; a None answer shows nothing."""
    if source not in _sources:
        _sources.append(source)
    return source


def panels(session: Session, *, actor: Actor, case: Case, request) -> list[Panel]:
    found = [source(session, actor=actor, case=case, request=request) for source in list(_sources)]
    return [p for p in found if p is not None]

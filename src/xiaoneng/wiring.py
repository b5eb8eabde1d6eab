"""Subscriptions between domains, made once at start-up so that dependencies point one way.

Cases do not know ratings, nor ratings the rectification loop: a completed step is announced through
`cases.service.on_step_completed` and a bad review through `ratings.service.on_bad_review`; ratings and the loop
subscribe here. Nor do cases know notices: the case page shows the sections registered with `cases.panels`. Every entry point (the web application, the command line, the test suite, the
benches) calls `install()` before it writes; it is idempotent.
"""

from __future__ import annotations


def install() -> None:
    from xiaoneng.analysis import suggest as analysis_suggest
    from xiaoneng.calendar import service as calendar
    from xiaoneng.cases import panels as case_panels
    from xiaoneng.cases import service as cases
    from xiaoneng.cases.recompute import recompute_cases
    from xiaoneng.complaints import classify as complaints_classify
    from xiaoneng.dashboards import panels as dashboard_panels
    from xiaoneng.duty import acting as duty_acting
    from xiaoneng.insights import hooks as insights_hooks
    from xiaoneng.kit import acting
    from xiaoneng.notices.panel import case_panel as notices_panel
    from xiaoneng.ratings import service as ratings
    from xiaoneng.ratings.defaults import invite_on_step_completed
    from xiaoneng.ratings.recompute import recompute_windows
    from xiaoneng.reports import sections as report_sections
    from xiaoneng.rectification.opening import open_for_bad_reviews
    from xiaoneng.rectification.recompute import recompute_deadlines
    from xiaoneng.supervision.recompute import recompute_replies
    from xiaoneng.complaints.recompute import recompute_complaints
    from xiaoneng.inspections.recompute import recompute_findings

    cases.on_step_completed(invite_on_step_completed)  # a completed step invites its applicant to rate (C2/C7)
    ratings.on_bad_review(open_for_bad_reviews)  # a bad review opens its rectification (D1)
    acting.install(duty_acting.record)  # work done for someone away is recorded as 代岗 (E1)
    case_panels.on_case_page(notices_panel)  # the case page lists its notices and issues them (E3)
    # A saved schedule (notice or local override) recomputes the open deadlines of its years and their 待核定.
    calendar.on_calendar_changed(recompute_cases)
    calendar.on_calendar_changed(recompute_windows)
    calendar.on_calendar_changed(recompute_deadlines)
    calendar.on_calendar_changed(recompute_replies)
    calendar.on_calendar_changed(recompute_complaints)  # complaints' answer and sign-for deadlines (F1)
    calendar.on_calendar_changed(recompute_findings)  # findings' rectification due days (F2)
    # A center's complaints are sorted by its own department model once it has trained one (G2).
    complaints_classify.use_for_center(analysis_suggest.for_center)
    # Hot topics and warnings: a section of the reports, panels of the director's, supervisors' and heads' home (G3/G4).
    insights_hooks.register(report_sections, dashboard_panels)

"""Use cases of the bad-review loop: open, contact, rectify, call back, appeal, escalate (SPEC D1-D7).

The use cases live in the modules named below, along the loop's seams; this module gathers their public names,
so that pages, the API, the jobs and the CLI have one place to call.
"""

from __future__ import annotations

from xiaoneng.rectification.appeals import appeal, decide_appeal, rate_rectification
from xiaoneng.rectification.common import get_rectification
from xiaoneng.rectification.lists import (
    CallbackReport,
    TimelineEntry,
    allowed_actions,
    callback_rate,
    contacts,
    list_rectifications,
    rectifications_query,
    timeline,
)
from xiaoneng.rectification.loop_settings import (
    DEFAULT_SETTINGS,
    SETTING_FIELDS,
    get_settings,
    settings_for,
    update_settings,
)
from xiaoneng.rectification.opening import open_for_rating, open_for_ratings
from xiaoneng.rectification.steps import (
    callback,
    close,
    confirm_problem,
    explain,
    feed_back,
    log_contact,
    propose_ledger,
    solve_on_spot,
    to_ledger,
)
from xiaoneng.rectification.timed import (
    TARGET_LABELS,
    TARGETS,
    TIMED,
    Escalations,
    acknowledge_alert,
    escalations,
    list_alerts,
    raise_concentration_alerts,
    refresh_deadlines,
)

__all__ = [
    "CallbackReport", "DEFAULT_SETTINGS", "Escalations", "SETTING_FIELDS", "TARGETS", "TARGET_LABELS", "TIMED",
    "TimelineEntry", "acknowledge_alert", "allowed_actions", "appeal", "callback", "callback_rate", "close",
    "confirm_problem", "contacts", "decide_appeal", "escalations", "explain", "feed_back", "get_rectification",
    "get_settings", "list_alerts", "list_rectifications", "log_contact", "open_for_rating", "open_for_ratings",
    "propose_ledger", "raise_concentration_alerts", "rate_rectification", "rectifications_query", "refresh_deadlines",
    "settings_for", "solve_on_spot", "timeline", "to_ledger", "update_settings",
]

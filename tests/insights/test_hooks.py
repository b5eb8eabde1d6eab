"""Hot topics and warnings reach the report (section 热点与预警) and the home pages (panels), from what is stored."""

import datetime as dt

from xiaoneng.auth.rules import Role
from xiaoneng.dashboards import panels
from xiaoneng.insights import hooks
from xiaoneng.reports import sections


def test_registered_once_in_the_report_after_breaches_and_on_three_dashboards():
    keys = [e.key for e in sections.entries()]
    assert keys.count("insights") == 1 and keys.index("insights") == keys.index("breaches") + 1
    assert hooks.director_panels in panels._PANELS[Role.DIRECTOR]
    assert hooks.topics_panel in panels._PANELS[Role.SUPERVISOR]
    assert hooks.department_panel in panels._PANELS[Role.DEPT_HEAD]
    assert hooks.director_panels not in panels._PANELS.get(Role.WINDOW_STAFF, [])

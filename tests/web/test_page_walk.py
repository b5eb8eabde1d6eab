"""Every page a role reaches from its menu, and one detail page of each kind, shows labels, never raw codes."""

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from tests.demo.conftest import demo  # noqa: F401  (the demo district's organisation)
from tests.fixtures.objects import make_case, make_rating
from xiaoneng.demo import builder
from xiaoneng.items.models import ServiceItem
from xiaoneng.kit import clock
from xiaoneng.org.models import Department, Staff, Window
from xiaoneng.web.templating import nav_for

FORBIDDEN = [
    re.compile(r"\b[a-z]+_[a-z_]+\b"),  # snake_case codes (service_attitude, window_staff, due_soon …)
    re.compile(r"job:"),
    re.compile(r'\{"'),  # JSON
    re.compile(r"\b[A-Z]{2}\d{4}\b"),  # staff numbers (JC0018) where a name belongs
    re.compile(r"\bDEMO\b"),
]
# Pages where a code is the thing shown: the staff pages list each person's 工号 and account name, the attendance
# summary each person's 工号 beside the name, and the exchange page documents the field names of the provincial
# platform's format (the API's codes).
ALLOWED = {"/admin/staff": (FORBIDDEN[0], FORBIDDEN[3]), "/attendance": (FORBIDDEN[3],),
           "/admin/exchange": (FORBIDDEN[0],)}
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")


def visible_text(page: str) -> str:
    """What a person reads: scripts, styles, tags and their attributes stripped, entities decoded."""
    return html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", page)))


def raw_codes(page: str, path: str = "") -> list[str]:
    text = visible_text(page)
    allowed = next((patterns for prefix, patterns in ALLOWED.items() if path.startswith(prefix)), ())
    return sorted({m.group(0) for pattern in FORBIDDEN if pattern not in allowed for m in pattern.finditer(text)})


def test_the_check_finds_codes_in_text_and_not_in_attributes():
    assert raw_codes('<a href="/x?status=due_soon" class="a_b">办件</a><script>var a_b = {"x": 1};</script>') == []
    assert raw_codes("<td>service_attitude：态度生硬</td><td>job:rectification</td>") == [
        "job:", "service_attitude"]
    assert raw_codes('<td>{"count": 2}</td><td>JC0018</td>') == ["JC0018", '{"']


@pytest.fixture
def records(db, demo):  # noqa: F811
    """A case, a bad review with its loop and a default-free rating in the demo's 市场监管 department."""
    department = db.scalar(select(Department).where(Department.code == "SCJG", Department.center_id == demo.centers["gov"].id))
    item = db.scalar(select(ServiceItem).where(ServiceItem.department_id == department.id))
    window = db.scalar(select(Window).where(Window.department_id == department.id))
    clerk = db.scalar(select(Staff).where(Staff.username == "staff_scjg"))
    case = make_case(db, item=item, window=window, handler=clerk, completed_at=clock.now() - dt.timedelta(hours=3))
    rating = make_rating(db, case=case, level=1, comment="态度生硬，等了很久")
    return {"case": case, "rating": rating, "department": department, "item": item, "window": window,
            "staff": clerk}


def _details(db, records) -> list[str]:
    from xiaoneng.rectification.models import Rectification

    rect = db.scalar(select(Rectification).where(Rectification.rating_id == records["rating"].id))
    return [f"/cases/{records['case'].id}", f"/ratings/{records['rating'].id}", f"/rectifications/{rect.id}",
            f"/admin/items/{records['item'].id}", f"/admin/windows/{records['window'].id}",
            f"/admin/staff/{records['staff'].id}", f"/admin/org/departments/{records['department'].id}"]


@pytest.mark.parametrize("account", builder.DEMO_ACCOUNTS, ids=lambda a: a.username)
def test_no_raw_codes_on_any_page(db, records, client, account):
    client.sign_in(account.username, account.password)
    from xiaoneng.auth.service import actor_for

    staff = db.scalar(select(Staff).where(Staff.username == account.username))
    paths = [path for _, path in nav_for(actor_for(staff))] + _details(db, records)
    found = {}
    for path in paths:
        page = client.page(path)
        if page.status_code in (403, 404):
            continue  # out of this role's scope or permissions
        assert page.status_code == 200, (path, page.status_code)
        codes = raw_codes(page.text, path)
        if codes:
            found[path] = codes
    assert found == {}

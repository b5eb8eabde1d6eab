"""Strict input at the edge: ids and page numbers past what the database stores answer 422 (API) or a Chinese
page, never 500; searches match % and _ as typed; a number is not a date and true is not an id."""

from __future__ import annotations

import re

import pytest

from tests.fixtures.objects import make_case, make_department, make_item, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.config import Settings
from xiaoneng.web.app import create_app

HUGE = 2**63
PUBLIC_RATING_API = "/api/public/ratings"  # the public intake answers its own input


def _routes():
    """(methods, path, path parameters, query parameters) of every route of the application."""
    app = create_app(Settings(env="test", secret_key="t" * 40))
    for route in app.routes:
        for context in route.effective_route_contexts() if hasattr(route, "effective_route_contexts") else [route]:
            dependant = getattr(context, "dependant", None)
            if dependant is None:
                continue
            queries = {p.name for p in dependant.query_params}
            for sub in dependant.dependencies:
                queries |= {p.name for p in sub.query_params}
            yield sorted(context.methods), context.path, [p.name for p in dependant.path_params], queries


def _numbered():
    """Every route with an id in its path, or a `page` or `..._id` query parameter: one case per parameter."""
    for methods, path, path_params, queries in _routes():
        if path.startswith(PUBLIC_RATING_API):
            continue
        ids = [p for p in path_params if p.endswith("_id")]
        numbered = ids + sorted(q for q in queries if q == "page" or q.endswith("_id"))
        for method in methods:
            if method == "HEAD":
                continue
            for name in numbered:
                yield pytest.param(method, path, ids, name, id=f"{method} {path} {name}")


@pytest.fixture
def admin(db):
    dept = make_department(db)
    return make_staff(db, role=Role.ADMIN, department=None, center_id=dept.center_id)


@pytest.fixture
def people(db, admin):
    """The administrator, then a department head (who alone among them may work on cases)."""
    dept = make_department(db, center_id=admin.center_id)
    return [admin, make_staff(db, role=Role.DEPT_HEAD, department=dept)]


@pytest.mark.parametrize("method, path, ids, name", list(_numbered()))
def test_a_number_past_the_database_never_answers_500(sign_in, people, method, path, ids, name):
    url = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(HUGE) if m.group(1) == name else "1", path)
    if name not in ids:
        url += f"?{name}={HUGE}"
    api = path.startswith("/api")
    for person in people:  # the first one allowed to call the route
        browser = sign_in(person)
        headers = {"accept": "application/json" if api else "text/html", "x-csrf-token": browser.csrf or ""}
        answer = browser.request(method, url, headers=headers, json={} if api and method != "GET" else None,
                                 data={"csrf_token": browser.csrf or ""} if not api and method != "GET" else None,
                                 follow_redirects=False)
        if answer.status_code != 403:
            break
    assert answer.status_code < 500, answer.text
    if api:
        assert answer.status_code == 422, answer.text
        assert name in {e["field"] for e in answer.json()["errors"]}
    elif answer.status_code >= 400:  # a page; a text filter (the audit log's entity) may simply find nothing
        assert answer.status_code in (404, 422) and "text/html" in answer.headers["content-type"]
        assert re.search(r"[\u4e00-\u9fff]", answer.text)


def test_the_walk_finds_the_routes_it_should():
    found = {(path, name) for _m, path, _ids, name in (p.values for p in _numbered())}
    assert ("/api/items/{item_id}", "item_id") in found and ("/api/cases", "page") in found
    assert ("/admin/org/departments/{record_id:int}", "page") not in found
    assert ("/api/windows", "department_id") in found and ("/cases", "page") in found


# --- searches ----------------------------------------------------------------------------------------------------

@pytest.fixture
def searchable(db, clock):
    dept = make_department(db, name="百分之百%科")
    make_department(db, center_id=dept.center_id, name="普通科")
    percent = make_item(db, department=dept, name="办结率100%")
    make_item(db, department=dept, name="普通事项")
    make_case(db, item=percent, applicant_name="张_三", received_at=clock.now())
    make_case(db, item=percent, applicant_name="张三丰", received_at=clock.now())
    return make_staff(db, role=Role.ADMIN, center_id=dept.center_id)


@pytest.mark.parametrize("url, key, expected", [
    ("/api/items?q=%25", "name", ["办结率100%"]),
    ("/api/cases?q=_", "applicant_name", ["张_三"]),
    ("/api/departments?q=%25", "name", ["百分之百%科"]),
])
def test_search_matches_percent_and_underscore_literally(sign_in, searchable, url, key, expected):
    answer = sign_in(searchable).api("GET", url)
    assert answer.status_code == 200 and [x[key] for x in answer.json()["items"]] == expected


def test_the_cases_page_search_is_literal_too(sign_in, searchable):
    page = sign_in(searchable).page("/cases?q=_")
    assert page.status_code == 200 and "共 1 条" in page.text  # 张_三, not 张三丰


# --- strict kinds ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("method, url, body, field", [
    ("POST", "/api/calendar/overrides", {"day": 1767225600.0, "working": True, "reason": "调休"}, "day"),
    ("POST", "/api/calendar/overrides", {"day": "2026-01-01", "working": 1, "reason": "调休"}, "working"),
    ("POST", "/api/items", {"code": "A1", "name": "事项", "department_id": True}, "department_id"),
    ("POST", "/api/items", {"code": "A1", "name": "事项", "department_id": 1, "guide_reviewed_on": 1.5e9},
     "guide_reviewed_on"),
    ("POST", "/api/items", {"code": "A1", "name": "事项", "department_id": 1, "statutory_limit_days": 2**40},
     "statutory_limit_days"),
    ("POST", "/api/exchange/push", {"kind": "ratings", "start": 20260101, "end": "2026-01-31"}, "start"),
    ("GET", "/api/exchange/ratings?start=1767225600&end=2026-01-31", None, "start"),
])
def test_numbers_are_not_dates_and_booleans_not_numbers(sign_in, admin, method, url, body, field):
    answer = sign_in(admin).api(method, url, json=body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field and "字段" in answer.json()["message"]

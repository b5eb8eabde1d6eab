"""A success answer means committed: a real server killed right after a 2xx keeps the change, and a read right
after the answer sees it (the test client's rolled-back transaction would hide both faults)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.fixtures.live import serve_live, start_live
from tests.fixtures.objects import make_department, make_item, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.db import make_engine, session_scope
from xiaoneng.items.models import ServiceItem


@pytest.fixture
def served_item(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        dept = make_department(s)
        item = make_item(s, department=dept, name="原名称")
        admin = make_staff(s, role=Role.ADMIN, center=None, department=None, center_id=dept.center_id)
        ids = item.id, admin.username
    yield own_database_url, engine, ids
    engine.dispose()


def _name(engine, item_id) -> str:
    with session_scope(engine, readonly=True) as s:
        return s.scalar(select(ServiceItem.name).where(ServiceItem.id == item_id))


def test_a_change_answered_200_survives_a_sigkill_right_after_the_answer(served_item):
    url, engine, (item_id, admin) = served_item
    for attempt in range(4):
        server = start_live(url)
        try:
            client = server.sign_in(admin)
            answer = client.patch(f"/api/items/{item_id}", json={"name": f"第{attempt}次改名"})
            server.kill()  # the moment the answer is read: nothing after it may be needed for durability
        finally:
            server.stop()
        assert answer.status_code == 200, answer.text
        assert _name(engine, item_id) == f"第{attempt}次改名"


def test_a_read_right_after_the_answer_sees_the_change(served_item):
    url, engine, (item_id, admin) = served_item
    with serve_live(url) as server:
        client = server.sign_in(admin)
        for attempt in range(20):
            assert client.patch(f"/api/items/{item_id}", json={"name": f"名称{attempt}"}).status_code == 200
            assert client.get(f"/api/items/{item_id}").json()["name"] == f"名称{attempt}"

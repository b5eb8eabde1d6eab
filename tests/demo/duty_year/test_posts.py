"""The demo's AB posts (E1): a post per window and one per department, A and B two people of the department (B
from another window where there is one), the leader post with the two directors, and the AB set-up report."""

from collections import Counter

from sqlalchemy import select

from tests.demo.duty_year.conftest import TODAY
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.duty import report
from xiaoneng.duty.models import DutyPost, PostKind
from xiaoneng.org.models import Department, Staff, Window


def test_every_department_has_a_post_per_window_and_one_for_the_department(db):
    staff = {s.id: s for s in db.scalars(select(Staff))}
    windows = Counter(db.scalars(select(Window.department_id)))
    posts = list(db.scalars(select(DutyPost).where(DutyPost.kind == PostKind.POST)))
    for department in db.scalars(select(Department)):
        mine = [p for p in posts if p.department_id == department.id]
        window_posts = [p for p in mine if p.window_id is not None]
        assert len(window_posts) == windows[department.id], department.name
        assert len({p.window_id for p in window_posts}) == len(window_posts)
        head_posts = [p for p in mine if p.window_id is None and p.name.endswith("负责人岗")]
        assert len(head_posts) == 1 and staff[head_posts[0].a_staff_id].role == Role.DEPT_HEAD, department.name
        for post in mine:
            a, b = staff[post.a_staff_id], staff[post.b_staff_id]
            assert a.id != b.id and a.department_id == b.department_id == department.id, post.name
            assert post.duties and post.center_id == department.center_id
        for post in window_posts:
            a, b = staff[post.a_staff_id], staff[post.b_staff_id]
            assert a.window_id == post.window_id and a.role == Role.WINDOW_STAFF
            # The B of a window comes from another window of the department when it has more than one.
            assert (b.window_id != a.window_id) == (windows[department.id] > 1), post.name


def test_the_leader_post_has_the_director_as_a_and_the_deputy_as_b(db, year):
    leader = list(db.scalars(select(DutyPost).where(DutyPost.kind == PostKind.LEADER)))
    assert len(leader) == 1 and leader[0].center_id == year["center"].id and leader[0].department_id is None
    a, b = db.get(Staff, leader[0].a_staff_id), db.get(Staff, leader[0].b_staff_id)
    assert a.username == "director" and b.role == Role.DIRECTOR and b.id != a.id


def test_the_ab_report_lists_every_post_with_names_numbers_and_duties(db, year):
    admin = db.scalar(select(Staff).where(Staff.username == "admin"))
    rows = report.rows(db, actor=actor_for(admin))
    posts = db.scalars(select(DutyPost).where(DutyPost.center_id == year["center"].id)).all()
    assert len(rows) == len(posts)
    assert rows[0].department == "中心领导" and rows[0].post == "中心主要领导岗"
    assert all(r.a_name and r.b_name and r.a_no.startswith("JC") and r.b_no.startswith("JC") for r in rows)
    assert all(r.duties and not r.duties.isascii() for r in rows)
    window_rows = [r for r in rows if r.window]
    assert window_rows and all(r.post.startswith(r.window[:3]) for r in window_rows)
    departments = [r.department for r in rows[1:]]
    assert departments == sorted(departments)  # grouped by department for the 综合服务科's file
    document = report.docx_bytes(db, actor=actor_for(admin), department_id=None, today=TODAY)
    assert document[:2] == b"PK" and len(document) > 10_000

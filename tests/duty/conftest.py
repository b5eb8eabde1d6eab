import pytest

from tests.fixtures.objects import make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.calendar import service as calendars
from xiaoneng.duty import service
from xiaoneng.org.models import Center


@pytest.fixture(scope="session")
def calendar():
    """The national calendar from the library's official schedules (2025: 国庆 10/1-10/8, make-up 9/28 and 10/11;
    2026: 国庆 10/1-10/7, make-up 9/20 and 10/10)."""
    return calendars._library_calendar()


@pytest.fixture
def hall(db):
    """One department with a post (A 张敏, B 李强), a colleague, its head, another department's head, a director,
    a supervisor and an admin, all of one center."""
    dept = make_department(db, name="不动产登记科")
    other = make_department(db, center=db.get(Center, dept.center_id), name="社保科")
    people = {
        "a": make_staff(db, department=dept, full_name="张敏"),
        "b": make_staff(db, department=dept, full_name="李强"),
        "c": make_staff(db, department=dept, full_name="王芳"),
        "head": make_staff(db, department=dept, role=Role.DEPT_HEAD, full_name="赵科长"),
        "other_head": make_staff(db, department=other, role=Role.DEPT_HEAD, full_name="钱科长"),
        "director": make_staff(db, role=Role.DIRECTOR, full_name="孙主任"),
        "supervisor": make_staff(db, role=Role.SUPERVISOR, full_name="周监察"),
        "admin": make_staff(db, role=Role.ADMIN, full_name="吴管理"),
    }
    for p in people.values():  # those made without a department: of the same center
        p.center_id = dept.center_id
    db.flush()
    post = service.create_post(db, actor=actor_for(people["admin"]), name="不动产登记受理岗",
                               a_staff_id=people["a"].id, b_staff_id=people["b"].id, department_id=dept.id)
    return {"dept": dept, "post": post, **people}


def ask(db, person, start, sh, end, eh, kind="vacation"):
    return service.request_absence(db, actor=actor_for(person), kind=kind, start_date=start, start_half=sh,
                                   end_date=end, end_half=eh, reason="年休假")

"""Each role's home page shows its own work, scoped: counts, first rows with names and dates, links to the lists."""

import datetime as dt

from tests.fixtures.objects import make_case, make_department, make_staff, make_window
from tests.rectification.conftest import world  # noqa: F401  (the loop's fixture: one department and each role)
from xiaoneng.auth.rules import Role
from xiaoneng.cases import service as cases
from xiaoneng.kit.scope import system_actor
from xiaoneng.rectification import service as loop

D = dt.date


def _open_case(db, world, **kw):
    case = make_case(db, item=world.item, window=world.window, handler=world.clerk, **kw)
    return cases.accept_case(db, actor=system_actor(case.center_id), case_id=case.id)


def test_window_staff_see_their_open_cases_with_working_days_left(db, world, sign_in):
    case = _open_case(db, world)
    page = sign_in(world.clerk).page("/")
    assert page.status_code == 200
    assert "我的在办件" in page.text and case.number in page.text and f"/cases/{case.id}" in page.text
    assert world.item.name in page.text and "剩余 " in page.text and "个工作日" in page.text
    assert "/cases?status=accepted" in page.text
    assert "常用功能" in page.text and 'href="/cases"' in page.text


def test_window_staff_see_their_open_bad_reviews_and_callbacks_due(db, world, sign_in):
    rect = world.open(db, rated_on=D(2026, 11, 16))
    page = sign_in(world.clerk).page("/")
    assert "我的待整改差评" in page.text and f"/rectifications/{rect.id}" in page.text
    assert "2026年11月16日" in page.text and world.department.name in page.text
    assert "待回访" in page.text


def test_staff_of_another_department_see_none_of_it(db, world, sign_in):
    case = _open_case(db, world)
    rect = world.open(db)
    other = make_department(db, center_id=world.department.center_id)
    stranger = make_staff(db, department=other, window_id=make_window(db, department=other).id)
    head = make_staff(db, role=Role.DEPT_HEAD, department=other)
    for person in (stranger, head):
        page = sign_in(person).page("/")
        assert page.status_code == 200
        assert case.number not in page.text and f"/rectifications/{rect.id}" not in page.text


def test_a_clerk_does_not_see_a_colleagues_cases_as_their_own(db, world, sign_in):
    colleague = make_staff(db, department=world.department, window_id=make_window(db, department=world.department).id)
    case = _open_case(db, world)
    page = sign_in(colleague).page("/")
    assert case.number not in page.text


def test_department_heads_see_their_department_and_pending_appeals(db, world, sign_in):
    case = _open_case(db, world)
    rect = world.open(db)
    loop.appeal(db, actor=_actor(world.head), rectification_id=rect.id, reason="评价人反映的问题与本窗口无关")
    page = sign_in(world.head).page("/")
    assert "本科室在办件" in page.text and case.number in page.text
    assert "本科室待复核申诉" in page.text and f"/rectifications/{rect.id}" in page.text


def test_supervisors_see_the_centers_overdue_work_and_appeals(db, world, sign_in, clock):
    rect = world.open(db, rated_on=D(2026, 11, 2))
    loop.refresh_deadlines(db, today=D(2026, 11, 18))
    page = sign_in(world.supervisor).page("/")
    assert "超期办件" in page.text and "超期未整改差评" in page.text and "未处理的差评集中预警" in page.text
    assert "待复核申诉" in page.text and f"/rectifications/{rect.id}" in page.text
    assert "/rectifications?status=open&amp;overdue=1" in page.text


def test_directors_see_headline_figures(db, world, sign_in):
    world.open(db, rated_on=D(2026, 11, 16))
    page = sign_in(world.director).page("/")
    for label in ("11月评价数", "11月好评率", "11月差评率", "待整改差评", "超期办件", "2026年实名差评回访整改率"):
        assert label in page.text
    assert "尚未完成 1 条" in page.text


def test_admins_see_the_setup_status(db, world, sign_in):
    page = sign_in(world.admin).page("/")
    assert "待核定的日历年度" in page.text and "最近一次运行失败的定时任务" in page.text
    assert 'href="/admin/calendar"' in page.text and 'href="/admin/import"' in page.text


def _actor(staff):
    from tests.rectification.conftest import actor_of

    return actor_of(staff)

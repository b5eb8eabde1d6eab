"""Step due dates stored by the case service: set when a case is received and when the previous step is
completed, cleared while 补正 stops the clock, moved by an approved extension and by a published schedule."""

import datetime as dt

from tests.calendar.notices import NOTICE_2027
from tests.fixtures.objects import make_case, make_department, make_item, make_staff, make_window
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.calendar import service as calendar
from xiaoneng.cases import extensions
from xiaoneng.cases import service as cases
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor

D = dt.date


def at(y, m, d, h=10):
    return dt.datetime(y, m, d, h, tzinfo=TZ)


def _dues(case):
    return [(s.due_on, s.due_provisional) for s in sorted(case.steps, key=lambda s: s.seq)]


def test_a_window_case_has_its_one_step_due_with_the_case(db):
    # Received Tue 9/29 with 5 working days: 9/30, 10/8, 10/9, the make-up Saturday 10/10, then 10/12.
    case = make_case(db, item=make_item(db, promised_limit_days=5), received_at=at(2026, 9, 29))
    assert case.due_on == D(2026, 10, 12)
    assert _dues(case) == [(D(2026, 10, 12), False)]


def test_each_online_step_is_due_from_the_completion_of_the_one_before(db):
    case = make_case(db, item=make_item(db, promised_limit_days=5), origin="online", received_at=at(2026, 2, 13))
    actor = system_actor(case.center_id)
    assert _dues(case) == [(D(2026, 2, 14), False), (None, False), (None, False)]  # 受理: the make-up Saturday
    cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 2, 14))
    assert _dues(case)[1] == (D(2026, 2, 24), False)  # 审查: after the Spring Festival
    cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 2, 25))  # a day late
    assert _dues(case)[2] == (D(2026, 2, 28), False)  # 决定 (3 days from 2/25): the make-up Saturday
    cases.complete_step(db, actor=actor, case_id=case.id, at=at(2026, 2, 26))
    assert [d for d, _ in _dues(case)] == [D(2026, 2, 14), D(2026, 2, 24), D(2026, 2, 28)]
    assert case.status == "completed"


def test_a_one_time_notice_stops_the_open_step_and_the_supplement_restarts_it(db):
    case = make_case(db, item=make_item(db, promised_limit_days=6), origin="online", received_at=at(2026, 9, 28))
    actor = system_actor(case.center_id)
    assert _dues(case)[0] == (D(2026, 9, 30), False)
    cases.issue_notice(db, actor=actor, case_id=case.id, materials=["营业执照"], at=at(2026, 9, 29))
    assert _dues(case)[0] == (None, False)
    cases.receive_supplement(db, actor=actor, case_id=case.id, at=at(2026, 9, 30))
    assert _dues(case)[0] == (D(2026, 10, 9), False)  # 2 working days from 9/30, after the National Day holiday


def test_an_approved_extension_moves_the_open_step(db):
    dept = make_department(db)
    item = make_item(db, department=dept, promised_limit_days=3)
    window = make_window(db, department=dept)
    clerk = make_staff(db, department=dept, window_id=window.id)
    head = make_staff(db, role=Role.DEPT_HEAD, department=dept)
    case = make_case(db, item=item, window=window, handler=clerk, received_at=at(2026, 11, 16))
    assert _dues(case) == [(D(2026, 11, 19), False)]
    request = extensions.request_extension(db, actor=actor_for(clerk), case_id=case.id, new_due=D(2026, 11, 27),
                                           reason="需现场核查经营场所", at=at(2026, 11, 18))
    extensions.approve(db, actor=actor_for(head), request_id=request.id, at=at(2026, 11, 18, 15))
    assert case.due_on == D(2026, 11, 27)
    assert _dues(case) == [(D(2026, 11, 27), False)]


def test_a_published_schedule_moves_open_steps_and_clears_the_mark(db, clock):
    calendar.seed_from_library(db)  # 2027 provisional: 春节 not yet announced
    clock.set(D(2027, 1, 20))
    case = make_case(db, item=make_item(db, promised_limit_days=20), received_at=at(2027, 1, 20))
    assert _dues(case) == [(D(2027, 2, 23), True)]
    calendar.save_notice(db, actor=system_actor(), text=NOTICE_2027, year=2027)
    db.refresh(case)
    assert _dues(case) == [(D(2027, 2, 24), False)]


def test_cases_written_before_steps_had_due_dates_get_them_from_the_command(cli_database):
    from click.testing import CliRunner
    from sqlalchemy import select, update

    from xiaoneng.cases.models import CaseStep
    from xiaoneng.cli import main
    from xiaoneng.db import session_scope

    with session_scope(cli_database) as s:
        calendar.seed_from_library(s)
        online = make_case(s, item=make_item(s, promised_limit_days=5), origin="online", received_at=at(2026, 2, 13))
        cases.complete_step(s, actor=system_actor(online.center_id), case_id=online.id, at=at(2026, 2, 14))
        window = make_case(s, item=make_item(s, promised_limit_days=5), received_at=at(2026, 9, 29))
        s.execute(update(CaseStep).values(due_on=None))  # as the rows were before the upgrade
    result = CliRunner().invoke(main, ["cases", "step-deadlines"])
    assert result.exit_code == 0, result.output
    assert "3 个环节的期限有变动" in result.output
    with session_scope(cli_database, readonly=True) as s:
        dues = dict(s.execute(select(CaseStep.case_id, CaseStep.due_on).where(CaseStep.seq == 1)).all())
        second = s.scalar(select(CaseStep.due_on).where(CaseStep.case_id == online.id, CaseStep.seq == 2))
    assert (dues[online.id], second, dues[window.id]) == (D(2026, 2, 14), D(2026, 2, 24), D(2026, 10, 12))
    again = CliRunner().invoke(main, ["cases", "step-deadlines"])
    assert "0 个环节的期限有变动" in again.output
    refused = CliRunner().invoke(main, ["cases", "step-deadlines", "--center", "NOPE"])
    assert refused.exit_code != 0 and "没有编码为 NOPE 的中心" in refused.output

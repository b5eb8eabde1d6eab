"""发文字号 under concurrency on a database whose commits are real: letters issued at the same moment from several
connections get consecutive numbers without a gap or a repeat, and an issue rolled back gives its number back."""

import threading

from sqlalchemy import select

from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit.scope import Actor
from xiaoneng.letters import service
from xiaoneng.letters.models import Letter

WRITERS = 6


def test_concurrent_issues_are_numbered_without_gaps(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center = make_center(s, name="锦城新区政务服务中心")
        land = make_department(s, center=center, name="不动产登记科")
        actor: Actor = actor_for(make_staff(s, role=Role.SUPERVISOR, center=center))
        ids = [service.draft(s, actor=actor, kind="notice", to_department_id=land.id, title=f"关于第{i}项问题的提示函",
                             paragraphs=["请整改。"]).id for i in range(WRITERS + 2)]
    start, failures = threading.Barrier(WRITERS), []

    def issue(letter_id: int) -> None:
        try:
            start.wait(10)
            with session_scope(engine) as s:
                service.issue(s, actor=actor, letter_id=letter_id)
        except Exception as exc:  # reported below, with the others
            failures.append(exc)

    threads = [threading.Thread(target=issue, args=(i,)) for i in ids[:WRITERS]]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not failures
    try:
        with session_scope(engine) as s:
            service.issue(s, actor=actor, letter_id=ids[WRITERS])
            raise RuntimeError("the issue is abandoned before its commit")
    except RuntimeError:
        pass
    with session_scope(engine) as s:
        last = service.issue(s, actor=actor, letter_id=ids[WRITERS + 1]).number
    with session_scope(engine, readonly=True) as s:
        serials = sorted(s.scalars(select(Letter.serial).where(Letter.serial.is_not(None))))
    assert serials == list(range(1, WRITERS + 2))
    assert last == f"锦政服函〔2026〕{WRITERS + 1}号"
    engine.dispose()

import datetime as dt
import json

import pytest
from sqlalchemy import select

from tests.duty.conftest import ask
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.duty import service
from xiaoneng.duty.models import Absence, AbsenceStatus
from xiaoneng.errors import Conflict, Forbidden, NotFound, ValidationFailed
from xiaoneng.kit.scope import system_actor

NOW = dt.datetime(2026, 11, 18, 2, 0, tzinfo=dt.UTC)


def test_leave_is_asked_counted_on_working_days_and_audited(db, hall):
    absence = ask(db, hall["a"], "2026-09-30", 0, "2026-10-09", 1)  # over 国庆 2026
    assert absence.working_days == 3.0 and absence.status == AbsenceStatus.PENDING
    record = db.scalars(select(AuditRecord).where(AuditRecord.entity == "duty_absence")).one()
    assert record.action == "request" and json.loads(record.detail)["working_days"] == 3.0


def test_b_may_not_be_away_while_a_is(db, hall):
    ask(db, hall["a"], "2026-11-16", 0, "2026-11-20", 1)
    with pytest.raises(Conflict) as exc:
        ask(db, hall["b"], "2026-11-20", 1, "2026-11-23", 1)
    message = str(exc.value)
    assert "岗位“不动产登记受理岗”将无人在岗" in message and "A岗 张敏" in message
    assert "2026-11-16 上午至2026-11-20 下午休假" in message and "同在 2026-11-20下午" in message
    assert db.scalars(select(Absence).where(Absence.staff_id == hall["b"].id)).all() == []


def test_a_refused_or_cancelled_leave_no_longer_holds_the_post(db, hall):
    first = ask(db, hall["a"], "2026-11-16", 0, "2026-11-16", 1)
    service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=first.id, approve=False, note="人手不足",
                           now=NOW)
    ask(db, hall["b"], "2026-11-16", 0, "2026-11-16", 1)
    second = ask(db, hall["a"], "2026-11-17", 0, "2026-11-17", 1)
    service.cancel_absence(db, actor=actor_for(hall["a"]), absence_id=second.id)
    ask(db, hall["b"], "2026-11-17", 0, "2026-11-17", 1)


def test_a_proxy_lets_both_be_away(db, hall):
    ask(db, hall["a"], "2026-11-16", 0, "2026-11-17", 1, kind="trip")
    service.designate_proxy(db, actor=actor_for(hall["director"]), post_id=hall["post"].id,
                            staff_id=hall["c"].id, start_date="2026-11-16", start_half=0, end_date="2026-11-17",
                            end_half=1, note="两人同时出差")
    ask(db, hall["b"], "2026-11-17", 0, "2026-11-17", 1, kind="meeting")


@pytest.mark.parametrize(("decider", "error"), [
    ("head", None), ("director", None), ("other_head", NotFound), ("supervisor", Forbidden), ("c", Forbidden),
])
def test_who_decides_leave(db, hall, decider, error):
    absence = ask(db, hall["a"], "2026-11-18", 0, "2026-11-18", 1)
    call = lambda: service.decide_absence(db, actor=actor_for(hall[decider]), absence_id=absence.id,  # noqa: E731
                                          approve=True, now=NOW)
    if error is None:
        assert call().status == AbsenceStatus.APPROVED
    else:  # another department's leave is not even seen
        with pytest.raises(error):
            call()


def test_nobody_decides_their_own_leave(db, hall):
    absence = ask(db, hall["head"], "2026-11-18", 0, "2026-11-18", 1)
    with pytest.raises(Forbidden, match="不能审批本人的请假"):
        service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=absence.id, approve=True, now=NOW)


def test_approval_weighs_the_post_again(db, hall):
    # B's leave went in before A's was asked, with a proxy designated; the proxy then falls away (cancelled by
    # being away himself), so approving A now would empty the post.
    service.designate_proxy(db, actor=actor_for(hall["head"]), post_id=hall["post"].id, staff_id=hall["c"].id,
                            start_date="2026-11-18", start_half=0, end_date="2026-11-18", end_half=1)
    ask(db, hall["b"], "2026-11-18", 0, "2026-11-18", 1)
    a_leave = ask(db, hall["a"], "2026-11-18", 0, "2026-11-18", 1)
    ask(db, hall["c"], "2026-11-18", 0, "2026-11-18", 1, kind="sick")
    with pytest.raises(Conflict, match="将无人在岗"):
        service.decide_absence(db, actor=actor_for(hall["head"]), absence_id=a_leave.id, approve=True, now=NOW)
    assert db.get(Absence, a_leave.id).status == AbsenceStatus.PENDING


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"kind": "holiday"}, "kind", "请选择请假类别"),
    ({"start_date": "2026-13-01"}, "start_date", "日期格式应为 YYYY-MM-DD"),
    ({"end_date": "2026-11-17"}, "end", "结束时间（2026-11-17 下午）早于开始时间（2026-11-18 上午）"),
    ({"start_half": "x"}, "start_half", "请选择上午或下午"),
    ({"start_date": "2026-10-03", "end_date": "2026-10-04"}, "start_date", "没有工作日"),
])
def test_bad_leave_is_refused_naming_the_field(db, hall, changes, field, message):
    values = {"kind": "vacation", "start_date": "2026-11-18", "start_half": 0, "end_date": "2026-11-18",
              "end_half": 1, **changes}
    with pytest.raises(ValidationFailed, match=message) as exc:
        service.request_absence(db, actor=actor_for(hall["a"]), **values)
    assert exc.value.field == field


@pytest.mark.parametrize(("who", "department", "error"), [
    ("head", "own", None), ("other_head", "own", Forbidden), ("c", "own", Forbidden), ("admin", "own", None),
])
def test_who_sets_up_posts(db, hall, who, department, error):
    call = lambda: service.create_post(db, actor=actor_for(hall[who]), name="抵押登记岗",  # noqa: E731
                                       a_staff_id=hall["c"].id, b_staff_id=hall["a"].id,
                                       department_id=hall["dept"].id)
    if error:
        with pytest.raises(error):
            call()
    else:
        assert call().name == "抵押登记岗"


def test_a_post_needs_two_different_active_holders(db, hall):
    admin = actor_for(hall["admin"])
    with pytest.raises(ValidationFailed, match="A 岗和 B 岗不能是同一人"):
        service.create_post(db, actor=admin, name="岗", a_staff_id=hall["a"].id, b_staff_id=hall["a"].id,
                            department_id=hall["dept"].id)
    hall["c"].active = False
    with pytest.raises(ValidationFailed, match="王芳 已停用"):
        service.create_post(db, actor=admin, name="岗", a_staff_id=hall["a"].id, b_staff_id=hall["c"].id,
                            department_id=hall["dept"].id)
    with pytest.raises(ValidationFailed, match="所选人员不存在"):
        service.create_post(db, actor=admin, name="岗", a_staff_id=hall["a"].id, b_staff_id=999999,
                            department_id=hall["dept"].id)


def test_the_proxy_is_neither_holder(db, hall):
    with pytest.raises(ValidationFailed, match="A、B 岗以外"):
        service.designate_proxy(db, actor=system_actor(hall["dept"].center_id), post_id=hall["post"].id,
                                staff_id=hall["b"].id, start_date="2026-11-18", start_half=0,
                                end_date="2026-11-18", end_half=1)

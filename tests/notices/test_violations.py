"""The one-time-notification violations: per handler of the first notice and per department, filtered by month,
scoped (a head their department's, supervisors and directors the center's, clerks none), exported, and handed to
the supervisors' breach list."""

import datetime as dt

import pytest

from tests.fixtures.objects import make_case
from tests.fixtures.sheets import read_xlsx
from tests.notices.conftest import make_food_item, missing
from xiaoneng.auth.service import actor_for
from xiaoneng.cases import service as cases
from xiaoneng.errors import Forbidden, ValidationFailed
from xiaoneng.items.models import ItemMaterial
from xiaoneng.kit.clock import TZ
from xiaoneng.notices import service, violations
from xiaoneng.notices.violations import Filters


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def _omission(db, hall, *, department, handler, window=None, first_at, later_at, later_by=None):
    """A case whose second notice asks for a material the first did not name."""
    item = hall["item"] if department is hall["market"] else make_food_item(db, department, code=f"SB-{department.id}")
    materials = {m.name: m for m in db.query(ItemMaterial).filter_by(item_id=item.id)}
    case = make_case(db, item=item, window=window, origin="window" if window else "online", handler=handler,
                     received_at=first_at - dt.timedelta(hours=1))
    first = service.issue_notice(db, actor=actor_for(handler), case_id=case.id,
                                 findings=[missing(materials["营业执照"])], at=first_at)
    cases.receive_supplement(db, actor=actor_for(handler), case_id=case.id, at=first_at + dt.timedelta(hours=1))
    later = service.issue_notice(db, actor=actor_for(later_by or handler), case_id=case.id,
                                 findings=[missing(materials["委托书"]), missing(materials["营业执照"])], at=later_at)
    return case, first, later


@pytest.fixture
def found(db, hall):
    a = _omission(db, hall, department=hall["market"], handler=hall["clerk"], window=hall["window"],
                  first_at=at(2026, 10, 12, 10), later_at=at(2026, 10, 14, 10), later_by=hall["colleague"])
    b = _omission(db, hall, department=hall["market"], handler=hall["colleague"], window=hall["window"],
                  first_at=at(2026, 11, 2, 10), later_at=at(2026, 11, 3, 15))
    c = _omission(db, hall, department=hall["social"], handler=hall["other_clerk"],
                  first_at=at(2026, 11, 9, 10), later_at=at(2026, 11, 10, 10))
    return a, b, c


def _cases(db, who, hall, **filters):
    page = violations.list_violations(db, actor=actor_for(hall[who]), filters=Filters(**filters))
    return [v.case_number for v in page.items]


def test_the_list_names_who_what_and_both_notices(db, hall, found):
    (case_a, first_a, later_a), (case_b, _, _), (case_c, _, _) = found
    page = violations.list_violations(db, actor=actor_for(hall["supervisor"]), filters=Filters())
    assert [v.case_number for v in page.items] == [case_c.number, case_b.number, case_a.number]
    oldest = page.items[-1]
    assert (oldest.handler, oldest.later_handler, oldest.department) == ("张伟", "王芳", "市场监管科")
    assert (oldest.first_number, oldest.later_number) == (first_a.number, later_a.number)
    assert oldest.new_materials == ("委托书",) and oldest.day == dt.date(2026, 10, 14)


def test_filters_and_scope(db, hall, found):
    (case_a, *_), (case_b, *_), (case_c, *_) = found
    assert _cases(db, "supervisor", hall, month="2026-11") == [case_c.number, case_b.number]
    assert _cases(db, "director", hall, department_id=hall["social"].id) == [case_c.number]
    assert _cases(db, "supervisor", hall, handler_id=hall["clerk"].id) == [case_a.number]  # the first notice's
    assert _cases(db, "supervisor", hall, q=case_b.number) == [case_b.number]
    assert _cases(db, "supervisor", hall, sort="issued", descending=False)[0] == case_a.number
    assert _cases(db, "head", hall) == [case_b.number, case_a.number]  # their department only
    assert _cases(db, "head", hall, department_id=hall["social"].id) == []
    assert _cases(db, "other_head", hall) == [case_c.number]
    with pytest.raises(Forbidden):
        _cases(db, "clerk", hall)
    with pytest.raises(ValidationFailed, match="月份格式应为 YYYY-MM"):
        _cases(db, "supervisor", hall, month="2026-13")


def test_breaches_for_the_supervisors_list(db, hall, found):
    (case_a, first_a, later_a), _, _ = found
    found_breaches = violations.breaches(db, actor=actor_for(hall["supervisor"]), start=dt.date(2026, 10, 1),
                                         end=dt.date(2026, 10, 31))
    [breach] = found_breaches
    assert (breach.kind, breach.kind_label, breach.day) == ("notice_violation", "一次性告知违规", dt.date(2026, 10, 14))
    assert (breach.staff_id, breach.staff_name, breach.department_name) == (hall["clerk"].id, "张伟", "市场监管科")
    assert breach.summary == (f"办件 {case_a.number} 的告知书 {later_a.number} 新增了 {first_a.number} "
                              "未一次性告知的材料：委托书")
    assert breach.link == f"/cases/{case_a.id}#notices" and breach.center_id == hall["center"].id
    assert len(violations.breaches(db, actor=actor_for(hall["supervisor"]), start=dt.date(2026, 10, 1),
                                   end=dt.date(2026, 11, 30))) == 3


def test_the_page_and_its_export(db, hall, found, sign_in):
    (case_a, *_), (case_b, *_), (case_c, *_) = found
    head = sign_in(hall["head"])
    page = head.page("/notices/violations?month=2026-10").text
    assert case_a.number in page and case_b.number not in page and "张伟" in page and "委托书" in page
    book = read_xlsx(head.get("/notices/violations/export.xlsx"))
    assert book.header[:3] == ["发现日期", "办件编号", "科室"]
    assert book.column("办件编号") == [case_b.number, case_a.number]
    assert book.column("新增告知的材料") == ["委托书", "委托书"]
    supervisor = sign_in(hall["supervisor"])
    assert case_c.number in supervisor.page("/notices/violations").text
    assert len(read_xlsx(supervisor.get("/notices/violations/export.xlsx?month=2026-11")).rows) == 2
    assert sign_in(hall["clerk"]).page("/notices/violations").status_code == 403

"""Numbers per center and year, gap-free: two centers count apart, 2027 starts again at 0001, the prefix is the
center's own, and notices issued at once from many connections never share or skip a number."""

import datetime as dt
import threading

from sqlalchemy import select

from tests.fixtures.objects import make_case, make_center, make_department, make_staff, make_window
from tests.notices.conftest import make_food_item, missing
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope
from xiaoneng.items.models import ItemMaterial
from xiaoneng.kit.clock import TZ
from xiaoneng.kit.scope import system_actor
from xiaoneng.notices import service
from xiaoneng.notices import settings as notice_settings
from xiaoneng.notices.models import CaseNotice


def _center(db, name):
    center = make_center(db, name=name)
    dept = make_department(db, center=center, name="市场监管科")
    window = make_window(db, department=dept)
    clerk = make_staff(db, department=dept, window_id=window.id)
    item = make_food_item(db, dept)
    licence = db.scalar(select(ItemMaterial).where(ItemMaterial.item_id == item.id, ItemMaterial.name == "营业执照"))
    return {"center": center, "window": window, "clerk": clerk, "item": item, "licence": licence}


def _notice(db, c, at: dt.datetime) -> CaseNotice:
    case = make_case(db, item=c["item"], window=c["window"], handler=c["clerk"], received_at=at - dt.timedelta(hours=1))
    return service.issue_notice(db, actor=actor_for(c["clerk"]), case_id=case.id, findings=[missing(c["licence"])],
                                at=at)


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def test_two_centers_count_apart_and_a_new_year_starts_at_one(db):
    jin = _center(db, "锦城新区政务服务中心")
    gao = _center(db, "高新区政务服务中心")
    issued = [
        (jin, at(2026, 12, 30, 10, 0)), (gao, at(2026, 12, 30, 11, 0)), (jin, at(2026, 12, 31, 16, 30)),
        # 23:50 local on New Year's Eve is still 2026, although it is 15:50 UTC.
        (jin, at(2026, 12, 31, 23, 50)), (jin, at(2027, 1, 1, 0, 5)), (gao, at(2027, 1, 1, 9, 0)),
        (jin, at(2027, 1, 4, 9, 0)),
    ]
    numbers = [_notice(db, c, when).number for c, when in issued]
    assert numbers == ["锦政服告〔2026〕第0001号", "高政服告〔2026〕第0001号", "锦政服告〔2026〕第0002号",
                       "锦政服告〔2026〕第0003号", "锦政服告〔2027〕第0001号", "高政服告〔2027〕第0001号",
                       "锦政服告〔2027〕第0002号"]


def test_the_center_sets_its_own_prefix(db):
    jin = _center(db, "锦城新区政务服务中心")
    admin = make_staff(db, role="admin", center=jin["center"])
    assert notice_settings.prefix_of(db, center_id=jin["center"].id) == "锦政服告"
    first = _notice(db, jin, at(2026, 11, 16, 10, 0))
    notice_settings.update(db, actor=actor_for(admin), notice_prefix="锦城政务告")
    second = _notice(db, jin, at(2026, 11, 16, 11, 0))
    assert (first.number, second.number) == ("锦政服告〔2026〕第0001号", "锦城政务告〔2026〕第0002号")


def test_notices_issued_at_once_get_distinct_numbers_without_gaps(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        jin = _center(s, "锦城新区政务服务中心")
        case_ids = [make_case(s, item=jin["item"], window=jin["window"], handler=jin["clerk"],
                              received_at=at(2026, 11, 16, 9, 0)).id for _ in range(8)]
        center_id, licence_id = jin["center"].id, jin["licence"].id
    start = threading.Barrier(len(case_ids))
    errors = []

    def issue(case_id):
        try:
            start.wait()
            with session_scope(engine) as s:
                service.issue_notice(s, actor=system_actor(center_id), case_id=case_id,
                                     findings=[{"material_id": licence_id, "problem": "missing"}],
                                     at=at(2026, 11, 16, 10, 0))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=issue, args=(i,)) for i in case_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with session_scope(engine, readonly=True) as s:
        seqs = sorted(s.scalars(select(CaseNotice.seq).where(CaseNotice.center_id == center_id)))
    engine.dispose()
    assert seqs == list(range(1, len(case_ids) + 1))


def test_the_counter_itself_gives_each_concurrent_transaction_its_own_number(own_database_url):
    """The counter alone (no audit record, whose chain also orders writers): transactions that take a number at
    once and hold it a moment before they commit still get 1..n, and one rolled back gives its number back."""
    from xiaoneng.notices import repository

    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center_id = make_center(s).id
    start = threading.Barrier(6)
    taken, errors = [], []

    def take(roll_back: bool):
        try:
            start.wait()
            with session_scope(engine) as s:
                seq = repository.take_seq(s, center_id=center_id, year=2026)
                threading.Event().wait(0.05)  # hold the transaction open, as a notice does while it is written
                if roll_back:
                    raise RuntimeError("given back")
                taken.append(seq)
        except RuntimeError:
            pass
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=take, args=(i == 0,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    with session_scope(engine) as s:
        taken.append(repository.take_seq(s, center_id=center_id, year=2026))
    engine.dispose()
    assert not errors, errors
    assert sorted(taken) == [1, 2, 3, 4, 5, 6]

"""Spot checks against the database: who is expected (the window's or department's staff on a working day, less
approved leave), recording with its audit and notices, refusals that write nothing, the summary counting each key
time once whether punches or a spot check showed it, bulk writes, and breaches."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.attendance.conftest import approved_leave, dingtalk_csv, full_day
from xiaoneng.attendance import breaches, service, spot_checks, summary
from xiaoneng.attendance.models import SpotCheck, SpotCheckEntry
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.service import actor_for
from xiaoneng.errors import Conflict, Forbidden, ValidationFailed
from xiaoneng.notifications.models import Notification


def window(hall):
    return f"window:{hall['window'].id}"


def record(db, hall, day, time, answers, target=None, **kw):
    return spot_checks.record_spot_check(db, actor=actor_for(hall["supervisor"]), target=target or window(hall),
                                         day=day, time=time, answers=answers, **kw)


def count(db, model):
    return db.scalar(select(func.count()).select_from(model))


def test_the_window_staff_are_expected_less_approved_leave_on_a_make_up_saturday(db, hall):
    approved_leave(db, hall, hall["b"], "2026-02-14", 0, "2026-02-14", 0)  # the morning of the make-up Saturday
    morning = spot_checks.expected_staff(db, actor=actor_for(hall["supervisor"]), target=window(hall),
                                         day="2026-02-14", time="9:02")
    assert [s.full_name for s in morning.people] == ["张敏"] and [s.full_name for s in morning.on_leave] == ["李强"]
    assert morning.key_label == "上午上班（9:00-9:05）"
    afternoon = spot_checks.expected_staff(db, actor=actor_for(hall["supervisor"]), target=window(hall),
                                           day="2026-02-14", time="13:03")
    assert {s.full_name for s in afternoon.people} == {"张敏", "李强"}
    department = spot_checks.expected_staff(db, actor=actor_for(hall["supervisor"]),
                                            target=f"department:{hall['dept'].id}", day="2026-02-14", time="11:58")
    assert {s.full_name for s in department.people} == {"张敏", "赵科长"}


def test_a_recorded_check_is_audited_and_tells_the_absent_and_the_head(db, hall):
    check = record(db, hall, "2026-11-17", "16:57", {hall["a"].id: ("present", ""),
                                                     hall["b"].id: ("absent", "离岗未挂暂停服务牌")}, note="例行抽检")
    assert (check.expected, check.absent, check.key_time, check.inspector_name) == (2, 1, "pm_out", "周监察")
    entries = db.scalars(select(SpotCheckEntry).where(SpotCheckEntry.spot_check_id == check.id)).all()
    assert {(e.staff_id, e.present, e.note) for e in entries} == {(hall["a"].id, True, ""),
                                                                  (hall["b"].id, False, "离岗未挂暂停服务牌")}
    audit = db.scalars(select(AuditRecord).where(AuditRecord.entity == "spot_check")).one()
    assert audit.action == "spot_check.create" and audit.entity_id == str(check.id)
    notes = {n.recipient_id: n for n in db.scalars(select(Notification).where(Notification.kind == "spot_check"))}
    assert set(notes) == {hall["b"].id, hall["head"].id}
    assert notes[hall["b"].id].title == "巡查抽检：您在 2026-11-17 下午下班（16:55-17:00）（A01 不动产受理窗口）不在岗"
    assert "1 人不在岗（李强）" in notes[hall["head"].id].title
    assert notes[hall["head"].id].link == f"/attendance/spot-checks/{check.id}"


@pytest.mark.parametrize(("day", "time", "field", "message"), [
    ("2026-11-17", "10:30", "time", "10:30 不在其中"),
    ("2026-11-17", "9点", "time", "格式不正确"),
    ("2026-10-05", "09:01", "day", "2026-10-05 是国庆节，不是工作日"),
    ("2026-11-21", "09:01", "day", "不是工作日"),
    ("2026-11-18", "16:58", "time", "晚于现在"),  # the clock stands at 10:00 that day
    ("", "09:01", "day", "日期格式应为 YYYY-MM-DD"),
])
def test_a_bad_check_is_refused_naming_the_field_and_writes_nothing(db, hall, day, time, field, message):
    with pytest.raises(ValidationFailed) as exc:
        record(db, hall, day, time, {hall["a"].id: ("present", ""), hall["b"].id: ("present", "")})
    assert exc.value.field == field and message in exc.value.message
    assert count(db, SpotCheck) == 0 and count(db, SpotCheckEntry) == 0


def test_someone_unanswered_or_not_expected_refuses_the_check(db, hall):
    with pytest.raises(ValidationFailed, match="请为 李强 选择") as exc:
        record(db, hall, "2026-11-17", "09:01", {hall["a"].id: ("present", "")})
    assert exc.value.field == f"present_{hall['b'].id}"
    with pytest.raises(ValidationFailed, match="不在本次抽检的应在岗人员中"):
        record(db, hall, "2026-11-17", "09:01", {hall["a"].id: ("present", ""), hall["b"].id: ("present", ""),
                                                 hall["tax_clerk"].id: ("absent", "")})
    with pytest.raises(ValidationFailed, match="请选择抽检的窗口或科室"):
        record(db, hall, "2026-11-17", "09:01", {}, target="window:999999")
    assert count(db, SpotCheck) == 0


def test_one_check_per_window_and_key_time(db, hall):
    answers = {hall["a"].id: ("present", ""), hall["b"].id: ("present", "")}
    record(db, hall, "2026-11-17", "09:01", answers)
    with pytest.raises(Conflict, match="已抽检过") as exc:
        record(db, hall, "2026-11-17", "09:04", answers)
    assert exc.value.field == "time"
    record(db, hall, "2026-11-17", "11:56", answers)  # another key time of the same day
    assert count(db, SpotCheck) == 2


def test_only_an_inspector_records(db, hall):
    for who in ("head", "director", "a", "admin"):
        with pytest.raises(Forbidden):
            spot_checks.record_spot_check(db, actor=actor_for(hall[who]), target=window(hall), day="2026-11-17",
                                          time="09:01", answers={})


def test_the_summary_counts_each_key_time_once_from_punches_and_spot_checks(db, hall):
    rows = full_day("张敏", "BDC01", "2026-02-13") + full_day("李强", "BDC02", "2026-02-13",
                                                             ("08:55", "12:01", "12:58", "16:40"))
    rows += full_day("张敏", "BDC01", "2026-02-14") + full_day("李强", "BDC02", "2026-02-14", ("12:58", "17:02"))
    service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data=dingtalk_csv(rows))
    approved_leave(db, hall, hall["b"], "2026-02-14", 0, "2026-02-14", 0)
    # 张敏 punched all day on 2/14 but was not at the window at 9:02; 李强 left at 16:40 on 2/13, which the
    # punches already show: the spot check that found him gone adds nothing.
    record(db, hall, "2026-02-14", "09:02", {hall["a"].id: ("absent", "不在窗口")})
    record(db, hall, "2026-02-13", "16:57", {hall["a"].id: ("present", ""), hall["b"].id: ("absent", "")})
    month = {p.staff_no: p for p in service.monthly_summary(db, actor=actor_for(hall["supervisor"]), month="2026-02",
                                                             today=dt.date(2026, 2, 15))}
    # February 2026 up to the 14th: 2/2-2/6, 2/9-2/13 and the make-up Saturday 2/14 are 11 working days; 9 of
    # them without punches are 4 key-time absences each.
    a, b = month["BDC01"], month["BDC02"]
    assert (a.working_days, a.present_days, a.key_time_absences, a.spot_check_absences) == (11, 2, 36 + 1, 1)
    assert (b.present_days, b.leave_days, b.early_leave, b.key_time_absences, b.spot_check_absences) == (
        2, 0.5, 1, 36 + 1, 0)
    person, row, lines = summary.person_month(db, actor=actor_for(hall["a"]), staff_id=hall["a"].id,
                                                      month="2026-02", today=dt.date(2026, 2, 15))
    saturday = next(line for line in lines if line.day == dt.date(2026, 2, 14))
    assert saturday.reason == "春节调休上班" and saturday.key_absences == ["上午上班（9:00-9:05）"]
    assert [(e.present, e.note) for e, _ in saturday.spot_checks] == [(False, "不在窗口")]
    assert row.key_time_absences == 37
    b_lines = summary.person_month(db, actor=actor_for(hall["head"]), staff_id=hall["b"].id, month="2026-02",
                                           today=dt.date(2026, 2, 15))[2]
    assert next(x for x in b_lines if x.day == dt.date(2026, 2, 14)).leave == ["上午病假"]


def test_leave_approved_after_the_check_exempts_its_half(db, hall):
    record(db, hall, "2026-11-17", "09:01", {hall["a"].id: ("absent", ""), hall["b"].id: ("present", "")})
    full = full_day("张敏", "BDC01", "2026-11-17")
    service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data=dingtalk_csv(full))

    def a_month():
        return next(p for p in service.monthly_summary(db, actor=actor_for(hall["supervisor"]), month="2026-11",
                                                       today=dt.date(2026, 11, 18)) if p.staff_no == "BDC01")

    assert a_month().spot_check_absences == 1
    approved_leave(db, hall, hall["a"], "2026-11-17", 0, "2026-11-17", 0, kind="personal")
    assert a_month().spot_check_absences == 0


def test_a_year_of_checks_in_bulk_each_validated_one_audit_record(db, hall):
    plans = [spot_checks.PlannedCheck(target=("window", hall["window"].id), day=dt.date(2026, 2, 14),
                                      time=dt.time(9, 1), absent={hall["b"].id: "迟到"}),
             spot_checks.PlannedCheck(target=("department", hall["dept"].id), day=dt.date(2026, 2, 28),
                                      time=dt.time(16, 56))]
    assert spot_checks.record_spot_checks(db, actor=actor_for(hall["supervisor"]), checks=plans) == 2
    checks = db.scalars(select(SpotCheck).order_by(SpotCheck.day)).all()
    assert [(c.expected, c.absent) for c in checks] == [(2, 1), (3, 0)]
    assert db.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "spot_check.import")) == 1
    bad = [spot_checks.PlannedCheck(target=("window", hall["window"].id), day=dt.date(2026, 2, day),
                                    time=dt.time(9, 1)) for day in (27, 17)]  # a good one, then 春节
    with pytest.raises(ValidationFailed, match="春节"):
        spot_checks.record_spot_checks(db, actor=actor_for(hall["supervisor"]), checks=bad)
    with pytest.raises(Conflict):  # 2/28 is taken: the batch repeating it is refused whole
        spot_checks.record_spot_checks(db, actor=actor_for(hall["supervisor"]), checks=plans[1:])
    assert count(db, SpotCheck) == 2


def test_breaches_from_spot_checks_and_from_the_punches_of_imported_days(db, hall):
    rows = full_day("张敏", "BDC01", "2026-02-13") + full_day("李强", "BDC02", "2026-02-13",
                                                             ("08:55", "12:01", "12:58", "16:40"))
    service.import_punches(db, actor=actor_for(hall["admin"]), filename="p.csv", data=dingtalk_csv(rows))
    check = record(db, hall, "2026-02-13", "16:57", {hall["a"].id: ("present", ""), hall["b"].id: ("absent", "")})
    found = breaches.breaches(db, actor=actor_for(hall["supervisor"]), start=dt.date(2026, 2, 1),
                              end=dt.date(2026, 2, 28))
    by_name = {}
    for b in found:
        by_name.setdefault(b.staff_name, []).append(b)
    assert {b.kind for b in found} == {"key_time_absence"} and {b.kind_label for b in found} == {"关键时段不在岗"}
    # 李强: the spot check, not the punches again; nothing for days no punches were imported for.
    [li] = by_name["李强"]
    assert li.link == f"/attendance/spot-checks/{check.id}" and li.day == dt.date(2026, 2, 13)
    assert li.summary.startswith("2026-02-13 下午下班（16:55-17:00）巡查抽检不在岗（窗口“A01 不动产受理窗口”")
    assert "张敏" not in by_name
    [head] = by_name["赵科长"]  # no punch at all on 2/13
    assert head.summary == ("2026-02-13 打卡记录显示关键时段不在岗：上午上班（9:00-9:05）、上午下班（11:55-12:00）、"
                            "下午上班（13:00-13:05）、下午下班（16:55-17:00）")
    assert head.department_name == "不动产登记科" and head.link == f"/attendance/staff/{hall['head'].id}?month=2026-02"
    tax = breaches.breaches(db, actor=actor_for(hall["tax_head"]), start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28))
    assert {b.staff_name for b in tax} == {"钱科长", "陈静"}
    assert breaches.breaches(db, actor=actor_for(hall["a"]), start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28)) == [
        b for b in found if b.staff_id == hall["a"].id]

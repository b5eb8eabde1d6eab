"""The 请假与AB岗 pages as each role uses them: asking for leave, being refused in Chinese, deciding, the posts."""

from sqlalchemy import select

from xiaoneng.duty.models import Absence, AbsenceStatus, DutyPost
from xiaoneng.notifications.models import Notification

LEAVE = {"kind": "vacation", "start_date": "2026-11-23", "start_half": "0", "end_date": "2026-11-24",
         "end_half": "1", "reason": "年休假"}


def test_staff_see_their_posts_and_ask_for_leave_which_the_head_is_told_of(db, hall, sign_in):
    browser = sign_in(hall["a"])
    page = browser.page("/duty")
    assert page.status_code == 200
    assert "不动产登记受理岗" in page.text and "A岗（主岗）" in page.text and "B岗 李强" in page.text
    response = browser.submit("/duty/absences", LEAVE)
    assert response.status_code == 303
    absence = db.scalars(select(Absence).where(Absence.staff_id == hall["a"].id)).one()
    assert response.headers["location"] == f"/duty/absences/{absence.id}"
    detail = browser.page(response.headers["location"])
    assert "张敏 的休假申请" in detail.text and "2026-11-23 上午至2026-11-24 下午" in detail.text
    assert "待审批" in detail.text and "2 天" in detail.text
    note = db.scalars(select(Notification).where(Notification.recipient_id == hall["head"].id)).one()
    assert note.title == "张敏 申请休假：2026-11-23 上午至2026-11-24 下午（2 个工作日），待审批"
    assert note.link == f"/duty/absences/{absence.id}"


def test_leave_that_would_empty_the_post_is_refused_on_the_page_and_nothing_is_stored(db, hall, sign_in):
    sign_in(hall["b"]).submit("/duty/absences", LEAVE)
    page = sign_in(hall["a"]).submit("/duty/absences", {**LEAVE, "start_date": "2026-11-24"})
    assert page.status_code == 409
    assert "岗位“不动产登记受理岗”将无人在岗：B岗 李强 2026-11-23 上午至2026-11-24 下午休假" in page.text
    assert 'value="2026-11-24"' in page.text  # what was typed is kept
    assert db.scalars(select(Absence).where(Absence.staff_id == hall["a"].id)).all() == []


def test_a_bad_date_is_named(db, hall, sign_in):
    page = sign_in(hall["a"]).submit("/duty/absences", {**LEAVE, "end_date": "2026-11-20"})
    assert page.status_code == 422
    assert "结束时间（2026-11-20 下午）早于开始时间（2026-11-23 上午）" in page.text


def test_the_head_decides_and_the_person_is_told(db, hall, sign_in):
    sign_in(hall["a"]).submit("/duty/absences", LEAVE)
    absence = db.scalars(select(Absence)).one()
    head = sign_in(hall["head"])
    overview = head.page("/duty")
    assert "待我审批" in overview.text and "张敏" in overview.text
    page = head.page(f"/duty/absences/{absence.id}")
    assert "批准" in page.text
    response = head.submit(f"/duty/absences/{absence.id}/decide", {"decision": "approve", "note": "同意"})
    assert response.status_code == 303
    db.expire_all()
    assert db.get(Absence, absence.id).status == AbsenceStatus.APPROVED
    note = db.scalars(select(Notification).where(Notification.recipient_id == hall["a"].id)).one()
    assert note.title == "您的休假申请（2026-11-23 上午至2026-11-24 下午）已批准"


def test_a_colleague_does_not_see_anothers_leave(db, hall, sign_in):
    sign_in(hall["a"]).submit("/duty/absences", LEAVE)
    absence = db.scalars(select(Absence)).one()
    assert sign_in(hall["c"]).page(f"/duty/absences/{absence.id}").status_code == 404
    assert sign_in(hall["other_head"]).page(f"/duty/absences/{absence.id}").status_code == 404


def test_posts_page_shows_who_holds_each_post_now_and_lets_the_head_add_one(db, hall, sign_in):
    head = sign_in(hall["head"])
    page = head.page("/duty/posts")
    assert "不动产登记受理岗" in page.text and "张敏" in page.text and "李强" in page.text
    assert "新增岗位" in page.text and "指定代岗人" in page.text
    response = head.submit("/duty/posts", {"name": "抵押登记岗", "department_id": str(hall["dept"].id),
                                           "a_staff_id": str(hall["c"].id), "b_staff_id": str(hall["c"].id)})
    assert response.status_code == 422 and "A 岗和 B 岗不能是同一人" in response.text
    response = head.submit("/duty/posts", {"name": "抵押登记岗", "department_id": str(hall["dept"].id),
                                           "a_staff_id": str(hall["c"].id), "b_staff_id": str(hall["a"].id)})
    assert response.status_code == 303
    assert db.scalars(select(DutyPost).where(DutyPost.name == "抵押登记岗")).one().a_staff_id == hall["c"].id


def test_while_a_is_away_b_holds_the_post(db, hall, sign_in):
    # 2026-11-18 (the clock's day): A away all day, approved.
    sign_in(hall["a"]).submit("/duty/absences", {**LEAVE, "start_date": "2026-11-18", "end_date": "2026-11-18"})
    absence = db.scalars(select(Absence)).one()
    sign_in(hall["head"]).submit(f"/duty/absences/{absence.id}/decide", {"decision": "approve"})
    page = sign_in(hall["c"]).page("/duty/posts")
    assert "B岗（代 A 岗）" in page.text
    assert "新增岗位" not in page.text and "指定代岗人" not in page.text  # window staff only read

"""Staff pages and API of ratings: scoped lists with filters, masking of rater contacts, social entry."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from tests.fixtures.objects import make_case, make_department, make_item, make_rating, make_staff, make_window
from xiaoneng.items.models import ServiceItem
from xiaoneng.auth.rules import Role
from xiaoneng.kit import clock
from xiaoneng.org.models import Department, Window
from xiaoneng.ratings import service as ratings
from xiaoneng.ratings.models import Rating


def real_name_rating(db, case, level=2):
    rater = ratings.Rater(name="钱多多", phone="13812345678", real_name=True, key=ratings.APPLICANT)
    return make_rating(db, case=case, level=level, rater=rater)


def recent(db, **kw):
    return make_case(db, completed_at=clock.now() - dt.timedelta(hours=1), **kw)


def test_the_list_masks_contacts_for_roles_without_personal_read(sign_in, db):
    case = recent(db)
    rating = real_name_rating(db, case)
    department = db.get(Department, case.department_id)
    director = sign_in(make_staff(db, role=Role.DIRECTOR, department=department))
    page = director.page("/ratings")
    assert page.status_code == 200 and "钱**" in page.text and "138****5678" in page.text
    assert "13812345678" not in page.text
    detail = director.api("GET", f"/api/ratings/{rating.id}").json()
    assert detail["rater_phone"] == "138****5678"
    supervisor = sign_in(make_staff(db, role=Role.SUPERVISOR, department=department))
    assert "13812345678" in supervisor.page(f"/ratings/{rating.id}").text


def test_department_staff_see_only_their_department(sign_in, db):
    mine = recent(db)
    make_rating(db, case=mine, level=5)
    department = db.get(Department, mine.department_id)
    foreign_dept = make_department(db, center_id=department.center_id)
    other = recent(db, window=make_window(db, department=foreign_dept), item=make_item(db, department=foreign_dept))
    foreign = make_rating(db, case=other, level=5)
    head = sign_in(make_staff(db, role=Role.DEPT_HEAD, department=department))
    listed = head.api("GET", "/api/ratings").json()
    assert [r["department_id"] for r in listed["items"]] == [department.id]
    assert head.api("GET", f"/api/ratings/{foreign.id}").status_code == 404


def test_filters_bad_only_and_without_defaults(sign_in, db):
    case_a = recent(db)
    department = db.get(Department, case_a.department_id)
    case_b = recent(db, item=db.get(ServiceItem, case_a.item_id), window=db.get(Window, case_a.window_id))
    real_name_rating(db, case_a, level=1)
    make_rating(db, case=case_b, level=5)
    supervisor = sign_in(make_staff(db, role=Role.SUPERVISOR, department=department))
    assert supervisor.api("GET", "/api/ratings").json()["total"] == 2
    bad = supervisor.api("GET", "/api/ratings?bad_only=1").json()
    assert bad["total"] == 1 and bad["items"][0]["level"] == 1
    assert supervisor.api("GET", "/api/ratings?level=5&include_default=0").json()["total"] == 1
    page = supervisor.page("/ratings?bad_only=1&include_default=1")
    assert page.status_code == 200 and "非常不满意" in page.text


def test_a_supervisor_enters_a_social_rating_and_others_are_refused(sign_in, db):
    window = make_window(db)
    department = db.get(Department, window.department_id)
    supervisor = sign_in(make_staff(db, role=Role.SUPERVISOR, department=department))
    supervisor.page("/ratings/social")
    refused = supervisor.submit("/ratings/social", {"social_source": "监督电话", "window_id": str(window.id),
                                                    "level": "1", "comment": ""})
    assert refused.status_code == 422 and 'id="comment-error"' in refused.text
    done = supervisor.submit("/ratings/social", {"social_source": "监督电话", "window_id": str(window.id),
                                                 "level": "2", "comment": "电话反映窗口推诿"})
    assert done.status_code == 303
    rating = db.scalar(select(Rating).where(Rating.window_id == window.id))
    assert (rating.channel, rating.social_source) == ("social", "监督电话") and rating.entered_by_id
    clerk = sign_in(make_staff(db, role=Role.WINDOW_STAFF, department=department))
    assert clerk.page("/ratings/social").status_code == 403
    denied = clerk.api("POST", "/api/ratings/social", json={"social_source": "意见箱", "level": 5,
                                                            "window_id": window.id})
    assert denied.status_code == 403


def test_the_social_api_records_a_rating_of_a_case(sign_in, db):
    case = recent(db)
    supervisor = sign_in(make_staff(db, role=Role.SUPERVISOR, department=db.get(Department, case.department_id)))
    response = supervisor.api("POST", "/api/ratings/social", json={
        "social_source": "电子邮箱", "level": 4, "case_number": case.number, "comment": "总体不错"})
    assert response.status_code == 201, response.text
    assert response.json()["case_id"] == case.id and response.json()["channel"] == "social"

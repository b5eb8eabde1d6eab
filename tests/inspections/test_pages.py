"""The inspection pages and API through the test client: a month planned from its page (and refused, explained),
the plan as CSV and XLSX, a record sent from the phone's API with a photo and sent again, findings seen and
answered by their unit only, phone checks, the catalogue and the set-up; every page in Chinese."""

import csv
import io
import re

from sqlalchemy import func, select

from tests.fixtures.sheets import read_xlsx
from tests.inspections.builders import jpeg, key, results, visit_of
from xiaoneng.inspections import catalogue, rules
from xiaoneng.inspections.models import Indicator, InspectionFinding, Photo, Plan, TypeBudget, Visit


def _link(page, pattern):
    return re.search(pattern, page.text).group(1).replace("&amp;", "&")


def test_a_month_planned_from_its_page(db, world, sign_in):
    browser = sign_in(world.supervisor)
    page = browser.page("/inspections/plans")
    assert "巡查计划" in page.text and 'value="2026-12"' in page.text
    answer = browser.submit("/inspections/plans", {"month": "2026-11"})
    assert answer.status_code == 303
    plan = db.scalars(select(Plan)).one()
    page = browser.page(answer.headers["location"])
    assert "已排定2026年11月巡查计划：最优" in page.text and "政务服务中心综合大厅" in page.text
    assert "区级大厅" in page.text and "巡查人员 2 人" in page.text
    table = list(csv.reader(io.StringIO(browser.get(f"/inspections/plans/{plan.id}/plan.csv").content.decode("utf-8-sig"))))
    assert table[0] == ["date", "point_code", "point_type", "inspector", "indicator_codes", "person_days"]
    assert len(table) - 1 == db.scalar(select(func.count()).select_from(Visit))
    book = read_xlsx(browser.get(_link(page, r'href="(/inspections/plans/\d+/export\.xlsx[^"]*)"')))
    assert book.header[:4] == ["巡查日期", "类型", "点位编码", "点位"] and len(book.rows) == len(table) - 1
    filtered = browser.page(f"/inspections/plans/{plan.id}?point_type=区级大厅")
    assert "芳华街道综合便民服务中心" not in filtered.text.split("<tbody>")[-1]


def test_a_month_that_cannot_be_planned_is_explained_on_its_page(db, world, sign_in):
    browser = sign_in(world.supervisor)
    browser.page("/inspections/setup")
    browser.submit("/inspections/setup/budgets", {"point_type": "区级大厅", "capacity": "2", "visit": "1"})
    answer = browser.submit("/inspections/plans", {"month": "2026-11"})
    assert answer.status_code == 422
    assert "本月无法排出巡查计划" in answer.text and "缺 2 人天" in answer.text
    assert db.scalar(select(func.count()).select_from(Plan)) == 0
    assert browser.submit("/inspections/plans", {"month": "2026-13"}).status_code == 422


def test_the_phone_sends_photos_then_the_record_and_a_resend_is_one(db, world, sign_in):
    visit = visit_of(db, world.rooms[0], world.inspector)
    browser = sign_in(world.inspector)
    page = browser.page(f"/inspections/visits/{visit.id}/record")
    assert page.status_code == 200 and "提交巡查记录" in page.text and "/static/inspection-record.js" in page.text
    assert f'data-visit="{visit.id}"' in page.text and "<script>" not in page.text
    submission = key()
    fire = next(i for i in catalogue.by_ids(db, visit.indicator_ids).values() if i.code == "B08")
    sent = browser.api("POST", "/api/inspections/photos", data={"visit_id": str(visit.id), "submission_key": submission,
                                                                 "indicator_id": str(fire.id)},
                       files={"file": ("灭火器.jpg", jpeg(), "image/jpeg")})
    assert sent.status_code == 200 and not sent.json()["again"]
    again = browser.api("POST", "/api/inspections/photos", data={"visit_id": str(visit.id), "submission_key": submission,
                                                                  "indicator_id": str(fire.id)},
                        files={"file": ("灭火器.jpg", jpeg(), "image/jpeg")})
    assert again.json() == {**sent.json(), "again": True}
    refused = browser.api("POST", "/api/inspections/photos", data={"visit_id": str(visit.id),
                                                                    "submission_key": submission},
                          files={"file": ("说明.txt", b"just text", "text/plain")})
    assert refused.status_code == 422 and refused.json()["message"].startswith("照片“说明.txt”不是图片")
    body = {"submission_key": submission, "results": results(db, visit, {"B08": "灭火器过期"}), "notes": ""}
    first = browser.api("POST", f"/api/inspections/visits/{visit.id}/record", json=body)
    assert first.status_code == 200 and first.json()["findings"] == 1 and not first.json()["again"]
    resent = browser.api("POST", f"/api/inspections/visits/{visit.id}/record", json=body)
    assert resent.status_code == 200 and resent.json()["again"]
    assert db.scalar(select(func.count()).select_from(InspectionFinding)) == 1
    photo = db.scalars(select(Photo)).one()
    assert photo.visit_id == visit.id
    detail = browser.page(f"/inspections/visits/{visit.id}")
    assert f'src="/inspections/photos/{photo.id}"' in detail.text and "灭火器过期" in detail.text
    image = browser.get(f"/inspections/photos/{photo.id}")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg" and image.content == jpeg()
    bad = browser.api("POST", f"/api/inspections/visits/{visit.id}/record",
                      json={"submission_key": key(), "results": "all fine"})
    assert bad.status_code == 422


def test_findings_are_seen_and_answered_by_their_unit(db, world, sign_in):
    from tests.fixtures.objects import make_department, make_staff
    from xiaoneng.auth.rules import Role
    from xiaoneng.auth.service import actor_for
    from xiaoneng.inspections import records

    visit = visit_of(db, world.rooms[0], world.inspector)
    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, {"B11": "公示栏信息过期"}))
    hall = visit_of(db, world.hall, world.inspector)
    records.record(db, actor=actor_for(world.inspector), visit_id=hall.id, submission_key=key(),
                   results=results(db, hall, {"A09": "导办台桌面杂乱"}))
    street, other = db.scalars(select(InspectionFinding).order_by(InspectionFinding.id)).all()
    head = sign_in(world.head)
    page = head.page("/inspections/findings")
    assert street.number in page.text and other.number not in page.text and "待整改" in page.text
    assert head.page(f"/inspections/findings/{other.id}").status_code == 404
    assert head.page("/inspections/plans").status_code == 403
    assert head.page(f"/inspections/visits/{visit.id}").status_code == 403
    detail = head.page(f"/inspections/findings/{street.id}")
    assert "反馈整改情况" in detail.text and "2026年11月25日" in detail.text
    head.submit(f"/inspections/findings/{street.id}/answer", {"answer": "已更新公示栏"})
    db.refresh(street)
    assert street.status == rules.FindingStatus.ANSWERED
    supervisor = sign_in(world.supervisor)
    page = supervisor.page(f"/inspections/findings/{street.id}")
    assert "安排复查" in page.text and "提示函要素" in page.text
    answer = supervisor.submit(f"/inspections/findings/{street.id}/reinspect",
                               {"day": "2026-11-19", "inspector_id": str(world.inspector.id)})
    assert answer.status_code == 303 and "已安排 2026-11-19 复查" in supervisor.page(answer.headers["location"]).text
    listing = supervisor.page("/inspections/findings?state=answered&sort=number&order=asc")
    assert street.number in listing.text and other.number not in listing.text
    book = read_xlsx(supervisor.get(_link(listing, r'href="(/inspections/findings/export\.xlsx[^"]*)"')))
    assert book.column("问题编号") == [street.number] and book.column("责任单位") == ["芳华街道便民服务中心"]
    outsider = make_staff(db, role=Role.DEPT_HEAD, department=make_department(db, center=world.center))
    assert sign_in(outsider).page(f"/inspections/findings/{street.id}").status_code == 404


def test_an_unannounced_visit_arranged_and_published_from_its_pages(db, world, sign_in):
    browser = sign_in(world.supervisor)
    browser.page("/inspections/visits/new")
    refused = browser.submit("/inspections/visits/new", {"point_id": str(world.street.id), "day": "2026-11-22",
                                                         "inspector_id": str(world.inspector.id)})
    assert refused.status_code == 422 and "2026-11-22 不是工作日（周日）" in refused.text
    answer = browser.submit("/inspections/visits/new", {"point_id": str(world.street.id), "day": "2026-11-18",
                                                        "inspector_id": str(world.inspector.id)})
    visit = db.scalars(select(Visit)).one()
    assert answer.headers["location"] == f"/inspections/visits/{visit.id}" and visit.kind == "unannounced"
    from xiaoneng.auth.service import actor_for
    from xiaoneng.inspections import records

    records.record(db, actor=actor_for(world.inspector), visit_id=visit.id, submission_key=key(),
                   results=results(db, visit, {"A01": "语气生硬"}))
    page = browser.page(f"/inspections/visits/{visit.id}")
    assert "发布暗访结果" in page.text and "未发布" in page.text
    assert "WT20261118" not in sign_in(world.head).page("/inspections/findings").text
    browser.submit(f"/inspections/visits/{visit.id}/publish", {})
    assert "已发布" in browser.page(f"/inspections/visits/{visit.id}").text
    assert sign_in(world.head).page("/inspections/findings").text.count("WT20261118") >= 1
    listing = browser.page("/inspections/visits?kind=unannounced")
    assert "暗访" in listing.text and world.street.name in listing.text


def test_phone_checks_from_their_page(db, world, sign_in):
    browser = sign_in(world.inspector)
    browser.page("/inspections/phone-checks")
    refused = browser.submit("/inspections/phone-checks", {"point_id": str(world.hall.id), "phone": "12345",
                                                           "connected": "1", "rings": "", "question": "问题"})
    assert refused.status_code == 422 and "接通的电话请填写接听前的铃声次数" in refused.text
    browser.submit("/inspections/phone-checks", {"point_id": str(world.hall.id), "phone": "028-85551234",
                                                 "connected": "0"})
    page = browser.page("/inspections/phone-checks?result=problem")
    assert "咨询电话未接通" in page.text and "<button type=\"submit\">发布</button>" in page.text
    book = read_xlsx(browser.get("/inspections/phone-checks/export.xlsx"))
    assert book.column("接通") == ["否"]


def test_the_catalogue_and_set_up_are_edited_from_their_pages(db, world, sign_in):
    browser = sign_in(world.supervisor)
    page = browser.page("/inspections/catalogue?point_type=区级大厅")
    assert "服务态度检查" in page.text and "1周/次" in page.text
    indicator = db.scalars(select(Indicator).where(Indicator.point_type == "区级大厅", Indicator.code == "A09")).one()
    browser.submit(f"/inspections/catalogue/{indicator.id}", {"name": indicator.name, "content": indicator.content,
                                                               "method": indicator.method, "frequency": "monthly",
                                                               "category": indicator.category, "active": "1"})
    db.refresh(indicator)
    assert indicator.frequency == "monthly"
    bad = browser.submit(f"/inspections/catalogue/{indicator.id}", {"name": "", "method": "x", "frequency": "monthly"})
    assert "指标名称不能为空" in browser.page(bad.headers["location"]).text
    browser.submit("/inspections/catalogue/new", {"point_type": "区级大厅", "code": "C01", "name": "母婴室开放",
                                                  "method": "现场查看", "frequency": "monthly", "content": ""})
    assert "母婴室开放" in browser.page("/inspections/catalogue?point_type=区级大厅").text
    setup_page = browser.page("/inspections/setup")
    assert "合计 10 人天" in setup_page.text and "赵敏" in setup_page.text
    browser.submit("/inspections/setup/budgets", {"point_type": "区级大厅", "capacity": "12.5", "visit": "1"})
    assert db.get(TypeBudget, (world.center.id, "区级大厅")).capacity_halves == 25
    refused = browser.submit("/inspections/setup/budgets", {"point_type": "区级大厅", "capacity": "1.3", "visit": "1"})
    assert "0.5 的倍数" in browser.page(refused.headers["location"]).text
    browser.submit("/inspections/setup/settings", {"finding_days": "10", "ring_limit": "4"})
    assert 'value="10"' in browser.page("/inspections/setup").text


def test_window_staff_see_no_inspections(db, world, sign_in):
    from tests.fixtures.objects import make_staff

    clerk = make_staff(db, department=world.street_unit)
    browser = sign_in(clerk)
    assert browser.page("/inspections/findings").status_code == 403
    assert "巡查" not in browser.page("/").text.split("</nav>")[0].split("<nav")[-1]

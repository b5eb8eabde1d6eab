"""The AB set-up report downloaded from a real `xiaoneng serve` on a file database: the XLSX list and the DOCX
document hold every post with its holders, in Chinese, and a department head gets their department only."""

import io

import docx
from sqlalchemy import select

from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_center, make_department, make_staff
from tests.fixtures.sheets import read_xlsx
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope
from xiaoneng.duty import service


def test_the_ab_setup_report_as_xlsx_and_docx(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center = make_center(s, name="锦城新区政务服务中心")
        land = make_department(s, center=center, name="不动产登记科")
        social = make_department(s, center=center, name="社保科")
        admin = make_staff(s, role=Role.ADMIN, center=center, username="duty_admin")
        head = make_staff(s, role=Role.DEPT_HEAD, department=social, username="duty_head")
        people = [make_staff(s, department=d, full_name=n, staff_no=no) for d, n, no in (
            (land, "张敏", "BDC01"), (land, "李强", "BDC02"), (social, "王芳", "SB01"), (social, "陈静", "SB02"))]
        director = make_staff(s, role=Role.DIRECTOR, center=center, full_name="孙主任")
        deputy = make_staff(s, role=Role.DIRECTOR, center=center, full_name="周副主任")
        as_admin = actor_for(admin)
        service.create_post(s, actor=as_admin, name="不动产登记受理岗", a_staff_id=people[0].id,
                            b_staff_id=people[1].id, department_id=land.id, duties="不动产登记收件、受理")
        service.create_post(s, actor=as_admin, name="社保业务经办岗", a_staff_id=people[2].id,
                            b_staff_id=people[3].id, department_id=social.id)
        service.create_post(s, actor=as_admin, name="中心主任", a_staff_id=director.id, b_staff_id=deputy.id,
                            kind="leader")
    with serve_live(own_database_url) as server:
        browser = server.sign_in("duty_admin")
        book = read_xlsx(browser.get("/duty/posts/report.xlsx"))
        answer = browser.get("/duty/posts/report.docx")
        browser.close()
        browser = server.sign_in("duty_head")
        department_book = read_xlsx(browser.get("/duty/posts/report.xlsx"))
        browser.close()
    assert book.title.startswith("锦城新区政务服务中心 AB岗设置表")
    assert book.header[:5] == ["科室", "岗位", "窗口", "岗位职责", "A岗（主岗）"]
    assert book.column("岗位") == ["中心主任", "不动产登记受理岗", "社保业务经办岗"]
    assert book.column("A岗（主岗）") == ["孙主任", "张敏", "王芳"]
    assert book.column("B岗工号")[1:] == ["BDC02", "SB02"]
    assert department_book.column("岗位") == ["社保业务经办岗"]
    assert answer.status_code == 200
    assert "filename*=UTF-8''AB%E5%B2%97" in answer.headers["content-disposition"]
    document = docx.Document(io.BytesIO(answer.content))
    assert document.paragraphs[0].text == "锦城新区政务服务中心 AB岗设置表"
    table = document.tables[0]
    assert [c.text for c in table.rows[2].cells][:5] == ["不动产登记科", "不动产登记受理岗", "", "不动产登记收件、受理", "张敏"]
    run = document.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    assert "综合服务科存档" in document.paragraphs[-1].text
    with session_scope(engine, readonly=True) as s:
        actions = set(s.scalars(select(AuditRecord.action).where(AuditRecord.entity == "duty_posts")))
    assert actions == {"export.xlsx", "export.docx"}
    engine.dispose()

"""A letter's PDF and DOCX downloaded from a real `xiaoneng serve` on a file database: whole files with Chinese
names, drawn after the request's transaction ended (so other writers are not held up), each download audited; a
department head downloads only the letters addressed to the department."""

import io

import docx
import pdfplumber
from sqlalchemy import select

from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.audit.models import AuditRecord
from xiaoneng.auth.rules import Role
from xiaoneng.auth.service import actor_for
from xiaoneng.db import make_engine, session_scope
from xiaoneng.letters import service


def test_pdf_and_docx_downloads(own_database_url):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center = make_center(s, name="锦城新区政务服务中心")
        land = make_department(s, center=center, name="不动产登记科")
        social = make_department(s, center=center, name="社保科")
        supervisor = make_staff(s, role=Role.SUPERVISOR, center=center, username="letters_supervisor")
        make_staff(s, role=Role.DEPT_HEAD, department=social, username="letters_other_head")
        letter = service.draft(s, actor=actor_for(supervisor), kind="notice", to_department_id=land.id,
                               title="关于窗口服务不规范问题的提示函", paragraphs=["请你科立即整改。"], copy_to=["中心主任"])
        service.issue(s, actor=actor_for(supervisor), letter_id=letter.id)
        letter_id = letter.id
    with serve_live(own_database_url) as server:
        browser = server.sign_in("letters_supervisor")
        pdf = browser.get(f"/letters/{letter_id}/letter.pdf")
        word = browser.get(f"/letters/{letter_id}/letter.docx")
        preview = browser.get(f"/letters/{letter_id}/letter.pdf?view=1")
        browser.close()
        other = server.sign_in("letters_other_head")
        refused = other.get(f"/letters/{letter_id}/letter.pdf")
        other.close()
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert "filename*=UTF-8''%E6%8F%90%E7%A4%BA%E5%87%BD_" in pdf.headers["content-disposition"]  # 提示函_
    assert preview.headers["content-disposition"].startswith("inline;")
    with pdfplumber.open(io.BytesIO(pdf.content)) as document:
        text = document.pages[0].extract_text()
    assert "锦政服函〔2026〕1号" in text and "不动产登记科：" in text and "请你科立即整改。" in text
    assert word.status_code == 200 and word.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "请你科立即整改。" in [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert refused.status_code == 404
    with session_scope(engine, readonly=True) as s:
        actions = sorted(s.scalars(select(AuditRecord.action).where(AuditRecord.entity == "letter",
                                                                    AuditRecord.action.like("export.%"))))
    assert actions == ["export.docx", "export.pdf", "export.pdf"]
    engine.dispose()

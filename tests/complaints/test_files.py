"""Evidence files (type read from the content, size limit, SHA-256, stored under the var directory, checked again on
the way out) and the full-process report as DOCX and PDF with every step's time, actor and text."""

import datetime as dt
import hashlib
import io
import re
import subprocess

import docx
import pytest

from tests.complaints.conftest import AT, register
from xiaoneng.complaints import evidence, report, service, urges
from xiaoneng.conduct import service as conduct
from xiaoneng.conduct.models import Finding
from xiaoneng.errors import NotFound, ValidationFailed
from sqlalchemy import select

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%test\n"


def _signed(db, hall, **kw):
    c = register(db, hall, **kw)
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=c.id, department_id=hall["land"].id)
    service.sign(db, actor=hall["as"]["head"], complaint_id=c.id)
    return c


def test_evidence_is_checked_stored_and_read_back(db, hall, tmp_path):
    store = evidence.Store.under(tmp_path)
    c = _signed(db, hall)
    row = service.add_evidence(db, actor=hall["as"]["head"], store=store, complaint_id=c.id, filename="窗口录像截图.png",
                               data=PNG, note="11月18日10时窗口录像")
    digest = hashlib.sha256(PNG).hexdigest()
    assert row.sha256 == digest and row.media_type == "image/png" and row.size == len(PNG)
    assert (tmp_path / "complaints" / "evidence" / digest[:2] / digest).read_bytes() == PNG
    found, data = service.read_evidence(db, actor=hall["as"]["supervisor"], store=store, complaint_id=c.id,
                                        evidence_id=row.id)
    assert data == PNG
    with pytest.raises(NotFound):
        service.read_evidence(db, actor=hall["as"]["market_head"], store=store, complaint_id=c.id, evidence_id=row.id)
    store.path(digest).write_bytes(b"changed")
    with pytest.raises(NotFound, match="SHA-256 不符"):
        service.read_evidence(db, actor=hall["as"]["supervisor"], store=store, complaint_id=c.id, evidence_id=row.id)


@pytest.mark.parametrize(("name", "data", "message"), [
    ("photo.png", b"GIF89a not a png", "内容与扩展名 .png 不符"),
    ("notes.exe", b"MZ", "不支持该类型的文件"),
    ("scan.pdf", PDF + b"x" * 2048, "超过 2 KB 的上限"),
    ("empty.jpg", b"", "请选择要上传的证据文件"),
])
def test_bad_evidence_is_refused_and_nothing_is_stored(db, hall, tmp_path, name, data, message):
    store = evidence.Store.under(tmp_path)
    c = _signed(db, hall)
    with pytest.raises(ValidationFailed, match=message):
        service.add_evidence(db, actor=hall["as"]["head"], store=store, complaint_id=c.id, filename=name, data=data,
                             max_bytes=2048)
    assert evidence.of(db, c.id) == [] and not (tmp_path / "complaints").exists()


def test_full_process_report_docx_and_pdf(db, hall, tmp_path, clock):
    c = register(db, hall, kind="consult", content="不动产登记中心二手房过户需要哪些材料？窗口张伟说不归我管",
                 received_at=dt.datetime(2026, 10, 30, 9, 0, tzinfo=AT.tzinfo))
    service.assign(db, actor=hall["as"]["supervisor"], complaint_id=c.id, department_id=hall["land"].id,
                   now=dt.datetime(2026, 10, 30, 10, 0, tzinfo=AT.tzinfo))
    service.sign(db, actor=hall["as"]["head"], complaint_id=c.id)
    service.add_evidence(db, actor=hall["as"]["head"], store=evidence.Store.under(tmp_path), complaint_id=c.id,
                         filename="告知单.pdf", data=PDF)
    urges.issue_urges(db, today=dt.date(2026, 11, 5))
    service.note(db, actor=hall["as"]["head"], complaint_id=c.id, text="经核实窗口未一次性告知，已责令改正")
    service.answer(db, actor=hall["as"]["head"], complaint_id=c.id, text="已电话告知所需材料清单并致歉")
    service.callback(db, actor=hall["as"]["supervisor"], complaint_id=c.id, result="satisfied")
    built = report.build(db, actor=hall["as"]["supervisor"], complaint_id=c.id)
    document = docx.Document(io.BytesIO(report.docx_bytes(built)))
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for expected in ("全流程投诉处理报告", c.number, "监督电话", "区不动产登记中心", "赵敏", "钱科长", "告知单.pdf",
                     "经核实窗口未一次性告知", "催办通知书", "已电话告知所需材料清单并致歉", "满意", "2026-10-30 10:00"):
        assert expected in text, expected
    run = document.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(docx.oxml.ns.qn("w:eastAsia")) == "方正小标宋简体"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report.pdf_bytes(built))
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("全流程投诉处理报告", c.number, "分派至区不动产登记中心", "钱科长", "回访结果：满意"):
        assert expected in shown, expected
    assert "—1—" in shown.replace(" ", "")  # the page number
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    embedded = [line for line in fonts.splitlines() if "WenQuanYiMicroHei" in line]
    assert embedded and re.search(r"TrueType\s+\S+\s+yes\s+yes", embedded[0])  # embedded, so it reads without Chinese fonts


def test_a_complaint_naming_misconduct_becomes_a_conduct_finding(db, hall):
    c = register(db, hall, content="在不动产登记中心窗口，张伟对我说“这不归我管，你自己去问”，态度恶劣")
    conduct.scan_new_texts(db, today=dt.date(2026, 11, 18))
    finding = db.scalar(select(Finding).where(Finding.source == "complaint", Finding.source_id == c.id))
    assert finding is not None and finding.staff_id == hall["clerk"].id and finding.link == f"/complaints/{c.id}"
    assert finding.department_id == hall["land"].id

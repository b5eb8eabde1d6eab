"""Through a real `xiaoneng serve` on a file database: the 12345 import page refuses a bad file whole (every bad row
named) and takes a good one; an evidence file is uploaded and downloaded as stored; the full-process report
downloads as DOCX and PDF."""

import hashlib

from sqlalchemy import func, select

from tests.complaints.hotline_files import GOOD, csv_bytes, xlsx_bytes
from tests.fixtures.live import serve_live
from tests.fixtures.objects import make_center, make_department, make_staff
from xiaoneng.auth.rules import Role
from xiaoneng.complaints.models import Complaint, ComplaintEvidence
from xiaoneng.db import make_engine, session_scope

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def test_import_evidence_and_report_on_a_live_server(own_database_url, tmp_path):
    engine = make_engine(own_database_url)
    with session_scope(engine) as s:
        center = make_center(s, name="锦城新区政务服务中心")
        land = make_department(s, center=center, name="区不动产登记中心", code="BDC")
        make_department(s, center=center, name="区市场监督管理局", code="SCJG")
        make_staff(s, role=Role.SUPERVISOR, center=center, username="live_supervisor", full_name="赵敏")
        make_staff(s, role=Role.DEPT_HEAD, department=land, username="live_head", full_name="钱科长")
    bad = [row[:] for row in GOOD]
    bad[0][0], bad[2][4] = "", "表杨"
    with serve_live(own_database_url, var_dir=tmp_path / "var") as server:
        supervisor = server.sign_in("live_supervisor")
        refused = supervisor.post("/complaints/import", files={"file": ("12345.csv", csv_bytes(bad), "text/csv")})
        assert refused.status_code == 422
        assert "有 2 处错误，未导入任何数据" in refused.text
        assert "第 3 行</td><td>工单编号</td><td>工单编号不能为空" in refused.text
        assert "第 5 行</td><td>诉求类型</td><td>诉求类型“表杨”不正确" in refused.text
        with session_scope(engine, readonly=True) as s:
            assert s.scalar(select(func.count()).select_from(Complaint)) == 0
        taken = supervisor.post("/complaints/import", files={"file": ("12345.xlsx", xlsx_bytes(GOOD), "application/octet-stream")})
        assert taken.status_code == 200 and "新增 4 件，已分派 2 件，待分派 1 件，重复并入 1 件" in taken.text
        with session_scope(engine, readonly=True) as s:
            first = s.scalar(select(Complaint).where(Complaint.source_number == "GD20261116001"))
            assert s.scalar(select(func.count()).select_from(Complaint)) == 4
        head = server.sign_in("live_head")
        assert head.post(f"/complaints/{first.id}/sign").status_code == 303
        sent = head.post(f"/complaints/evidence/{first.id}", data={"note": "窗口录像截图"},
                         files={"file": ("录像截图.png", PNG, "image/png")})
        assert sent.status_code == 303
        with session_scope(engine, readonly=True) as s:
            row = s.scalar(select(ComplaintEvidence))
        assert row.sha256 == hashlib.sha256(PNG).hexdigest()
        assert (tmp_path / "var" / "complaints" / "evidence" / row.sha256[:2] / row.sha256).read_bytes() == PNG
        got = supervisor.get(f"/complaints/{first.id}/evidence/{row.id}")
        assert got.status_code == 200 and got.content == PNG and got.headers["content-type"] == "image/png"
        not_image = head.post(f"/complaints/evidence/{first.id}", files={"file": ("假图片.png", b"<html>", "image/png")})
        assert not_image.status_code == 303
        assert "内容与扩展名 .png 不符" in head.get(f"/complaints/{first.id}").text
        docx = supervisor.get(f"/complaints/{first.id}/report.docx")
        pdf = supervisor.get(f"/complaints/{first.id}/report.pdf")
        assert docx.status_code == 200 and docx.content[:2] == b"PK"
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
        assert "filename*=UTF-8''%E5%85%A8%E6%B5%81%E7%A8%8B" in pdf.headers["content-disposition"]
        supervisor.close()
        head.close()
    with session_scope(engine, readonly=True) as s:
        assert s.scalar(select(func.count()).select_from(ComplaintEvidence)) == 1
    engine.dispose()

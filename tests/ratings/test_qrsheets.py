"""QR sheets: the PDF embeds the CJK font (pdftotext reads the Chinese names), renders, and links to rating pages."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.fixtures.objects import make_department, make_staff, make_window
from xiaoneng.auth import service as auth
from xiaoneng.auth.rules import Role
from xiaoneng.kit import clock
from xiaoneng.org.models import Department
from xiaoneng.ratings import qrsheets

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "sheet.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_a_window_sheet_shows_the_chinese_name_and_renders(sign_in, client, db, tmp_path):
    window = make_window(db, name="公积金提取5号窗口")
    department = db.get(Department, window.department_id)
    admin = sign_in(make_staff(db, role=Role.ADMIN, department=department))
    assert admin.page("/ratings/qr").status_code == 200
    response = admin.get(f"/ratings/qr/windows.pdf?window_id={window.id}")
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "公积金提取5号窗口" in text and "扫码评价" in text and department.name in text
    url = re.search(r"http://testserver/r/\S+", text).group(0)
    assert client.get(url.replace("http://testserver", "")).status_code == 200  # the printed link opens the page
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(tmp_path / "sheet.pdf"), str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))


@needs_poppler
def test_staff_cards_of_a_department_fit_ten_per_page(sign_in, db, tmp_path):
    department = make_department(db)
    for i in range(11):
        make_staff(db, department=department, full_name=f"周{i}号")
    head = sign_in(make_staff(db, role=Role.DEPT_HEAD, department=department, full_name="吴主任"))
    response = head.get(f"/ratings/qr/staff.pdf?department_id={department.id}")
    assert response.status_code == 200
    text = pdf_text(response.content, tmp_path)
    assert "周0号" in text and "吴主任" in text and text.count("\f") == 2  # 12 cards: two pages


def test_a_department_head_prints_only_the_windows_of_the_department(db):
    mine = make_window(db, name="本科室窗口")
    department = db.get(Department, mine.department_id)
    make_window(db, department=make_department(db, center_id=department.center_id), name="别的科室窗口")
    head = make_staff(db, role=Role.DEPT_HEAD, department=department)
    actor = auth.load_actor(db, head.id)
    sheets = qrsheets.window_sheets(db, actor=actor, base_url="http://x/", secret="s" * 40, now=clock.now(), days=30)
    assert [s.title for s in sheets] == ["本科室窗口"] and sheets[0].url.startswith("http://x/r/")


def test_staff_without_the_qr_permission_cannot_print(sign_in, db):
    department = make_department(db)
    director = sign_in(make_staff(db, role=Role.DIRECTOR, department=department))
    assert director.get("/ratings/qr/windows.pdf").status_code == 403

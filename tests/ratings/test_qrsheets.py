"""QR sheets: the PDF embeds the CJK font (pdftotext reads the Chinese names), renders, and links to rating pages."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
import segno

from tests.fixtures.objects import make_department, make_staff, make_window
from tests.fixtures.web import PUBLIC_BASE
from xiaoneng.auth import service as auth
from xiaoneng.auth.rules import Role
from xiaoneng.kit import clock
from xiaoneng.org.models import Department
from xiaoneng.ratings import qrsheets

FORGED_HOST = "evil.example:8443"  # what a forged or intranet Host header says
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
    response = admin.get(f"/ratings/qr/windows.pdf?window_id={window.id}", headers={"host": FORGED_HOST})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "公积金提取5号窗口" in text and "扫码评价" in text and department.name in text
    assert FORGED_HOST not in text and "testserver" not in text
    url = re.search(re.escape(PUBLIC_BASE) + r"/r/\S+", text).group(0)  # the configured base, not the Host
    assert client.get(url.replace(PUBLIC_BASE, "")).status_code == 200  # the printed link opens the page
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


def test_the_window_page_shows_its_qr_code_and_kiosk_link_under_the_configured_base(sign_in, client, db):
    window = make_window(db, name="不动产登记3号窗口")
    admin = sign_in(make_staff(db, role=Role.ADMIN, department=db.get(Department, window.department_id)))
    page = admin.get(f"/admin/windows/{window.id}", headers={"accept": "text/html", "host": FORGED_HOST})
    assert page.status_code == 200 and FORGED_HOST not in page.text
    rating_url = re.search(r'id="rating-url">([^<]+)<', page.text).group(1)
    kiosk_url = re.search(r'id="kiosk-url">([^<]+)<', page.text).group(1)
    assert rating_url.startswith(PUBLIC_BASE + "/r/") and kiosk_url.startswith(PUBLIC_BASE + "/kiosk/")
    # The inline SVG is the QR code of the printed address.
    svg = re.search(r'<div class="qr">(<svg.*?</svg>)</div>', page.text, re.S).group(1)
    assert svg == segno.make(rating_url, error="m").svg_inline(scale=3, title="窗口评价二维码")
    assert "<script" not in svg and "style=" not in svg
    assert "不动产登记3号窗口" in client.get(rating_url.replace(PUBLIC_BASE, "")).text
    assert client.get(kiosk_url.replace(PUBLIC_BASE, "")).status_code == 200


def test_who_may_not_print_codes_sees_none_on_the_window_page(sign_in, db):
    window = make_window(db)
    director = sign_in(make_staff(db, role=Role.DIRECTOR, department=db.get(Department, window.department_id)))
    page = director.page(f"/admin/windows/{window.id}")
    assert page.status_code == 200 and 'id="window-codes"' not in page.text


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

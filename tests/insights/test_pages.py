"""Warning pages: the list with filters, search, sort and XLSX, a warning's page in words with its links, acting on
it from the page with a Chinese error on a missing note, and who may see what."""

import io

import openpyxl
import pytest

from tests.insights.data import PERIOD, risen_hall
from xiaoneng.insights import warnings
from xiaoneng.kit import clock


@pytest.fixture
def found(db):
    hall = risen_hall(db)
    return hall, warnings.compute(db, center_id=hall.center.id, start=PERIOD[0], end=PERIOD[1], now=clock.now())


def test_list_filters_search_sort(found, sign_in):
    hall, found = found
    browser = sign_in(hall.supervisor)
    page = browser.page("/insights/warnings")
    assert page.status_code == 200 and "不动产1号窗口" in page.text and "市场监管科" in page.text
    assert "bad_rate" not in page.text.split('id="warnings"')[1]  # labels, never codes
    only = browser.page("/insights/warnings?measure=complaints").text.split('id="warnings"')[1]
    assert "投诉量" in only and "差评率" not in only
    searched = browser.page("/insights/warnings?q=李秀英").text.split('id="warnings"')[1]
    assert "李秀英" in searched and "市场监管科" not in searched
    assert browser.page("/insights/warnings?sort=q&order=asc").status_code == 200
    bad = browser.page("/insights/warnings?measure=nonsense")
    assert bad.status_code == 422 and "指标不正确" in bad.text


def test_export_has_the_lists_rows_in_words(found, sign_in):
    hall, found = found
    response = sign_in(hall.supervisor).page("/insights/warnings/export.xlsx?measure=bad_rate")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and r[0] == "统计期间")
    body = rows[rows.index(header) + 1:]
    assert len(body) == sum(1 for w in found if w.measure == "bad_rate")
    assert all(r[1] == "差评率" and r[0] == "2026年10月" for r in body)


def test_warning_page_and_acting_on_it(found, sign_in):
    hall, found = found
    warning = next(w for w in found if w.measure == "bad_rate" and w.unit_kind == "department")
    browser = sign_in(hall.supervisor)
    page = browser.page(f"/insights/warnings/{warning.id}")
    assert page.status_code == 200
    text = page.text
    assert "差评率显著上升" in text and "Benjamini-Hochberg" in text and "上升主要来自" in text
    assert "按窗口" in text and "/ratings?bad_only=1" in text
    refused = browser.submit(f"/insights/warnings/{warning.id}", {"action": "acknowledge", "note": ""})
    assert refused.status_code == 422 and "请填写说明" in refused.text
    done = browser.submit(f"/insights/warnings/{warning.id}", {"action": "acknowledge", "note": "已约谈"})
    assert done.status_code == 303
    after = browser.page(f"/insights/warnings/{warning.id}").text
    assert "预警已已确认" not in after and "已确认" in after and "已约谈" in after


def test_who_sees_and_acts(found, sign_in):
    hall, found = found
    other = next(w for w in found if w.department_id == hall.dept_b.id)
    head = sign_in(hall.head_a)
    assert head.page(f"/insights/warnings/{other.id}").status_code == 404
    own = next(w for w in found if w.department_id == hall.dept_a.id)
    page = head.page(f"/insights/warnings/{own.id}")
    assert page.status_code == 200 and "确认预警" not in page.text
    assert head.submit(f"/insights/warnings/{own.id}", {"action": "close", "note": "x"}).status_code == 403
    assert sign_in(hall.clerk_a).page("/insights/warnings").status_code == 403
    assert 'href="/insights/warnings"' in sign_in(hall.director).page("/").text

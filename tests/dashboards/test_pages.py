"""The home page draws each role's dashboard: charts as data for the page script, each with its table, in Chinese."""

import html
import json
import re

import pytest

from xiaoneng.demo.builder import DEMO_ACCOUNTS
from tests.fixtures.web import Browser

PASSWORDS = {a.username: a.password for a in DEMO_ACCOUNTS}
CHART_RE = re.compile(r'data-chart="([^"]+)"')


@pytest.fixture
def page_of(app):
    opened = []

    def open_home(username: str):
        browser = Browser(app, base_url="http://testserver")
        browser.__enter__()
        opened.append(browser)
        browser.sign_in(username, PASSWORDS[username])
        return browser.page("/")

    yield open_home
    for b in opened:
        b.__exit__(None, None, None)


def test_the_directors_home_has_the_cockpit_above_the_work_list(page_of):
    page = page_of("director")
    assert page.status_code == 200
    text = page.text
    assert "中心运行概览" in text and text.index("中心运行概览") < text.index("待复核申诉")
    for label in ("满意率（含默认好评）", "满意率（不含默认好评）", "按时办结率", "差评率", "待整改差评",
                  "办理中投诉", "未销号巡查问题", "科室满意率：前五与后五", "查看数据表"):
        assert label in text
    specs = [json.loads(html.unescape(s)) for s in CHART_RE.findall(text)]
    assert len(specs) == 3
    assert specs[0]["xAxis"]["data"][-1] == "11月" and len(specs[0]["series"]) == 3
    assert '/static/vendor/echarts/echarts.min.js' in text and '/static/dashboard.js' in text
    assert "<script>" not in text and " style=" not in text  # CSP: no inline script or style
    assert text.count("<details") >= 4  # every chart's numbers as a table


def test_the_department_heads_home_shows_their_department_and_staff(page_of):
    text = page_of("head_scjg").text
    assert "本科室概览" in text and "本科室工作人员" in text and "工作人员本月明细" in text
    assert "科室满意率：前五与后五" not in text  # the center's comparison is the director's


def test_the_supervisors_and_a_clerks_home(page_of):
    text = page_of("supervisor").text
    assert "效能监察概览" in text and "超期事项（按科室）" in text and "待复核申诉" in text
    text = page_of("staff_scjg").text
    assert "我的本月" in text and "我的收件量" in text and "本科室" not in text.split("我的本月")[1].split("</section>")[0]


def test_the_admins_home_has_no_dashboard(page_of):
    text = page_of("admin").text
    assert "data-chart" not in text and "echarts" not in text


def test_the_vendored_library_and_the_page_script_are_served(client):
    assert client.get("/static/vendor/echarts/echarts.min.js").status_code == 200
    script = client.get("/static/dashboard.js")
    assert script.status_code == 200 and "data-chart" in script.text

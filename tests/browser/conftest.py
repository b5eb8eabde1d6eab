"""Browser tests: a real server process on a temp SQLite database, driven by Debian's chromium through Playwright.

Never `playwright install` (it downloads a browser); the system chromium is used. Without chromium the tests are
skipped on a developer's machine and fail in CI (CI=true), so a missing browser cannot pass silently there.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.fixtures.objects import make_center, make_department, make_staff, make_window
from tests.fixtures.waiting import pause
from xiaoneng import migrate
from xiaoneng.auth.rules import Role
from xiaoneng.calendar import service as calendar_service
from xiaoneng.db import make_engine, session_scope
from xiaoneng.kit import clock

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def chromium_path() -> str | None:
    candidate = os.environ.get("XIAONENG_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return candidate if Path(candidate).exists() else None


def pytest_collection_modifyitems(config, items):
    if chromium_path() or os.environ.get("CI"):
        return
    skip = pytest.mark.skip(reason="chromium not installed (apt-get install chromium fonts-noto-cjk)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_db(tmp_path_factory):
    """A migrated SQLite file with a small organisation: returns (url, accounts)."""
    path = tmp_path_factory.mktemp("live") / "live.db"
    url = f"sqlite:///{path}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        calendar_service.seed_from_library(s)
        center = make_center(s, name="锦城新区政务服务中心")
        dept = make_department(s, center=center, code="SCJG", name="市场监管窗口")
        other = make_department(s, center=center, code="RSJ", name="人力社保窗口")
        window = make_window(s, department=dept, code="A01", name="A01 综合受理窗口")
        admin = make_staff(s, role=Role.ADMIN, center=center, username="admin", full_name="王建国")
        head = make_staff(s, role=Role.DEPT_HEAD, department=dept, username="head", full_name="李秀英")
        clerk = make_staff(s, role=Role.WINDOW_STAFF, department=dept, window_id=window.id, username="clerk",
                           full_name="张伟", staff_no="SC0301")
        supervisor = make_staff(s, role=Role.SUPERVISOR, center=center, username="supervisor", full_name="赵敏")
        accounts = {"admin": admin.username, "head": head.username, "clerk": clerk.username,
                    "supervisor": supervisor.username, "center_id": center.id, "center_code": center.code,
                    "dept_code": dept.code,
                    "other_dept_code": other.code, "window_id": window.id, "clerk_id": clerk.id}
    engine.dispose()
    return url, accounts


@pytest.fixture(scope="session")
def live_server(live_db):
    url, accounts = live_db
    port = _free_port()
    # The server's clock starts at the suite's clock (its tokens and dates agree with the tests') and runs on.
    env = {**os.environ, "XIAONENG_DATABASE_URL": url, "XIAONENG_ENV": "test", "XIAONENG_SECRET_KEY": "b" * 40,
           "XIAONENG_CLOCK_AT": clock.now().isoformat()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "xiaoneng.web.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pause(0.2)
    else:
        proc.kill()
        raise RuntimeError("server did not start")
    yield base, accounts
    proc.terminate()
    proc.wait(timeout=10)


# Runs in every page before its own scripts: hands each Content-Security-Policy violation to the test.
REPORT_VIOLATIONS = """
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolation({directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
                         line: e.lineNumber, sample: e.sample});
});
"""


class PageWatch:
    """Console messages and CSP violations of every page of every browser context the tests open."""

    def __init__(self):
        self.violations: list[dict] = []
        self.console: list[tuple[str, str, str]] = []

    def attach(self, context) -> None:
        context.expose_binding("__cspViolation",
                               lambda source, v: self.violations.append({**v, "page": source["page"].url}))
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("page", self._watch_page)

    def _watch_page(self, page) -> None:
        page.on("console", lambda m: self.console.append((m.type, m.text, page.url)))

    def csp_problems(self) -> list[str]:
        logged = [f"{url}: {text}" for kind, text, url in self.console if "Content Security Policy" in text]
        return [f"{v['page']}: {v['directive']} blocked {v['blocked'] or v['sample']!r} ({v['source']}:{v['line']})"
                for v in self.violations] + logged

    def clear(self) -> None:
        self.violations.clear()
        self.console.clear()


class WatchedBrowser:
    """The browser, with every new context watched by `PageWatch`."""

    def __init__(self, browser, watch: PageWatch):
        self._browser, self.watch = browser, watch

    def new_context(self, **kw):
        context = self._browser.new_context(**kw)
        self.watch.attach(context)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    if path is None:
        pytest.fail("chromium is required in CI: apt-get install chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield WatchedBrowser(b, PageWatch())
        b.close()


@pytest.fixture(autouse=True)
def no_csp_violations(request):
    """Every browser test fails on a Content-Security-Policy violation on any page it visited."""
    if "browser" not in request.keywords:
        yield None
        return
    watch = request.getfixturevalue("browser").watch
    watch.clear()
    yield watch
    problems = watch.csp_problems()
    console = "\n".join(f"  [{kind}] {url}: {text}" for kind, text, url in watch.console)
    watch.clear()
    assert not problems, "CSP violations:\n  " + "\n  ".join(problems) + "\nconsole:\n" + console


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name: str) -> Path:
    """Save a full-page screenshot under var/screenshots for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")

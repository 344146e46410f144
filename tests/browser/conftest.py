"""Browser tests: Playwright for Python driving Debian's Chromium (/usr/bin/chromium), never a downloaded one.

The site is Django's live server (pytest-django ``live_server``, a threaded server) over the test database —
on SQLite a file in WAL mode, as users run it, so jobs' threads write while its threads read — and tests
create their records with ``tests.factories`` and then look at them in a real browser. ``page`` fails the test if
the browser logged a console error or a page error, if the page broke its Content-Security-Policy (a
``securitypolicyviolation`` event, or a console message about the policy, of any level), or if a page (an
HTML document) came without the policy.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.task_worker import worker_thread

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "pw-Bangfu-2020"  # tests.factories.account's default

# Playwright's sync API runs an event loop in this thread; the Django ORM calls our tests make in between
# are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    """Mark every test of this folder ``browser`` (a ``pytestmark`` in a conftest does not reach them)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def console_errors():
    return []


@pytest.fixture
def task_worker(live_server):
    """The jobs the pages queue (checks, imports, runs, exports) are run by ``bangfu worker``'s loop, as beside
    ``bangfu serve``: here in a thread of the test process."""
    with worker_thread():
        yield


@pytest.fixture
def page(browser, live_server, task_worker, console_errors):
    """A fresh browser tab (desktop size, Chinese) whose console errors fail the test."""
    context = _watched_context(
        browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}), console_errors
    )
    tab = _watched(context.new_page(), console_errors)
    yield tab
    context.close()
    assert console_errors == [], f"browser console errors: {console_errors}"


@pytest.fixture
def phone(browser, live_server, task_worker, console_errors):
    """A fresh browser tab 375 px wide, as on a village cadre's phone."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    context = _watched_context(context, console_errors)
    tab = _watched(context.new_page(), console_errors)
    yield tab
    context.close()
    assert console_errors == [], f"browser console errors: {console_errors}"


#: Runs in every page before its own scripts: reports each Content-Security-Policy violation to the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__bangfuCspViolation([event.violatedDirective, event.blockedURI, event.sourceFile || "",
                               event.lineNumber, document.location.pathname].join(" "));
});
"""


def _watched_context(context, errors: list):
    """Fail on every CSP violation (reported by the page) and on every HTML page served without a policy."""
    context.expose_function("__bangfuCspViolation", lambda text: errors.append(f"CSP violation: {text}"))
    context.add_init_script(REPORT_CSP_VIOLATIONS)

    def policy_present(response) -> None:
        if response.request.resource_type != "document" or response.status >= 300:
            return
        if "content-security-policy" not in response.headers:
            errors.append(f"no Content-Security-Policy on {response.url}")

    context.on("response", policy_present)
    return context


def _watched(tab, errors: list):
    def console(message) -> None:
        if message.type == "error" or "Content Security Policy" in message.text:
            errors.append(message.text)

    tab.on("console", console)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.set_default_timeout(15_000)
    return tab


def sign_in(tab, live_server, username: str, password: str = PASSWORD, next_path: str = "/") -> None:
    """Sign in through the login form and wait for the page it leads to."""
    tab.goto(f"{live_server.url}/login/?next={next_path}")
    tab.fill("#id_username", username)
    tab.fill("#id_password", password)
    with tab.expect_navigation():
        tab.click("button[type=submit]")


def fits_width(tab) -> bool:
    """Whether the page has no horizontal scroll bar (tables may scroll inside their own box)."""
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

"""Every page, in a real browser, on a 375 px phone and through axe-core.

The pages are the scope walk's routes (tests/browser/pages.py), opened as an administrator (every page, with
records in every part of the register) and as a village cadre (the cadre's own pages: their household page
leads with recording a visit). On a phone no page may scroll sideways (tables scroll inside their own box);
axe-core (vendored in tests/browser/vendor/, injected into the page, nothing downloaded) may find no serious
or critical violation.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PASSWORD, _watched, sign_in
from tests.browser.pages import axe_violations, build_pages, is_page, page_urls, scroll_width, wait_for_charts

PHONE_WIDTH = 375
#: The administrator opens at least this many pages (the walk found them): a walk that opens none checks nothing.
ADMIN_PAGES = 25


@pytest.fixture
def site(divisions):
    return build_pages()


def walk_pages(tab, live_server, site, role: str):
    """Opens each page ``role`` may see; yields the path of each that answered a whole page."""
    username = site.register.users[role].username
    sign_in(tab, live_server, username)
    for url in page_urls(site, role):
        if is_page(tab, f"{live_server.url}{url}"):
            tab.goto(f"{live_server.url}{url}")
            wait_for_charts(tab)
            yield url


@pytest.mark.parametrize("role", ["admin", "cadre"])
def test_no_page_scrolls_sideways_on_a_phone(phone, live_server, site, role):
    wide, opened = [], []
    for url in walk_pages(phone, live_server, site, role):
        opened.append(url)
        if (width := scroll_width(phone)) > PHONE_WIDTH:
            wide.append(f"{url}: {width} px")
        phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        wait_for_charts(phone)  # charts folded away are drawn when their <details> opens
        if (width := scroll_width(phone)) > PHONE_WIDTH:
            wide.append(f"{url} with every <details> open: {width} px")
    assert len(opened) >= (ADMIN_PAGES if role == "admin" else 5), opened
    assert {"/", "/households/", "/villages/", "/assessments/"} <= set(opened)
    assert not wide, "pages wider than the phone:\n" + "\n".join(wide)


@pytest.mark.parametrize("role", ["admin", "cadre"])
def test_axe_finds_no_serious_violation_on_any_page(browser, live_server, site, role, console_errors):
    # axe is injected as a script tag: the page's Content-Security-Policy would refuse it, so this context
    # (and only this one) bypasses the policy; the other browser tests keep it on.
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = _watched(context.new_page(), console_errors)
    problems, opened = [], []
    try:
        for url in walk_pages(tab, live_server, site, role):
            opened.append(url)
            problems += [f"{url}: {violation}" for violation in axe_violations(tab)]
    finally:
        context.close()
    assert len(opened) >= (ADMIN_PAGES if role == "admin" else 5), opened
    assert not problems, "axe violations:\n" + "\n".join(problems)
    assert console_errors == [], console_errors


def test_axe_finds_no_serious_violation_on_the_sign_in_page(browser, live_server, site):
    context = browser.new_context(locale="zh-CN", bypass_csp=True)
    tab = context.new_page()
    try:
        tab.goto(f"{live_server.url}/login/")
        assert axe_violations(tab) == []
        tab.fill("#id_username", site.register.users["admin"].username)
        tab.fill("#id_password", "wrong" + PASSWORD)
        with tab.expect_navigation():
            tab.click("button[type=submit]")
        assert axe_violations(tab) == []  # with the form's error shown
    finally:
        context.close()

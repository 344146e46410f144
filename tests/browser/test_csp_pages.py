"""The Content-Security-Policy in a real browser: pages the other browser tests do not visit (the
administration, the API docs, the tokens page, chart tooltips) load and work with the policy on, and
the conftest's ``page`` fixture fails any test on a violation."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from bangfu.accounts.models import Role
from tests import factories
from tests.browser.conftest import sign_in
from tests.browser.test_dashboard import officer, wait_for_charts  # noqa: F401 (fixture)


@pytest.fixture
def boss(divisions):
    factories.village("441521101201", name="新山村")
    user = factories.account("boss", Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_a_chart_tooltip_shows_without_breaking_the_policy(page, live_server, officer):  # noqa: F811
    sign_in(page, live_server, "haifeng")
    wait_for_charts(page)
    box = page.locator("#chart-income").bounding_box()
    for step in range(1, 6):
        page.mouse.move(box["x"] + box["width"] * step / 6, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)  # the tooltip is drawn on the next animation frames


def test_the_administration_works_under_the_policy(page, live_server, boss):
    sign_in(page, live_server, "boss", next_path="/admin/")
    for path in ("/admin/", "/admin/registry/village/", "/admin/auth/user/", "/admin/api/apitoken/"):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("#content")).to_be_visible()
    page.goto(f"{live_server.url}/admin/auth/user/{boss.pk}/change/")
    expect(page.locator("#user_form")).to_be_visible()


def test_the_api_docs_draw_under_the_policy(page, live_server, boss):
    sign_in(page, live_server, "boss", next_path="/api/docs")
    expect(page.locator(".swagger-ui .information-container")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()


def test_the_tokens_page_makes_and_revokes_a_token(page, live_server, boss):
    sign_in(page, live_server, "boss")
    page.locator("header .user").click()
    page.wait_for_url("**/account/tokens/")
    page.fill("input[name=name]", "月报脚本")
    page.click("form.card button[type=submit]")
    token = page.locator("#new-token").inner_text()
    assert len(token) >= 40
    row = page.locator(f'tr[data-token="{token[:8]}"]')
    expect(row).to_contain_text("有效")
    row.get_by_role("button").click()
    expect(page.locator(f'tr[data-token="{token[:8]}"]')).to_contain_text("已吊销")


def test_choosing_a_language_submits_without_an_inline_handler(page, live_server, boss):
    sign_in(page, live_server, "boss")
    with page.expect_navigation():
        page.select_option("form.language select", "en")
    assert page.locator("html").get_attribute("lang") == "en"

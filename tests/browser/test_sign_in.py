"""Signing in, the language switch and the phone layout, in a real browser."""

import pytest

from bangfu.accounts.models import Role
from tests import factories
from tests.browser.conftest import fits_width, sign_in


@pytest.fixture
def officer(divisions):
    village = factories.village("441521101201", name="新山村")
    factories.household(village, "4415211012010001")
    return factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])


def test_sign_in_shows_the_dashboard_in_chinese(page, live_server, officer):
    sign_in(page, live_server, "haifeng")
    assert page.url == f"{live_server.url}/"
    assert page.locator("header .user").inner_text() == "haifeng"
    assert page.locator("html").get_attribute("lang") == "zh-hans"


def test_a_wrong_password_is_refused_in_chinese(page, live_server, officer):
    sign_in(page, live_server, "haifeng", password="wrong")
    assert "/login/" in page.url
    assert "正确" in page.locator(".errorlist").inner_text()


def test_language_switch_to_english_and_back(page, live_server, officer):
    sign_in(page, live_server, "haifeng")
    with page.expect_navigation():
        page.select_option("form.language select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Sign out").is_visible()
    with page.expect_navigation():
        page.select_option("form.language select", "zh-hans")
    assert page.get_by_role("button", name="退出").is_visible()


def test_the_layout_fits_a_phone(phone, live_server, officer):
    sign_in(phone, live_server, "haifeng")
    assert fits_width(phone)
    assert phone.get_by_role("button", name="退出").is_visible()

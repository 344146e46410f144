"""The employment and consumption page on a 375 px phone: figures and charts drawn, the page fits the width,
and a township officer records a sale through the htmx form."""

import pytest
from playwright.sync_api import expect

from bangfu.markets.models import Sale
from tests.api.register import build_register
from tests.browser.conftest import fits_width, sign_in
from tests.markets.walk import markets_records


@pytest.fixture
def register(divisions):
    r = build_register()
    markets_records(r)
    return r


def test_the_markets_page_on_a_phone(phone, live_server, register):
    sign_in(phone, live_server, "haifeng", next_path="/markets/")
    assert phone.locator("h1").inner_text() == "就业消费帮扶"
    assert phone.locator(".chart").count() == 2
    # (a locator, not wait_for_function: that evaluates a string, which the Content-Security-Policy forbids)
    expect(phone.locator(".chart:not([data-rendered=true])")).to_have_count(0)
    assert phone.locator('[data-figure="products"]').inner_text() == "2"
    assert fits_width(phone)

    phone.locator("#record-sale summary").click()
    form = phone.locator("#record-sale form")
    form.locator("[name=product]").fill("C-xinshan")
    form.locator("[name=channel]").select_option("直播带货")
    form.locator("[name=buyer_type]").select_option("个人")
    form.locator("[name=amount]").fill("88.80")
    form.locator("[name=date]").fill("2020-06-18")
    form.get_by_role("button", name="保存").click()
    phone.locator("#markets-forms .notice.ok").wait_for()
    assert Sale.objects.filter(channel="直播带货", amount="88.80").exists()
    assert fits_width(phone)

    phone.goto(f"{live_server.url}/markets/sales/")
    assert "新山村茶" in phone.locator("#markets-list").inner_text()
    assert "坡平村茶" not in phone.locator("#markets-list").inner_text()
    assert fits_width(phone)

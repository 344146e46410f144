"""Programme pages in a real browser: the overview's charts, and a village cadre recording a visit and a
measure from a 375 px phone."""

import pytest
from playwright.sync_api import expect

from bangfu.accounts.models import Role
from tests import factories
from tests.browser.conftest import fits_width, sign_in
from tests.web.test_programme_pages import XINSHAN_HOUSEHOLD, build_programme


@pytest.fixture
def data(divisions):
    return build_programme()


def test_the_overview_draws_every_chart(page, live_server, data):
    factories.account("boss", Role.ADMINISTRATOR)
    sign_in(page, live_server, "boss", next_path="/programme/")
    charts = page.locator(".chart")
    assert charts.count() == 5
    # (a locator, not wait_for_function: that evaluates a string, which the Content-Security-Policy forbids)
    expect(page.locator(".chart:not([data-rendered=true])")).to_have_count(0)
    assert page.locator("h1").inner_text() == "对口帮扶"
    assert page.locator("#programme-scope-note").is_visible()


def test_the_overview_and_the_project_pages_fit_a_phone(phone, live_server, data):
    factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    sign_in(phone, live_server, "haifeng", next_path="/programme/")
    # (a locator, not wait_for_function: that evaluates a string, which the Content-Security-Policy forbids)
    expect(phone.locator(".chart:not([data-rendered=true])")).to_have_count(0)
    assert fits_width(phone)
    phone.goto(f"{live_server.url}/programme/projects/")
    phone.get_by_role("link", name="P001").click()
    phone.wait_for_url("**/programme/projects/P001/")
    assert "用地手续补办" in phone.locator("#project-history").inner_text()
    assert fits_width(phone)


def test_a_cadre_records_a_visit_and_a_measure_from_a_phone(phone, live_server, data):
    cadre = factories.account("cadre", Role.CADRE, villages=["441521101201"])
    cadre.profile.cadre = data["cadres"]["li"]  # the account of 李明: records visits in his name only
    cadre.profile.save()
    sign_in(phone, live_server, "cadre", next_path=f"/households/{XINSHAN_HOUSEHOLD}/")
    section = phone.locator("#programme-household")
    section.scroll_into_view_if_needed()
    assert fits_width(phone)

    phone.locator("#record-visit summary").click()
    assert phone.locator("#id_date").input_value()  # today, by default
    phone.select_option("#id_cadre", label="李明（福田区）")
    phone.fill("#id_notes", "了解茶叶收成和务工情况")
    phone.fill("#id_findings", "缺少劳动力")
    phone.get_by_role("button", name="保存走访").click()
    phone.locator("#programme-household .notice.ok").wait_for()
    assert "了解茶叶收成和务工情况" in phone.locator("#programme-visits").inner_text()
    assert "李明" in phone.locator("#programme-visits").inner_text()

    phone.locator("#record-measure summary").click()
    phone.get_by_role("button", name="保存措施").click()  # no category: refused next to the field
    phone.locator("#id_category-errors").wait_for()
    assert "必填" in phone.locator("#id_category-errors").inner_text()
    phone.select_option("#id_category", "就业")
    phone.fill("#id_description", "推荐到园区电子厂务工")
    phone.fill("#id_amount", "1200")
    phone.get_by_role("button", name="保存措施").click()
    phone.locator("#programme-household .notice.ok").wait_for()
    assert "推荐到园区电子厂务工" in phone.locator("#programme-plans").inner_text()
    assert "1,200" in phone.locator("#programme-plans").inner_text()
    assert fits_width(phone)

    phone.reload()  # the records are saved, not only shown
    assert "了解茶叶收成和务工情况" in phone.locator("#programme-visits").inner_text()
    assert "推荐到园区电子厂务工" in phone.locator("#programme-plans").inner_text()

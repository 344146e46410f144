"""Households in a real browser: filter, open, read the reasons; masked data and unmasking; scope; phones."""

import re

import pytest

from bangfu.accounts.models import Role
from bangfu.assessment.services import assessment_run
from bangfu.core.models import PersonalDataAccess
from bangfu.registry.models import Member
from tests import factories
from tests.browser.conftest import fits_width, sign_in


@pytest.fixture
def register(divisions):
    xinshan = factories.village("441521101201", name="新山村", is_demonstration=True)
    dongfeng = factories.village("441521101202", name="东风村", poor=False)
    poping = factories.village("441523101201", name="坡平村")
    passing = factories.household(xinshan, "4415211012010001", phone="13800135678", main_cause="因病")
    factories.income(passing, 2020, wages=30000)
    failing = factories.household(xinshan, "4415211012010002", main_cause="缺资金")
    factories.income(failing, 2020, wages=9000)  # 3,000 per capita: below the 7,365 line
    factories.household(dongfeng, "4415211012020001", attribute="一般农户", identified_year=None)
    factories.income(factories.household(poping, "4415231012010001"), 2020, wages=40000)
    assessment_run(standard_id="gd-2016", year=2020)
    factories.account("boss", Role.ADMINISTRATOR, personal_data=True)
    factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    factories.account("cadre", Role.CADRE, villages=["441521101202"])
    return failing


def listed_codes(tab) -> list[str]:
    return tab.locator("table.households tbody td:first-child a").all_inner_texts()


def test_filter_the_list_open_a_household_and_read_why_it_failed(page, live_server, register):
    sign_in(page, live_server, "haifeng", next_path="/households/")
    assert listed_codes(page) == ["4415211012010001", "4415211012010002", "4415211012020001"]
    page.select_option("select[name=standard]", "gd-2016")
    page.select_option("select[name=verdict]", "fail")
    with page.expect_navigation():
        page.get_by_role("button", name="筛选").click()
    assert listed_codes(page) == ["4415211012010002"]
    assert page.locator("table.households .verdict-fail").inner_text() == "未通过"
    with page.expect_navigation():
        page.get_by_role("link", name="4415211012010002").click()
    verdict = page.locator("article.verdict[data-standard=gd-2016]")
    assert "未通过" in verdict.locator("header").inner_text()
    income = verdict.locator("li.reason[data-criterion=income]")
    assert income.locator(".badge").inner_text() == "未达标"
    assert "人均纯收入：3,000 元/人" in income.inner_text()
    assert "收入线：7,365 元/人" in income.inner_text()
    assert verdict.locator("li.reason[data-criterion=water] .badge").inner_text() == "达标"
    page.wait_for_selector("#income-chart[data-rendered=true]")


def test_id_numbers_are_masked_and_a_permitted_user_unmasks_one(page, live_server, register):
    member = Member.objects.filter(household=register).order_by("id").first()
    sign_in(page, live_server, "boss", next_path="/households/4415211012010002/")
    cell = page.locator(f"#pd-{member.pk}")
    masked = cell.locator(".masked").inner_text()
    assert re.fullmatch(r"441521\*{8}[0-9X]{4}", masked) and masked.endswith(member.id_number[-4:])
    assert member.id_number not in page.content()
    cell.get_by_role("button", name="显示").click()
    unmasked = page.locator(f"#pd-{member.pk}[data-unmasked=true]")
    unmasked.wait_for()
    assert unmasked.inner_text() == member.id_number
    entry = PersonalDataAccess.objects.get()
    assert (entry.username, entry.purpose, entry.scope) == ("boss", "view", "441521101201")


def test_an_officer_without_the_permission_sees_no_unmask_button(page, live_server, register):
    sign_in(page, live_server, "haifeng", next_path="/households/4415211012010001/")
    assert page.locator("#pd-phone .masked").inner_text() == "138****5678"
    assert page.locator("button.unmask").count() == 0


def forget_expected_refusals(console_errors: list) -> None:
    """The browser logs the 404 we asked for as a console error; only that one is expected."""
    console_errors[:] = [error for error in console_errors if "status of 404" not in error]


def test_a_county_officer_cannot_open_a_household_of_another_county(
    page, live_server, register, console_errors
):
    sign_in(page, live_server, "haifeng")
    response = page.goto(f"{live_server.url}/households/4415231012010001/")
    assert response.status in (403, 404)
    response = page.goto(f"{live_server.url}/villages/441523101201/")
    assert response.status in (403, 404)
    forget_expected_refusals(console_errors)


def test_a_cadre_sees_only_their_village(page, live_server, register, console_errors):
    sign_in(page, live_server, "cadre", next_path="/villages/")
    assert page.locator("table.villages tbody td:first-child a").all_inner_texts() == ["441521101202"]
    page.goto(f"{live_server.url}/households/")
    assert listed_codes(page) == ["4415211012020001"]
    assert page.goto(f"{live_server.url}/households/4415211012010001/").status == 404
    forget_expected_refusals(console_errors)


def test_the_household_page_fits_a_phone(phone, live_server, register):
    sign_in(phone, live_server, "boss", next_path="/households/4415211012010002/")
    phone.wait_for_selector("#income-chart[data-rendered=true]")
    assert fits_width(phone)
    assert phone.locator("#household-verdicts").is_visible()
    phone.goto(f"{live_server.url}/households/")
    assert fits_width(phone)
    phone.goto(f"{live_server.url}/villages/441521101201/")
    assert fits_width(phone)

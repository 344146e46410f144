"""The dashboard in a real browser: every chart drawn, no console errors, English, a phone's width."""

from __future__ import annotations

import pytest

from bangfu.accounts.models import Role
from bangfu.indicators.services import figures_refresh
from tests import factories
from tests.browser.conftest import fits_width, sign_in

CHARTS = ("status", "income", "distribution", "gaps", "incidence")


@pytest.fixture
def officer(divisions):
    """A county officer of 海丰县 with two villages, households identified 2016–2017, incomes 2015–2020."""
    for code, name in [("441521101201", "新山村"), ("441521102201", "东尾村")]:
        village = factories.village(code, name=name, exit_year=2019)
        for number in range(1, 4):
            household = factories.household(
                village, f"{code}{number:04d}", members=number + 1, identified_year=2015 + number % 2 + 1,
                exit_year=2017 + number,
            )  # fmt: skip
            for year in range(2015, 2021):
                factories.income(household, year, wages=3000 * (year - 2013) * number, transfers=500)
    factories.village("441523101201", name="坡平村")  # another county's village: never shown
    figures_refresh()
    return factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])


def wait_for_charts(tab) -> None:
    for name in CHARTS:
        tab.wait_for_selector(f'#chart-{name}[data-rendered="true"]')


def test_every_chart_is_drawn_without_console_errors(page, live_server, officer):
    sign_in(page, live_server, "haifeng")
    wait_for_charts(page)
    assert page.locator('.chart[data-rendered="true"]').count() == len(CHARTS)
    assert page.locator('[data-figure="villages"] .value').inner_text() == "2"
    assert "各镇三保障缺口" in page.locator("main").inner_text()
    assert "指标计算于" in page.locator(".as-of").inner_text()


def test_english_labels_after_the_switch(page, live_server, officer):
    sign_in(page, live_server, "haifeng")
    wait_for_charts(page)
    with page.expect_navigation():
        page.select_option("form.language select", "en")
    wait_for_charts(page)
    text = page.locator("main").inner_text()
    assert "Income against the poverty line" in text and "Villages by poverty incidence" in text
    assert "Figures as of" in text and "Registered poor people" in text
    options = page.evaluate("JSON.parse(document.getElementById('chart-status-options').textContent)")
    assert options["series"][0]["name"] == "Households exited"


def test_the_dashboard_fits_a_phone(phone, live_server, officer):
    sign_in(phone, live_server, "haifeng")
    wait_for_charts(phone)
    assert fits_width(phone)
    width = phone.evaluate("document.getElementById('chart-gaps').getBoundingClientRect().width")
    assert 300 <= width <= 375

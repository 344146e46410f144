"""One monitoring case walked through the web on a 375 px phone, from the lead to risk elimination, each step by
the role allowed to take it: the cadre starts the case from the lead, visits and holds the village review; a
township officer reviews; a county officer approves and, after six months, a completed measure and two good
years (the monitoring line patched in as tests/monitoring/test_procedure.py does), marks the risk eliminated."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bangfu.monitoring import elimination
from bangfu.monitoring.models import Lead, MonitoringCase
from tests import factories
from tests.browser.conftest import PASSWORD, fits_width, sign_in


@pytest.fixture
def people(divisions):
    village = factories.village()
    household = factories.household(village, "H001", exit_year=2019)
    lead = Lead.objects.create(household=household, channel="农户自主申报", source="农户电话申报",
                               discovered_on=timezone.localdate())  # fmt: skip
    for name, role, area in (("cadre", "cadre", None), ("town", "officer", "441521101000"),
                             ("county", "officer", "441521000000")):  # fmt: skip
        if area:
            factories.account(name, role, divisions=[area])
        else:
            factories.account(name, role, villages=["441521101201"])
    return {"household": household, "lead": lead}


def tab_for(browser, live_server, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 740}, is_mobile=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, live_server, username, PASSWORD)
    return tab


def act(tab, action, **fields):
    """Fill and submit the step form ``action`` (htmx) and wait for the case to be swapped in."""
    form = tab.locator(f'form[data-action="{action}"]')
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        if value is True:
            field.check()
        elif field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    tab.locator("#case").evaluate("e => e.setAttribute('data-stale', '')")
    form.locator("button[type=submit]").click()
    tab.locator("#case:not([data-stale]) .notice").wait_for()


def test_a_case_from_lead_to_elimination_on_a_phone(phone, browser, live_server, people, monkeypatch):
    lead, household = people["lead"], people["household"]
    sign_in(phone, live_server, "cadre", next_path="/monitoring/leads/")
    form = phone.locator(f'form[data-lead="{lead.pk}"]')
    form.locator('[name=risk][value="因病"]').check()
    with phone.expect_navigation():
        form.get_by_role("button", name="立案").click()
    case = MonitoringCase.objects.get(household=household)
    assert phone.url.endswith(f"/monitoring/cases/{case.pk}/")
    act(phone, "visit")  # without the signed authorisation: refused, nothing written
    assert "授权" in phone.locator("#case-error").inner_text()
    assert MonitoringCase.objects.get(pk=case.pk).step == "入户核实"
    act(phone, "visit", signed=True)
    phone.locator('form[data-action="village-review"]').wait_for()
    act(phone, "village-review")
    MonitoringCase.objects.filter(pk=case.pk).update(publicity_start=timezone.localdate() - timedelta(days=4))
    phone.reload()
    assert phone.locator('form[data-action="township-review"]').count() == 0  # not a cadre's step
    act(phone, "publicity-end")
    assert phone.locator('form[data-action="township-review"]').count() == 0
    assert fits_width(phone)

    town = tab_for(browser, live_server, "town")
    town.goto(f"{live_server.url}/monitoring/cases/{case.pk}/")
    act(town, "township-review", decision="approve")
    assert town.locator('form[data-action="county-approve"]').count() == 0  # the reviewer does not approve
    county = tab_for(browser, live_server, "county")
    county.goto(f"{live_server.url}/monitoring/cases/{case.pk}/")
    act(county, "county-approve", decision="approve")
    assert MonitoringCase.objects.get(pk=case.pk).step == "帮扶"

    identified = timezone.localdate() - timedelta(days=220)  # seven months later
    MonitoringCase.objects.filter(pk=case.pk).update(identified_on=identified)
    year = timezone.localdate().year
    factories.income(household, year - 1, wages=30000)
    factories.income(household, year - 2, wages=30000)
    monkeypatch.setattr(elimination, "monitoring_line", lambda y, code: Decimal(6000))
    phone.reload()
    assert phone.locator('form[data-action="eliminate"]').count() == 0  # the cadre proposed the case
    act(phone, "measure", category="就业", description="公益岗位转就业", status="已完成",
        on=(identified + timedelta(days=10)).isoformat())  # fmt: skip
    county.reload()
    assert county.locator("#case-elimination").inner_text().count("✗") == 0
    act(county, "eliminate", method="帮扶消除")
    case.refresh_from_db()
    assert (case.step, case.elimination_method) == ("风险消除", "帮扶消除")
    timeline = county.locator("#case-timeline").inner_text()
    assert (
        "立案" in timeline and "乡镇审核通过" in timeline and "帮扶消除" in timeline and "county" in timeline
    )
    phone.reload()
    assert fits_width(phone)

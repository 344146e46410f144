"""Assessment runs in a real browser: start a run, watch it finish without a reload, drill down to a household."""

import pytest

from bangfu.accounts.models import Role
from bangfu.assessment.models import AssessmentRun
from tests import factories
from tests.assessment.registers import small_register
from tests.browser.conftest import fits_width, sign_in


@pytest.fixture
def officer(divisions):
    small_register()
    return factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])


def test_start_a_run_watch_it_finish_and_drill_down_to_a_household(page, live_server, officer):
    sign_in(page, live_server, "haifeng", next_path="/assessments/")
    assert page.get_by_role("heading", name="评估记录").is_visible()
    page.select_option("select[name=standard]", "gd-2016")
    page.select_option("select[name=year]", "2020")
    with page.expect_navigation():
        page.get_by_role("button", name="开始", exact=True).click()
    assert "/assessments/jobs/" in page.url
    page.evaluate("window.notReloaded = true")
    # the fragment polls itself until the job has ended: the run is stored (and linked) a moment before the
    # job is marked succeeded, its status being written after the run's transaction (core.jobs)
    page.locator("#job:not([data-status=queued]):not([data-status=running]) #run-result").wait_for(
        timeout=60_000
    )
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("#job").get_attribute("data-status") == "succeeded"
    assert page.locator("#job progress").get_attribute("value") == "100"

    page.click("#run-result")
    page.wait_for_url("**/assessments/*/")
    run = AssessmentRun.objects.get()
    assert run.scope == "441521"
    page.get_by_role("link", name="海丰县").click()
    page.get_by_role("link", name="海城镇").click()
    page.get_by_role("link", name="新山村").click()
    row = page.locator("tr[data-code='4415211012010002']")
    assert "未通过" in row.inner_text() or "fail" in row.inner_text()
    page.select_option("select[name=result]", "fail")
    page.wait_for_url("**result=fail**")
    assert page.locator("tr[data-code='4415211012010001']").count() == 0
    with page.expect_navigation():
        page.locator("tr[data-code='4415211012010002'] a").click()
    assert page.url.endswith("/households/4415211012010002/")


def test_the_run_list_fits_a_phone(phone, live_server, officer):
    sign_in(phone, live_server, "haifeng", next_path="/assessments/")
    assert phone.get_by_role("heading", name="评估记录").is_visible()
    assert fits_width(phone)

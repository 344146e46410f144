"""Register upload in a real browser: a bad file's errors, a good file's preview, confirm and import."""

import pytest

from bangfu.accounts.models import Role
from bangfu.registry.models import Household
from tests import factories
from tests.browser.conftest import fits_width, sign_in
from tests.registry.importing.builders import H1, valid_rows, write_workbook


@pytest.fixture
def officer(divisions, settings, tmp_path):
    settings.BANGFU_HOME = tmp_path / "home"
    return factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])


def _upload(page, live_server, path):
    sign_in(page, live_server, "haifeng", next_path="/register/upload/")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.get_by_role("button", name="上传并检查").click()


def test_a_bad_file_shows_every_error_in_chinese(page, live_server, officer, tmp_path):
    rows = valid_rows()
    rows["户"][0]["贫困户属性"] = "富裕户"
    _upload(page, live_server, write_workbook(tmp_path / "台账.xlsx", rows))
    page.locator("#upload-errors").wait_for(timeout=60_000)
    assert "未写入任何数据" in page.locator("#upload-errors").inner_text()
    error = page.locator("table.issues tbody tr").filter(has_text="富裕户")
    assert "贫困户属性" in error.inner_text() and "应为以下之一" in error.inner_text()
    assert page.locator("#confirm-import").count() == 0
    assert not Household.objects.exists()


def test_a_good_file_is_previewed_then_imported_on_confirming(page, live_server, officer, tmp_path):
    _upload(page, live_server, write_workbook(tmp_path / "台账.xlsx", valid_rows()))
    page.locator("#confirm-import").wait_for(timeout=60_000)
    assert "文件没有错误" in page.locator("#upload-ok").inner_text()
    assert not Household.objects.exists()  # nothing written before confirming
    with page.expect_navigation():
        page.click("#confirm-import")
    page.locator("#import-done").wait_for(timeout=60_000)
    assert Household.objects.filter(code=H1).exists()


def test_the_upload_page_fits_a_phone(phone, live_server, officer):
    sign_in(phone, live_server, "haifeng", next_path="/register/upload/")
    assert phone.locator("input[name=file]").is_visible()
    assert fits_width(phone)

"""Downloads on a phone (375 px), as users run them: a live threaded server over the file-backed test database
(SQLite in WAL mode), the real background-job thread. A list page's .xlsx, and the register export: started on
the upload page, its progress page, then its file — opened with openpyxl, Chinese headers, masked."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from bangfu.accounts.models import Role
from bangfu.assessment.services import assessment_run
from bangfu.core.models import BackgroundJob
from tests import factories
from tests.browser.conftest import fits_width, sign_in


@pytest.fixture
def register(divisions, settings, tmp_path):
    settings.BANGFU_HOME = tmp_path / "home"
    haifeng = factories.village("441521101201", name="新山村")
    lufeng = factories.village("441581101201", name="陆丰村")
    factories.household(haifeng, "4415211012010001")
    factories.household(lufeng, "4415811012010001")
    run = assessment_run(standard_id="gd-2016", year=2020)
    factories.account("haifeng", Role.OFFICER, divisions=["441521000000"])
    return run


def sheet(path) -> list[list]:
    book = load_workbook(path, read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_a_runs_results_download_on_a_phone(phone, live_server, register, tmp_path):
    sign_in(phone, live_server, "haifeng", next_path=f"/assessments/{register.pk}/")
    assert fits_width(phone)
    with phone.expect_download() as info:
        phone.get_by_role("link", name="下载评估结果（Excel）").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    download.save_as(tmp_path / "results.xlsx")
    table = sheet(tmp_path / "results.xlsx")
    assert table[0][0] == "户编号" and [row[0] for row in table[1:]] == ["4415211012010001"]  # not 陆丰


def test_the_register_export_job_on_a_phone(phone, live_server, register, tmp_path):
    sign_in(phone, live_server, "haifeng", next_path="/register/upload/")
    assert fits_width(phone)
    with phone.expect_navigation():
        phone.locator("#register-downloads").get_by_role("button", name="海丰县").click()
    assert "/register/upload/exports/" in phone.url
    link = phone.locator("#export-file")
    link.wait_for(timeout=60_000)  # the page polls itself until the job's file is ready
    assert fits_width(phone)
    with phone.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "档案-海丰县-脱敏.xlsx"
    download.save_as(tmp_path / "register.xlsx")
    book = load_workbook(tmp_path / "register.xlsx", read_only=True)
    households = [list(row) for row in book["户"].iter_rows(values_only=True)]
    assert [row[0] for row in households[1:]] == ["4415211012010001"]
    assert "********" in str(households[1][households[0].index("户主证件号码")])
    job = BackgroundJob.objects.get(kind="register_export")
    assert job.status == "succeeded" and job.result["rows"]["户"] == 1
    phone.goto(f"{live_server.url}/register/upload/")
    assert phone.locator("#register-downloads").get_by_role("link", name="档案-海丰县-脱敏.xlsx").is_visible()

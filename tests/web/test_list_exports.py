"""Every list page offers .xlsx: households, quality findings and projects, with the page's filters and scope."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.api.register import build_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(divisions):
    return build_register()


def rows(response) -> list[list]:
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


@pytest.mark.parametrize("page", ["/households/", "/quality/", "/programme/projects/"])
def test_the_list_page_links_its_download(client, register, page):
    client.force_login(register.users["officer"])
    assert f'href="{page}export.xlsx' in client.get(page).content.decode()


def test_households_in_scope_with_the_filters_chinese_headers_codes_as_text(client, register):
    client.force_login(register.users["officer"])
    table = rows(client.get("/households/export.xlsx"))
    assert table[0][:3] == ["户编号", "户主", "所在村"]
    codes = [row[0] for row in table[1:]]
    assert codes == ["4415211012010001", "4415211012010002", "4415211012020001"]  # no 陆河县
    assert all(isinstance(code, str) for code in codes)
    table = rows(client.get("/households/export.xlsx", {"status": "exited"}))
    assert [row[0] for row in table[1:]] == ["4415211012010002"]
    assert table[1][4] == "已脱贫"


def test_quality_findings_in_scope_checks_by_title(client, register):
    client.force_login(register.users["officer"])
    table = rows(client.get("/quality/export.xlsx"))
    assert table[0][0] == "检查项" and len(table) > 1
    assert all(not str(row[0]).isascii() for row in table[1:])  # titles, not check ids
    assert all(not str(row[1]).startswith("441523") for row in table[1:])


def test_projects_in_scope_with_their_funds(client, register):
    client.force_login(register.users["officer"])
    table = rows(client.get("/programme/projects/export.xlsx"))
    assert table[0][0] == "项目编号"
    assert {row[0] for row in table[1:]} == {"HF-P001", "HF-P002", "HF-P003"}


def test_monitoring_leads_and_alerts_in_scope(client, register):
    from tests.web.test_scope_walk import monitoring_alerts, monitoring_cases_and_leads

    monitoring_alerts(register)
    monitoring_cases_and_leads(register)
    client.force_login(register.users["officer"])
    leads = rows(client.get("/monitoring/leads/export.xlsx"))
    assert leads[0][0] == "户编号" and {row[0] for row in leads[1:]} == {
        "4415211012010001",
        "4415211012020001",
    }
    alerts = rows(client.get("/monitoring/alerts/export.xlsx", {"status": ""}))
    assert alerts[0][0] == "预警编号" and {row[1] for row in alerts[1:]} == {
        "4415211012010001",
        "4415211012020001",
    }
    assert alerts[0][:7] == ["预警编号", "户编号", "来源部门", "预警事项", "发生日期", "金额", "状态"]
    assert alerts[1][6] == "待核实"
    for page in ("/monitoring/leads/", "/monitoring/alerts/"):
        assert f'href="{page}export.xlsx' in client.get(page).content.decode()

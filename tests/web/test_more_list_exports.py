"""Every list page offers .xlsx (continued): assessment runs, a run's results, the access log, ID-number
conflicts — scoped like the page, masked like the page, Chinese headers and labels."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone
from django.utils.translation import override
from openpyxl import load_workbook

from bangfu.assessment.models import Verdict
from bangfu.core.personal_data import personal_data_access_log
from bangfu.registry.models import ImportConflict
from tests.api.register import MARKERS, POPING, build_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(divisions):
    return build_register()


def rows(response) -> list[list]:
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def text(table: list[list]) -> str:
    return "\n".join(" ".join("" if cell is None else str(cell) for cell in row) for row in table)


def test_the_pages_link_their_downloads(client, register):
    client.force_login(register.users["admin"])
    run = register.runs["all"].pk
    assert 'href="/assessments/export.xlsx"' in client.get("/assessments/").content.decode()
    page = client.get(f"/assessments/{run}/", {"area": POPING, "result": "fail"}).content.decode()
    assert f'href="/assessments/{run}/export.xlsx?area={POPING}&amp;result=fail"' in page
    assert 'href="/access-log/export.xlsx"' in client.get("/access-log/").content.decode()
    conflicts = client.get("/register/upload/conflicts/", {"resolved": "1"}).content.decode()
    assert 'href="/register/upload/conflicts/export.xlsx?resolved=1"' in conflicts


def test_the_run_list_in_scope_with_standard_titles(client, register):
    client.force_login(register.users["officer"])
    table = rows(client.get("/assessments/export.xlsx"))
    assert table[0][:3] == ["编号", "标准", "年度或登记日期"]
    ids = {row[0] for row in table[1:]}
    assert register.runs["haifeng"].pk in ids and register.runs["all"].pk in ids
    assert register.runs["luhe"].pk not in ids and register.runs["quality_luhe"].pk not in ids
    assert all("gd-2016" not in str(row[1]) for row in table[1:])  # the title, not the id
    assert not any(marker in text(table) for marker in MARKERS["luhe"])
    client.force_login(register.users["admin"])
    assert register.runs["luhe"].pk in {row[0] for row in rows(client.get("/assessments/export.xlsx"))[1:]}


def test_a_runs_results_in_scope_with_chinese_labels(client, register):
    run = register.runs["all"].pk
    client.force_login(register.users["officer"])
    table = rows(client.get(f"/assessments/{run}/export.xlsx"))
    assert table[0] == ["户编号", "村行政区划代码", "所在村", "结论", "未达标指标", "类别"]
    codes = [row[0] for row in table[1:]]
    assert codes == ["4415211012010001", "4415211012010002", "4415211012020001"]  # no 陆河县, as text
    with override("zh-hans"):
        verdicts = {str(label) for label in Verdict.labels}
    assert {row[3] for row in table[1:]} <= verdicts and all(not row[3].isascii() for row in table[1:])
    assert not any(marker in text(table) for marker in MARKERS["luhe"])
    assert all(not cell.isascii() for row in table[1:] for cell in str(row[4] or "中").split("；"))
    # the page's filters: an area inside the scope, one outside (404 as on the page)
    only = rows(client.get(f"/assessments/{run}/export.xlsx", {"area": "441521101202"}))
    assert [row[0] for row in only[1:]] == ["4415211012020001"]
    assert client.get(f"/assessments/{run}/export.xlsx", {"area": POPING}).status_code == 404
    assert client.get(f"/assessments/{register.runs['luhe'].pk}/export.xlsx").status_code == 404
    client.force_login(register.users["admin"])
    everything = rows(client.get(f"/assessments/{run}/export.xlsx"))
    assert "4415231012010001" in [row[0] for row in everything[1:]]


def test_a_village_runs_results_and_a_quality_run_goes_to_its_findings(client, register):
    client.force_login(register.users["admin"])
    table = rows(client.get(f"/assessments/{register.runs['luhe_village'].pk}/export.xlsx"))
    assert table[0][:3] == ["村行政区划代码", "村", "结论"]
    assert [row[:2] for row in table[1:]] == [[POPING, "坡平村"]]
    response = client.get(f"/assessments/{register.runs['quality_haifeng'].pk}/export.xlsx")
    assert response.status_code == 302 and response["Location"].startswith("/quality/export.xlsx?run=")


def test_the_access_log_for_administrators_only(client, register):
    admin, officer = register.users["admin"], register.users["officer"]
    personal_data_access_log(
        user=admin, purpose="export", scope="441521", records=3, detail="xlsx: 档案.xlsx"
    )
    personal_data_access_log(
        user=officer, purpose="view", scope="441521", records=1, detail="户 4415211012010001"
    )
    client.force_login(officer)
    assert client.get("/access-log/export.xlsx").status_code == 403
    client.force_login(admin)
    table = rows(client.get("/access-log/export.xlsx"))
    assert table[0] == ["时间", "用户", "用途", "范围", "记录数", "内容"]
    assert {(row[1], row[2]) for row in table[1:]} == {("boss", "导出"), ("haifeng", "页面查看")}
    only = rows(client.get("/access-log/export.xlsx", {"user": "haifeng"}))
    assert [row[1] for row in only[1:]] == ["haifeng"]


def test_conflicts_in_scope_and_masked(client, register):
    for part in ("xinshan", "luhe"):
        household = register.households[part]
        ImportConflict.objects.create(
            id_number_masked=household.code[:6] + "********0011", digest=household.code, household=household,
            household_code=household.code, file_name="台账.xlsx", uploaded_by_name="someone",
            detected_at=timezone.now(),
        )  # fmt: skip
    client.force_login(register.users["officer"])
    table = rows(client.get("/register/upload/conflicts/export.xlsx"))
    assert table[0][:3] == ["证件号码（已脱敏）", "登记所在户", "文件中的户"]
    assert [row[1] for row in table[1:]] == ["4415211012010001"]
    assert table[1][0] == "441521********0011" and isinstance(table[1][1], str)
    assert not any(marker in text(table) for marker in MARKERS["luhe"])
    assert rows(client.get("/register/upload/conflicts/export.xlsx", {"resolved": "1"}))[1:] == []
    client.force_login(register.users["cadre"])
    assert client.get("/register/upload/conflicts/export.xlsx").status_code == 403


def test_a_village_page_downloads_its_households(client, register):
    client.force_login(register.users["officer"])
    page = client.get("/villages/441521101202/").content.decode()
    assert 'href="/households/export.xlsx?village=441521101202"' in page
    table = rows(client.get("/households/export.xlsx", {"village": "441521101202"}))
    assert [row[0] for row in table[1:]] == ["4415211012020001"]
    outside = rows(client.get("/households/export.xlsx", {"village": POPING}))
    assert outside[1:] == []  # another county's village: nothing

"""The department-alerts pages: the officers' upload, the inbox, verifying into a case and closing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bangfu.monitoring.models import CaseStep, DepartmentAlert, MonitoringCase
from tests import factories

HEADER = ["来源部门", "证件号码", "姓名", "预警事项", "发生日期", "金额", "说明"]


@pytest.fixture
def area(divisions):
    inside = factories.household(factories.village(), "H001", exit_year=2019)
    outside = factories.household(factories.village("441581100201", name="东村"), "H900")
    return {
        "inside": inside.members.get(relation="户主").id_number,
        "outside": outside.members.get(relation="户主").id_number,
        "officer": factories.account("town", "officer", divisions=["441521101000"]),
        "cadre": factories.account("cadre", "cadre", villages=["441521101201"]),
        "far_cadre": factories.account("far", "cadre", villages=["441581100201"]),
    }


def csv_file(rows, name="医保.csv", encoding="utf-8-sig"):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile(name, text.getvalue().encode(encoding), content_type="text/csv")


def test_officer_uploads_and_outside_rows_are_not_imported(client, area):
    client.force_login(area["officer"])
    assert client.get("/monitoring/alerts/upload/").status_code == 200
    upload = csv_file([
        ["医保", area["inside"], "陈某", "住院自付", "2024-01-05", "5,000元", ""],
        ["医保", area["outside"], "陈某", "住院自付", "2024-01-05", "30000", ""],
    ])  # fmt: skip
    response = client.post("/monitoring/alerts/upload/", {"file": upload})
    assert response.status_code == 200
    assert response.context["result"].raised == 1 and response.context["result"].outside_scope == 1
    assert list(DepartmentAlert.objects.values_list("household__code", flat=True)) == ["H001"]


def test_upload_errors_are_listed_and_nothing_written(client, area):
    client.force_login(area["officer"])
    upload = csv_file(
        [["医保", area["inside"], "陈某", "住院自付", "2024-01-05", "", ""]], encoding="gb18030"
    )
    response = client.post("/monitoring/alerts/upload/", {"file": upload})
    assert response.status_code == 400
    [issue] = response.context["issues"]
    assert (issue.sheet, issue.row, issue.column) == ("医保.csv", 2, "金额")
    assert "必须填写金额" in response.content.decode()
    assert not DepartmentAlert.objects.exists()


def test_cadres_may_not_upload(client, area):
    client.force_login(area["cadre"])
    assert client.get("/monitoring/alerts/upload/").status_code == 403


def test_cadre_verifies_an_alert_into_one_case_and_closes_another(client, area):
    client.force_login(area["officer"])
    client.post("/monitoring/alerts/upload/", {"file": csv_file([
        ["卫健", area["inside"], "陈某", "新发大病", "2024-01-05", "", ""],
        ["残联", area["inside"], "陈某", "新增残疾", "2024-01-06", "", ""],
        ["公安", area["inside"], "陈某", "意外伤亡", "2024-01-07", "", ""],
    ])})  # fmt: skip
    first, second, third = DepartmentAlert.objects.order_by("occurred_on")
    client.force_login(area["far_cadre"])
    assert (
        client.post(f"/monitoring/alerts/{first.pk}/verify/", {"category": "脱贫不稳定户"}).status_code == 404
    )
    client.force_login(area["cadre"])
    page = client.get("/monitoring/alerts/")
    assert page.status_code == 200 and first.code in page.content.decode()
    client.post(f"/monitoring/alerts/{first.pk}/verify/", {"category": "脱贫不稳定户"})
    client.post(f"/monitoring/alerts/{second.pk}/verify/", {"category": "脱贫不稳定户"})
    case = MonitoringCase.objects.get()  # the second alert joins the open case: no duplicate
    assert (case.channel, case.step, case.risk_types) == ("部门筛查预警", "入户核实", ["因病", "因残"])
    assert case.discovered_on == timezone.localdate()  # the server's day (Asia/Shanghai), not UTC's
    assert list(CaseStep.objects.values_list("action", "username")) == [
        ("立案", "cadre"),
        ("并入预警", "cadre"),
    ]
    response = client.post(f"/monitoring/alerts/{third.pk}/close/", {"reason": ""}, follow=True)
    assert "reason" in response.content.decode().lower() or "原因" in response.content.decode()
    third.refresh_from_db()
    assert third.status == "待核实"
    client.post(f"/monitoring/alerts/{third.pk}/close/", {"reason": "已核实，费用已由大病保险报销"})
    third.refresh_from_db()
    assert (third.status, third.closed_reason, third.verified_by.username) == (
        "已关闭",
        "已核实，费用已由大病保险报销",
        "cadre",
    )

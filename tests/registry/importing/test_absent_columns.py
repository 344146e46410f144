"""An optional column the file does not have leaves the stored values alone; only an empty cell of a present
column clears one (docs/contracts.md, "Optional columns"). Through the service, the command and the upload."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from bangfu.registry import contract
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.importing.validate import register_validate
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village
from tests.registry.importing.builders import (
    H1,
    HEAD_1,
    V1,
    V3,
    valid_rows,
    write_folder,
    write_workbook,
)

#: Optional columns dropped from each sheet (the required ones stay).
DROPPED = {
    "村": ("示范村", "出列年度"),
    "户": ("危房改造", "联系电话", "脱贫年度"),
    "成员": ("民族", "大病保险", "养老保险", "务工月数"),
    "收入": ("合规自付支出",),
}


def headers_without_optional() -> dict[str, list[str]]:
    return {
        sheet.name: [h for h in sheet.headers if h not in DROPPED.get(sheet.name, ())]
        for sheet in contract.SHEETS
    }


def service_import(path) -> None:
    with open_source(path) as source:
        assert not register_validate(source).errors
        register_import_apply(validated_rows(source), file_name=path.name)


def command_import(path) -> None:
    call_command("import", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def stored() -> dict:
    village = Village.objects.get(division__code=V1)
    household = Household.objects.get(code=H1)
    head = Member.objects.get(id_number=HEAD_1)
    return {
        "示范村": village.is_demonstration,
        "出列年度": village.exit_year,
        "危房改造": LivingConditions.objects.get(household=household).housing_renovated,
        "联系电话": household.phone,
        "脱贫年度": household.exit_year,
        "民族": head.ethnicity,
        "大病保险": head.critical_illness_insurance,
        "务工月数": head.months_employed,
        "合规自付支出": IncomeRecord.objects.get(household=household, year=2020).compliant_out_of_pocket,
    }


FIRST = {
    "示范村": True,
    "出列年度": 2019,
    "危房改造": True,
    "联系电话": "13800138000",
    "脱贫年度": 2018,
    "民族": "汉族",
    "大病保险": True,
    "务工月数": 10,
    "合规自付支出": Decimal("300"),
}


def without_optional_columns(tmp_path, writer):
    """The same register with other required values changed, written without the dropped columns."""
    rows = valid_rows()
    rows["村"][0]["户籍人口"] = "1250"
    rows["收入"][1]["工资性收入"] = "21000"
    kind = "xlsx" if writer is write_workbook else "csv"
    target = tmp_path / (f"without.{kind}" if kind == "xlsx" else "without")
    return writer(target, rows, headers=headers_without_optional())


@pytest.mark.parametrize("writer", [write_folder, write_workbook])
@pytest.mark.parametrize("door", [service_import, command_import])
def test_absent_optional_columns_leave_stored_values_alone(divisions, tmp_path, door, writer):
    door(write_folder(tmp_path / "first", valid_rows()))
    assert stored() == FIRST
    door(without_optional_columns(tmp_path, writer))
    assert stored() == FIRST  # 新山村 stays a demonstration village, 合规自付支出 stays 300
    assert Village.objects.get(division__code=V1).registered_population == 1250  # present columns apply
    assert IncomeRecord.objects.get(household__code=H1, year=2020).wages == Decimal("21000")


def test_an_empty_cell_of_a_present_column_clears_the_value(divisions, tmp_path):
    service_import(write_folder(tmp_path / "first", valid_rows()))
    rows = valid_rows()
    rows["村"][0]["示范村"] = ""
    rows["收入"][1]["合规自付支出"] = ""
    rows["成员"][0]["大病保险"] = ""
    service_import(write_folder(tmp_path / "emptied", rows))
    assert Village.objects.get(division__code=V1).is_demonstration is None
    assert IncomeRecord.objects.get(household__code=H1, year=2020).compliant_out_of_pocket is None
    assert Member.objects.get(id_number=HEAD_1).critical_illness_insurance is None


def test_new_records_of_a_file_without_optional_columns_get_empty_values(divisions, tmp_path):
    service_import(write_folder(tmp_path / "new", valid_rows(), headers=headers_without_optional()))
    assert Village.objects.get(division__code=V3).is_demonstration is None
    assert Household.objects.get(code=H1).phone == ""
    assert Member.objects.get(id_number=HEAD_1).critical_illness_insurance is None
    assert stored()["合规自付支出"] is None


def test_the_web_upload_keeps_stored_values_of_absent_columns(client, divisions, tmp_path, settings):
    from bangfu.core.models import BackgroundJob
    from tests.web.test_upload import upload, upload_users

    settings.BANGFU_JOBS_INLINE = True
    settings.BANGFU_HOME = tmp_path / "home"
    users = upload_users()
    client.force_login(users["admin"])
    service_import(write_folder(tmp_path / "first", valid_rows()))
    path = without_optional_columns(tmp_path, write_workbook)
    response = upload(client, SimpleUploadedFile(path.name, path.read_bytes()))
    check = BackgroundJob.objects.get(kind="register_check")
    assert check.result["ok"] is True, check.result
    client.post(f"{response.url}confirm/")
    assert BackgroundJob.objects.get(kind="register_import").status == "succeeded"
    assert stored() == FIRST
    assert Village.objects.get(division__code=V1).registered_population == 1250

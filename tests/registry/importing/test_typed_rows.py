"""Typed rows for the apply step: the values validation checked, read again from the file."""

from __future__ import annotations

from datetime import date

import pytest

from bangfu.registry import contract
from bangfu.registry.importing import SourceError, open_source, typed_rows, validated_rows
from tests.registry.importing.builders import CHILD_1, valid_rows, write_folder, write_workbook


def test_derived_fields_are_filled_in(tmp_path):
    rows = valid_rows()
    rows["成员"][2] |= {"性别": "", "出生日期": ""}
    with open_source(write_folder(tmp_path / "r", rows)) as source:
        members = [values for _, values in typed_rows(source, contract.MEMBERS)]
    assert (members[2]["id_number"], members[2]["sex"], members[2]["birth_date"]) == (
        CHILD_1,
        "女",
        date(2012, 9, 1),
    )


def test_unknown_columns_arrive_as_extra_text(tmp_path):
    rows = valid_rows()
    rows["户"][0]["备注"] = date(2020, 5, 1)
    path = write_workbook(tmp_path / "r.xlsx", rows, headers={"户": [*contract.HOUSEHOLDS.headers, "备注"]})
    with open_source(path) as source:
        households = [values for _, values in typed_rows(source, contract.HOUSEHOLDS)]
    assert households[0]["extra"] == {"备注": "2020-05-01"} and households[1]["extra"] == {}


def test_a_wrong_cell_stops_typed_rows_with_its_place(tmp_path):
    rows = valid_rows()
    rows["收入"][1]["工资性收入"] = "-5"
    with open_source(write_folder(tmp_path / "r", rows)) as source, pytest.raises(SourceError) as raised:
        list(typed_rows(source, contract.INCOMES))
    assert str(raised.value) == "收入 第3行，列“工资性收入”：金额不能为负数"


def test_validated_rows_for_the_apply_step(tmp_path):
    rows = valid_rows()
    del rows["村年度"]
    with open_source(write_folder(tmp_path / "r", rows)) as source:
        source_rows = validated_rows(source)
        assert source_rows(contract.VILLAGE_STATS) is None
        assert [row["code"] for row in source_rows(contract.HOUSEHOLDS)] == [
            "4415211012010001",
            "4415211012020001",
        ]
        assert len(list(source_rows(contract.MEMBERS))) == 4  # read again, as often as asked


def test_source_errors_in_english(tmp_path):
    rows = valid_rows()
    del rows["收入"]
    with open_source(write_folder(tmp_path / "r", rows)) as source, pytest.raises(SourceError) as raised:
        source.read(contract.INCOMES)
    assert raised.value.issue("en").message == "File 收入.csv is missing"


def test_a_messy_workbook_validated_then_applied(divisions, tmp_path):
    """End to end with the apply step: what validation passed is what the register then holds."""
    from bangfu.registry.importing.apply import register_import_apply
    from bangfu.registry.importing.validate import register_validate
    from bangfu.registry.models import Household, Member

    rows = valid_rows()
    rows["成员"][2] |= {"性别": "", "出生日期": "", "证件号码": f" {CHILD_1.lower()} "}
    rows["收入"][1]["工资性收入"] = "20,000元"
    path = write_workbook(tmp_path / "r.xlsx", rows, title_rows=1)
    with open_source(path) as source:
        assert register_validate(source).ok
        register_import_apply(validated_rows(source), file_name=path.name)
    child = Member.objects.get(id_number=CHILD_1)
    assert (child.sex, child.birth_date) == ("女", date(2012, 9, 1))
    assert Household.objects.get(code="4415211012010001").incomes.get(year=2020).wages == 20000

"""A register file's 核实日期 / 年度 cells (issue 14): a malformed one is refused with a located Chinese error
(sheet, row, column, what was found, the expected form), and the whole import writes nothing; readable
lenient forms are kept in their canonical form, which the engine's as-of reading understands."""

from __future__ import annotations

import pytest

from bangfu.core.errors import ApplicationError
from bangfu.registry import contract
from bangfu.registry.importing import register_validate
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.models import Household, ImportRecord, Member
from tests.registry.importing.builders import CHILD_1, H1, located, valid_rows, write_folder


def dated_file(folder, column: str, household_value: str, member_value: str = ""):
    rows = valid_rows()
    for sheet in ("户", "成员"):
        for row in rows[sheet]:
            row[column] = ""
    next(row for row in rows["户"] if row["户编号"] == H1)[column] = household_value
    next(row for row in rows["成员"] if row["证件号码"] == CHILD_1)[column] = member_value
    headers = {"户": [*contract.HOUSEHOLDS.headers, column], "成员": [*contract.MEMBERS.headers, column]}
    return write_folder(folder, rows, headers=headers)


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("核实日期", "2019年春", "verified_date"),
        ("核实日期", "2019-02-30", "verified_date"),
        ("核实日期", "2019", "verified_date"),  # a year in the date column is not an Excel serial
        ("年度", "19", "verified_year"),
        ("年度", "二〇一九", "verified_year"),
        ("年度", "1800", "verified_year"),
    ],
)
def test_a_malformed_dating_cell_is_an_error_naming_what_was_found(divisions, tmp_path, column, value, rule):
    report = register_validate(dated_file(tmp_path / "f", column, value))
    assert located(report.errors) == [("户", 2, column, value, rule)]
    text = report.errors[0].message
    assert value in text and ("YYYY-MM-DD" in text if column == "核实日期" else "YYYY" in text)


def test_a_malformed_member_date_is_located_on_the_members_sheet(divisions, tmp_path):
    report = register_validate(dated_file(tmp_path / "f", "核实日期", "2019-05-01", "5/1/19 maybe"))
    assert [(e.sheet, e.column, e.rule) for e in report.errors] == [("成员", "核实日期", "verified_date")]


def test_the_import_refuses_the_whole_file_and_writes_nothing(divisions, tmp_path):
    """The import reads the rows again (typed_rows): a bad dating cell stops it before anything is written,
    even when the households before it in the file were fine."""
    folder = dated_file(tmp_path / "f", "核实日期", "2019-13-01")
    with open_source(folder) as source, pytest.raises(ApplicationError) as error:
        register_import_apply(validated_rows(source), file_name="f")
    assert "核实日期" in str(error.value) and "2019-13-01" in str(error.value) and "户" in str(error.value)
    assert not Household.objects.exists() and not Member.objects.exists()
    assert not ImportRecord.objects.exists()


def test_lenient_forms_are_kept_in_canonical_form(divisions, tmp_path):
    folder = dated_file(tmp_path / "f", "核实日期", "2019/3/1", "20190501")
    with open_source(folder) as source:
        assert register_validate(source).ok
        register_import_apply(validated_rows(source), file_name="f")
    assert Household.objects.get(code=H1).extra == {"核实日期": "2019-03-01"}
    assert Member.objects.get(id_number=CHILD_1).extra == {"核实日期": "2019-05-01"}
    folder = dated_file(tmp_path / "g", "年度", " 2019 ")
    with open_source(folder) as source:
        assert register_validate(source).ok
        register_import_apply(validated_rows(source), file_name="g")
    assert Household.objects.get(code=H1).extra == {"年度": "2019"}


def test_an_empty_dating_cell_is_no_date(divisions, tmp_path):
    report = register_validate(dated_file(tmp_path / "f", "核实日期", ""))
    assert report.ok

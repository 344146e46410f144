"""Dated facts (issue 14): the engine reads households, living conditions and members as of the assessed date.

A register file dates its rows with the optional 核实日期 (or 年度) column; each import keeps a history row per
change, and the snapshot of date D reads each record's latest version dated on or before D.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from bangfu.assessment.models import HouseholdResult
from bangfu.assessment.services import assessment_run
from bangfu.engine.snapshot import snapshot_take
from bangfu.registry import contract
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.importing.validate import register_validate
from tests.registry.importing.builders import CHILD_1, H1, valid_rows, write_folder

DATED = {
    "户": [*contract.HOUSEHOLDS.headers, "核实日期"],
    "成员": [*contract.MEMBERS.headers, "核实日期"],
}


def imported(folder):
    with open_source(folder) as source:
        report = register_validate(source)
        assert report.ok, report.errors[:5]
        return register_import_apply(validated_rows(source), file_name=folder.name)


def register_file(folder, *, housing: str, renovated: str, labour: str, on: str | None, column="核实日期"):
    rows = valid_rows()
    household = next(row for row in rows["户"] if row["户编号"] == H1)
    household.update({"住房安全等级": housing, "危房改造": renovated})
    child = next(row for row in rows["成员"] if row["证件号码"] == CHILD_1)
    child["劳动技能"] = labour
    headers = {}
    if on is not None:
        for sheet in ("户", "成员"):
            for row in rows[sheet]:
                row[column] = on
        headers = {sheet: [*names[:-1], column] for sheet, names in DATED.items()}
    return write_folder(folder, rows, headers=headers)


def state(on):
    with snapshot_take(on=on) as snapshot:
        housing = snapshot.duckdb.execute(
            "SELECT housing_grade, housing_renovated FROM households WHERE household_code = ?", [H1]
        ).fetchone()
        labour = snapshot.duckdb.execute(
            "SELECT labour_ability FROM members WHERE id_number = ?", [CHILD_1]
        ).fetchone()[0]
    return (*housing, labour)


def housing_failed(year: int) -> bool:
    run = assessment_run(standard_id="cn-2020", year=year)
    failed = HouseholdResult.objects.get(run=run, household__code=H1).failed_criteria
    return "housing" in failed.split(";")


@pytest.fixture
def dated(divisions, tmp_path):
    """Housing D (not renovated) verified mid-2017; safe (A) and the child in work verified in May 2019."""
    imported(
        register_file(tmp_path / "2017", housing="D", renovated="否", labour="无劳动力", on="2017-06-30")
    )
    imported(
        register_file(tmp_path / "2019", housing="A", renovated="", labour="普通劳动力", on="2019-05-01")
    )


def test_an_assessment_of_2018_does_not_see_a_housing_flag_true_from_2019(dated):
    assert state(date(2018, 12, 31)) == ("D", False, "无劳动力")
    assert state(date(2019, 12, 31)) == ("A", None, "普通劳动力")
    assert state(None) == ("A", None, "普通劳动力")  # no date: the register as it is now
    assert housing_failed(2018)
    assert not housing_failed(2019)


def test_a_date_before_the_first_version_reads_the_first_one(dated):
    assert state(date(2016, 12, 31)) == ("D", False, "无劳动力")


def test_the_year_column_dates_a_row_from_1_january(divisions, tmp_path):
    imported(
        register_file(
            tmp_path / "a", housing="D", renovated="否", labour="无劳动力", on="2017", column="年度"
        )
    )
    imported(
        register_file(
            tmp_path / "b", housing="A", renovated="", labour="普通劳动力", on="2019", column="年度"
        )
    )
    assert state(date(2018, 12, 31))[0] == "D"
    assert state(date(2019, 1, 1))[0] == "A"


def test_undated_rows_are_in_force_from_the_day_they_were_imported(divisions, tmp_path):
    """Old files (no date column) import unchanged; a change is dated the day it was recorded."""
    imported(register_file(tmp_path / "a", housing="D", renovated="否", labour="无劳动力", on=None))
    imported(register_file(tmp_path / "b", housing="A", renovated="", labour="普通劳动力", on=None))
    assert state(date(2018, 12, 31))[0] == "D"  # before both imports: the first version stands
    assert state(timezone.localdate())[0] == "A"

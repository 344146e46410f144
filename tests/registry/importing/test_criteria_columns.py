"""The optional criteria columns of issue 14 (户: 不愁吃 … 供水保证率达标; 成员: 送教上门): imported, kept when the
column is absent (an old file), cleared by an empty cell, refused with a located error when malformed, and dated
by the row's 核实日期 like the other facts (docs/contracts.md)."""

from __future__ import annotations

from datetime import date

import pytest

from bangfu.engine.snapshot import snapshot_take
from bangfu.registry import contract
from bangfu.registry.importing.apply import register_import_apply
from bangfu.registry.importing.formats import open_source
from bangfu.registry.importing.typed import validated_rows
from bangfu.registry.importing.validate import register_validate
from bangfu.registry.models import Household, LivingConditions, Member
from tests.registry.importing.builders import CHILD_1, H1, located, valid_rows, write_folder

HOUSEHOLD_CRITERIA = {
    "不愁吃": ("food_secure", "是", True),
    "不愁穿": ("clothing_secure", "否", False),
    "收入稳定": ("income_stable", "是", True),
    "易地扶贫搬迁": ("relocated", "是", True),
    "搬迁交钥匙日期": ("relocation_keys_date", "2018-06-30", date(2018, 6, 30)),
    "水量达标": ("water_quantity_ok", "是", True),
    "水质达标": ("water_quality_ok", "否", False),
    "用水方便": ("water_convenient", "是", True),
    "供水保证率达标": ("water_supply_assured", "是", True),
}


def criteria_file(folder, *, household=None, home_schooled="是", headers=None, verified=None):
    rows = valid_rows()
    h1 = next(row for row in rows["户"] if row["户编号"] == H1)
    h1.update(household or {header: text for header, (_, text, _) in HOUSEHOLD_CRITERIA.items()})
    child = next(row for row in rows["成员"] if row["证件号码"] == CHILD_1)
    child.update({"失学辍学": "是", "辍学原因": "身体原因", "送教上门": home_schooled})
    headers = headers or {}
    if verified is not None:
        for sheet in ("户", "成员"):
            for row in rows[sheet]:
                row["核实日期"] = verified
            headers[sheet] = [
                *headers.get(sheet, contract.SHEETS[1 if sheet == "户" else 2].headers),
                "核实日期",
            ]
    return write_folder(folder, rows, headers=headers)


def imported(folder):
    with open_source(folder) as source:
        report = register_validate(source)
        assert report.ok, report.errors[:5]
        register_import_apply(validated_rows(source), file_name=folder.name)


def stored() -> dict:
    household = Household.objects.get(code=H1)
    living = LivingConditions.objects.get(household=household)
    values = {
        header: getattr(household if name == "income_stable" else living, name)
        for header, (name, _, _) in HOUSEHOLD_CRITERIA.items()
    }
    return values | {"送教上门": Member.objects.get(id_number=CHILD_1).home_schooled}


EXPECTED = {header: value for header, (_, _, value) in HOUSEHOLD_CRITERIA.items()} | {"送教上门": True}


def test_the_columns_are_imported(divisions, tmp_path):
    imported(criteria_file(tmp_path / "a"))
    assert stored() == EXPECTED


def test_an_old_file_without_the_columns_keeps_the_stored_values(divisions, tmp_path):
    imported(criteria_file(tmp_path / "a"))
    new = set(HOUSEHOLD_CRITERIA) | {"送教上门"}
    old_headers = {
        sheet.name: [h for h in sheet.headers if h not in new]
        for sheet in (contract.HOUSEHOLDS, contract.MEMBERS)
    }
    imported(criteria_file(tmp_path / "b", headers=old_headers))
    assert stored() == EXPECTED


def test_an_empty_cell_clears_the_value(divisions, tmp_path):
    imported(criteria_file(tmp_path / "a"))
    imported(criteria_file(tmp_path / "b", household=dict.fromkeys(HOUSEHOLD_CRITERIA, ""), home_schooled=""))
    assert stored() == dict.fromkeys(EXPECTED)


def test_an_old_file_adds_households_with_the_fields_not_recorded(divisions, tmp_path):
    new = set(HOUSEHOLD_CRITERIA) | {"送教上门"}
    old_headers = {
        sheet.name: [h for h in sheet.headers if h not in new]
        for sheet in (contract.HOUSEHOLDS, contract.MEMBERS)
    }
    imported(criteria_file(tmp_path / "a", headers=old_headers))
    assert stored() == dict.fromkeys(EXPECTED)


@pytest.mark.parametrize(
    ("header", "value", "rule"),
    [("不愁吃", "有", "bool"), ("供水保证率达标", "95%", "bool"), ("搬迁交钥匙日期", "去年", "date")],
)
def test_a_bad_value_is_a_located_error(divisions, tmp_path, header, value, rule):
    report = register_validate(criteria_file(tmp_path / "a", household={header: value}))
    assert located(report.errors) == [("户", 2, header, value, rule)]


def test_a_bad_home_schooling_value_is_located_on_the_members_sheet(divisions, tmp_path):
    report = register_validate(criteria_file(tmp_path / "a", home_schooled="上门"))
    assert [(e.sheet, e.column, e.value, e.rule) for e in report.errors] == [
        ("成员", "送教上门", "上门", "bool")
    ]


def test_the_fields_are_dated_like_the_other_facts(divisions, tmp_path):
    """Verified 2017: food not secure, no home schooling; verified 2019: both yes. 2018 reads the 2017 state."""
    imported(
        criteria_file(
            tmp_path / "a",
            household={"不愁吃": "否", "水质达标": "否"},
            home_schooled="否",
            verified="2017-06-30",
        )
    )
    imported(
        criteria_file(
            tmp_path / "b",
            household={"不愁吃": "是", "水质达标": "是"},
            home_schooled="是",
            verified="2019-05-01",
        )
    )

    def state(on):
        with snapshot_take(on=on) as snapshot:
            food, quality = snapshot.duckdb.execute(
                "SELECT food_secure, water_quality_ok FROM households WHERE household_code = ?", [H1]
            ).fetchone()
            schooled = snapshot.duckdb.execute(
                "SELECT home_schooled FROM members WHERE id_number = ?", [CHILD_1]
            ).fetchone()[0]
        return food, quality, schooled

    assert state(date(2018, 12, 31)) == (False, False, False)
    assert state(date(2019, 12, 31)) == (True, True, True)


def test_a_keys_date_without_relocation_and_home_schooling_in_school_are_warnings(divisions, tmp_path):
    rows = valid_rows()
    next(row for row in rows["户"] if row["户编号"] == H1).update({"搬迁交钥匙日期": "2018-06-30"})
    next(row for row in rows["成员"] if row["证件号码"] == CHILD_1).update({"送教上门": "是"})  # in school
    report = register_validate(write_folder(tmp_path / "a", rows))
    assert report.errors == []
    assert located(report.warnings) == [
        ("户", 2, "搬迁交钥匙日期", "2018-06-30", "keys_without_relocation"),
        ("成员", 4, "送教上门", "是", "home_schooled_in_school"),
    ]

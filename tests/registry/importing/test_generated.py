"""A generated demo-size register (the contract's canonical CSV, and the same as a workbook) validates clean."""

from __future__ import annotations

import csv

import pytest
from openpyxl import Workbook

from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.registry import contract
from bangfu.registry.importing import register_validate


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated") / "register"
    summary = generate_register(scaled_profile(households=2000), folder, seed=11)
    return folder, summary


@pytest.mark.slow
def test_a_generated_register_validates_clean(divisions, generated):
    folder, summary = generated
    report = register_validate(folder)
    assert report.errors == [] and report.warnings == []
    assert report.counts == {
        "村": summary.villages,
        "户": summary.households,
        "成员": summary.members,
        "收入": summary.income_records,
        "村年度": summary.village_stats,
    }


@pytest.mark.slow
def test_the_same_register_as_a_workbook_validates_clean(divisions, generated, tmp_path):
    folder, summary = generated
    workbook = Workbook(write_only=True)
    for sheet in contract.SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        with (folder / sheet.file_name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                worksheet.append(row)
    workbook.save(tmp_path / "register.xlsx")
    report = register_validate(tmp_path / "register.xlsx")
    assert report.errors == [] and report.counts["成员"] == summary.members

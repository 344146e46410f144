"""The empty template: an instructions sheet generated from the contract, then every sheet ready for entry."""

from __future__ import annotations

import openpyxl
import pytest

from bangfu.core.errors import ApplicationError
from bangfu.registry import contract
from bangfu.registry.contract import Kind
from bangfu.registry.exporting import register_template, rules
from bangfu.registry.values import CODE_LISTS


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "模板.xlsx"
    assert register_template(path) == path
    return openpyxl.load_workbook(path)


def test_the_instructions_come_first_then_every_contract_sheet_with_its_headers(template):
    assert template.sheetnames == ["说明", *(sheet.name for sheet in contract.SHEETS)]
    for sheet in contract.SHEETS:
        ws = template[sheet.name]
        assert [cell.value for cell in ws[1]] == sheet.headers
        assert ws.max_row == 1
        assert ws.freeze_panes == "A2"
        validated = {
            cell_range.min_col for v in ws.data_validations.dataValidation for cell_range in v.sqref.ranges
        }
        coded = {
            i for i, column in enumerate(sheet.columns, start=1) if column.kind in (Kind.CODE, Kind.BOOL)
        }
        assert coded <= validated


def test_the_instructions_cover_every_column_and_every_code(template):
    rows = [row for row in template["说明"].iter_rows(values_only=True)]
    text = "\n".join(" ".join(str(value) for value in row if value is not None) for row in rows)
    for sheet in contract.SHEETS:
        assert f"工作表“{sheet.name}”" in text
        assert rules.SHEET_NOTES[sheet.name] in text
        for column in sheet.columns:
            line = next(
                row for row in rows if row[0] == column.header and row[2] == rules.column_format(column)
            )
            assert line[1] == rules.column_required(sheet, column)
    for codes, aliases in CODE_LISTS.values():
        assert all(code in text for code in codes)
        assert all(alias in text for alias in aliases)
    assert "必填" in text and "选填" in text and "条件必填" in text


def test_header_notes_say_what_a_column_accepts(template):
    cell = template["户"]["D1"]
    assert cell.value == "贫困户属性"
    assert "必填" in cell.comment.text and "一般贫困户" in cell.comment.text


def test_every_column_note_names_a_real_column_and_lists_fit_excel():
    headers = {(sheet.name, column.header) for sheet in contract.SHEETS for column in sheet.columns}
    assert set(rules.COLUMN_NOTES) <= headers
    assert set(rules.COLUMN_NOTES) >= rules.CONDITIONAL
    assert set(rules.SHEET_NOTES) == {sheet.name for sheet in contract.SHEETS}
    for codes, _ in CODE_LISTS.values():
        assert len('"' + ",".join(codes) + '"') <= 255 and not any("," in code for code in codes)


def test_the_template_must_be_an_xlsx_file(tmp_path):
    with pytest.raises(ApplicationError, match=r"\.xlsx"):
        register_template(tmp_path / "模板.csv")
    assert list(tmp_path.iterdir()) == []

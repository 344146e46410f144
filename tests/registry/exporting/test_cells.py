"""The export's cell formatting agrees with values.format_cell, the one definition of canonical text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bangfu.registry import contract
from bangfu.registry.contract import Kind
from bangfu.registry.exporting.outputs import csv_formatters
from bangfu.registry.values import format_cell

SAMPLES = {
    Kind.TEXT: [None, "", "陈某", "4415211012010001", " a b ", "=1+1"],
    Kind.CODE: ["", "户主", "一般贫困户", "A"],
    Kind.DIVISION: ["441521101201"],
    Kind.ID_NUMBER: ["44152119700516279X", "441521********2798"],
    Kind.BOOL: [None, True, False],
    Kind.YEAR: [None, 2016],
    Kind.INT: [None, 0, 12, 1200],
    Kind.MONEY: [
        None,
        Decimal("0.00"),
        Decimal("4000.00"),
        Decimal("1234.50"),
        Decimal("0.05"),
        Decimal("12"),
    ],
    Kind.DATE: [None, date(1970, 5, 16)],
}


@pytest.mark.parametrize("sheet", contract.SHEETS, ids=lambda sheet: sheet.name)
def test_every_column_is_written_as_format_cell_writes_it(sheet):
    for column, format_value in zip(sheet.columns, csv_formatters(sheet, []), strict=True):
        for value in SAMPLES[column.kind]:
            assert format_value(value) == format_cell(column, value), (column.header, value)


def test_extra_attributes_are_written_as_text():
    formatters = csv_formatters(contract.HOUSEHOLDS, ["备注"])
    assert formatters[-1](None) == "" and formatters[-1]("x") == "x"

"""A messy but valid register — title rows over merged cells, full-width digits, a lowercase x, Excel date
cells and serials, 是/Y/1, amounts like "1,234元", numbers stored as floats, columns shuffled, any encoding —
validates without a single issue and yields exactly the typed rows of its clean equivalent."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from bangfu.registry import contract
from bangfu.registry.contract import Kind
from bangfu.registry.importing import open_source, register_validate, typed_rows
from tests.registry.importing.builders import HEAD_2, valid_rows, write_folder, write_workbook, write_zip

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
EXCEL_EPOCH = date(1899, 12, 30)


def clean_rows() -> dict[str, list[dict]]:
    rows = valid_rows()
    rows["户"][0]["贫困户属性"] = "特困供养贫困户"  # written 五保户 in the messy file
    assert HEAD_2.endswith("X")
    return rows


def messy_cell(kind: Kind, header: str, text: str, index: int, workbook: bool):
    """``text`` as a careless user or Excel would give it; ``index`` varies the mess from row to row."""
    if text == "":
        return "" if index % 2 else "  "
    if kind is Kind.DIVISION:
        return float(text) if workbook else f" {text.translate(FULL_WIDTH)} "
    if kind is Kind.ID_NUMBER:
        return f" {text[:3].translate(FULL_WIDTH)}{text[3:].lower()}\u3000"
    if kind is Kind.YEAR:
        return float(text) if workbook else f"{text}.0"
    if kind is Kind.INT:
        return f"{int(text):,}"
    if kind is Kind.MONEY:
        return f"{int(text):,}元" if index % 2 else f"¥{int(text):,}.00"
    if kind is Kind.BOOL:
        return {"是": ("Y", "1", "是", "y"), "否": ("N", "0", "否", "n")}[text][index % 4]
    if kind is Kind.DATE:
        day = date.fromisoformat(text)
        if workbook:
            return datetime(day.year, day.month, day.day) if index % 2 else float((day - EXCEL_EPOCH).days)
        return f"{day:%Y/%-m/%-d}" if index % 2 else f"{day:%Y%m%d}"
    if header == "联系电话" and text.isdigit() and workbook:
        return float(text)
    if header == "贫困户属性" and text == "特困供养贫困户":
        return "五保户"
    if header == "住房安全等级":
        return text.lower().translate(str.maketrans("abcd", "ａｂｃｄ"))
    if header == "户编号":
        return f"　{text.translate(FULL_WIDTH)} "
    return f" {text} "


def messy_rows(rows: dict[str, list[dict]], workbook: bool) -> dict[str, list[dict]]:
    kinds = {sheet.name: {c.header: c.kind for c in sheet.columns} for sheet in contract.SHEETS}
    return {
        sheet: [
            {
                header: messy_cell(kinds[sheet][header], header, text, index, workbook)
                for header, text in row.items()
            }
            for index, row in enumerate(sheet_rows)
        ]
        for sheet, sheet_rows in rows.items()
    }


def shuffled_headers() -> dict[str, list[str]]:
    return {sheet.name: sheet.headers[1::2] + sheet.headers[::2] for sheet in contract.SHEETS}


def typed(path) -> dict[str, list[dict]]:
    with open_source(path) as source:
        return {sheet.name: [values for _, values in typed_rows(source, sheet)] for sheet in contract.SHEETS}


@pytest.fixture
def clean(tmp_path):
    return write_folder(tmp_path / "clean", clean_rows())


def assert_same_as_clean(path, clean):
    report = register_validate(path)
    assert report.errors == [] and report.warnings == []
    assert typed(path) == typed(clean)


def test_a_messy_workbook_reads_like_the_clean_files(divisions, tmp_path, clean):
    path = write_workbook(tmp_path / "messy.xlsx", messy_rows(clean_rows(), workbook=True), title_rows=2,
                          headers=shuffled_headers())  # fmt: skip
    assert_same_as_clean(path, clean)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_messy_csv_files_in_any_encoding_read_like_the_clean_ones(divisions, tmp_path, clean, encoding):
    rows = messy_rows(clean_rows(), workbook=False)
    path = write_folder(
        tmp_path / "messy", rows, encoding=encoding, title="建档立卡信息表", headers=shuffled_headers()
    )
    assert_same_as_clean(path, clean)


def test_a_zip_reads_like_the_folder(divisions, tmp_path, clean):
    assert_same_as_clean(write_zip(tmp_path / "r.zip", clean_rows(), encoding="gb18030"), clean)


def test_a_clean_workbook_reads_like_the_clean_files(divisions, tmp_path, clean):
    assert_same_as_clean(write_workbook(tmp_path / "clean.xlsx", clean_rows()), clean)


def test_typed_rows_have_the_shape_of_the_strict_loader(tmp_path, clean):
    """Same fields and values as ``loading.read_sheet`` (which reads only canonical files), plus ``extra``."""
    from bangfu.registry.loading import read_sheet

    with open_source(clean) as source:
        for sheet in contract.SHEETS:
            ours = [(number, values) for number, values in typed_rows(source, sheet)]
            strict = list(read_sheet(clean, sheet))
            assert [(n, {k: v for k, v in values.items() if k != "extra"}) for n, values in ours] == strict
            assert all(values["extra"] == {} for _, values in ours)

"""register_export: the contract's sheets and columns, masked by default, scoped, the same in xlsx and CSV."""

from __future__ import annotations

import re
import stat
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from django.db import connection, transaction

from bangfu.core.errors import ApplicationError
from bangfu.core.models import PersonalDataAccess
from bangfu.registry import contract
from bangfu.registry.contract import Kind
from bangfu.registry.exporting import register_export
from bangfu.registry.exporting.outputs import Workbook
from bangfu.registry.loading import register_load_folder
from bangfu.registry.models import Household, IncomeRecord, Member, Village, VillageYearStat
from bangfu.registry.values import CODE_LISTS
from tests.registry.exporting.conftest import read_csv, read_folder

MASKED_ID = re.compile(r"\d{6}\*{8}\d{3}[\dX]")
MASKED_MOBILE = re.compile(r"1\d\d\*{4}\d{4}")
SHEET_NAMES = [sheet.name for sheet in contract.SHEETS]


def sheet_rows(ws) -> list[list]:
    return [list(row) for row in ws.iter_rows(values_only=True)]


def as_text(value) -> str:
    """An xlsx cell value as the canonical cell text the CSV export writes."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}"
    return str(value)


def test_the_workbook_has_the_contract_sheets_and_headers_in_order(loaded, tmp_path):
    summary = register_export(path=tmp_path / "档案.xlsx")
    book = openpyxl.load_workbook(tmp_path / "档案.xlsx", read_only=True)
    assert book.sheetnames == SHEET_NAMES
    for sheet in contract.SHEETS:
        header = next(book[sheet.name].iter_rows(max_row=1, values_only=True))
        assert list(header) == sheet.headers, sheet.name
    assert (summary.villages, summary.households, summary.members) == (
        Village.objects.count(),
        Household.objects.count(),
        Member.objects.count(),
    )
    assert summary.income_records == IncomeRecord.objects.count()
    assert summary.village_stats == VillageYearStat.objects.count()
    assert summary.masked and summary.format == "xlsx"


def test_id_numbers_and_phones_are_masked_by_default(loaded, tmp_path):
    register_export(path=tmp_path / "out", fmt="csv")
    files = read_folder(tmp_path / "out")
    households, members = files["户"][1:], files["成员"][1:]
    assert households and members
    assert all(MASKED_ID.fullmatch(row[2]) for row in households)
    assert all(MASKED_ID.fullmatch(row[2]) for row in members)
    phones = [row[10] for row in households if row[10]]
    assert phones and all(MASKED_MOBILE.fullmatch(phone) for phone in phones)
    text = (tmp_path / "out" / "成员.csv").read_text(encoding="utf-8-sig")
    assert not any(number in text for number in Member.objects.values_list("id_number", flat=True)[:50])
    assert not PersonalDataAccess.objects.exists()  # masked exports are not disclosures


def test_the_export_is_the_generated_register(loaded, officer, tmp_path):
    """Same rows as the generator wrote (the export orders them by code), in the same canonical text."""
    register_export(path=tmp_path / "out", fmt="csv", unmask=True, user=officer)
    exported, generated = read_folder(tmp_path / "out"), read_folder(loaded)
    assert list(exported) == SHEET_NAMES
    for name in SHEET_NAMES:
        assert exported[name][0] == generated[name][0], name
        assert sorted(exported[name][1:]) == sorted(generated[name][1:]), name


def test_rows_come_in_code_order_and_members_head_first(loaded, officer, tmp_path):
    register_export(path=tmp_path / "out", fmt="csv", unmask=True, user=officer)
    files = read_folder(tmp_path / "out")
    villages = [row[0] for row in files["村"][1:]]
    assert villages == sorted(villages)
    households = [row[0] for row in files["户"][1:]]
    assert households == sorted(households)
    incomes = [(row[0], row[1]) for row in files["收入"][1:]]
    assert incomes == sorted(incomes)
    members = files["成员"][1:]
    assert [row[0] for row in members] == sorted(row[0] for row in members)
    first_of_household = {}
    for row in members:
        first_of_household.setdefault(row[0], row[3])
    assert set(first_of_household.values()) == {"户主"}


def test_scope_keeps_the_villages_whose_code_starts_with_it(loaded, tmp_path):
    codes = sorted(Village.objects.values_list("division__code", flat=True))
    prefix = codes[0][:6]
    summary = register_export(path=tmp_path / "part", fmt="csv", scope=prefix)
    files = read_folder(tmp_path / "part")
    villages = [row[0] for row in files["村"][1:]]
    assert villages == [code for code in codes if code.startswith(prefix)]
    assert 0 < len(villages) < len(codes)
    assert all(row[1].startswith(prefix) for row in files["户"][1:])
    households = {row[0] for row in files["户"][1:]}
    assert households == set(
        Household.objects.filter(village__division__code__startswith=prefix).values_list("code", flat=True)
    )
    assert {row[0] for row in files["成员"][1:]} == households
    assert {row[0] for row in files["收入"][1:]} <= households
    assert all(row[0].startswith(prefix) for row in files["村年度"][1:])
    assert summary.members == Member.objects.filter(household__code__in=households).count()
    assert summary.scope == prefix


def test_a_full_division_code_scopes_to_the_villages_inside_it(loaded, tmp_path):
    county = sorted(Village.objects.values_list("division__code", flat=True))[0][:6]
    register_export(path=tmp_path / "by-prefix.zip", fmt="csv", scope=county)
    register_export(path=tmp_path / "by-code.zip", fmt="csv", scope=county + "000000")
    assert (tmp_path / "by-prefix.zip").read_bytes() == (tmp_path / "by-code.zip").read_bytes()


@pytest.mark.parametrize(
    ("scope", "message"),
    [
        ("999999", "没有范围“999999”内的村"),
        ("海丰县", "应为行政区划代码"),
        ("4415211012011", "应为行政区划代码"),
        ("４４１５", "应为行政区划代码"),
    ],
)
def test_a_scope_without_villages_or_not_a_code_is_refused(loaded, tmp_path, scope, message):
    with pytest.raises(ApplicationError, match=message):
        register_export(path=tmp_path / "x.xlsx", scope=scope)
    assert list(tmp_path.iterdir()) == []


def test_an_empty_register_is_refused_with_a_pointer_to_the_template(db, tmp_path):
    with pytest.raises(ApplicationError, match="bangfu template"):
        register_export(path=tmp_path / "x.xlsx")


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [("x.csv", "xlsx", r"\.xlsx 结尾"), ("x.xlsx", "csv", "文件夹"), ("x.xlsx", "pdf", "未知的格式")],
)
def test_a_path_that_does_not_fit_the_format_is_refused(loaded, tmp_path, name, fmt, message):
    with pytest.raises(ApplicationError, match=message):
        register_export(path=tmp_path / name, fmt=fmt)
    assert list(tmp_path.iterdir()) == []


def test_the_workbook_is_ready_for_data_entry(loaded, tmp_path):
    register_export(path=tmp_path / "档案.xlsx")
    book = openpyxl.load_workbook(tmp_path / "档案.xlsx")
    for sheet in contract.SHEETS:
        ws = book[sheet.name]
        assert ws.freeze_panes == "A2", sheet.name
        header = ws[1]
        assert all(cell.font.bold and cell.fill.fgColor.rgb.endswith("DDEBF7") for cell in header)
        lists = {}
        for validation in ws.data_validations.dataValidation:
            if validation.type == "list":
                for cell_range in validation.sqref.ranges:
                    lists[cell_range.min_col] = validation.formula1.strip('"').split(",")
                    assert cell_range.min_row == 2 and cell_range.max_row == 1_048_576
        coded = {
            index: column
            for index, column in enumerate(sheet.columns, start=1)
            if column.kind in (Kind.CODE, Kind.BOOL)
        }
        assert set(lists) == set(coded), sheet.name
        for index, column in coded.items():
            expected = ["是", "否"] if column.kind is Kind.BOOL else list(CODE_LISTS[column.field][0])
            assert lists[index] == expected, (sheet.name, column.header)
        assert all(ws.column_dimensions[letter].width for letter in "ABC")
    members = book["成员"]
    assert lists_of(members)[4] == [
        "户主",
        "配偶",
        "子",
        "女",
        "儿媳",
        "女婿",
        "孙子女",
        "父母",
        "兄弟姐妹",
        "其他",
    ]
    assert lists_of(book["户"])[8] == ["A", "B", "C", "D"]
    for row in members.iter_rows(min_row=2, max_row=50):
        id_cell = row[2]
        assert id_cell.data_type == "s" and id_cell.number_format == "@"
        assert row[0].data_type == "s"  # the household code: text, never a number
        # masked export: the birth date as its year only, as text (docs/personal-data.md)
        assert row[5].data_type == "s" and len(row[5].value) == 4 and row[5].value.isdigit()
    for row in book["户"].iter_rows(min_row=2, max_row=50):
        assert row[1].data_type == "s" and row[1].number_format == "@"  # division code


def lists_of(ws) -> dict[int, list[str]]:
    return {
        cell_range.min_col: validation.formula1.strip('"').split(",")
        for validation in ws.data_validations.dataValidation
        if validation.type == "list"
        for cell_range in validation.sqref.ranges
    }


def test_the_workbook_holds_the_same_cells_as_the_csv_files(loaded, officer, tmp_path):
    register_export(path=tmp_path / "档案.xlsx", unmask=True, user=officer)
    register_export(path=tmp_path / "out", fmt="csv", unmask=True, user=officer)
    book = openpyxl.load_workbook(tmp_path / "档案.xlsx", read_only=True)
    files = read_folder(tmp_path / "out")
    for sheet in contract.SHEETS:
        width = len(sheet.columns)
        rows = [
            [as_text(value) for value in row] + [""] * (width - len(row))  # read-only mode drops empty ends
            for row in book[sheet.name].iter_rows(values_only=True)
        ]
        assert rows == files[sheet.name], sheet.name
        kinds = [column.kind for column in sheet.columns]
        for row in book[sheet.name].iter_rows(min_row=2, max_row=20, values_only=True):
            for kind, value in zip(kinds, row):  # noqa: B905 - read-only rows drop their empty ends
                if value is not None and kind in (Kind.YEAR, Kind.INT, Kind.MONEY):
                    assert isinstance(value, int | float), (sheet.name, kind, value)
                if value is not None and kind in (
                    Kind.TEXT,
                    Kind.CODE,
                    Kind.DIVISION,
                    Kind.ID_NUMBER,
                    Kind.BOOL,
                ):
                    assert isinstance(value, str), (sheet.name, kind, value)


def test_amounts_with_cents_keep_them(loaded, officer, tmp_path):
    record = IncomeRecord.objects.order_by("household__code", "year").first()
    IncomeRecord.objects.filter(pk=record.pk).update(wages="1234.50", compliant_out_of_pocket="0.05")
    register_export(path=tmp_path / "档案.xlsx", unmask=True, user=officer)
    register_export(path=tmp_path / "out", fmt="csv", unmask=True, user=officer)
    row = read_csv(tmp_path / "out" / "收入.csv")[1]
    assert (row[2], row[7]) == ("1234.50", "0.05")  # two places as stored; whole yuan without them
    cells = next(
        openpyxl.load_workbook(tmp_path / "档案.xlsx")["收入"].iter_rows(
            min_row=2, max_row=2, values_only=True
        )
    )
    assert (cells[2], cells[7]) == (1234.5, 0.05)


def test_extra_attributes_become_columns_after_the_contract_columns(loaded, tmp_path):
    first, second = Household.objects.order_by("code")[:2]
    Household.objects.filter(pk=first.pk).update(extra={"备注": "=SUM(A1)", "帮扶责任人": "张三"})
    Household.objects.filter(pk=second.pk).update(extra={"帮扶责任人": "李四", "面积": 80})
    summary = register_export(path=tmp_path / "out", fmt="csv")
    header, *rows = read_csv(tmp_path / "out" / "户.csv")
    assert header == [*contract.HOUSEHOLDS.headers, "备注", "帮扶责任人", "面积"]
    assert rows[0][-3:] == ["'=SUM(A1)", "张三", ""]  # CSV: quoted so it is never a formula (security.md)
    assert rows[1][-3:] == ["", "李四", "80"]
    assert all(row[-3:] == ["", "", ""] for row in rows[2:])
    assert summary.extra == {"户": ["备注", "帮扶责任人", "面积"]}
    assert read_csv(tmp_path / "out" / "成员.csv")[0] == contract.MEMBERS.headers
    register_export(path=tmp_path / "档案.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "档案.xlsx")["户"]
    assert [cell.value for cell in ws[1]][-3:] == ["备注", "帮扶责任人", "面积"]
    formula_like = ws.cell(row=2, column=len(contract.HOUSEHOLDS.columns) + 1)
    assert formula_like.value == "=SUM(A1)" and formula_like.data_type == "s"  # text, never a formula


def test_village_statistics_are_left_out_when_there_are_none(loaded, tmp_path):
    register_export(path=tmp_path / "out", fmt="csv")
    assert (tmp_path / "out" / "村年度.csv").exists()
    (tmp_path / "out" / "readme.txt").write_text("mine")
    VillageYearStat.objects.all().delete()
    summary = register_export(path=tmp_path / "out", fmt="csv")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == sorted(
        ["村.csv", "户.csv", "成员.csv", "收入.csv", "readme.txt"]
    )  # the old 村年度.csv is gone, the user's own file stays
    assert summary.village_stats == 0
    register_export(path=tmp_path / "档案.xlsx")
    assert openpyxl.load_workbook(tmp_path / "档案.xlsx", read_only=True).sheetnames == SHEET_NAMES[:4]


def test_a_zip_holds_one_csv_per_sheet_and_is_the_same_bytes_each_time(loaded, tmp_path):
    register_export(path=tmp_path / "a.zip", fmt="csv")
    register_export(path=tmp_path / "b.zip", fmt="csv")
    register_export(path=tmp_path / "folder", fmt="csv")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == [sheet.file_name for sheet in contract.SHEETS]
        for sheet in contract.SHEETS:
            assert archive.read(sheet.file_name) == (tmp_path / "folder" / sheet.file_name).read_bytes()
            assert archive.read(sheet.file_name).startswith("\ufeff".encode())


@pytest.mark.parametrize("name", ["档案.xlsx", "folder", "档案.zip"])
def test_an_interrupted_export_leaves_no_file(loaded, tmp_path, name):
    def interrupt(sheet: str, done: int, total: int) -> None:
        if sheet == "成员":
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        register_export(
            path=tmp_path / name, fmt="xlsx" if name.endswith(".xlsx") else "csv", progress=interrupt
        )
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_export_keeps_the_previous_file(loaded, tmp_path):
    target = tmp_path / "档案.xlsx"
    target.write_bytes(b"previous")

    def interrupt(sheet: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        register_export(path=target, progress=interrupt)
    assert target.read_bytes() == b"previous"
    assert list(tmp_path.iterdir()) == [target]


def test_progress_counts_every_sheet_to_its_total(loaded, tmp_path):
    calls = []
    register_export(path=tmp_path / "out.zip", fmt="csv", progress=lambda *args: calls.append(args))
    finals = {sheet: (done, total) for sheet, done, total in calls}
    assert finals["成员"] == (Member.objects.count(), Member.objects.count())
    assert set(finals) == set(SHEET_NAMES)


def test_the_written_files_get_the_usual_permissions(loaded, tmp_path):
    """Temporary files are private while written; the result has the mode of a file created the usual way."""
    register_export(path=tmp_path / "档案.xlsx")
    register_export(path=tmp_path / "new-folder", fmt="csv")
    (tmp_path / "usual.txt").write_text("")
    (tmp_path / "usual-folder").mkdir()
    assert stat.S_IMODE((tmp_path / "档案.xlsx").stat().st_mode) == stat.S_IMODE(
        (tmp_path / "usual.txt").stat().st_mode
    )
    folder_mode = stat.S_IMODE((tmp_path / "new-folder").stat().st_mode)
    assert folder_mode == stat.S_IMODE((tmp_path / "usual-folder").stat().st_mode)


def test_a_path_given_as_text_works(loaded, tmp_path):
    summary = register_export(path=str(tmp_path / "档案.xlsx"))
    assert summary.path == Path(tmp_path / "档案.xlsx")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_export_reads_in_its_own_and_closes_it(divisions, generated, tmp_path):
    """As from the command line: one read transaction for all sheets, and none left open afterwards."""
    register_load_folder(generated)
    assert not connection.in_atomic_block
    with pytest.raises(ApplicationError):
        register_export(path=tmp_path / "x.xlsx", scope="999")  # refused inside the read transaction
    summary = register_export(path=tmp_path / "a.zip", fmt="csv")
    assert summary.households == Household.objects.count()
    if connection.vendor == "sqlite":
        assert not connection.connection.in_transaction
    Village.objects.update(registered_population=1)  # writing works again: nothing is held
    with transaction.atomic():
        assert Village.objects.filter(registered_population=1).count() == summary.villages


def test_a_sheet_too_long_for_excel_is_refused_before_anything_is_written(loaded, tmp_path, monkeypatch):
    monkeypatch.setattr(Workbook, "max_rows", 1000)  # Excel's limit is 1,048,575 rows below the header
    with pytest.raises(
        ApplicationError, match=r"“成员”有 [\d,]+ 行，超过 Excel 工作表的上限 1,000 行.*--format csv"
    ):
        register_export(path=tmp_path / "档案.xlsx")
    assert list(tmp_path.iterdir()) == []
    register_export(path=tmp_path / "out.zip", fmt="csv")  # CSV has no such limit


def test_awkward_text_survives_in_the_workbook(loaded, officer, tmp_path):
    members = list(Member.objects.order_by("household__code", "id_number")[:3])
    Member.objects.filter(pk=members[0].pk).update(name='陈 & <某> "甲"', ethnicity=" 汉族 ")
    Member.objects.filter(pk=members[1].pk).update(name="林\x01乙", ethnicity="=1+1")
    register_export(path=tmp_path / "档案.xlsx", unmask=True, user=officer)
    with zipfile.ZipFile(tmp_path / "档案.xlsx") as archive:
        assert archive.testzip() is None
    cells = {
        row[2].value: (row[1].value, row[6].value, row[6].data_type)
        for row in openpyxl.load_workbook(tmp_path / "档案.xlsx")["成员"].iter_rows(min_row=2)
    }
    assert cells[members[0].id_number] == ('陈 & <某> "甲"', " 汉族 ", "s")
    assert cells[members[1].id_number] == ("林乙", "=1+1", "s")  # control characters cannot be stored

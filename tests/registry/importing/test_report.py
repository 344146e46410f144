"""The error report: CSV (UTF-8 with BOM) or xlsx with the columns sheet,row,column,value,message; a text form."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from bangfu.core.errors import ApplicationError
from bangfu.registry.importing import ImportIssue, issues_text, register_validate, report_write
from tests.registry.importing.builders import valid_rows, write_folder

ISSUES = [
    ImportIssue("成员", 12, "证件号码", "44152119650203011x", "校验码错误", "id_check"),
    ImportIssue("收入", None, "", "", "缺少文件 收入.csv", "file_missing"),
    ImportIssue("户", 3, "备注", "=1+1", "提示：不是模板中的列", "column_unknown"),
]


def test_csv_report_opens_in_excel_as_utf8(tmp_path):
    path = report_write(ISSUES, tmp_path / "问题.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["sheet", "row", "column", "value", "message"],
        ["成员", "12", "证件号码", "44152119650203011x", "校验码错误"],
        ["收入", "", "", "", "缺少文件 收入.csv"],
        ["户", "3", "备注", "'=1+1", "提示：不是模板中的列"],  # quoted: never a formula in Excel
    ]


def test_xlsx_report_has_a_styled_frozen_header_and_values_as_text(tmp_path):
    path = report_write(ISSUES, tmp_path / "问题.xlsx")
    sheet = load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows == [
        ["sheet", "row", "column", "value", "message"],
        ["成员", 12, "证件号码", "44152119650203011x", "校验码错误"],
        ["收入", None, None, None, "缺少文件 收入.csv"],
        ["户", 3, "备注", "=1+1", "提示：不是模板中的列"],
    ]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert sheet["D4"].data_type == "s"  # a value that looks like a formula stays the text given


def test_other_report_formats_are_refused(tmp_path):
    with pytest.raises(ApplicationError, match=r"\.csv 或 \.xlsx"):
        report_write(ISSUES, tmp_path / "问题.txt")


def test_text_lines_for_a_terminal():
    assert issues_text(ISSUES).splitlines() == [
        "成员 第12行 列“证件号码” 值“44152119650203011x”：校验码错误",
        "收入：缺少文件 收入.csv",
        "户 第3行 列“备注” 值“=1+1”：提示：不是模板中的列",
    ]
    assert (
        issues_text(ISSUES[:1], lang="en")
        == "成员, row 12, column 证件号码, value '44152119650203011x': 校验码错误"
    )


def test_a_validation_report_written_in_full(divisions, tmp_path):
    rows = valid_rows()
    rows["户"][0]["饮水安全"] = "不知道"
    rows["成员"][2]["性别"] = ""
    report = register_validate(write_folder(tmp_path / "r", rows))
    path = report_write(report.issues, tmp_path / "问题.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1:] == [
        "户,2,饮水安全,不知道,应为“是”或“否”（也接受 Y/N、1/0）",
        "成员,4,性别,,提示：为空，已按证件号码填为“女”",
    ]

"""The error report (错误报告): one row per issue — sheet, row, column, value as given, message.

``report_write(issues, "问题.xlsx")`` or ``.csv`` (UTF-8 with BOM, so Excel opens it as UTF-8); ``issues_text``
renders the same for a terminal, one line per issue.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from bangfu.core.errors import ApplicationError
from bangfu.core.spreadsheet import csv_row, xlsx_row
from bangfu.registry.importing.issues import ImportIssue

COLUMNS = ("sheet", "row", "column", "value", "message")
_WIDTHS = (10, 8, 16, 24, 80)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _cells(issue: ImportIssue) -> tuple:
    return issue.sheet, issue.row if issue.row is not None else "", issue.column, issue.value, issue.message


def report_write(issues: Iterable[ImportIssue], path: Path | str) -> Path:
    """Write the issues to ``path`` (.csv or .xlsx); returns the path."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(csv_row(_cells(issue)) for issue in issues)
    elif suffix == ".xlsx":
        _write_workbook(issues, path)
    else:
        raise ApplicationError(f"报告文件应为 .csv 或 .xlsx：{path.name} / the report must be .csv or .xlsx")
    return path


def _write_workbook(issues: Iterable[ImportIssue], path: Path) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("问题")
    sheet.freeze_panes = "A2"
    for index, width in enumerate(_WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold, centred = Font(bold=True), Alignment(horizontal="center")
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill, cell.alignment = bold, _HEADER_FILL, centred
        header.append(cell)
    sheet.append(header)
    for issue in issues:
        sheet.append(xlsx_row(sheet, _cells(issue)))
    workbook.save(path)


_LINE_PARTS = {
    "zh": (" 第{}行", " 列“{}”", " 值“{}”", "：{}"),
    "en": (", row {}", ", column {}", ", value '{}'", ": {}"),
}


def issue_line(issue: ImportIssue, lang: str = "zh") -> str:
    """``成员 第12行 列“证件号码” 值“4415…”：message`` — how one issue reads on a terminal."""
    row, column, value, text = _LINE_PARTS.get(lang, _LINE_PARTS["zh"])
    line = issue.sheet
    if issue.row is not None:
        line += row.format(issue.row)
    if issue.column:
        line += column.format(issue.column)
    if issue.value:
        line += value.format(issue.value)
    return line + text.format(issue.message)


def issues_text(issues: Iterable[ImportIssue], lang: str = "zh") -> str:
    """The issues one per line, for a terminal."""
    return "\n".join(issue_line(issue, lang) for issue in issues)

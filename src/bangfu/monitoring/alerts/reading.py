"""A department file as checked rows and located issues (部门筛查预警数据的读取与检查).

The file is read with the register import's readers and cell normalisation (registry/importing: title rows
above the header, free column order, GB18030 or UTF-8 CSV with or without BOM, full-width digits, Excel date
serials, thousands separators, a trailing 元), so both contracts accept the same spellings. Issues are
``ImportIssue`` located as the user sees the file: sheet (or CSV file name), row, column, value, reason.
Checks that need the register (the name of a registered ID number) are in ``services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from bangfu.core.errors import ApplicationError
from bangfu.monitoring.alerts import contract
from bangfu.registry.importing.formats import CsvSource, WorkbookSource
from bangfu.registry.importing.issues import ImportIssue, SourceError
from bangfu.registry.importing.messages import message
from bangfu.registry.importing.normalise import (
    CellProblem,
    cell_text,
    is_empty,
    parse_date,
    parse_id_number,
    parse_money,
    parse_text,
)
from bangfu.registry.importing.sources import WORKBOOK_SUFFIXES

MESSAGES = {
    "format": {
        "zh": "不支持的文件类型“{suffix}”：请使用 .xlsx 工作簿或 .csv 文件",
        "en": "Unsupported file type '{suffix}': use an .xlsx workbook or a .csv file",
    },
    "department": {
        "zh": "不是可用的来源部门（可用：{codes}）",
        "en": "Unknown department (use one of: {codes})",
    },
    "event": {
        "zh": "不是{department}的预警事项（{department}可用：{codes}）",
        "en": "Not an event of {department} (its events: {codes})",
    },
    "future": {
        "zh": "发生日期晚于导入当天（{today}）",
        "en": "The date is after the day of import ({today})",
    },
    "amount_required": {
        "zh": "预警事项“{event}”必须填写金额",
        "en": "The event {event} needs an amount",
    },
    "note_long": {
        "zh": "说明最多{limit}个字，这里有{length}个字",
        "en": "The note has {length} characters; at most {limit} are allowed",
    },
    "name_mismatch": {
        "zh": "与档案中该证件号码的成员姓名“{registered}”不一致",
        "en": "Does not match the registered member's name for this ID number ({registered})",
    },
    "extra_column": {
        "zh": "不是约定的列，已忽略",
        "en": "Not a column of the contract; ignored",
    },
    "duplicate_column": {
        "zh": "列名出现了不止一次，只读取了第一列",
        "en": "The column appears more than once; only the first is read",
    },
    "duplicate_row": {
        "zh": "与第{first}行是同一条预警（来源部门、证件号码、预警事项、发生日期相同），只导入第一行",
        "en": "The same alert as row {first} (same department, ID number, event and date); only the first is read",
    },
    "no_rows": {"zh": "表头下没有数据行", "en": "There are no data rows below the header"},
}


def text(key: str, lang: str = "zh", **params) -> str:
    if key not in MESSAGES:
        return message(key, lang, **params)
    values = {k: "、".join(v) if isinstance(v, list | tuple) else v for k, v in params.items()}
    return MESSAGES[key].get(lang, MESSAGES[key]["zh"]).format(**values)


@dataclass(frozen=True)
class AlertRow:
    """One checked data row: values typed, ``row`` as the user sees it."""

    row: int
    department: str
    id_number: str
    name: str
    event: str
    occurred_on: date
    amount: Decimal | None
    note: str

    @property
    def key(self) -> tuple:
        return (self.department, self.id_number, self.event, self.occurred_on)


@dataclass
class CheckedFile:
    """What reading found: the sheet or file name, checked rows, and the errors and warnings."""

    sheet: str
    rows: list[AlertRow]
    errors: list[ImportIssue]
    warnings: list[ImportIssue]
    rows_read: int = 0


class _SingleCsv(CsvSource):
    """One CSV file: its only 'sheet' is the file itself."""

    kind = "csv"

    def has_sheet(self, sheet) -> bool:
        return True

    def open_binary(self, sheet):
        return self.path.open("rb")


def _open(path: Path, lang: str):
    """``(source, sheet)`` for the file: an .xlsx (sheet 预警, else the first) or a .csv file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _SingleCsv(path), contract.sheet(path.name)
    if suffix in WORKBOOK_SUFFIXES:
        source = WorkbookSource(path)
        names = list(source.sheet_names)
        if not names:
            source.close()
            raise SourceError("sheet_missing", sheet=contract.SHEET_NAME, present=["—"])
        return source, contract.sheet(contract.SHEET_NAME if contract.SHEET_NAME in names else names[0])
    raise ApplicationError(text("format", lang, suffix=path.suffix or path.name))


def alerts_file_check(path: Path | str, *, today: date, lang: str = "zh") -> CheckedFile:
    """Read and check a department file completely; every problem is located, nothing is written."""
    path = Path(path)
    if not path.is_file():
        raise SourceError("path_missing", path=str(path))
    source, sheet = _open(path, lang)
    errors: list[ImportIssue] = []
    warnings: list[ImportIssue] = []
    with source:
        rows = source.read(sheet)  # SourceError when the header or a required column is missing
        header = rows.header
        for name in header.extra:
            warnings.append(
                ImportIssue(sheet.name, header.row, name, "", text("extra_column", lang), "extra_column")
            )
        for name in header.duplicates:
            warnings.append(
                ImportIssue(
                    sheet.name, header.row, name, "", text("duplicate_column", lang), "duplicate_column"
                )
            )
        checked: list[AlertRow] = []
        seen: dict[tuple, int] = {}
        count = 0
        for source_row in rows:
            count += 1
            row = _row_check(sheet.name, source_row.number, source_row.cells, today, lang, errors)
            if row is None:
                continue
            if row.key in seen:
                warnings.append(
                    ImportIssue(sheet.name, row.row, contract.ID_NUMBER, row.id_number,
                                text("duplicate_row", lang, first=seen[row.key]), "duplicate_row")
                )  # fmt: skip
                continue
            seen[row.key] = row.row
            checked.append(row)
    if count == 0:
        warnings.append(ImportIssue(sheet.name, header.row, "", "", text("no_rows", lang), "no_rows"))
    return CheckedFile(sheet.name, checked, errors, warnings, count)


def _row_check(sheet: str, number: int, cells: dict, today: date, lang: str, errors: list) -> AlertRow | None:
    found: dict[str, object] = {}
    before = len(errors)

    def fail(column: str, key: str, **params) -> None:
        errors.append(ImportIssue(sheet, number, column, cell_text(cells.get(column, "")).strip(),
                                  text(key, lang, **params), key))  # fmt: skip

    for column in contract.COLUMNS:
        raw = cells.get(column.header, "")
        if is_empty(raw):
            if column.required:
                fail(column.header, "required")
            found[column.header] = None
            continue
        try:
            if column.header == contract.ID_NUMBER:
                found[column.header] = parse_id_number(raw)
            elif column.header == contract.DATE:
                found[column.header] = parse_date(raw)
            elif column.header == contract.AMOUNT:
                found[column.header] = parse_money(raw)
            else:
                found[column.header] = parse_text(raw)
        except CellProblem as problem:
            fail(column.header, problem.key, **problem.params)
            found[column.header] = None
    department, event = found[contract.DEPARTMENT], found[contract.EVENT]
    events = contract.EVENTS.get(department) if department else None
    if department and events is None:
        fail(contract.DEPARTMENT, "department", codes=list(contract.EVENTS))
    if events is not None and event and event not in events:
        fail(contract.EVENT, "event", department=department, codes=list(events))
    occurred = found[contract.DATE]
    if occurred is not None and occurred > today:
        fail(contract.DATE, "future", today=today.isoformat())
    if events and events.get(event) and found[contract.AMOUNT] is None and not _amount_failed(errors, before):
        fail(contract.AMOUNT, "amount_required", event=event)
    note = found[contract.NOTE] or ""
    if len(note) > contract.NOTE_LIMIT:
        errors.append(ImportIssue(sheet, number, contract.NOTE, note[:20] + "…",
                                  text("note_long", lang, limit=contract.NOTE_LIMIT, length=len(note)), "note_long"))  # fmt: skip
    if len(errors) > before:
        return None
    return AlertRow(number, department, found[contract.ID_NUMBER], found[contract.NAME], event, occurred,
                    found[contract.AMOUNT], note)  # fmt: skip


def _amount_failed(errors: list[ImportIssue], before: int) -> bool:
    return any(issue.column == contract.AMOUNT for issue in errors[before:])

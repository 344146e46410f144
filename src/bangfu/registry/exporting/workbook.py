"""The contract's sheets in an ``.xlsx`` workbook that works for data entry (openpyxl, write-only mode).

Every sheet gets: a bold, filled header row (required columns in red) with a note on each header cell saying
what the column accepts; the panes frozen below the header; column widths; drop-down lists on coded columns
(是/否 on booleans) and range checks on years, counts, amounts, ID numbers and division codes, for the whole
column so that new rows are checked too; and the text format on ID numbers, codes and phones, so that Excel
never turns them into numbers (lost digits, scientific notation). Rows are streamed: openpyxl's write-only
sheets write each row to a temporary file as it comes, with inline strings (no shared-string table).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from xml.sax.saxutils import escape

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from bangfu.registry import contract
from bangfu.registry.contract import Column, Kind
from bangfu.registry.exporting import rules

LAST_ROW = 1_048_576  # Excel's last row: validations cover rows added later
TEXT_FORMAT = "@"
DATE_FORMAT = "yyyy-mm-dd"
#: Excel refuses a list validation whose formula is longer than this.
LIST_LIMIT = 255

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
EXTRA_FILL = PatternFill("solid", fgColor="EDEDED")
HEADER_FONT = Font(bold=True)
REQUIRED_FONT = Font(bold=True, color="C00000")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center")

#: Minimum column widths (in Excel's character units) by the kind of value.
_WIDTHS = {
    Kind.DIVISION: 15,
    Kind.ID_NUMBER: 21,
    Kind.DATE: 12,
    Kind.MONEY: 12,
    Kind.YEAR: 8,
    Kind.INT: 8,
    Kind.BOOL: 6,
    Kind.TEXT: 10,
}
#: Text columns that hold codes or numbers written as text.
_CODE_FIELDS = {"code", "household_code", "phone"}


def display_width(text: str) -> int:
    """Width of ``text`` in Excel's character units: CJK characters count double."""
    return sum(2 if ord(character) > 0x2E7F else 1 for character in text)


def is_text_formatted(column: Column) -> bool:
    """Columns whose cells carry the text format (a number typed in stays as typed)."""
    return column.kind in (Kind.DIVISION, Kind.ID_NUMBER) or column.field in _CODE_FIELDS


def column_width(column: Column) -> int:
    if column.field in _CODE_FIELDS:
        minimum = 18
    elif column.kind is Kind.CODE:
        minimum = max(display_width(code) for code in rules.codes(column))
    else:
        minimum = _WIDTHS[column.kind]
    return max(display_width(column.header), minimum) + 2


def _validation(column: Column) -> DataValidation | None:
    """The data validation of a column, or ``None`` for free text."""
    options = {"allow_blank": True, "showErrorMessage": True, "errorTitle": "无效的值"}
    if codes := rules.codes(column):
        formula = '"' + ",".join(codes) + '"'
        if len(formula) > LIST_LIMIT:  # pragma: no cover - no code list is that long today
            raise ValueError(f"the code list of {column.header} is too long for an Excel list")
        return DataValidation(
            type="list", formula1=formula, error="请从下拉列表中选择：" + "、".join(codes), **options
        )
    if column.kind is Kind.YEAR:
        return DataValidation(
            type="whole",
            operator="between",
            formula1="1949",
            formula2="2100",
            error="应为四位年份",
            **options,
        )
    if column.kind is Kind.INT:
        if column.field == "months_employed":
            return DataValidation(
                type="whole", operator="between", formula1="0", formula2="12", error="应为 0 到 12 的整数",
                **options,
            )  # fmt: skip
        return DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", error="应为非负整数", **options
        )
    if column.kind is Kind.MONEY:
        return DataValidation(
            type="decimal",
            operator="greaterThanOrEqual",
            formula1="0",
            error="应为不小于0的金额（元）",
            **options,
        )
    if column.kind in (Kind.ID_NUMBER, Kind.DIVISION):
        length = "18" if column.kind is Kind.ID_NUMBER else "12"
        return DataValidation(
            type="textLength", operator="equal", formula1=length, error=f"应为{length}位", **options
        )
    return None


def sheet_setup(ws, sheet: contract.Sheet, extra: list[str] = ()) -> None:
    """Widths, formats, frozen header and validations of a new write-only sheet, then its header row.

    Column settings must come before the first row in write-only mode, so this is called first.
    """
    for index, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(index)
        dimension = ws.column_dimensions[letter]
        dimension.width = column_width(column)
        if is_text_formatted(column):
            dimension.number_format = TEXT_FORMAT
        elif column.kind is Kind.DATE:
            dimension.number_format = DATE_FORMAT
        if (validation := _validation(column)) is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.data_validations.append(validation)
    for index, name in enumerate(extra, start=len(sheet.columns) + 1):
        dimension = ws.column_dimensions[get_column_letter(index)]
        dimension.width = max(display_width(name), 10) + 2
        dimension.number_format = TEXT_FORMAT
    ws.freeze_panes = "A2"
    ws.append(_header(ws, sheet, extra))


def _header(ws, sheet: contract.Sheet, extra) -> list[WriteOnlyCell]:
    cells = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = REQUIRED_FONT if column.required else HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = HEADER_ALIGNMENT
        cell.comment = _note(rules.column_summary(sheet, column))
        cells.append(cell)
    for name in extra:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = HEADER_FONT
        cell.fill = EXTRA_FILL
        cell.alignment = HEADER_ALIGNMENT
        cell.comment = _note("附加属性（不在模板中的列），按文字保存。")
        cells.append(cell)
    return cells


def _note(text: str) -> Comment:
    note = Comment(text, "Bangfu")
    note.width, note.height = 260, 110
    return note


class RowRenderer:
    """Turns a row of typed values into the XML of one worksheet row (``<row>…</row>``).

        openpyxl builds an element tree for every cell and serialises it, which is most of an export's time
        (about 15 µs a cell without lxml); rows rendered here as text are about ten times faster. Cells are the
        same as openpyxl writes: inline strings (text, codes, 是/否), numbers (years, counts, amounts), dates as
        serial numbers with the date style, and the text style on ID numbers, codes and phones. Control
        characters, which a workbook cannot hold, are dropped. Text is always an inline string, never a formula,
    so a name like ``=HYPERLINK(…)`` or ``+1+2`` stays inert text and reads back as written (``core.spreadsheet``).
    """

    def __init__(self, sheet: contract.Sheet, extra: list[str], *, text_style: int, date_style: int):
        self.cells = []
        for index, column in enumerate([*sheet.columns, *(None for _ in extra)]):
            letter = get_column_letter(index + 1)
            if column is None or column.kind in (Kind.TEXT, Kind.CODE):
                style = text_style if column is not None and is_text_formatted(column) else None
                self.cells.append(partial(_text_cell, letter, _style(style)))
            elif is_text_formatted(column):
                self.cells.append(partial(_text_cell, letter, _style(text_style)))
            elif column.kind is Kind.BOOL:
                self.cells.append(partial(_bool_cell, letter))
            elif column.kind is Kind.DATE:
                self.cells.append(partial(_date_cell, letter, _style(date_style)))
            elif column.kind is Kind.MONEY:
                self.cells.append(partial(_money_cell, letter))
            else:
                self.cells.append(partial(_number_cell, letter))

    def __call__(self, number: int, row: list) -> str:
        cells = "".join([cell(number, value) for cell, value in zip(self.cells, row, strict=True)])
        return f'<row r="{number}">{cells}</row>'


def _style(style_id: int | None) -> str:
    return "" if style_id is None else f' s="{style_id}"'


_CR = {"\r": "&#13;"}


def _text_cell(letter: str, style: str, number: int, value: str | None) -> str:
    if not value:
        return ""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    text = escape(value, _CR)  # a raw CR would be read back as a line feed
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{letter}{number}"{style} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _bool_cell(letter: str, number: int, value: bool | None) -> str:
    if value is None:
        return ""
    return f'<c r="{letter}{number}" t="inlineStr"><is><t>{contract.TRUE if value else contract.FALSE}</t></is></c>'


def _number_cell(letter: str, number: int, value: int | None) -> str:
    return "" if value is None else f'<c r="{letter}{number}" t="n"><v>{value}</v></c>'


def _money_cell(letter: str, number: int, value: Decimal | None) -> str:
    if value is None:
        return ""
    text = str(int(value)) if value == value.to_integral_value() else str(value)
    return f'<c r="{letter}{number}" t="n"><v>{text}</v></c>'


def _date_cell(letter: str, style: str, number: int, value: date | str | None) -> str:
    if isinstance(value, str):  # a masked birth date (its year only): text
        return _text_cell(letter, "", number, value)
    return "" if value is None else f'<c r="{letter}{number}"{style} t="n"><v>{int(to_excel(value))}</v></c>'


def style_ids(ws) -> dict[str, int]:
    """The workbook's style ids of the text and date formats (registered by ``sheet_setup``'s columns)."""
    text = ws.parent._cell_styles.add(_styled(ws, TEXT_FORMAT)._style)
    day = ws.parent._cell_styles.add(_styled(ws, DATE_FORMAT)._style)
    return {"text_style": text, "date_style": day}


def _styled(ws, number_format: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell.number_format = number_format
    return cell

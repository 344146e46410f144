"""Exported text that a spreadsheet never runs as a formula (CSV and formula injection, OWASP).

A spreadsheet program takes a cell that begins with ``=``, ``+``, ``-`` or ``@`` for a formula (and tab or
carriage return hide such a start), so a village or member name like ``=HYPERLINK("http://…","点此")``
written as it is would become a live link or calculation when the file is opened. Every export goes
through this module:

- **CSV** (``csv_text``, ``csv_row``): text beginning with one of ``FORMULA_STARTS`` is written with a single
  quote in front (``'=HYPERLINK(…)``), as OWASP advises. Text that already begins with a quote followed by
  one of those characters or another quote gets a quote too, so the rule can be undone exactly: the
  importer's ``csv_unquote`` drops one leading quote before one of them and nothing else. Numbers (int,
  float, Decimal) are written as they are.
- **CSV rows with a carriage return** (``CsvWriter``): Python's ``csv`` module, writing ``\n`` line ends,
  does not quote a field holding a CR, which a reader then takes for the end of the record; such rows are
  written with every field quoted (``"'\r=1+1"``), the others as before (minimal quoting).
- **xlsx** (``xlsx_value``): text is always a string cell (type ``s`` / inline string), never a formula
  cell, so it needs no quote and reads back unchanged. openpyxl turns any ``str`` beginning with ``=`` into
  a formula unless the cell's type is set, which ``xlsx_value`` does; numbers stay numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell

#: First characters that make a spreadsheet read a cell as a formula (or hide such a start).
FORMULA_STARTS = frozenset("=+-@\t\r")
QUOTE = "'"
#: After a leading quote: the characters whose quote the importer removes (``FORMULA_STARTS`` and the quote).
_QUOTED = FORMULA_STARTS | {QUOTE}


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula."""
    return bool(text) and text[0] in FORMULA_STARTS


def csv_text(text: str) -> str:
    """``text`` as a CSV cell that is never a formula: a single quote in front when it needs one."""
    if text and (text[0] in FORMULA_STARTS or (text[0] == QUOTE and text[1:2] != "" and text[1] in _QUOTED)):
        return QUOTE + text
    return text


def csv_unquote(text: str) -> str:
    """The value ``csv_text`` was given: one leading quote before a formula character (or a quote) dropped."""
    if len(text) > 1 and text[0] == QUOTE and text[1] in _QUOTED:
        return text[1:]
    return text


def csv_row(row: Iterable) -> list:
    """A row for ``csv.writer``: text made inert with ``csv_text``; numbers, None and the rest as they are."""
    return [csv_text(value) if isinstance(value, str) else value for value in row]


class CsvWriter:
    """``csv.writer`` with ``\n`` line ends and minimal quoting, except that a row with a carriage return in a
    text field is written with every field quoted (else the CR would split the record when read back)."""

    def __init__(self, handle):
        self.plain = csv.writer(handle, lineterminator="\n")
        self.quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)

    def writerow(self, row) -> None:
        if any(isinstance(value, str) and "\r" in value for value in row):
            self.quoted.writerow(row)
        else:
            self.plain.writerow(row)


def xlsx_value(sheet, value):
    """A value for ``sheet.append`` (openpyxl, write-only or not): text that openpyxl would store as a
    formula becomes a string cell holding the text as given; everything else is returned unchanged."""
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def xlsx_row(sheet, row: Iterable) -> list:
    """``xlsx_value`` for every value of ``row``."""
    return [xlsx_value(sheet, value) for value in row]


def xlsx_table(
    title: str, header: Iterable[str], rows: Iterable[Iterable], *, text_columns: Iterable[int] = ()
) -> bytes:
    """A one-sheet workbook for a list page's download: a bold header row on blue, panes frozen below it,
    every text a string cell (``xlsx_value``); ``text_columns`` (0-based) are stored with the text format ``@``
    (codes such as household codes, which Excel would otherwise turn into numbers)."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        header_cells.append(cell)
    sheet.append(header_cells)
    as_text = frozenset(text_columns)
    for row in rows:
        values = []
        for index, value in enumerate(row):
            if index in as_text and value not in (None, ""):
                cell = WriteOnlyCell(sheet, value=str(value))
                cell.data_type, cell.number_format = "s", "@"
                values.append(cell)
            else:
                values.append(xlsx_value(sheet, value))
        sheet.append(values)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()

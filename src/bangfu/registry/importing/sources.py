"""Register files as rows: an .xlsx workbook, or a folder or .zip of CSV files (登记表来源).

    with open_source(path) as source:
        for row in source.rows(contract.MEMBERS):  # SourceRow(number, cells, extra); may be read again
            ...

Each sheet is read streaming: title rows are skipped, the header row is the first row that holds every
required column of the sheet (column order free), unknown columns are kept as ``extra``. Cells come as
given (text from CSV; text, numbers, dates or booleans from a workbook); ``normalise`` reads them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from bangfu.registry import contract
from bangfu.registry.importing.issues import SourceError

#: Title rows above the header row are skipped; the header must be within this many rows.
HEADER_SCAN_LIMIT = 50
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")

Cell = object  # str from CSV; str, int, float, bool, date, datetime or time from a workbook


class SourceRow(NamedTuple):
    """A data row: ``number`` as the user sees it (Excel's row number; the CSV line where it starts).

    A named tuple rather than a frozen dataclass: a million of them are made per large file.
    """

    number: int
    cells: dict[str, Cell]  # contract header → cell as given ("" when empty or the column is absent)
    extra: dict[str, Cell]  # unknown column → non-empty cell


@dataclass(frozen=True)
class Header:
    """Where a sheet's header row is and what it holds."""

    row: int
    positions: dict[str, int]  # contract header → column index
    extra: dict[str, int]  # unknown column name → column index
    absent: tuple[str, ...]  # optional contract columns not in the file
    duplicates: dict[str, int]  # contract columns found more than once → the later column (not read)
    width: int


def header_name(cell: Cell) -> str:
    """A header cell as a column name: full-width folded, whitespace removed, a required-mark ``*`` dropped."""
    if not isinstance(cell, str):
        return "" if cell is None or cell == "" else str(cell)
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", cell)).strip("*")


def is_blank(cells: list[Cell]) -> bool:
    first = cells[0] if cells else ""
    if first != "" and first is not None and not (isinstance(first, str) and not first.strip()):
        return False  # the usual case, decided by the first cell
    return _all_blank(cells)


def _all_blank(cells: list[Cell]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def find_header(sheet: contract.Sheet, names: list[str], row: int) -> Header | None:
    """The header if this row holds every required column of ``sheet``."""
    required = [column.header for column in sheet.columns if column.required]
    if not set(required) <= set(names):
        return None
    known = set(sheet.headers)
    positions: dict[str, int] = {}
    extra: dict[str, int] = {}
    duplicates: dict[str, int] = {}
    for index, name in enumerate(names):
        if name in known:
            if name in positions:
                duplicates[name] = index
            else:
                positions[name] = index
        elif name and name not in extra:
            extra[name] = index
    absent = tuple(h for h in sheet.headers if h not in positions)
    return Header(row, positions, extra, absent, duplicates, len(names))


_NO_EXTRA: dict = {}  # shared by rows without extra cells; never modified


class SheetRows:
    """The data rows of one sheet below its header; iterate once (``RegisterSource.rows`` reads anew)."""

    def __init__(self, sheet: contract.Sheet, header: Header, rest: Iterator[tuple[int, list[Cell]]]):
        self.sheet, self.header, self._rest = sheet, header, rest
        self._headers = list(header.positions)
        self._pick = itemgetter(*header.positions.values(), 0)  # (…, 0): always a tuple, even for one column
        self._absent = dict.fromkeys(header.absent, "")
        self._extra = list(header.extra.items())
        named = {*header.positions.values(), *header.extra.values(), *header.duplicates.values()}
        self._unnamed = [index for index in range(header.width) if index not in named]

    def __iter__(self) -> Iterator[SourceRow]:
        headers, pick, absent, width = self._headers, self._pick, self._absent, self.header.width
        for number, cells in self._rest:
            if is_blank(cells):
                continue
            if len(cells) < width:
                cells = [*cells, *([""] * (width - len(cells)))]
            values = dict(zip(headers, pick(cells), strict=False))  # drops the extra last item
            if absent:
                values.update(absent)
            extra = (
                self._extra_cells(cells)
                if (self._extra or len(cells) > width or self._unnamed)
                else _NO_EXTRA
            )
            yield SourceRow(number, values, extra)

    def _extra_cells(self, cells: list[Cell]) -> dict[str, Cell]:
        extra = {name: cells[index] for name, index in self._extra if not _all_blank([cells[index]])}
        for index in [*self._unnamed, *range(self.header.width, len(cells))]:
            if not _all_blank([cells[index]]):
                extra[f"第{index + 1}列"] = cells[index]
        return extra


class RegisterSource(AbstractContextManager):
    """A register in one of the accepted layouts. Subclasses say how a sheet's raw rows are read."""

    kind = ""

    def __init__(self, path: Path):
        self.path = path

    def has_sheet(self, sheet: contract.Sheet) -> bool:
        raise NotImplementedError

    def missing_sheet_error(self, sheet: contract.Sheet) -> SourceError:
        raise NotImplementedError

    def raw_rows(self, sheet: contract.Sheet) -> Iterator[tuple[int, list[Cell]]]:
        """``(row number as the user sees it, cells)`` for every row of the sheet, title rows included."""
        raise NotImplementedError

    def read(self, sheet: contract.Sheet) -> SheetRows:
        """The sheet's header and its data rows; ``SourceError`` if the sheet or its header is missing."""
        if not self.has_sheet(sheet):
            raise self.missing_sheet_error(sheet)
        raw = self.raw_rows(sheet)
        best: tuple[int, int, list[str]] | None = None  # (matched columns, row, missing required)
        required = [column.header for column in sheet.columns if column.required]
        for scanned, (number, cells) in enumerate(raw, start=1):
            names = [header_name(cell) for cell in cells]
            header = find_header(sheet, names, number)
            if header is not None:
                return SheetRows(sheet, header, raw)
            matched = len(set(names) & set(sheet.headers))
            if matched and (best is None or matched > best[0]):
                best = (matched, number, [h for h in required if h not in names])
            if scanned >= HEADER_SCAN_LIMIT:
                break
        if best is not None and best[0] * 2 >= len(required):
            raise SourceError("columns_missing", sheet=sheet.name, row=best[1], columns=best[2])
        raise SourceError("header_missing", sheet=sheet.name, limit=HEADER_SCAN_LIMIT, columns=required)

    def rows(self, sheet: contract.Sheet) -> Iterator[SourceRow]:
        """The sheet's data rows, read anew on every call (streaming)."""
        yield from self.read(sheet)

    def close(self) -> None:
        """Release what the source holds open (a workbook, which cannot be read after this)."""

    def __exit__(self, *exc_info) -> None:
        self.close()

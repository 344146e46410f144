"""The three layouts a register arrives in: an Excel workbook, a folder of CSV files, a zip of CSV files."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from python_calamine import CalamineError, CalamineWorkbook

from bangfu.registry import contract
from bangfu.registry.importing.archive import archive_check
from bangfu.registry.importing.csvfiles import csv_rows, detect_encoding, zip_member_name
from bangfu.registry.importing.issues import SourceError
from bangfu.registry.importing.sources import WORKBOOK_SUFFIXES, Cell, RegisterSource


class WorkbookSource(RegisterSource):
    """An .xlsx workbook (also .xlsm, .xls, .ods), read with calamine: one sheet per contract sheet.

    Merged title cells arrive as a value in their first cell. calamine holds one sheet's cells in memory
    while it is read (not the whole workbook); rows are turned into Python objects one at a time.
    """

    kind = "xlsx"

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self.workbook = CalamineWorkbook.from_path(str(path))
        except (CalamineError, OSError, ValueError) as error:
            raise SourceError("workbook_unreadable", detail=str(error)) from None
        self.sheet_names = {name.strip(): name for name in self.workbook.sheet_names}

    def has_sheet(self, sheet: contract.Sheet) -> bool:
        return sheet.name in self.sheet_names

    def missing_sheet_error(self, sheet: contract.Sheet) -> SourceError:
        present = list(self.sheet_names) or ["—"]
        return SourceError("sheet_missing", sheet=sheet.name, present=present)

    def raw_rows(self, sheet: contract.Sheet) -> Iterator[tuple[int, list[Cell]]]:
        if self.workbook is None:
            raise SourceError("workbook_unreadable", sheet=sheet.name, detail="closed")
        try:
            data = self.workbook.get_sheet_by_name(self.sheet_names[sheet.name])
        except CalamineError as error:
            raise SourceError("workbook_unreadable", sheet=sheet.name, detail=str(error)) from None
        # calamine's iter_rows starts at the sheet's first row (A1), leading empty rows included.
        yield from enumerate(data.iter_rows(), start=1)

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
            self.workbook = None


class CsvSource(RegisterSource):
    """CSV files named after the sheets (村.csv 户.csv 成员.csv 收入.csv, optional 村年度.csv)."""

    def __init__(self, path: Path):
        super().__init__(path)
        self._encodings: dict[str, str] = {}

    def missing_sheet_error(self, sheet: contract.Sheet) -> SourceError:
        return SourceError("file_missing", sheet=sheet.name, file=sheet.file_name)

    def open_binary(self, sheet: contract.Sheet):
        raise NotImplementedError

    def encoding(self, sheet: contract.Sheet) -> str:
        if sheet.name not in self._encodings:
            self._encodings[sheet.name] = detect_encoding(lambda: self.open_binary(sheet), sheet.name)
        return self._encodings[sheet.name]

    def raw_rows(self, sheet: contract.Sheet) -> Iterator[tuple[int, list[Cell]]]:
        return csv_rows(lambda: self.open_binary(sheet), self.encoding(sheet), sheet.name)


class CsvFolderSource(CsvSource):
    kind = "csv"

    def has_sheet(self, sheet: contract.Sheet) -> bool:
        return (self.path / sheet.file_name).is_file()

    def open_binary(self, sheet: contract.Sheet):
        return (self.path / sheet.file_name).open("rb")


class CsvZipSource(CsvSource):
    """A .zip of the CSV files, at its top level or in one folder inside it."""

    kind = "zip"

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError) as error:
            raise SourceError("zip_unreadable", detail=str(error)) from None
        self.members: dict[str, str] = {}  # file name (sheet.csv) → member name in the zip
        for info in infos:
            name = PurePosixPath(zip_member_name(info.filename, info.flag_bits))
            if info.is_dir() or "__MACOSX" in name.parts or name.name.startswith("._"):
                continue
            self.members.setdefault(name.name.strip(), info.filename)

    def has_sheet(self, sheet: contract.Sheet) -> bool:
        return sheet.file_name in self.members

    def open_binary(self, sheet: contract.Sheet):
        # The member keeps the zip's file open after the archive object is closed, until it closes itself.
        with zipfile.ZipFile(self.path) as archive:
            return archive.open(self.members[sheet.file_name])


def open_source(path: Path | str) -> RegisterSource:
    """The register at ``path``: an .xlsx workbook, a folder of CSV files or a .zip of CSV files."""
    path = Path(path)
    if not path.exists():
        raise SourceError("path_missing", path=str(path))
    if path.is_dir():
        return CsvFolderSource(path)
    suffix = path.suffix.lower()
    if suffix == ".zip" or suffix in WORKBOOK_SUFFIXES:
        archive_check(path)  # decompression limits before any reader unpacks it (importing/archive.py)
    if suffix == ".zip":
        return CsvZipSource(path)
    if suffix in WORKBOOK_SUFFIXES:
        return WorkbookSource(path)
    raise SourceError("format_unsupported", suffix=path.suffix or path.name)

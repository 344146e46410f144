"""Where an export goes: an ``.xlsx`` workbook, a folder of CSV files, or a ``.zip`` of them.

Everything is written under a temporary name next to the target (``.NAME.partial-…``) and moved into place
by ``publish()`` only when complete; ``discard()`` (on any error or interruption) removes it. So an
interrupted export never leaves a partial file, and an existing file is replaced only by a complete one.
CSV files are UTF-8 with a BOM (Excel opens them as UTF-8), ``\\n`` line ends, minimal quoting, cells in
their canonical text (``values.format_cell``), text that a spreadsheet would run as a formula quoted
(``core.spreadsheet.csv_text``); zip entries carry a fixed date, so the same register gives
the same bytes.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

import openpyxl

from bangfu.core.errors import ApplicationError
from bangfu.core.spreadsheet import csv_text
from bangfu.registry import contract
from bangfu.registry.contract import Kind
from bangfu.registry.exporting import workbook
from bangfu.registry.values import format_cell

BUFFER_SIZE = 1 << 20
#: The date of every zip entry (the earliest a zip can hold): same register, same bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)

RowCallback = Callable[[int], None]


def _mode(full: int) -> int:
    """``full`` less the process's umask: the mode a file created the usual way would have."""
    umask = os.umask(0o077)
    os.umask(umask)
    return full & ~umask


def csv_formatters(sheet: contract.Sheet, extra: list[str]) -> list[Callable]:
    """For each column, the function giving a value's canonical cell text: ``values.format_cell``, with
    the common kinds done inline for speed (a test checks they agree with it)."""
    formatters = [_FAST.get(column.kind) or partial(format_cell, column) for column in sheet.columns]
    return formatters + [_text] * len(extra)


def _text(value) -> str:
    return value or ""


def _number(value) -> str:
    return "" if value is None else str(value)


def _bool(value) -> str:
    return "" if value is None else (contract.TRUE if value else contract.FALSE)


def _money(value) -> str:
    if value is None:
        return ""
    whole = int(value)
    return str(whole) if whole == value else str(value)


_FAST = {
    Kind.TEXT: _text,
    Kind.CODE: _text,
    Kind.DIVISION: _text,
    Kind.ID_NUMBER: _text,
    Kind.YEAR: _number,
    Kind.INT: _number,
    Kind.BOOL: _bool,
    Kind.MONEY: _money,
}


#: Kinds written as text, which ``csv_text`` makes inert (the others are numbers, 是/否 and dates).
_TEXT_KINDS = {Kind.TEXT, Kind.CODE, Kind.DIVISION, Kind.ID_NUMBER, Kind.DATE}


class Output:
    """A target written under a temporary name and published at the end."""

    #: The most data rows a sheet can hold (``None``: no limit).
    max_rows: int | None = None

    def __init__(self, target: Path):
        self.target = target
        self.temp: Path | None = None

    def open(self) -> None:
        raise NotImplementedError

    def write_sheet(self, sheet: contract.Sheet, extra: list[str], rows: Iterable, progress: RowCallback):
        raise NotImplementedError

    def close(self) -> None:
        """Finish writing the temporary file (still not in place)."""

    def publish(self) -> None:
        assert self.temp is not None
        self.temp.chmod(_mode(0o666))  # temporary files are private; the result gets the usual mode
        os.replace(self.temp, self.target)
        self.temp = None

    def discard(self) -> None:
        if self.temp is not None:
            if self.temp.is_dir():
                shutil.rmtree(self.temp, ignore_errors=True)
            else:
                self.temp.unlink(missing_ok=True)
            self.temp = None

    def _temp_name(self) -> str:
        return f".{self.target.name}.partial-{os.getpid()}-"


def _inert(format: Callable) -> Callable:
    return lambda value: csv_text(format(value))


def _write_csv(handle, sheet: contract.Sheet, extra: list[str], rows: Iterable, progress: RowCallback) -> int:
    """Text cells go through ``csv_text`` (a quote before a leading ``=``, ``+``, ``-``, ``@``, tab or CR);
    numbers, 是/否 and dates are written as they are."""
    writer = csv.writer(handle, lineterminator="\n")
    quoted = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_ALL)  # rows holding a CR (CsvWriter)
    writer.writerow([*sheet.headers, *extra])
    kinds = [column.kind for column in sheet.columns] + [Kind.TEXT] * len(extra)
    formatters = [
        _inert(format) if kind in _TEXT_KINDS else format
        for kind, format in zip(kinds, csv_formatters(sheet, extra), strict=True)
    ]
    count = 0
    for count, row in enumerate(rows, start=1):
        cells = [format(value) for format, value in zip(formatters, row, strict=True)]
        (quoted if "\r" in "".join(cells) else writer).writerow(cells)
        if count % 10_000 == 0:
            progress(count)
    return count


class CsvFolder(Output):
    """A folder of ``<sheet>.csv`` files. In an existing folder, the contract's files are replaced (and a
    ``村年度.csv`` this export does not write is removed, so the folder never mixes two registers); other
    files are left alone."""

    def open(self) -> None:
        if self.target.exists() and not self.target.is_dir():
            raise ApplicationError(f"{self.target} 已存在且不是文件夹：CSV 格式导出到文件夹或 .zip 文件")
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.temp = Path(tempfile.mkdtemp(prefix=self._temp_name(), dir=self.target.parent))
        self.written: list[str] = []

    def write_sheet(self, sheet, extra, rows, progress) -> int:
        assert self.temp is not None
        path = self.temp / sheet.file_name
        with path.open("w", encoding="utf-8-sig", newline="", buffering=BUFFER_SIZE) as handle:
            count = _write_csv(handle, sheet, extra, rows, progress)
        self.written.append(sheet.file_name)
        return count

    def publish(self) -> None:
        assert self.temp is not None
        if not self.target.exists():
            self.temp.chmod(_mode(0o777))
            os.replace(self.temp, self.target)  # one rename: the folder appears complete
            self.temp = None
            return
        for sheet in contract.SHEETS:
            if sheet.file_name in self.written:
                os.replace(self.temp / sheet.file_name, self.target / sheet.file_name)
            else:
                (self.target / sheet.file_name).unlink(missing_ok=True)
        self.temp.rmdir()
        self.temp = None


class CsvZip(Output):
    """A ``.zip`` holding one ``<sheet>.csv`` per sheet."""

    def open(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=self._temp_name(), suffix=".zip", dir=self.target.parent)
        os.close(handle)
        self.temp = Path(name)
        self.archive = zipfile.ZipFile(self.temp, "w", compression=zipfile.ZIP_DEFLATED)

    def write_sheet(self, sheet, extra, rows, progress) -> int:
        entry = zipfile.ZipInfo(sheet.file_name, date_time=ZIP_DATE)
        entry.compress_type = zipfile.ZIP_DEFLATED
        entry.external_attr = 0o644 << 16
        with (
            self.archive.open(entry, "w") as binary,
            io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as handle,
        ):
            return _write_csv(handle, sheet, extra, rows, progress)

    def close(self) -> None:
        self.archive.close()

    def discard(self) -> None:
        archive = getattr(self, "archive", None)
        if archive is not None and archive.fp is not None:
            with contextlib.suppress(OSError, ValueError):
                archive.close()
        super().discard()


class Workbook(Output):
    """An ``.xlsx`` workbook with one sheet per contract sheet (see ``workbook``).

    openpyxl (write-only) writes the workbook's skeleton: every sheet with its settings, header row and
    validations, the styles, and the parts that tie them together. The data rows, rendered as XML by
    ``workbook.RowRenderer``, go to one temporary file per sheet while the rows stream from the database;
    ``close()`` then copies the skeleton into the final zip, splicing each sheet's rows in after its header.
    """

    max_rows = workbook.LAST_ROW - 1  # below the header row

    def open(self) -> None:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=self._temp_name(), suffix=".xlsx", dir=self.target.parent)
        os.close(handle)
        self.temp = Path(name)
        self.book = openpyxl.Workbook(write_only=True)
        self.book.properties.creator = "Bangfu"
        self.rows: dict[str, Path] = {}  # sheet name → its rendered rows

    def write_sheet(self, sheet, extra, rows, progress) -> int:
        assert self.temp is not None
        ws = self.book.create_sheet(sheet.name)
        workbook.sheet_setup(ws, sheet, extra)
        render = workbook.RowRenderer(sheet, extra, **workbook.style_ids(ws))
        handle, name = tempfile.mkstemp(prefix=self._temp_name(), suffix=".rows", dir=self.target.parent)
        self.rows[sheet.name] = Path(name)
        count = 0
        with open(handle, "w", encoding="utf-8", buffering=BUFFER_SIZE) as out:
            write = out.write
            for count, row in enumerate(rows, start=1):
                write(render(count + 1, row))
                if count % 10_000 == 0:
                    progress(count)
        return count

    def close(self) -> None:
        assert self.temp is not None
        skeleton = self.temp.with_name(self.temp.name + ".skeleton")
        try:
            self.book.save(skeleton)
            parts = {ws.path[1:]: self.rows.get(ws.title) for ws in self.book.worksheets}
            with (
                zipfile.ZipFile(skeleton) as source,
                zipfile.ZipFile(self.temp, "w", zipfile.ZIP_DEFLATED) as out,
            ):
                for entry in source.infolist():
                    rows = parts.get(entry.filename)
                    if rows is None:
                        copy = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
                        out.writestr(copy, source.read(entry), compress_type=zipfile.ZIP_DEFLATED)
                    else:
                        _splice(source.read(entry).decode("utf-8"), rows, out, entry)
        finally:
            skeleton.unlink(missing_ok=True)
            self._remove_rows()

    def discard(self) -> None:
        """Also remove the temporary files openpyxl streams each sheet to (left until exit otherwise)."""
        book = getattr(self, "book", None)
        for ws in book.worksheets if book is not None else ():
            with contextlib.suppress(Exception):  # openpyxl's internals; cleaning up must not hide the error
                if ws._rows is not None:
                    ws._rows.close()
                if ws._writer is not None:
                    ws._writer.close()
                    ws._writer.cleanup()
        self._remove_rows()
        super().discard()

    def _remove_rows(self) -> None:
        for path in getattr(self, "rows", {}).values():
            path.unlink(missing_ok=True)
        self.rows = {}


def _splice(xml: str, rows: Path, out: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Write a worksheet part with the rendered ``rows`` inserted at the end of its ``sheetData``."""
    end = xml.find("</sheetData>")
    if end < 0:  # an empty sheetData element, written self-closed
        start = xml.index("<sheetData")
        end = xml.index(">", start)
        head, tail = xml[:end].rstrip("/ ") + ">", "</sheetData>" + xml[end + 1 :]
    else:
        head, tail = xml[:end], xml[end:]
    head_bytes, tail_bytes = head.encode("utf-8"), tail.encode("utf-8")
    target = zipfile.ZipInfo(entry.filename, date_time=entry.date_time)
    target.compress_type = zipfile.ZIP_DEFLATED
    # The size, known in advance, lets zipfile use ZIP64 only when the part needs it (Excel 2007 reads no ZIP64).
    target.file_size = len(head_bytes) + rows.stat().st_size + len(tail_bytes)
    with out.open(target, "w") as part:
        part.write(head_bytes)
        with rows.open("rb") as source:
            shutil.copyfileobj(source, part, BUFFER_SIZE)
        part.write(tail_bytes)


def output_for(path: Path, fmt: str) -> Output:
    """The output for ``path`` in format ``fmt`` (``xlsx``, or ``csv``: a folder, or a zip for ``.zip``)."""
    suffix = path.suffix.lower()
    if fmt == "xlsx":
        if suffix != ".xlsx":
            raise ApplicationError(f"xlsx 格式的文件名应以 .xlsx 结尾：{path}")
        return Workbook(path)
    if fmt == "csv":
        if suffix == ".zip":
            return CsvZip(path)
        if suffix in (".csv", ".xlsx"):
            raise ApplicationError(
                f"CSV 格式导出到一个文件夹（每个表一个 CSV 文件）或一个 .zip 文件，而不是 {path}"
            )
        return CsvFolder(path)
    raise ApplicationError(f"未知的格式“{fmt}”：应为 xlsx 或 csv")

"""Writes the register's CSV files all or nothing.

Files go to a temporary folder next to the output folder and are moved into place only when every file
is complete; on any error or interruption (KeyboardInterrupt included) the temporary folder is removed,
so the output folder never holds partial files. CSV: UTF-8 with BOM (Excel opens it as UTF-8), ``\\n``
line ends, minimal quoting, header row = the contract's column names.
"""

from __future__ import annotations

import csv
import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from bangfu.registry.contract import SHEETS, Sheet

BUFFER_SIZE = 1 << 20


class RegisterWriter:
    """``with RegisterWriter(out_dir) as writer: writer[sheet].writerow(...)``."""

    def __init__(self, out_dir: Path, sheets: tuple[Sheet, ...] = SHEETS):
        self.out_dir = Path(out_dir)
        self.sheets = sheets
        self.temp_dir: Path | None = None
        self.files: dict[str, IO[str]] = {}
        self.writers: dict[str, Any] = {}

    def __enter__(self) -> RegisterWriter:
        parent = self.out_dir.parent
        parent.mkdir(parents=True, exist_ok=True)
        self.temp_dir = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.partial-", dir=parent))
        try:
            for sheet in self.sheets:
                handle = open(
                    self.temp_dir / sheet.file_name,
                    "w",
                    encoding="utf-8-sig",
                    newline="",
                    buffering=BUFFER_SIZE,
                )
                self.files[sheet.name] = handle
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(sheet.headers)
                self.writers[sheet.name] = writer
        except BaseException:
            self._discard()
            raise
        return self

    def __getitem__(self, sheet: Sheet) -> Any:
        return self.writers[sheet.name]

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if kind is not None:
            self._discard()
            return
        try:
            for handle in self.files.values():
                handle.close()
            self._move_into_place()
        except BaseException:
            self._discard()
            raise

    def _move_into_place(self) -> None:
        assert self.temp_dir is not None
        self.out_dir.mkdir(exist_ok=True)  # created now (not at the start), with the usual permissions
        for sheet in self.sheets:
            os.replace(self.temp_dir / sheet.file_name, self.out_dir / sheet.file_name)
        self.temp_dir.rmdir()
        self.temp_dir = None

    def _discard(self) -> None:
        for handle in self.files.values():
            handle.close()
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None

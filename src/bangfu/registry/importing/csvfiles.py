"""Reading CSV files (from a folder or a zip) as rows of text with their line numbers.

Encodings: UTF-8 with or without BOM, else GB18030 (what Excel writes on Chinese Windows as "CSV"). The
encoding is decided by decoding the whole file strictly once, in chunks (memory stays flat), so a file is
never half-read in the wrong encoding.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from typing import BinaryIO

from bangfu.core.spreadsheet import csv_unquote
from bangfu.registry.importing.issues import SourceError

ENCODINGS = ("utf-8-sig", "gb18030")
CHUNK = 1 << 20

OpenBinary = Callable[[], BinaryIO]


def detect_encoding(open_binary: OpenBinary, sheet: str) -> str:
    """The first of ``ENCODINGS`` that decodes the whole file; ``SourceError`` if none does."""
    first_failure_line = 1
    for encoding in ENCODINGS:
        # Plain UTF-8 here (a BOM is valid UTF-8): error positions then count from the chunk's start.
        decoder = codecs.getincrementaldecoder(encoding.removesuffix("-sig"))("strict")
        lines = 0
        with open_binary() as handle:
            try:
                while chunk := handle.read(CHUNK):
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError as error:
                        lines += chunk[: max(error.start, 0)].count(b"\n")
                        raise
                    lines += chunk.count(b"\n")
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError:
                if encoding == ENCODINGS[0]:
                    first_failure_line = lines + 1
    raise SourceError("encoding", sheet=sheet, line=first_failure_line)


def csv_rows(open_binary: OpenBinary, encoding: str, sheet: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number where the record starts, cells)`` for each record; quoted cells may span lines."""
    with open_binary() as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as text:
        reader = csv.reader(text)
        previous = 0
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # a NUL byte, an enormous cell, a quote never closed
                raise SourceError(
                    "csv_malformed", sheet=sheet, line=previous + 1, detail=str(error)
                ) from None
            start, previous = previous + 1, reader.line_num
            if start == 1 and cells and cells[0].startswith("\ufeff"):
                cells[0] = cells[0][1:]  # a BOM that the codec did not remove (GB18030 files)
            # The export's quote before text a spreadsheet would run as a formula (core.spreadsheet).
            yield start, [csv_unquote(cell) if cell[:1] == "'" else cell for cell in cells]


def zip_member_name(info_name: str, flag_bits: int) -> str:
    """A zip member's real name: names without the UTF-8 flag are often GBK (zips made on Chinese Windows)."""
    if flag_bits & 0x800:
        return info_name
    try:
        raw = info_name.encode("cp437")
    except UnicodeEncodeError:
        return info_name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info_name

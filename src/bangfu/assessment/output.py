"""Writing command output as CSV or JSON: to stdout, or to a file that appears whole or not at all."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TextIO

from bangfu.core.errors import ApplicationError
from bangfu.core.spreadsheet import CsvWriter, csv_row


def write_rows(
    stream: TextIO,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    fmt: str,
    *,
    header: Sequence[str] | None = None,
) -> int:
    """``rows`` as CSV (a header line, then one line per row) or as a JSON list of objects; returns count.

    ``header``: the CSV's header line for people (Chinese names); the file then begins with a byte-order mark,
    so that Excel reads it as UTF-8. Without it the header is ``columns`` and there is no BOM (for programs).
    """
    count = 0
    if fmt == "csv":
        writer = CsvWriter(stream)
        if header is not None:
            stream.write("\ufeff")
        writer.writerow(columns if header is None else header)
        for row in rows:
            writer.writerow(csv_row(row))  # text a spreadsheet would run as a formula is quoted
            count += 1
        return count
    stream.write("[")
    for row in rows:
        item = json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
        stream.write(("\n  " if count == 0 else ",\n  ") + item)
        count += 1
    stream.write("\n]\n" if count else "]\n")
    return count


def write_output(out: Path | None, stdout: TextIO, write: Callable[[TextIO], int]) -> int:
    """Run ``write`` on ``stdout``, or on a temporary file renamed to ``out`` once complete.

    An error or Ctrl-C half-way leaves no file (and an existing ``out`` untouched).
    """
    if out is None:
        return write(stdout)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with temporary.open("w", encoding="utf-8", newline="") as handle:
            count = write(handle)
        os.replace(temporary, out)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise ApplicationError(f"无法写入 {out}：{error.strerror}") from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count

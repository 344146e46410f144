"""Hostile and large files for the import's limits: zip bombs (.xlsx and .zip), lying headers, generated
registers as workbooks. Shared by the registry, web and command tests and ``bench/upload_limits.py``."""

from __future__ import annotations

import csv
import struct
import zipfile
from pathlib import Path

from openpyxl import Workbook

from bangfu.registry import contract
from tests.registry.importing.builders import valid_rows, write_workbook

MB = 1 << 20


def _stream_member(
    archive: zipfile.ZipFile, name: str, head: bytes, repeated: bytes, total: int, tail: bytes
):
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w") as member:
        member.write(head)
        block = repeated * max(1, MB // len(repeated))
        written = 0
        while written < total:
            member.write(block)
            written += len(block)
        member.write(tail)


def xlsx_bomb(path: Path, uncompressed_mb: int = 200, shared_string: bool = False) -> Path:
    """A valid workbook whose 成员 sheet is replaced by ``uncompressed_mb`` MB of repeated rows (or one huge
    shared string): a few hundred kB on disk."""
    source = write_workbook(path.with_name(path.stem + "-base.xlsx"), valid_rows())
    with zipfile.ZipFile(source) as base, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        sheets = [n for n in base.namelist() if n.startswith("xl/worksheets/sheet")]
        target = sorted(sheets)[2]  # 村, 户, 成员: the third sheet
        for info in base.infolist():
            if info.filename == target and not shared_string:
                row = b'<row><c t="inlineStr"><is><t>4415211012010001</t></is></c></row>'
                head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                _stream_member(
                    bomb, info.filename, head, row, uncompressed_mb * MB, b"</sheetData></worksheet>"
                )
            elif info.filename != "xl/sharedStrings.xml" or not shared_string:
                bomb.writestr(info, base.read(info.filename))
        if shared_string:
            head = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            _stream_member(bomb, "xl/sharedStrings.xml", head, b"A", uncompressed_mb * MB, b"</t></si></sst>")
    return path


def zip_bomb(path: Path, uncompressed_mb: int = 200) -> Path:
    """A .zip of CSV files whose 成员.csv is ``uncompressed_mb`` MB of one repeated line."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        header = ",".join(contract.MEMBERS.headers).encode() + b"\n"
        line = b"4415211012010001,x,441521196502030011,\xe6\x88\xb7\xe4\xb8\xbb\n"
        _stream_member(archive, contract.MEMBERS.file_name, header, line, uncompressed_mb * MB, b"")
        for sheet in (contract.VILLAGES, contract.HOUSEHOLDS, contract.INCOMES):
            archive.writestr(sheet.file_name, ",".join(sheet.headers) + "\n")
    return path


def understate_sizes(path: Path, declared: int = 1000) -> Path:
    """Rewrite every member's declared uncompressed size (local header and central directory) to
    ``declared`` bytes: a zip whose directory lies. Only for zips without zip64 extras."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    for info in infos:
        struct.pack_into("<I", data, info.header_offset + 22, declared)  # local file header
    offset = data.rfind(b"PK\x05\x06")
    (central,) = struct.unpack_from("<I", data, offset + 16)
    for _ in infos:
        struct.pack_into("<I", data, central + 24, declared)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, central + 28)
        central += 46 + name_len + extra_len + comment_len
    path.write_bytes(bytes(data))
    return path


def folder_to_workbook(folder: Path, path: Path) -> Path:
    """The CSV files of a generated register as one .xlsx workbook (cells as text), written streaming."""
    workbook = Workbook(write_only=True)
    for sheet in contract.SHEETS:
        file = folder / sheet.file_name
        if not file.exists():
            continue
        worksheet = workbook.create_sheet(sheet.name)
        with file.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                worksheet.append(row)
    workbook.save(path)
    return path

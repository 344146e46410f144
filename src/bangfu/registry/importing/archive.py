"""Decompression limits (解压限制) for .xlsx workbooks and .zip files, before anything reads them.

An .xlsx is a zip of XML files, and a .zip of CSV files is a zip too: a few megabytes can unpack to gigabytes
("zip bomb"). ``archive_check(path)`` looks at the zip's directory first and refuses, with one located
message, a file whose members add up to more than ``BANGFU_IMPORT_MAX_UNCOMPRESSED_MB`` or that unpacks
more than ``BANGFU_IMPORT_MAX_RATIO`` times its compressed size (as a whole, or any member of 1 MiB or more). The directory may lie, so it then
decompresses every member once, counting the bytes, and stops as soon as the count passes the limit or a
member's declared size (Python's ``zipfile`` also checks each member's CRC). Only then does a reader (calamine,
the CSV reader) open the file. Memory stays at one chunk (1 MiB) whatever the file holds.

Files that are not zips (.xls, CSV files) pass unchecked. ``register_validate``, ``bangfu import``, the web
upload and ``bangfu programme-import`` all open files through ``sources.open_source``, which calls this.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from bangfu.registry.importing.issues import SourceError

MB = 1 << 20
CHUNK = MB
#: Defaults when Django's settings are not configured (or lack the names); see docs/import.md for the
#: measurement behind them.
DEFAULT_MAX_UNCOMPRESSED_MB = 1024
DEFAULT_MAX_RATIO = 100


@dataclass(frozen=True)
class ArchiveLimits:
    max_bytes: int
    max_ratio: float

    @classmethod
    def configured(cls) -> ArchiveLimits:
        """The limits from the settings ``BANGFU_IMPORT_MAX_UNCOMPRESSED_MB`` and ``BANGFU_IMPORT_MAX_RATIO``."""
        megabytes, ratio = DEFAULT_MAX_UNCOMPRESSED_MB, DEFAULT_MAX_RATIO
        try:
            from django.conf import settings

            if settings.configured:
                megabytes = getattr(settings, "BANGFU_IMPORT_MAX_UNCOMPRESSED_MB", megabytes)
                ratio = getattr(settings, "BANGFU_IMPORT_MAX_RATIO", ratio)
        except ImportError:  # pragma: no cover - Django is a dependency
            pass
        return cls(int(megabytes) * MB, float(ratio))


@dataclass(frozen=True)
class ArchiveSize:
    """What a zip declares: members' total uncompressed and compressed bytes, and the most compressed
    member of at least ``MEMBER_RATIO_FLOOR`` bytes (a bomb padded with incompressible data has a modest
    overall ratio; its bomb member does not)."""

    uncompressed: int
    compressed: int
    member_ratio: float = 0.0

    @property
    def ratio(self) -> float:
        return max(self.uncompressed / max(self.compressed, 1), self.member_ratio)


#: Members smaller than this are not judged by their own ratio (styles and the like compress very well).
MEMBER_RATIO_FLOOR = MB


def archive_size(path: Path | str) -> ArchiveSize | None:
    """The zip's declared sizes, or ``None`` when ``path`` is not a zip file."""
    if not zipfile.is_zipfile(path):
        return None
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
    member_ratio = max(
        (i.file_size / max(i.compress_size, 1) for i in infos if i.file_size >= MEMBER_RATIO_FLOOR),
        default=0.0,
    )
    return ArchiveSize(sum(i.file_size for i in infos), sum(i.compress_size for i in infos), member_ratio)


def archive_check(path: Path | str, limits: ArchiveLimits | None = None) -> None:
    """Refuse (``SourceError``) a zip that would unpack beyond the limits; nothing for other files."""
    limits = limits or ArchiveLimits.configured()
    try:
        size = archive_size(path)
        if size is None:
            return
        if size.uncompressed > limits.max_bytes:
            raise _too_large(size.uncompressed, limits)
        if size.ratio > limits.max_ratio:
            raise SourceError("archive_ratio", ratio=f"{size.ratio:,.0f}", limit=f"{limits.max_ratio:g}")
        _count_while_decompressing(Path(path), limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError) as error:
        raise SourceError("zip_unreadable", detail=str(error) or type(error).__name__) from None


def _count_while_decompressing(path: Path, limits: ArchiveLimits) -> None:
    """Decompress each member once, counting: stop past the total limit or a member's declared size."""
    total = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            seen = 0
            try:
                with archive.open(info) as member:
                    while chunk := member.read(CHUNK):
                        seen += len(chunk)
                        total += len(chunk)
                        if total > limits.max_bytes:
                            raise _too_large(total, limits, at_least=True)
                        if seen > info.file_size:
                            raise SourceError("archive_lying", member=info.filename)
            except zipfile.BadZipFile:  # zipfile stops at the declared size; the CRC then does not match
                raise SourceError("archive_lying", member=info.filename) from None


def _too_large(size: int, limits: ArchiveLimits, at_least: bool = False) -> SourceError:
    return SourceError(
        "archive_too_large_partial" if at_least else "archive_too_large",
        size=f"{size / MB:,.0f}",
        limit=f"{limits.max_bytes / MB:,.0f}",
    )

"""The backup file: one gzip-compressed tar archive, readable by standard tools (``tar -tzf``).

    database/bangfu.sqlite3 | database/bangfu.pgdump   the database (see ``database.py``)
    files/secret_key                                    BANGFU_HOME's signing key, when it is a file
    files/uploads/…                                     uploaded registers and their reports
    files/standards/…                                   custom standard files kept in BANGFU_HOME
    manifest.json                                       last: version, schema, time, size and sha256 of each

The manifest comes last so that its presence says the archive was written to the end; each member is
hashed while it is written, and again while it is read back into a staging folder, before anything is
replaced.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from bangfu.core.backup.manifest import NAME as MANIFEST
from bangfu.core.backup.manifest import manifest_parse
from bangfu.core.errors import ApplicationError

CHUNK = 1024 * 1024
#: What a backup may hold, and nothing else (a member outside these is refused).
ROOTS = ("database", "files")
DAMAGED = "备份文件已损坏（不完整或被改动）：{detail}，未做任何更改"


class _Hashing(io.RawIOBase):
    """Reads a file and hashes what it hands on (tar reads members through it)."""

    def __init__(self, handle, size: int):
        self.handle, self.left, self.sha256 = handle, size, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(min(len(buffer), self.left))
        self.left -= len(data)
        self.sha256.update(data)
        buffer[: len(data)] = data
        return len(data)


def archive_write(handle, entries: Iterator[tuple[str, Path]], *, manifest: Callable[[list[dict]], dict],
                  report: Callable[[str, int], None]) -> None:  # fmt: skip
    """Write ``(name in archive, file)`` entries, then the manifest built from their sizes and checksums."""
    members = []
    with tarfile.open(fileobj=handle, mode="w:gz", compresslevel=3, format=tarfile.PAX_FORMAT) as tar:
        for name, path in entries:
            try:
                source = path.open("rb")
            except FileNotFoundError:
                continue  # removed while the backup ran (e.g. an upload folder cleaned up)
            with source:
                size = path.stat().st_size
                info = tarfile.TarInfo(name)
                info.size, info.mtime, info.mode = size, int(path.stat().st_mtime), 0o600
                reader = _Hashing(source, size)
                tar.addfile(info, io.BufferedReader(reader, CHUNK))
            members.append({"name": name, "size": size, "sha256": reader.sha256.hexdigest()})
            report(name, size)
        data = json.dumps(manifest(members), ensure_ascii=False, indent=1).encode("utf-8")
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode = len(data), 0o600
        tar.addfile(info, io.BytesIO(data))


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0] not in ROOTS:
        raise ApplicationError(DAMAGED.format(detail=f"不应有的内容 {name}"))
    return path


def archive_read(source: Path, staging: Path, *, report: Callable[[str, int], None]) -> dict:
    """Unpack every member into ``staging`` while hashing it; returns the manifest once all match it."""
    seen: dict[str, tuple[int, str]] = {}
    manifest = None
    try:
        with tarfile.open(source, mode="r|gz") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    manifest = manifest_parse(tar.extractfile(member).read())
                    continue
                if not member.isfile():
                    raise ApplicationError(DAMAGED.format(detail=f"不应有的内容 {member.name}"))
                path = staging / _safe_name(member.name)
                path.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with tar.extractfile(member) as data, path.open("wb") as out:
                    while chunk := data.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                seen[member.name] = (member.size, digest.hexdigest())
                report(member.name, member.size)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise ApplicationError(DAMAGED.format(detail=f"{type(error).__name__}: {error}")) from None
    except OSError as error:
        raise ApplicationError(f"恢复时无法读写文件：{error}，未做任何更改") from None
    if manifest is None:
        raise ApplicationError(DAMAGED.format(detail="缺少清单（文件不完整）"))
    expected = {m["name"]: (m["size"], m["sha256"]) for m in manifest.get("members", [])}
    for name in sorted(expected.keys() | seen.keys()):
        if expected.get(name) != seen.get(name):
            detail = f"{name} 的校验和不符" if name in seen and name in expected else f"{name} 缺失或多余"
            raise ApplicationError(DAMAGED.format(detail=detail))
    return manifest

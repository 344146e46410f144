"""Backup and restore (备份与恢复) of a Bangfu installation: the database and the user data in BANGFU_HOME.

    summary = backup_write(target=Path("/srv/backup/bangfu-2026-12-04.tar.gz"), progress=printer)
    summary = backup_restore(source=Path("bangfu-2026-12-04.tar.gz"), force=False, progress=printer)

What a backup holds (see ``archive.py`` for the layout, ``manifest.py`` for the manifest):

* the database — SQLite through the online backup API, PostgreSQL through ``pg_dump`` (``database.py``);
  both are consistent snapshots taken while the site keeps serving;
* the user data in ``BANGFU_HOME``: ``uploads/`` (uploaded registers, their error reports),
  ``standards/`` (custom standard files: Bangfu reads standards by path, so this is where an office keeps
  its own to have them backed up) and ``secret_key`` (signs sessions and password-reset links);
* not: ``static/`` (collected again by ``bangfu serve``) and ``demo/`` (generated again by ``bangfu demo``).

A restore verifies everything before it changes anything: every member's size and sha256 against the
manifest, the database copy itself (SQLite ``quick_check``, ``pg_restore --list``), and the schema (a
backup from a newer Bangfu is refused; an older one is restored, then migrated). The target must be
empty — a home or database holding nothing but what ``migrate`` writes — unless ``force``.

Django's ``django-dbbackup`` was evaluated first and not used: see docs/operations.md.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from bangfu.core.backup import database
from bangfu.core.backup.archive import archive_read, archive_write
from bangfu.core.backup.manifest import compatibility_check, manifest_build
from bangfu.core.errors import ApplicationError

#: The user data in BANGFU_HOME that a backup holds (files or folders).
USER_DATA = ("secret_key", "uploads", "standards")
#: progress(stage, done, total=None, *, final=False), as core.progress.ProgressPrinter takes it.
Progress = Callable[..., None]


@dataclass
class BackupSummary:
    path: Path
    size: int = 0
    files: int = 0
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    migrated: bool = False
    manifest: dict = field(default_factory=dict)


def _quiet(*args, **kwargs) -> None:
    return None


def home() -> Path:
    return Path(settings.BANGFU_HOME)


def _user_files(root: Path) -> Iterator[tuple[str, Path]]:
    for name in USER_DATA:
        path = root / name
        if path.is_file():
            yield f"files/{name}", path
        elif path.is_dir():
            for item in sorted(path.rglob("*")):
                if item.is_file() and not item.is_symlink():
                    yield f"files/{item.relative_to(root).as_posix()}", item


# ------------------------------------------------------------------------------------------------ backup


def backup_write(*, target: Path, force: bool = False, progress: Progress | None = None) -> BackupSummary:
    """Write a backup of the database and BANGFU_HOME's user data to ``target`` (mode 0600)."""
    progress = progress or _quiet
    started = time.monotonic()
    target = target.expanduser().resolve()
    _target_check(target, force=force)
    scratch = Path(tempfile.mkdtemp(prefix=".bangfu-backup-", dir=target.parent))
    partial = target.with_name(f".{target.name}.partial")
    try:
        vendor = database.vendor()
        dump = scratch / ("bangfu.sqlite3" if vendor == "sqlite" else "bangfu.pgdump")
        progress("数据库快照 database snapshot", 0, final=True)
        counts = database.database_counts()
        database.database_dump(dump)
        progress("数据库快照 database snapshot", dump.stat().st_size, final=True)
        entries = [(f"database/{dump.name}", dump), *_user_files(home())]
        written = [0, 0]

        def report(name: str, size: int) -> None:
            written[0] += 1
            written[1] += size
            progress("写入备份 writing (bytes)", written[1], final=name == entries[-1][0])

        def manifest(members: list[dict]) -> dict:
            return manifest_build(vendor=vendor, database_member=f"database/{dump.name}", members=members,
                                  counts=counts)  # fmt: skip

        partial.unlink(missing_ok=True)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            archive_write(handle, iter(entries), manifest=manifest, report=report)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except OSError as error:
        raise ApplicationError(f"无法写入备份文件 {target}：{error.strerror or error}") from None
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return BackupSummary(target, target.stat().st_size, written[0], time.monotonic() - started, counts)


def _target_check(target: Path, *, force: bool) -> None:
    if target.is_dir():
        raise ApplicationError(f"{target} 是文件夹：请给出备份文件的名字，如 bangfu-2026-12-04.tar.gz")
    if target.exists() and not force:
        raise ApplicationError(f"备份文件 {target} 已存在：换一个名字，或加 --force 覆盖")
    if not target.parent.is_dir():
        raise ApplicationError(f"文件夹 {target.parent} 不存在")
    for name in USER_DATA:
        if target.is_relative_to(home() / name):
            raise ApplicationError(f"备份文件不能放在 {home() / name} 里（它会被备份进自己）")


# ------------------------------------------------------------------------------------------------ restore


def backup_restore(*, source: Path, force: bool = False, progress: Progress | None = None) -> BackupSummary:
    """Restore a backup into this (empty) home and database; checks everything before changing anything."""
    progress = progress or _quiet
    started = time.monotonic()
    source = source.expanduser().resolve()
    if not source.is_file():
        raise ApplicationError(f"找不到备份文件 {source}")
    root = home()
    staging = Path(tempfile.mkdtemp(prefix=".bangfu-restore-", dir=root))
    try:
        checked = [0, 0]

        def report(name: str, size: int) -> None:
            checked[0] += 1
            checked[1] += size
            progress("核对备份 checking (bytes)", checked[1])

        _empty_check(root, force=force)  # the quick refusal first; checked again below
        manifest = archive_read(source, staging, report=report)
        progress("核对备份 checking (bytes)", checked[1], final=True)
        migrate = compatibility_check(manifest, vendor=database.vendor())
        dump = staging / manifest["database"]["member"]
        database.database_check(dump, manifest["database"]["vendor"])
        _empty_check(root, force=force)
        progress("恢复数据库 restoring the database", dump.stat().st_size, final=True)
        database.database_restore(dump)
        _files_restore(staging / "files", root)
        if migrate:
            from django.core.management import call_command

            progress("升级数据库结构 migrating", 0, final=True)
            call_command("migrate", interactive=False, verbosity=0)
        counts = database.database_counts()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary = BackupSummary(source, source.stat().st_size, checked[0], time.monotonic() - started, counts)
    summary.migrated, summary.manifest = migrate, manifest
    return summary


def _empty_check(root: Path, *, force: bool) -> None:
    if force:
        return
    if not database.database_is_empty():
        counts = database.database_counts()
        raise ApplicationError(
            f"目标数据库不是空的（{counts.get('households', 0):,} 户、{counts['users']:,} 个用户）：只能恢复到空的环境或"
            "数据库；要覆盖现有数据请加 --force，未做任何更改"
        )
    for name in ("uploads", "standards"):
        folder = root / name
        if folder.is_dir() and any(folder.iterdir()):
            raise ApplicationError(
                f"{folder} 里已有文件：只能恢复到空的环境；要覆盖请加 --force，未做任何更改"
            )


def _files_restore(files: Path, root: Path) -> None:
    """Put the backup's user data in place of what the home holds (nothing, unless forced)."""
    for name in USER_DATA:
        staged, current = files / name, root / name
        if not staged.exists():
            continue
        if current.is_dir():
            shutil.rmtree(current)
        elif current.exists():
            current.unlink()
        shutil.move(staged, current)
        if name == "secret_key":
            current.chmod(0o600)

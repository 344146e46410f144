"""What a backup says about itself (``manifest.json``), and whether this code can restore it.

    {"format": "bangfu-backup", "format_version": 1, "bangfu_version": "0.1.0",
     "created_at": "2026-12-04T10:20:00+00:00", "database": {"vendor": "sqlite", "member": "database/…"},
     "migrations": {"registry": ["0001_initial", …], …}, "latest": {"registry": "0007_…", …},
     "members": [{"name": "database/bangfu.sqlite3", "size": 123, "sha256": "…"}, …],
     "counts": {"users": 4, "households": 120000}}

``migrations`` lists every applied migration per app, ``latest`` the newest one per app (for people). A
backup is compatible when every migration it lists is known to this code: an older backup is restored and
then migrated; one that lists a migration this code does not have comes from a newer Bangfu and is refused.
"""

from __future__ import annotations

import json
from importlib import metadata

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from bangfu.core.errors import ApplicationError

FORMAT = "bangfu-backup"
FORMAT_VERSION = 1
NAME = "manifest.json"


def bangfu_version() -> str:
    try:
        return metadata.version("bangfu")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "unknown"


def applied_migrations() -> dict[str, list[str]]:
    """Applied migrations per app, in the order they were applied."""
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    applied: dict[str, list[str]] = {}
    for app, name in loader.applied_migrations:
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def manifest_build(*, vendor: str, database_member: str, members: list[dict], counts: dict) -> dict:
    migrations = applied_migrations()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "bangfu_version": bangfu_version(),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "member": database_member},
        "migrations": migrations,
        "latest": {app: names[-1] for app, names in migrations.items() if names},
        "members": members,
        "counts": counts,
    }


def manifest_parse(data: bytes) -> dict:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ApplicationError("备份文件已损坏：清单无法读取，未做任何更改") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ApplicationError("这不是 Bangfu 的备份文件（没有 Bangfu 备份清单），未做任何更改")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ApplicationError(
            f"备份文件格式版本 {manifest.get('format_version')} 不受支持（本程序为 {FORMAT_VERSION}），"
            "请用生成它的 Bangfu 版本恢复，未做任何更改"
        )
    return manifest


def compatibility_check(manifest: dict, *, vendor: str) -> bool:
    """Refuse a backup this code cannot restore; returns whether it must be migrated after restoring."""
    source = manifest["database"]["vendor"]
    if source != vendor:
        raise ApplicationError(
            f"备份来自 {source} 数据库，当前数据库是 {vendor}：只能恢复到同一种数据库，未做任何更改"
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    unknown = sorted(
        f"{app}.{name}"
        for app, names in manifest["migrations"].items()
        for name in names
        if (app, name) not in known
    )
    if unknown:
        raise ApplicationError(
            f"备份来自更新的 Bangfu（{manifest.get('bangfu_version')}，含本程序没有的数据库结构 {unknown[0]} 等"
            f" {len(unknown)} 项）：请先升级 Bangfu 再恢复，未做任何更改"
        )
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    return not set(loader.graph.leaf_nodes()) <= applied

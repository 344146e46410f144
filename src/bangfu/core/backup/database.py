"""Copying the database out of a running site, and back into an empty one.

* **SQLite**: the online backup API (``sqlite3.Connection.backup``) of Django's own connection — the same
  SQLite library, never a second one on the live file. One step copies every page under one read
  transaction: a consistent snapshot; in WAL mode the site keeps reading and writing meanwhile. Restoring
  writes the copy next to the database and renames it into place (after removing a stale ``-wal``/``-shm``
  of the file it replaces), so that a half-written file is never the database.
* **PostgreSQL**: ``pg_dump --format=custom`` (one consistent snapshot of every table, sequence and index,
  without owners or grants) and ``pg_restore --single-transaction --exit-on-error`` (all or nothing).
  Both must be on ``PATH``, of the server's major version or newer.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, connections

from bangfu.core.errors import ApplicationError

#: Tables that a freshly migrated, empty database already fills; any other row means "not empty".
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission", "sqlite_sequence"}


def vendor() -> str:
    return connection.vendor


def database_dump(target: Path) -> None:
    """Write a consistent copy of the default database to ``target``."""
    if connection.vendor == "sqlite":
        _sqlite_dump(target)
    elif connection.vendor == "postgresql":
        _pg_dump(target)
    else:
        raise ApplicationError(f"不支持备份 {connection.vendor} 数据库（支持 SQLite 和 PostgreSQL）")


def _sqlite_dump(target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # pages=-1: one step, one consistent snapshot
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise ApplicationError("数据库副本未通过完整性检查：请先检查数据库（PRAGMA integrity_check）")
    finally:
        copy.close()


def _pg_environment() -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings.get(key):
            env[name] = str(settings[key])
    env["PGDATABASE"] = settings["NAME"]
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ApplicationError(
            f"找不到 {name}：请安装 PostgreSQL 客户端工具（与服务器同一主版本或更新，如 postgresql-client-15）"
        )
    return path


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise ApplicationError(f"{what}失败：{lines[0] if lines else done.returncode}")


def _pg_dump(target: Path) -> None:
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
         "pg_dump 备份数据库")  # fmt: skip


def database_is_empty() -> bool:
    """Whether the default database holds nothing but what ``migrate`` writes (or has no tables at all)."""
    if connection.vendor == "sqlite" and not Path(connection.settings_dict["NAME"]).exists():
        return True  # not even created: leave it so (a refused restore changes nothing)
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in BOOKKEEPING:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
            if cursor.fetchone() is not None:
                return False
    return True


#: What the manifest and the restore's summary count: name → a function counting it. Core counts the users; an
#: app above core adds its counts when Django loads it (the register: villages and households, registry/apps.py),
#: so that core imports no app.
COUNTS: dict[str, Callable[[], int]] = {"users": lambda: get_user_model().objects.count()}


def backup_count_register(name: str, count: Callable[[], int]) -> None:
    """Count ``name`` in every backup's manifest and restore's summary (in the order registered)."""
    COUNTS[name] = count


def database_counts() -> dict[str, int]:
    """A few counts for the manifest and the restore's summary."""
    try:
        return {name: count() for name, count in COUNTS.items()}
    except DatabaseError:
        raise ApplicationError("数据库还没有建表（或需要升级）：请先运行 bangfu migrate") from None


def database_check(dump: Path, manifest_vendor: str) -> None:
    """Check that the staged copy is a database of its kind before anything is replaced."""
    if manifest_vendor == "sqlite":
        try:
            copy = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
            try:
                result = copy.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                copy.close()
        except sqlite3.DatabaseError as error:
            raise ApplicationError(f"备份中的数据库已损坏（{error}），未做任何更改") from None
        if result != "ok":
            raise ApplicationError("备份中的数据库未通过完整性检查，未做任何更改")
    else:
        done = subprocess.run([_pg_tool("pg_restore"), "--list", str(dump)], capture_output=True, text=True)
        if done.returncode != 0:
            raise ApplicationError("备份中的 PostgreSQL 转储无法读取，未做任何更改")


def database_restore(dump: Path) -> None:
    """Put the staged copy in place of the (empty) default database."""
    if connection.vendor == "sqlite":
        _sqlite_restore(dump)
    else:
        _pg_restore(dump)


def _sqlite_restore(dump: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    connections.close_all()
    placed = target.with_name(target.name + ".restoring")
    shutil.copyfile(dump, placed)
    for suffix in ("-wal", "-shm", "-journal"):
        stale = target.with_name(target.name + suffix)
        stale.unlink(missing_ok=True)
    os.replace(placed, target)


def _pg_restore(dump: Path) -> None:
    with connection.cursor() as cursor:  # the target is empty (checked): drop what migrate created
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connections.close_all()
    _run(
        [_pg_tool("pg_restore"), "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
         f"--dbname={connection.settings_dict['NAME']}", str(dump)],
        "pg_restore 恢复数据库",
    )  # fmt: skip

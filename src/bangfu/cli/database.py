"""Fresh homes (新环境): before a command that needs the database, make sure its tables exist.

One rule for every command, applied by ``bangfu.cli.main`` before the command runs:

* The database has **no tables yet** and is the default embedded SQLite file in ``BANGFU_HOME`` (no
  ``BANGFU_DATABASE_URL``): it is created on the spot (``migrate``), with a one-line note. A new user's
  first ``bangfu load`` or ``bangfu serve`` just works.
* Otherwise, when migrations are missing — a PostgreSQL database that was never migrated, or any database
  that holds data and needs upgrading after a new version was installed — the command stops with one line
  saying what to run (``bangfu migrate``; for an upgrade, ``bangfu backup`` first). Changing the schema of a
  database that holds a county's data, or of a shared server, is a decision for its administrator.
* A database that cannot be reached stops the command with one line too, never a traceback (also
  ``migrate`` and ``demo``, which create the tables themselves).

Commands that need no database (``generate``, ``template``, ``programme-template``, help) and those that
manage the database themselves (``migrate``, ``demo``, ``backup``, ``restore``) are not checked.
"""

from __future__ import annotations

import os
import sys

#: Bangfu's commands that read or write no database, or handle it themselves.
NO_CHECK = {"generate", "template", "programme-template", "demo", "backup", "restore", "makemigrations"}
#: Commands that create the tables themselves: only checked for a reachable database.
CREATES_TABLES = {"migrate", "demo"}
#: Django's commands that need Bangfu's tables.
DJANGO_NEEDS = {"createsuperuser", "changepassword", "clearsessions", "axes_reset", "axes_list_attempts"}


def needs_database(command: str) -> bool:
    """Whether ``bangfu COMMAND`` reads or writes Bangfu's tables (Bangfu's own data commands)."""
    from django.core.management import get_commands

    app = get_commands().get(command, "")
    if command in NO_CHECK:
        return False
    return app.startswith("bangfu.") or command in DJANGO_NEEDS


def database_reachable() -> None:
    """Stop with one line when the database cannot be reached (for ``migrate`` and ``demo``, which create
    the tables themselves)."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

    try:
        connections[DEFAULT_DB_ALIAS].ensure_connection()
    except DatabaseError as error:
        raise SystemExit(_unreachable(error)) from None


def _unreachable(error: Exception) -> str:
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return f"无法连接数据库：{first} / cannot reach the database (BANGFU_DATABASE_URL)"


def embedded_sqlite() -> bool:
    """Whether the database is the default SQLite file in ``BANGFU_HOME``."""
    return not os.environ.get("BANGFU_DATABASE_URL")


def database_ready(command: str, *, err=None) -> None:
    """Create a fresh embedded database, or stop with one line when the database is not ready."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    err = err or sys.stderr
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        fresh = not connection.introspection.table_names()
    except DatabaseError as error:
        raise SystemExit(_unreachable(error)) from None
    if not plan:
        return
    if fresh and embedded_sqlite():
        from django.core.management import call_command

        print(
            f"首次使用：正在建库 {connection.settings_dict['NAME']}（bangfu migrate）"
            " / first use: creating the database",
            file=err,
        )
        call_command("migrate", interactive=False, verbosity=0)
        return
    if fresh:
        raise SystemExit(
            "数据库尚未建表：请先运行 bangfu migrate / the database has no tables: run bangfu migrate"
        )
    raise SystemExit(
        "数据库需要升级：请先备份（bangfu backup 文件），再运行 bangfu migrate"
        " / the database needs upgrading: bangfu backup FILE, then bangfu migrate"
    )

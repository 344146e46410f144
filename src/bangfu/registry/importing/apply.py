"""Apply a validated register file to the register (导入): one transaction, all or nothing.

Matching: villages by 行政区划代码, households by 户编号, members by 证件号码, income records by
(户编号, 年度), village statistics by (行政区划代码, 年度). Each row of the file is added, changed or
unchanged (members can also be *moved*: the 证件号码 is now under another 户编号). Records in the database
that belong to the file's villages or households but that the file no longer lists are *reported* as
removed-from-file, never deleted: a register is never silently shrunk.

Re-importing an unchanged file writes nothing to the register or its history (only the ``ImportRecord``
of the import itself). Every change is written set-wise (``core.bulk`` inserts, ``executemany`` updates)
and gets a history row (``importing/history.py``): who, when, which file, the values.

Two imports never mix: on SQLite the transaction takes the write lock at ``BEGIN`` (IMMEDIATE), so a second
import waits (up to the 30 s busy timeout) and then fails cleanly; on PostgreSQL an import takes a
transaction-level advisory lock (a second import waits for it) and locks the register's tables against
other writers (readers go on).

The input is the validated rows, typed as ``{field: value}`` with the field names of ``registry/contract.py``
(what ``loading.read_sheet`` yields) plus ``extra`` (the file's unknown columns). ``source_rows(sheet)``
returns a sheet's rows (it may be a generator: each sheet is read once, in the order 村 户 成员 收入 村年度),
or ``None`` when the file has no such sheet; removed-from-file is only reported for sheets the file has.

The work is split by responsibility: ``apply_summary.py`` (what an import did, as text), ``apply_values.py``
(row values against stored ones, set-wise writes), ``apply_register.py`` (villages, households) and
``apply_records.py`` (members, incomes, village statistics, removed-from-file).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from django.db import OperationalError, connection, transaction

from bangfu.core.errors import ApplicationError
from bangfu.core.jobs import job_keep
from bangfu.registry import contract
from bangfu.registry.importing.apply_register import _Apply
from bangfu.registry.importing.apply_summary import (  # noqa: F401  (the import's public names)
    ENTITIES,
    LIST_LIMIT,
    Counts,
    ImportSummary,
    message,
)
from bangfu.registry.importing.apply_values import (  # noqa: F401
    HOUSEHOLD_FIELDS,
    INCOME_FIELDS,
    LIVING_FIELDS,
    MEMBER_FIELDS,
    STAT_FIELDS,
    VILLAGE_FIELDS,
)
from bangfu.registry.importing.history import import_record_finish, import_record_start
from bangfu.registry.loading import read_sheet
from bangfu.registry.models import (
    Household,
    IncomeRecord,
    LivingConditions,
    Member,
    Village,
    VillageYearStat,
)
from bangfu.registry.signals import register_changed

#: ``source_rows(sheet)``: the sheet's validated rows, or None when the file has no such sheet.
SheetRows = Callable[[contract.Sheet], Iterable[Mapping[str, Any]] | None]
#: ``progress(stage, rows done)``
Progress = Callable[[str, int], None]

#: Key of the transaction-level advisory lock that serialises register imports on PostgreSQL ("bfimport").
ADVISORY_LOCK_KEY = int.from_bytes(b"bfimport", "big") >> 1
#: How long an import waits on PostgreSQL for another one to finish before giving up.
LOCK_WAIT = "10min"


# --------------------------------------------------------------------------------------------- entry


class _DryRun(Exception):
    """Raised at the end of a dry run to roll everything back."""


def register_import_apply(
    source_rows: SheetRows,
    *,
    file_name: str,
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
    sha256: str = "",
    lang: str = "zh",
    record_dry_run: bool = False,
) -> ImportSummary:
    """Apply a validated file to the register in one transaction; returns what it did (or would do).

    ``file_name`` names the import in history rows (``导入 <file> #<id>``); ``user`` is who imports (the
    history user); ``sha256`` is the file's hash (``history.file_sha256``). With ``dry_run`` everything is
    computed and then rolled back: nothing is written, not even the ``ImportRecord`` unless
    ``record_dry_run`` (for a web preview that wants to keep what was previewed).

    Raises ``ApplicationError`` (nothing written) when a row refers to an unknown household or village,
    when the database refuses a row, or when another import holds the register too long.
    """
    started = time.monotonic()
    summary = ImportSummary(file_name=file_name, dry_run=dry_run)
    report = progress or (lambda stage, done: None)
    try:
        with transaction.atomic():
            _lock_register(report, lang)
            record = import_record_start(file_name=file_name, sha256=sha256, user=user, dry_run=dry_run)
            summary.import_id = None if dry_run else record.pk
            _Apply(record, user, summary, report, lang).run(source_rows)
            summary.seconds = time.monotonic() - started
            import_record_finish(record, summary.as_json())
            if dry_run:
                raise _DryRun
            # The dashboard's pre-aggregated figures follow the register, in the same transaction.
            register_changed.send(__name__, reason=f"导入 import {file_name} #{record.pk}")
            # A web job's row says "written" in this same transaction (core.jobs).
            job_keep(import_id=record.pk, summary=summary.as_json())
    except _DryRun:
        if record_dry_run:
            kept = import_record_start(file_name=file_name, sha256=sha256, user=user, dry_run=True)
            summary.import_id = kept.pk
            import_record_finish(kept, summary.as_json())
    except OperationalError as error:
        if _is_busy(error):
            raise ApplicationError(message("busy", lang)) from None
        raise
    return summary


def _lock_register(report: Progress, lang: str) -> None:
    """Make this the only import writing to the register until the transaction ends."""
    if connection.vendor != "postgresql":
        return  # SQLite: BEGIN IMMEDIATE already holds the database's write lock
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
        if not cursor.fetchone()[0]:
            report("等待另一个导入完成" if lang == "zh" else "waiting for another import", 0)
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
            cursor.execute("SET LOCAL lock_timeout = DEFAULT")
        # Other writers (the admin, a load) wait until the import ends; readers go on.
        tables = ", ".join(
            connection.ops.quote_name(model._meta.db_table)
            for model in (Village, VillageYearStat, Household, LivingConditions, Member, IncomeRecord)
        )
        cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")


def _is_busy(error: Exception) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "lock timeout" in text or "lock_timeout" in text


def folder_rows(folder: Path) -> SheetRows:
    """``source_rows`` for a folder of canonical CSV files (as ``bangfu generate`` writes), read strictly
    with ``loading.read_sheet``; for tests and for files Bangfu wrote itself."""

    def rows(sheet: contract.Sheet):
        if not (folder / sheet.file_name).exists():
            return None
        return (row for _, row in read_sheet(folder, sheet))

    return rows

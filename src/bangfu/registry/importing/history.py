"""Import records and the change history an import writes (who, when, which file, old and new values).

History is django-simple-history's: one ``Historical<Model>`` row per version of a record, with
``history_user``, ``history_date``, ``history_change_reason`` (``导入 <file> #<id>`` for imports) and, added
by Bangfu, ``import_record`` (the ``ImportRecord`` that wrote it). The admin shows them (SimpleHistoryAdmin),
old → new per field.

An import writes history set-wise, not through model instances: after the records of a batch are inserted
or updated, ``HistoryWriter.record`` copies them, as stored, into the history table with one
``INSERT … SELECT`` per batch. That keeps a 10^5-household import in seconds and means the history holds
exactly what the database holds. Records that have no history yet (loaded by ``bangfu load``, or written
before history existed) get a baseline row of their old values before an import first changes them, so the
admin can show old → new for them too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models
from django.utils import timezone

from bangfu.core.bulk import batched
from bangfu.registry.models import (
    Household,
    ImportRecord,
    IncomeRecord,
    LivingConditions,
    Member,
    Village,
    VillageYearStat,
)

#: history_type values (django-simple-history's).
CREATED, CHANGED = "+", "~"
#: Change reason of a baseline row: the values a record had before an import first changed it.
BASELINE_REASON = "导入 #{id} 之前的值（补记）"


def import_change_reason(record: ImportRecord) -> str:
    """The change reason of every history row an import writes: ``导入 <file> #<id>``."""
    return f"导入 {record.file_name} #{record.pk}"


def import_record_start(
    *, file_name: str, sha256: str = "", user: AbstractBaseUser | None = None, dry_run: bool = False
) -> ImportRecord:
    """The record of an import that is starting (saved, so that history rows can point to it)."""
    return ImportRecord.objects.create(
        file_name=file_name[:255],
        sha256=sha256,
        user=user,
        username=user.get_username() if user is not None else "",
        started_at=timezone.now(),
        dry_run=dry_run,
    )


def import_record_finish(record: ImportRecord, summary: dict) -> None:
    record.finished_at = timezone.now()
    record.summary = summary
    record.save(update_fields=["finished_at", "summary"])


def file_sha256(path: Path) -> str:
    """SHA-256 of a file; of a folder, over its files' relative names and contents in name order."""
    digest = hashlib.sha256()
    if path.is_dir():
        for file in sorted(p for p in path.rglob("*") if p.is_file()):
            digest.update(file.relative_to(path).as_posix().encode() + b"\0")
            _feed(digest, file)
    else:
        _feed(digest, path)
    return digest.hexdigest()


def _feed(digest, file: Path) -> None:
    with file.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)


class HistoryWriter:
    """Writes history rows for records of one model, by primary key, straight from the model's table."""

    def __init__(self, model: type[models.Model], *, record: ImportRecord, user_id: int | None):
        self.model = model
        self.history = model.history.model
        self.import_record = record
        self.user_id = user_id
        self.reason = import_change_reason(record)
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.history_table = quote(self.history._meta.db_table)
        self.pk = quote(model._meta.pk.column)
        tracked = [field.column for field in self.history.tracked_fields]
        self.tracked = ", ".join(quote(column) for column in tracked)
        extra = (
            "history_date",
            "history_change_reason",
            "history_type",
            "history_user_id",
            "import_record_id",
        )
        self.columns = f"{self.tracked}, {', '.join(quote(name) for name in extra)}"
        self.updated_at = quote(model._meta.get_field("updated_at").column)
        self.history_pk = quote(model._meta.pk.column)  # the tracked copy of the pk in the history table

    def _date(self, when: datetime):
        return self.history._meta.get_field("history_date").get_db_prep_save(when, connection)

    def record_since(self, last_pk: int, history_type: str, when: datetime) -> int:
        """History rows for every record with a primary key above ``last_pk``: those the import inserted
        (it holds the register's write lock, so no one else inserts meanwhile). Returns how many."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {self.history_table} ({self.columns}) "
                f"SELECT {self.tracked}, %s, %s, %s, %s, %s FROM {self.table} WHERE {self.pk} > %s",
                [self._date(when), self.reason, history_type, self.user_id, self.import_record.pk, last_pk],
            )
            return cursor.rowcount

    def record(self, pks: Iterable[int], history_type: str, when: datetime) -> int:
        """One history row per record in ``pks``, holding its current values; returns how many."""
        count = 0
        with connection.cursor() as cursor:
            for batch in batched(pks):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(
                    f"INSERT INTO {self.history_table} ({self.columns}) "
                    f"SELECT {self.tracked}, %s, %s, %s, %s, %s FROM {self.table} WHERE {self.pk} IN ({marks})",
                    [
                        self._date(when),
                        self.reason,
                        history_type,
                        self.user_id,
                        self.import_record.pk,
                        *batch,
                    ],
                )
                count += len(batch)
        return count

    def baseline(self, pks: Sequence[int]) -> int:
        """For records in ``pks`` without any history, a row of their values as they are now (before the
        import changes them), dated when they were last written. Call before updating them."""
        if not pks:
            return 0
        written = 0
        with connection.cursor() as cursor:
            for batch in batched(pks):
                marks = ", ".join(["%s"] * len(batch))
                cursor.execute(
                    f"SELECT DISTINCT {self.history_pk} FROM {self.history_table} "
                    f"WHERE {self.history_pk} IN ({marks})",
                    batch,
                )
                known = {row[0] for row in cursor.fetchall()}
                missing = [pk for pk in batch if pk not in known]
                if not missing:
                    continue
                marks = ", ".join(["%s"] * len(missing))
                cursor.execute(
                    f"INSERT INTO {self.history_table} ({self.columns}) "
                    f"SELECT {self.tracked}, {self.updated_at}, %s, %s, NULL, NULL FROM {self.table} "
                    f"WHERE {self.pk} IN ({marks})",
                    [BASELINE_REASON.format(id=self.import_record.pk), CHANGED, *missing],
                )
                written += len(missing)
        return written


def import_history(record: ImportRecord) -> dict[str, models.QuerySet]:
    """The history rows an import wrote, by model verbose name (for inspection and tests)."""
    return {
        model._meta.model_name: model.history.filter(import_record=record)
        for model in (Village, VillageYearStat, Household, LivingConditions, Member, IncomeRecord)
    }

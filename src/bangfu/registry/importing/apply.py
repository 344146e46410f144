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
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from django.db import DataError, IntegrityError, OperationalError, connection, models, transaction
from django.db.models import Max, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from bangfu.core.bulk import batched, bulk_insert
from bangfu.core.errors import ApplicationError
from bangfu.core.jobs import job_keep
from bangfu.core.personal_data import mask_id_number
from bangfu.regions.models import Division, Level
from bangfu.regions.services import division_get_or_create, divisions_load_shipped
from bangfu.registry import contract
from bangfu.registry.importing.history import (
    CHANGED,
    CREATED,
    HistoryWriter,
    import_record_finish,
    import_record_start,
)
from bangfu.registry.importing.normalise import empty_value
from bangfu.registry.loading import read_sheet
from bangfu.registry.models import (
    Household,
    ImportRecord,
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

#: How many removed-from-file records and moved members the summary lists by name (all are counted).
LIST_LIMIT = 100
#: Key of the transaction-level advisory lock that serialises register imports on PostgreSQL ("bfimport").
ADVISORY_LOCK_KEY = int.from_bytes(b"bfimport", "big") >> 1
#: How long an import waits on PostgreSQL for another one to finish before giving up.
LOCK_WAIT = "10min"
#: After adding this many records, an import refreshes PostgreSQL's planner statistics (``ANALYZE``).
ANALYZE_AFTER = 10_000


def _fields(sheet: contract.Sheet, *keys: str) -> tuple[str, ...]:
    return tuple(column.field for column in sheet.columns if column.field not in keys)


VILLAGE_FIELDS = ("is_poor", "identified_year", "exit_year", "is_demonstration", "registered_population")
HOUSEHOLD_FIELDS = ("village_id", "head_id_number", "attribute", "identified_year", "exit_year",
                    "main_cause", "phone")  # fmt: skip
LIVING_FIELDS = ("housing_grade", "housing_renovated", "safe_water")
MEMBER_FIELDS = ("household_id", *_fields(contract.MEMBERS, "household_code", "id_number"))
INCOME_FIELDS = _fields(contract.INCOMES, "household_code", "year")
STAT_FIELDS = _fields(contract.VILLAGE_STATS, "division_code", "year")


# --------------------------------------------------------------------------------------------- messages

MESSAGES: dict[str, dict[str, str]] = {
    "entity.villages": {"zh": "村", "en": "villages"},
    "entity.village_stats": {"zh": "村年度统计", "en": "village yearly statistics"},
    "entity.households": {"zh": "户", "en": "households"},
    "entity.members": {"zh": "成员", "en": "members"},
    "entity.income_records": {"zh": "收入记录", "en": "income records"},
    "counts": {
        "zh": "新增 {added:,}，变更 {changed:,}，未变 {unchanged:,}，文件中已无 {removed_from_file:,}",
        "en": "added {added:,}, changed {changed:,}, unchanged {unchanged:,}, "
        "removed from file {removed_from_file:,}",
    },
    "moved": {"zh": "，迁入他户 {moved:,}", "en": ", moved to another household {moved:,}"},
    "fields": {"zh": "    变更的字段：{fields}", "en": "    fields changed: {fields}"},
    "title": {"zh": "导入 {file}", "en": "Import of {file}"},
    "title_dry": {"zh": "试运行 {file}（不写入）", "en": "Dry run of {file} (nothing written)"},
    "removed_households": {
        "zh": "文件中已无、档案库中仍保留的户（未删除，请核实）：{items}",
        "en": "Households no longer in the file, kept in the register (not deleted; please check): {items}",
    },
    "removed_members": {
        "zh": "文件中已无、档案库中仍保留的成员（未删除，请核实）：{items}",
        "en": "Members no longer in the file, kept in the register (not deleted; please check): {items}",
    },
    "moved_members": {"zh": "迁户的成员：{items}", "en": "Members moved between households: {items}"},
    "move": {"zh": "{id}（{old} → {new}）", "en": "{id} ({old} → {new})"},
    "renamed_villages": {"zh": "村名已更改：{items}", "en": "Villages renamed: {items}"},
    "more": {"zh": " 等，共 {count:,} 个", "en": " … {count:,} in all"},
    "done": {
        "zh": "已写入档案库，每项变更都记录了历史（导入记录 #{id}）。",
        "en": "Written to the register; every change has a history row (import #{id}).",
    },
    "nothing": {
        "zh": "档案库与文件一致，没有任何变更（导入记录 #{id}）。",
        "en": "The register already matches the file; nothing changed (import #{id}).",
    },
    "dry_done": {
        "zh": "试运行：以上是导入将做的变更，档案库未作任何改动。",
        "en": "Dry run: these are the changes an import would make; the register was not changed.",
    },
    "removed_note": {
        "zh": "“文件中已无”的记录只作报告，不会删除；如确需删除，请在管理后台逐条处理。",
        "en": "Records “removed from file” are only reported, never deleted; delete them one by one in the "
        "admin if they really should go.",
    },
    # errors
    "busy": {
        "zh": "另一个导入正在写入档案库，等待超时。请等它完成后再试（未写入任何数据）",
        "en": "Another import is writing to the register and did not finish in time. Try again when it is "
        "done (nothing was written)",
    },
    "rejected": {
        "zh": "数据库拒绝了“{sheet}”表中的数据，未写入任何数据：{detail}",
        "en": "The database refused data of sheet '{sheet}'; nothing was written: {detail}",
    },
    "duplicate": {
        "zh": "“{sheet}”表中 {column} {value} 出现了不止一次（未写入任何数据）",
        "en": "Sheet '{sheet}': {column} {value} appears more than once (nothing was written)",
    },
    "unknown_reference": {
        "zh": "“{sheet}”表中 {column} {value} 既不在文件中，也不在档案库中（未写入任何数据）",
        "en": "Sheet '{sheet}': {column} {value} is neither in the file nor in the register (nothing was "
        "written)",
    },
    "unknown_county": {
        "zh": "“村”表中行政区划代码 {value} 的县区代码 {county} 不在已知的行政区划中（未写入任何数据）",
        "en": "Sheet 村: the county code {county} of division code {value} is not a known division (nothing "
        "was written)",
    },
    "not_village": {
        "zh": "“村”表中行政区划代码 {value} 已是{level}级区划，不能登记为村（未写入任何数据）",
        "en": "Sheet 村: division code {value} is a division of level {level}, not a village (nothing was "
        "written)",
    },
}


def message(key: str, lang: str = "zh", **values) -> str:
    texts = MESSAGES[key]
    return texts.get(lang, texts["zh"]).format(**values)


# --------------------------------------------------------------------------------------------- summary


@dataclass
class Counts:
    """What an import did to one kind of record. Each row of the file is exactly one of added, changed,
    unchanged or moved; removed_from_file counts records of the database the file no longer lists."""

    added: int = 0
    changed: int = 0
    unchanged: int = 0
    removed_from_file: int = 0
    moved: int = 0  # members only
    fields: Counter = field(default_factory=Counter)  # changed field → how many records

    def as_json(self) -> dict:
        return {
            "added": self.added,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "removed_from_file": self.removed_from_file,
            "moved": self.moved,
            "fields": dict(sorted(self.fields.items())),
        }


ENTITIES = ("villages", "households", "members", "income_records", "village_stats")


@dataclass
class ImportSummary:
    file_name: str
    dry_run: bool = False
    import_id: int | None = None
    villages: Counts = field(default_factory=Counts)
    households: Counts = field(default_factory=Counts)
    members: Counts = field(default_factory=Counts)
    income_records: Counts = field(default_factory=Counts)
    village_stats: Counts = field(default_factory=Counts)
    #: The first LIST_LIMIT of each: removed-from-file households (户编号) and members (masked 证件号码 and
    #: 户编号), moved members (masked 证件号码, old and new 户编号), renamed villages (code, old, new name).
    removed_households: list[str] = field(default_factory=list)
    removed_members: list[list[str]] = field(default_factory=list)
    moved_members: list[list[str]] = field(default_factory=list)
    renamed_villages: list[list[str]] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> dict[str, Counts]:
        return {name: getattr(self, name) for name in ENTITIES}

    @property
    def has_changes(self) -> bool:
        """Whether the import wrote (or, in a dry run, would write) anything to the register."""
        return any(c.added or c.changed or c.moved for c in self.counts().values())

    def as_json(self) -> dict:
        return {
            "file_name": self.file_name,
            "dry_run": self.dry_run,
            "import_id": self.import_id,
            **{name: counts.as_json() for name, counts in self.counts().items()},
            "removed_households": self.removed_households,
            "removed_members": self.removed_members,
            "moved_members": self.moved_members,
            "renamed_villages": self.renamed_villages,
            "seconds": round(self.seconds, 2),
        }

    def lines(self, lang: str = "zh") -> list[str]:
        """The summary as text for people, in Chinese or English."""
        title = "title_dry" if self.dry_run else "title"
        lines = [message(title, lang, file=self.file_name)]
        width = 10 if lang == "zh" else 26
        for name, counts in self.counts().items():
            text = message("counts", lang, **counts.as_json())
            if name == "members":
                text += message("moved", lang, moved=counts.moved)
            label = message(f"entity.{name}", lang)
            pad = width - (len(label) * 2 if lang == "zh" else len(label))
            lines.append(f"  {label}{' ' * max(pad, 1)}{text}")
            if counts.fields:
                fields = ", ".join(f"{_header(name, f)} {n:,}" for f, n in counts.fields.most_common())
                lines.append(message("fields", lang, fields=fields))
        lists = [
            ("removed_households", self.removed_households, self.households.removed_from_file, str),
            (
                "removed_members",
                self.removed_members,
                self.members.removed_from_file,
                "{0[0]}（{0[1]}）".format,
            ),
            (
                "moved_members",
                self.moved_members,
                self.members.moved,
                lambda m: message("move", lang, id=m[0], old=m[1], new=m[2]),
            ),
            ("renamed_villages", self.renamed_villages, len(self.renamed_villages), " ".join),
        ]
        for key, items, total, show in lists:
            if items:
                text = "、".join(show(item) for item in items[:10])
                if total > 10:
                    text += message("more", lang, count=total)
                lines.append(message(key, lang, items=text))
        if self.households.removed_from_file or self.members.removed_from_file:
            lines.append(message("removed_note", lang))
        if self.dry_run:
            lines.append(message("dry_done", lang))
        elif self.has_changes:
            lines.append(message("done", lang, id=self.import_id))
        else:
            lines.append(message("nothing", lang, id=self.import_id))
        return lines


def _header(entity: str, name: str) -> str:
    """The workbook column of a changed field, as users know it."""
    sheets = {
        "villages": [contract.VILLAGES],
        "households": [contract.HOUSEHOLDS],
        "members": [contract.MEMBERS],
        "income_records": [contract.INCOMES],
        "village_stats": [contract.VILLAGE_STATS],
    }[entity]
    name = {"village_id": "village_code", "household_id": "household_code"}.get(name, name)
    for sheet in sheets:
        for column in sheet.columns:
            if column.field == name:
                return column.header
    return {"extra": "附加属性", "name": "村名"}.get(name, name)


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


# --------------------------------------------------------------------------------------------- values


class _Keep:
    """The value of a field whose column the file does not have: the stored value stays."""

    def __repr__(self) -> str:
        return "KEEP"


#: A field the row does not have (its column is absent from the file). Only an *empty cell* of a present
#: column clears a stored value; an absent optional column leaves it alone (a new record gets the empty value).
KEEP = _Keep()
#: The empty value of every field (``""`` for text and codes, ``None`` otherwise), for new records.
EMPTY = {column.field: empty_value(column) for sheet in contract.SHEETS for column in sheet.columns}


def _getter(names: Sequence[str]) -> Callable[[Mapping[str, Any]], tuple]:
    """A function giving a row's values for ``names`` as a tuple, as they are (the validated shape: ``""``
    for empty text and codes, ``None`` for other empty cells, ``Decimal`` amounts of at most 2 places);
    ``KEEP`` for a field the row does not have."""
    pick = itemgetter(*names, names[0])  # (…, first): always a tuple, even for one name

    def get(row: Mapping[str, Any]) -> tuple:
        try:
            return pick(row)[:-1]
        except KeyError:
            return tuple(row.get(name, KEEP) for name in names)

    return get


def _kept(values: tuple, old: tuple) -> tuple:
    """``values`` with each ``KEEP`` replaced by the stored value (``old`` is aligned with ``values``)."""
    if not any(value is KEEP for value in values):
        return values
    return tuple(o if v is KEEP else v for v, o in zip(values, old, strict=True))


def _fresh(values: tuple, names: Sequence[str]) -> tuple:
    """``values`` of a new record: each ``KEEP`` becomes the field's empty value."""
    if not any(value is KEEP for value in values):
        return values
    return tuple(EMPTY.get(n) if v is KEEP else v for n, v in zip(names, values, strict=True))


_NO_EXTRA: dict = {}  # shared, never changed
#: ``extra`` as the database stores it (JSON text): comparing it costs nothing when it is empty.
EXTRA_TEXT = Cast("extra", output_field=TextField())


def _differs(names: Sequence[str], new: tuple, old: tuple) -> list[str]:
    """The fields whose new value differs from the stored one. A stored ``extra`` (last) is JSON text."""
    if names[-1] != "extra":
        return [] if new == old else [n for n, a, b in zip(names, new, old, strict=True) if a != b]
    same_extra = json.loads(old[-1]) == new[-1] if new[-1] or old[-1] not in ("{}", None) else True
    if new[:-1] == old[:-1]:
        return [] if same_extra else ["extra"]
    differs = [n for n, a, b in zip(names[:-1], new[:-1], old[:-1], strict=True) if a != b]
    return differs if same_extra else [*differs, "extra"]


def _extra(row: Mapping[str, Any]) -> dict:
    extra = row.get("extra")
    if not extra:
        return _NO_EXTRA
    return {
        str(key): value if isinstance(value, str | int | float | bool | None) else str(value)
        for key, value in extra.items()
    }


SEX, BIRTH = MEMBER_FIELDS.index("sex"), MEMBER_FIELDS.index("birth_date")


def _member_derived(values: tuple, id_number: str) -> tuple:
    """A member's values with sex and birth date derived from the ID number where the file leaves them
    empty (validation fills them in already; this keeps rows of other origins whole)."""
    values = list(values)
    values[SEX] = values[SEX] or ("男" if int(id_number[16]) % 2 else "女")
    values[BIRTH] = values[BIRTH] or date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    return tuple(values)


class _Table:
    """Set-wise writes to one model's table, each followed by its history rows."""

    def __init__(self, model: type[models.Model], apply: _Apply):
        self.model = model
        self.history = HistoryWriter(model, record=apply.record, user_id=apply.user_id)
        self.now = apply.now
        self.last_pk = apply.last_pks[model]
        quote = connection.ops.quote_name
        self.quote = quote
        self.table = quote(model._meta.db_table)
        self.pk_column = quote(model._meta.pk.column)
        self.updated_at = model._meta.get_field("updated_at").get_db_prep_save(self.now, connection)
        self.extra = model._meta.get_field("extra") if hasattr(model, "extra") else None
        self.no_extra = self.extra.get_db_prep_save({}, connection) if self.extra else None

    def prepare_extra(self, value: dict):
        """The database form of an ``extra`` value (the last of the values of a row, when the model has it)."""
        return self.extra.get_db_prep_save(value, connection) if value else self.no_extra

    def insert(self, names: Sequence[str], rows: list[tuple]) -> int:
        """Insert ``rows``, whose ``extra`` (last, when ``names`` ends with it) is already prepared."""
        return bulk_insert(self.model, names, rows)

    def update(self, names: Sequence[str], rows: list[tuple]) -> None:
        """``rows``: (*values in the order of ``names``, pk). Writes a baseline history row first for
        records that have none, then the new values, then their history rows."""
        if not rows:
            return
        pks = [row[-1] for row in rows]
        self.history.baseline(pks)
        columns = [self.quote(self.model._meta.get_field(name).column) for name in names]
        assignments = ", ".join(f"{column} = %s" for column in columns)
        updated_at = self.quote(self.model._meta.get_field("updated_at").column)
        sql = f"UPDATE {self.table} SET {assignments}, {updated_at} = %s WHERE {self.pk_column} = %s"
        extra = self.extra is not None and names[-1] == "extra"
        with connection.cursor() as cursor:
            for batch in batched(rows):
                if extra:
                    values = [
                        (*row[:-2], self.prepare_extra(row[-2]), self.updated_at, row[-1]) for row in batch
                    ]
                else:
                    values = [(*row[:-1], self.updated_at, row[-1]) for row in batch]
                cursor.executemany(sql, values)
        self.history.record(pks, CHANGED, self.now)

    def record_inserted(self) -> None:
        """History rows for every record inserted by this import."""
        self.history.record_since(self.last_pk, CREATED, self.now)


# --------------------------------------------------------------------------------------------- apply


class _Apply:
    def __init__(self, record: ImportRecord, user, summary: ImportSummary, report: Progress, lang: str):
        self.record = record
        self.user_id = user.pk if user is not None else None
        self.summary = summary
        self.report = report
        self.lang = lang
        self.now = timezone.now()
        self.sheet = contract.VILLAGES
        #: The largest primary key of each table before the import: records above it are the import's.
        self.last_pks = {
            model: model.objects.aggregate(last=Max("pk"))["last"] or 0
            for model in (Village, VillageYearStat, Household, LivingConditions, Member, IncomeRecord)
        }
        self.empty = not any(self.last_pks.values())
        self.shipped_loaded = False
        self.village_ids: dict[str, int] = {}  # division code → village pk, the file's and those looked up
        self.file_villages: set[int] = set()  # villages listed in 村
        self.scope_villages: set[int] = set()  # villages of the file's households
        self.household_ids: dict[str, int] = {}  # 户编号 → pk, the file's households
        self.other_households: dict[str, int] = {}  # 户编号 → pk, households referred to but not in 户
        self.seen_members: set[int] = set()  # existing records the file lists
        self.seen_incomes: set[int] = set()
        self.seen_stats: set[int] = set()

    def run(self, source_rows: SheetRows) -> None:
        try:
            present = {}
            for sheet, stage in (
                (contract.VILLAGES, self.villages),
                (contract.HOUSEHOLDS, self.households),
                (contract.MEMBERS, self.members),
                (contract.INCOMES, self.incomes),
                (contract.VILLAGE_STATS, self.village_stats),
            ):
                self.sheet = sheet
                rows = source_rows(sheet)
                present[sheet.name] = rows is not None
                if rows is not None:
                    stage(rows)
            self.sheet = contract.HOUSEHOLDS
            if not self.empty:
                self.removed_from_file(present)
            self.analyze()
        except (IntegrityError, DataError) as error:
            detail = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise ApplicationError(self.message("rejected", sheet=self.sheet.name, detail=detail)) from None

    def analyze(self) -> None:
        """On PostgreSQL, fresh planner statistics after many rows were added. Until autovacuum's next pass the
        planner may otherwise believe the tables empty (after deleted rows were vacuumed away, for example),
        and join the register with nested loops that take minutes instead of milliseconds."""
        added = sum(c.added for c in self.summary.counts().values())
        if connection.vendor != "postgresql" or added < ANALYZE_AFTER or self.record.dry_run:
            return
        tables = ", ".join(
            connection.ops.quote_name(model._meta.db_table)
            for model in (Village, VillageYearStat, Household, LivingConditions, Member, IncomeRecord)
        )
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {tables}")

    def message(self, key: str, **values) -> str:
        return message(key, self.lang, **values)

    def fail(self, key: str, **values):
        raise ApplicationError(self.message(key, sheet=self.sheet.name, **values))

    # -- 村

    def villages(self, rows: Iterable[Mapping]) -> None:
        counts = self.summary.villages
        table = _Table(Village, self)
        rows = list(rows)  # a few thousand at most
        by_code: dict[str, Mapping] = {}
        for row in rows:
            code = row["division_code"]
            if code in by_code:
                self.fail("duplicate", column="行政区划代码", value=code)
            by_code[code] = row
        existing: dict[str, tuple] = {}
        divisions: dict[str, tuple] = {}
        for codes in batched(list(by_code)):
            if not self.empty:
                for code, pk, division_name, *values in (
                    Village.objects.filter(division__code__in=codes)
                    .annotate(extra_text=EXTRA_TEXT)
                    .values_list("division__code", "pk", "division__name", *VILLAGE_FIELDS, "extra_text")
                ):
                    existing[code] = (pk, division_name, tuple(values))
            for code, pk, name, level in Division.objects.filter(code__in=codes).values_list(
                "code", "pk", "name", "level"
            ):
                divisions[code] = (pk, name, level)
        new, changed, renamed = [], [], []
        towns: dict[str, Division] = {}
        village_values = _getter(VILLAGE_FIELDS)
        for code, row in by_code.items():
            values = (*village_values(row), _extra(row))
            old = existing.get(code)
            if old is None:
                values = _fresh(values, (*VILLAGE_FIELDS, "extra"))
                if code in divisions:
                    division_id, _, level = divisions[code]
                    if level != Level.VILLAGE:
                        self.fail("not_village", value=code, level=Level(level).label)
                else:
                    division_id = None
                new.append((code, division_id, row, values))
                continue
            pk, division_name, old_values = old
            self.village_ids[code] = pk
            values = _kept(values, old_values)
            differs = _differs((*VILLAGE_FIELDS, "extra"), values, old_values)
            if row["name"] and row["name"] != division_name:
                renamed.append((code, division_name, row["name"]))
                differs.append("name")
            if differs:
                counts.changed += 1
                counts.fields.update(differs)
                changed.append((*values, pk))
            else:
                counts.unchanged += 1
        # New villages: their town (created under the county if missing) and village divisions first.
        created = []
        for code, division_id, row, _ in new:
            if division_id is None:
                town = self._town(code, row["town"], towns)
                created.append(
                    Division(code=code, name=row["name"], level=Level.VILLAGE, parent=town,
                             path=f"{town.path}{code}/")
                )  # fmt: skip
        division_ids = {d.code: d.pk for d in Division.objects.bulk_create(created)}
        names = ("division_id", *VILLAGE_FIELDS, "extra")
        table.insert(
            names,
            [
                (division_id or division_ids[code], *values[:-1], table.prepare_extra(values[-1]))
                for code, division_id, _, values in new
            ],
        )
        counts.added += len(new)
        if new:
            for code, pk in Village.objects.filter(pk__gt=table.last_pk).values_list("division__code", "pk"):
                self.village_ids[code] = pk
            table.record_inserted()
        table.update((*VILLAGE_FIELDS, "extra"), changed)
        for code, _old_name, new_name in renamed:
            Division.objects.filter(code=code).update(name=new_name, updated_at=self.now)
        self.summary.renamed_villages = [list(r) for r in renamed[:LIST_LIMIT]]
        self.file_villages = {self.village_ids[code] for code in by_code}
        self.report("村", len(by_code))

    def _town(self, code: str, name: str, towns: dict[str, Division]) -> Division:
        county_code, town_code = code[:6] + "000000", code[:9] + "000"
        if town_code not in towns:
            county = Division.objects.filter(code=county_code, level=Level.COUNTY).first()
            if county is None and not self.shipped_loaded:
                divisions_load_shipped()  # a fresh database: the divisions Bangfu ships (Shanwei's)
                self.shipped_loaded = True
                county = Division.objects.filter(code=county_code, level=Level.COUNTY).first()
            if county is None:
                self.fail("unknown_county", value=code, county=code[:6])
            towns[town_code] = division_get_or_create(
                code=town_code, name=name, level=Level.TOWN, parent=county
            )
        return towns[town_code]

    def _village_id(self, code: str) -> int:
        if code not in self.village_ids:
            pk = Village.objects.filter(division__code=code).values_list("pk", flat=True).first()
            if pk is None:
                self.fail("unknown_reference", column="行政区划代码", value=code)
            self.village_ids[code] = pk
        return self.village_ids[code]

    # -- 户 (and 生活条件)

    def households(self, rows: Iterable[Mapping]) -> None:
        counts = self.summary.households
        households, living = _Table(Household, self), _Table(LivingConditions, self)
        done = 0
        added_living_for_existing: list[int] = []
        household_values, conditions_values = _getter(HOUSEHOLD_FIELDS[1:]), _getter(LIVING_FIELDS)
        for batch in batched(rows):
            codes = [row["code"] for row in batch]
            existing: dict[str, tuple] = {}
            conditions: dict[int, tuple] = {}
            if not self.empty:
                for code, pk, *values in (
                    Household.objects.filter(code__in=codes)
                    .annotate(extra_text=EXTRA_TEXT)
                    .values_list("code", "pk", *HOUSEHOLD_FIELDS, "extra_text")
                ):
                    existing[code] = (pk, tuple(values))
                pks = [pk for pk, _ in existing.values()]
                for pk, *values in LivingConditions.objects.filter(household_id__in=pks).values_list(
                    "household_id", *LIVING_FIELDS
                ):
                    conditions[pk] = tuple(values)
            new, new_living, changed, changed_living, batch_codes = [], {}, [], [], set()
            for row in batch:
                code = row["code"]
                if code in self.household_ids or code in batch_codes:
                    self.fail("duplicate", column="户编号", value=code)
                batch_codes.add(code)
                village_id = self._village_id(row["village_code"])
                self.scope_villages.add(village_id)
                values = (village_id, *household_values(row), _extra(row))
                living_values = conditions_values(row)
                old = existing.get(code)
                if old is None:
                    values = _fresh(values, (*HOUSEHOLD_FIELDS, "extra"))
                    new.append((code, *values[:-1], households.prepare_extra(values[-1])))
                    new_living[code] = _fresh(living_values, LIVING_FIELDS)
                    continue
                pk, old_values = old
                self.household_ids[code] = pk
                values = _kept(values, old_values)
                differs = _differs((*HOUSEHOLD_FIELDS, "extra"), values, old_values)
                old_living = conditions.get(pk)
                if old_living is None:
                    added_living_for_existing.append(pk)
                    new_living[code] = _fresh(living_values, LIVING_FIELDS)
                    differs.extend(LIVING_FIELDS)
                else:
                    living_values = _kept(living_values, old_living)
                    living_differs = _differs(LIVING_FIELDS, living_values, old_living)
                    if living_differs:
                        changed_living.append((*living_values, pk))
                        differs.extend(living_differs)
                if any(n not in LIVING_FIELDS for n in differs):
                    changed.append((*values, pk))
                if differs:
                    counts.changed += 1
                    counts.fields.update(differs)
                else:
                    counts.unchanged += 1
            if new:
                households.insert(("code", *HOUSEHOLD_FIELDS, "extra"), new)
                new_codes = [row[0] for row in new]
                self.household_ids.update(
                    Household.objects.filter(code__in=new_codes).values_list("code", "pk")
                )
                counts.added += len(new)
            if new_living:
                living.insert(
                    ("household_id", *LIVING_FIELDS),
                    ((self.household_ids[code], *values) for code, values in new_living.items()),
                )
            households.update((*HOUSEHOLD_FIELDS, "extra"), changed)
            living.update(LIVING_FIELDS, changed_living)
            done += len(batch)
            self.report("户", done)
        households.record_inserted()
        # Living conditions are keyed by their household: new households' rows have pks above the last one.
        living.history.record_since(households.last_pk, CREATED, self.now)
        living.history.record(added_living_for_existing, CREATED, self.now)

    def _household_id(self, code: str) -> int:
        pk = self.household_ids.get(code) or self.other_households.get(code)
        if pk is None:
            pk = Household.objects.filter(code=code).values_list("pk", flat=True).first()
            if pk is None:
                self.fail("unknown_reference", column="户编号", value=code)
            self.other_households[code] = pk
        return pk

    # -- 成员

    def members(self, rows: Iterable[Mapping]) -> None:
        counts = self.summary.members
        table = _Table(Member, self)
        names = (*MEMBER_FIELDS, "extra")
        stored = (*MEMBER_FIELDS, "extra_text")
        done = 0
        moved: list[tuple[str, int, int]] = []
        member_values = _getter(MEMBER_FIELDS[1:])
        household_ids, household_id_of = self.household_ids, self._household_id
        for batch in batched(rows):
            existing: dict[str, tuple] = {}
            if not self.empty:
                ids = [row["id_number"] for row in batch]
                query = Member.objects.filter(id_number__in=ids).annotate(extra_text=EXTRA_TEXT)
                for id_number, pk, *values in query.values_list("id_number", "pk", *stored):
                    existing[id_number] = (pk, tuple(values))
            new, changed, batch_new = [], [], set()
            for row in batch:
                id_number = row["id_number"]
                household_id = household_ids.get(row["household_code"]) or household_id_of(
                    row["household_code"]
                )
                values = (household_id, *member_values(row), _extra(row))
                if not values[SEX] or not values[BIRTH]:
                    values = _member_derived(values, id_number)
                old = existing.get(id_number)
                if old is None:
                    if id_number in batch_new:
                        self.fail("duplicate", column="证件号码", value=mask_id_number(id_number))
                    batch_new.add(id_number)
                    values = _fresh(values, names)
                    new.append((id_number, *values[:-1], table.prepare_extra(values[-1])))
                    continue
                pk, old_values = old
                if pk in self.seen_members:
                    self.fail("duplicate", column="证件号码", value=mask_id_number(id_number))
                self.seen_members.add(pk)
                values = _kept(values, old_values)
                differs = _differs(names, values, old_values)
                if not differs:
                    counts.unchanged += 1
                    continue
                changed.append((*values, pk))
                counts.fields.update(differs)
                if old_values[0] != household_id:
                    counts.moved += 1
                    if len(moved) < LIST_LIMIT:
                        moved.append((id_number, old_values[0], household_id))
                else:
                    counts.changed += 1
            table.insert(("id_number", *names), new)
            counts.added += len(new)
            table.update(names, changed)
            done += len(batch)
            self.report("成员", done)
        table.record_inserted()
        if moved:
            codes = dict(
                Household.objects.filter(pk__in={pk for m in moved for pk in m[1:]}).values_list("pk", "code")
            )
            self.summary.moved_members = [
                [mask_id_number(i), codes[old], codes[new]] for i, old, new in moved
            ]

    # -- 收入, 村年度

    def incomes(self, rows: Iterable[Mapping]) -> None:
        self._yearly(rows, IncomeRecord, "household_id", INCOME_FIELDS, self.summary.income_records,
                     self.seen_incomes, lambda row: self._household_id(row["household_code"]), "户编号", "收入",
                     extra=True)  # fmt: skip

    def village_stats(self, rows: Iterable[Mapping]) -> None:
        self._yearly(rows, VillageYearStat, "village_id", STAT_FIELDS, self.summary.village_stats,
                     self.seen_stats, lambda row: self._village_id(row["division_code"]), "行政区划代码",
                     "村年度", extra=False)  # fmt: skip

    def _yearly(self, rows, model, owner: str, fields, counts: Counts, seen: set[int], owner_of, column: str,
                stage: str, *, extra: bool) -> None:  # fmt: skip
        """Records keyed by (owner, year): incomes by household, statistics by village."""
        table = _Table(model, self)
        names = (*fields, "extra") if extra else fields
        stored = (*fields, "extra_text") if extra else fields
        get_values = _getter(fields)
        done = 0
        for batch in batched(rows):
            keyed = [((owner_of(row), row["year"]), row) for row in batch]
            existing: dict[tuple[int, int], tuple] = {}
            if not self.empty:
                owners = {key[0] for key, _ in keyed}
                years = {key[1] for key, _ in keyed}
                query = model.objects.filter(**{f"{owner}__in": owners, "year__in": years})
                if extra:
                    query = query.annotate(extra_text=EXTRA_TEXT)
                for owner_id, year, pk, *values in query.values_list(owner, "year", "pk", *stored):
                    existing[(owner_id, year)] = (pk, tuple(values))
            new, changed, batch_new = [], [], set()
            for key, row in keyed:
                values = get_values(row)
                if extra:
                    values = (*values, _extra(row))
                old = existing.get(key)
                if old is None:
                    if key in batch_new:
                        self.fail(
                            "duplicate",
                            column=f"{column}+年度",
                            value=f"{row.get(owner_field(owner))} {key[1]}",
                        )
                    batch_new.add(key)
                    values = _fresh(values, names)
                    new.append(
                        (*key, *values[:-1], table.prepare_extra(values[-1])) if extra else (*key, *values)
                    )
                    continue
                pk, old_values = old
                if pk in seen:
                    self.fail(
                        "duplicate", column=f"{column}+年度", value=f"{row.get(owner_field(owner))} {key[1]}"
                    )
                seen.add(pk)
                values = _kept(values, old_values)
                differs = _differs(names, values, old_values)
                if differs:
                    counts.changed += 1
                    counts.fields.update(differs)
                    changed.append((*values, pk))
                else:
                    counts.unchanged += 1
            table.insert((owner, "year", *names), new)
            counts.added += len(new)
            table.update(names, changed)
            done += len(batch)
            self.report(stage, done)
        table.record_inserted()

    # -- removed from file

    def removed_from_file(self, present: dict[str, bool]) -> None:
        """Count (and list the first few of) the records the file no longer lists, within its scope:
        households of its villages, members and incomes of its households, statistics of its villages."""
        summary = self.summary
        file_households = set(self.household_ids.values())
        if present[contract.HOUSEHOLDS.name]:
            removed = []
            for villages in batched(sorted(self.scope_villages | self.file_villages)):
                for pk, code in Household.objects.filter(village_id__in=villages).values_list("pk", "code"):
                    if pk not in file_households:
                        summary.households.removed_from_file += 1
                        removed.append(code)
            summary.removed_households = sorted(removed)[:LIST_LIMIT]
        scopes = [
            (contract.MEMBERS, Member, "household_id", file_households, self.seen_members),
            (contract.INCOMES, IncomeRecord, "household_id", file_households, self.seen_incomes),
            (contract.VILLAGE_STATS, VillageYearStat, "village_id", self.file_villages, self.seen_stats),
        ]
        for sheet, model, owner, owners, seen in scopes:
            if not present[sheet.name]:
                continue
            counts = {Member: summary.members, IncomeRecord: summary.income_records}.get(
                model, summary.village_stats
            )
            last_pk = self.last_pks[model]
            for batch in batched(sorted(owners)):
                query = model.objects.filter(**{f"{owner}__in": batch, "pk__lte": last_pk})
                fields = ("pk", "id_number", "household__code") if model is Member else ("pk",)
                for pk, *names in query.values_list(*fields):
                    if pk not in seen:
                        counts.removed_from_file += 1
                        if model is Member and len(summary.removed_members) < LIST_LIMIT:
                            summary.removed_members.append([mask_id_number(names[0]), names[1]])


def owner_field(owner: str) -> str:
    return {"household_id": "household_code", "village_id": "division_code"}[owner]

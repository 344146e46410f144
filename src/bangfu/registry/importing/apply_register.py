"""The import's work (``_Apply``): villages (村) and households (户, with their 生活条件), in batches, set-wise;
members, incomes and village statistics are in ``apply_records.py``. ``apply.py`` runs it in a transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import DataError, IntegrityError, connection
from django.db.models import Max
from django.utils import timezone

from bangfu.core.bulk import batched
from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division, Level
from bangfu.regions.services import division_get_or_create, divisions_load_shipped
from bangfu.registry import contract
from bangfu.registry.importing.apply_records import RecordsMixin
from bangfu.registry.importing.apply_summary import LIST_LIMIT, ImportSummary, message
from bangfu.registry.importing.apply_values import (
    EXTRA_TEXT,
    HOUSEHOLD_FIELDS,
    LIVING_FIELDS,
    VILLAGE_FIELDS,
    _differs,
    _extra,
    _fresh,
    _getter,
    _kept,
    _Table,
)
from bangfu.registry.importing.history import CREATED
from bangfu.registry.models import (
    Household,
    ImportRecord,
    IncomeRecord,
    LivingConditions,
    Member,
    Village,
    VillageYearStat,
)

SheetRows = Callable[[contract.Sheet], Iterable[Mapping[str, Any]] | None]
Progress = Callable[[str, int], None]

#: After adding this many records, an import refreshes PostgreSQL's planner statistics (``ANALYZE``).
ANALYZE_AFTER = 10_000


class _Apply(RecordsMixin):
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

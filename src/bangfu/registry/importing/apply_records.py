"""The import's work on members (成员), incomes (收入), village statistics (村年度) and the records the file no
longer lists: the second half of ``_Apply`` (``apply_register.py``), as a mixin."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bangfu.core.bulk import batched
from bangfu.core.personal_data import mask_id_number
from bangfu.registry import contract
from bangfu.registry.importing.apply_summary import LIST_LIMIT, Counts
from bangfu.registry.importing.apply_values import (
    BIRTH,
    EXTRA_TEXT,
    INCOME_FIELDS,
    MEMBER_FIELDS,
    SEX,
    STAT_FIELDS,
    _differs,
    _extra,
    _fresh,
    _getter,
    _kept,
    _member_derived,
    _Table,
)
from bangfu.registry.models import Household, IncomeRecord, Member, VillageYearStat


class RecordsMixin:
    """Methods of ``_Apply`` over 成员, 收入, 村年度 and removed-from-file (they use its state)."""

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

"""Bulk load of a register folder in the contract's CSV layout into an empty register (载入档案).

This is the set-wise path that ``bangfu demo`` and ``bangfu load`` use for files Bangfu wrote itself (the
shipped divisions are created first when missing, as the generator's counties are those): one transaction,
rows parsed against the contract and inserted in batches (``core.bulk``), nothing written if any cell is
wrong. Updating a register that already holds data, and lenient reading of users' workbooks, is the
import of issue #4.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from bangfu.core.bulk import batched, bulk_insert, table_statistics_refresh
from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division, Level
from bangfu.regions.services import division_get_or_create, divisions_load_shipped
from bangfu.registry import contract
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat
from bangfu.registry.signals import register_changed
from bangfu.registry.values import CellError, parse_cell

Progress = Callable[[str, int], None]

HOUSEHOLD_FIELDS = ("code", "village_code", "head_id_number", "attribute", "identified_year", "exit_year",
                    "main_cause", "phone", "income_stable")  # fmt: skip
LIVING_FIELDS = contract.LIVING_FIELDS


@dataclass(frozen=True)
class Reference:
    """A column that refers to a row of another sheet by its code, and the ids of those rows."""

    code_field: str  # the referring column's field, e.g. household_code
    id_field: str  # the foreign key it becomes, e.g. household_id
    ids: dict[str, int]
    header: str  # e.g. 户编号
    target_file: str  # e.g. 户.csv

    def resolve(self, key: str, sheet: contract.Sheet, line: int) -> int:
        try:
            return self.ids[key]
        except KeyError:
            message = f"{sheet.file_name} 第{line}行：{self.header} {key} 不在{self.target_file} 中"
            raise ApplicationError(message) from None


@dataclass
class LoadSummary:
    villages: int = 0
    households: int = 0
    members: int = 0
    income_records: int = 0
    village_stats: int = 0


def read_sheet(folder: Path, sheet: contract.Sheet) -> Iterator[tuple[int, dict]]:
    """Rows of one sheet's CSV file as ``(line number, {field: value})`` in column order; header line = 1."""
    path = folder / sheet.file_name
    if not path.exists():
        raise ApplicationError(f"找不到文件 {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = [c.header for c in sheet.columns if c.header not in header and c.required]
        if missing:
            raise ApplicationError(f"{sheet.file_name} 第1行：缺少列 {'、'.join(missing)}")
        # An optional column the file does not have (a folder written before it existed) reads as empty.
        positions = [(column, header.index(column.header) if column.header in header else -1)
                     for column in sheet.columns]  # fmt: skip
        for line, cells in enumerate(reader, start=2):
            row = {}
            for column, position in positions:
                text = cells[position] if 0 <= position < len(cells) else ""
                try:
                    row[column.field] = parse_cell(column, text)
                except CellError as error:
                    raise ApplicationError(
                        f"{sheet.file_name} 第{line}行，列“{column.header}”，值“{text}”：{error}"
                    ) from None
            yield line, row


@transaction.atomic
def register_load_folder(folder: Path, progress: Progress | None = None) -> LoadSummary:
    """Load ``村 户 成员 收入 村年度`` CSV files into an empty register, all or nothing."""
    if Village.objects.exists() or Household.objects.exists():
        raise ApplicationError("档案库中已有数据：载入只能用于空库（更新已有档案请使用导入功能）")
    # The counties a generated register refers to are the shipped ones (``bangfu generate`` takes its
    # counties from the same file): load them here, as ``bangfu demo`` does, so that ``bangfu load`` works
    # on a fresh home. Existing divisions are kept as they are.
    divisions_load_shipped()
    report = progress or (lambda stage, count: None)
    summary = LoadSummary()
    try:
        villages = Reference(
            "division_code", "village_id", _load_villages(folder, summary, report), "行政区划代码", "村.csv"
        )
        households = Reference(
            "household_code",
            "household_id",
            _load_households(folder, villages, summary, report),
            "户编号",
            "户.csv",
        )
        summary.members = _load_referencing(folder, contract.MEMBERS, Member, households, report)
        summary.income_records = _load_referencing(folder, contract.INCOMES, IncomeRecord, households, report)
        if (folder / contract.VILLAGE_STATS.file_name).exists():
            stats = contract.VILLAGE_STATS
            summary.village_stats = _load_referencing(folder, stats, VillageYearStat, villages, report)
    except IntegrityError as error:
        # Duplicates (户编号, 证件号码, one income per household and year) surface as constraint violations.
        raise ApplicationError(f"档案中有重复的记录，未载入任何数据：{error}") from None
    table_statistics_refresh(Village, VillageYearStat, Household, LivingConditions, Member, IncomeRecord)
    # The dashboard's pre-aggregated figures follow the register, in the same transaction (bangfu.indicators).
    register_changed.send(__name__, reason="载入档案 load")
    return summary


def _town(code: str, row: dict, line: int, towns: dict[str, Division]) -> Division:
    county_code, town_code = code[:6] + "000000", code[:9] + "000"
    if town_code not in towns:
        county = Division.objects.filter(code=county_code, level=Level.COUNTY).first()
        if county is None:
            raise ApplicationError(f"村.csv 第{line}行：县区代码 {code[:6]} 不在已知的行政区划中")
        towns[town_code] = division_get_or_create(
            code=town_code, name=row["town"], level=Level.TOWN, parent=county
        )
    return towns[town_code]


def _load_villages(folder: Path, summary: LoadSummary, report: Progress) -> dict[str, int]:
    """Villages and their town and village divisions; returns village ids by division code."""
    towns: dict[str, Division] = {}
    seen: set[str] = set()
    for batch in batched(read_sheet(folder, contract.VILLAGES)):
        divisions, rows = [], []
        for line, row in batch:
            code = row["division_code"]
            if code in seen:
                raise ApplicationError(f"村.csv 第{line}行：行政区划代码 {code} 重复")
            seen.add(code)
            town = _town(code, row, line, towns)
            divisions.append(
                Division(
                    code=code, name=row["name"], level=Level.VILLAGE, parent=town, path=f"{town.path}{code}/"
                )
            )
            rows.append(row)
        created = Division.objects.bulk_create(divisions)
        Village.objects.bulk_create(
            Village(
                division=division,
                is_poor=row["is_poor"],
                identified_year=row["identified_year"],
                exit_year=row["exit_year"],
                is_demonstration=row["is_demonstration"],
                registered_population=row["registered_population"],
            )
            for division, row in zip(created, rows, strict=True)
        )
        summary.villages += len(rows)
        report("村", summary.villages)
    return dict(Village.objects.values_list("division__code", "pk"))


def _load_households(folder: Path, villages: Reference, summary: LoadSummary, report: Progress) -> dict:
    """Households and their living conditions; returns household ids by household code."""
    ids: dict[str, int] = {}
    for batch in batched(read_sheet(folder, contract.HOUSEHOLDS)):
        households = []
        for line, row in batch:
            row["village_code"] = villages.resolve(row["village_code"], contract.HOUSEHOLDS, line)
            households.append(tuple(row[field] for field in HOUSEHOLD_FIELDS))
        fields = ["village_id" if field == "village_code" else field for field in HOUSEHOLD_FIELDS]
        bulk_insert(Household, fields, households)
        codes = [row["code"] for _, row in batch]
        batch_ids = dict(Household.objects.filter(code__in=codes).values_list("code", "pk"))
        ids |= batch_ids
        living = ((batch_ids[row["code"]], *(row[field] for field in LIVING_FIELDS)) for _, row in batch)
        bulk_insert(LivingConditions, ("household_id", *LIVING_FIELDS), living)
        summary.households += len(batch)
        report("户", summary.households)
    return ids


def _load_referencing(
    folder: Path, sheet: contract.Sheet, model, reference: Reference, report: Progress
) -> int:
    """Rows of a sheet that refer to another by code (成员, 收入 → 户; 村年度 → 村), inserted set-wise."""
    fields = [
        reference.id_field,
        *(column.field for column in sheet.columns if column.field != reference.code_field),
    ]

    def rows():
        for line, row in read_sheet(folder, sheet):
            yield (reference.resolve(row.pop(reference.code_field), sheet, line), *row.values())

    return bulk_insert(model, fields, rows(), progress=lambda count: report(sheet.name, count))

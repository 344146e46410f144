"""Bulk load of a register folder in the contract's CSV layout into an empty register (载入档案).

This is the set-wise path that ``bangfu demo`` and ``bangfu load`` use for files Bangfu wrote itself: one
transaction, rows inserted in batches, nothing written if any cell is wrong. Updating a register that
already holds data, and lenient reading of users' workbooks, is the import of issue #4.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction

from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division, Level
from bangfu.regions.services import division_get_or_create
from bangfu.registry import contract
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member, Village, VillageYearStat
from bangfu.registry.values import CellError, parse_cell

BATCH = 5000

Progress = Callable[[str, int], None]


@dataclass
class LoadSummary:
    villages: int = 0
    households: int = 0
    members: int = 0
    income_records: int = 0
    village_stats: int = 0


def read_sheet(folder: Path, sheet: contract.Sheet) -> Iterator[tuple[int, dict]]:
    """Rows of one sheet's CSV file as ``(line number, {field: value})``; header line = 1."""
    path = folder / sheet.file_name
    if not path.exists():
        raise ApplicationError(f"找不到文件 {path}")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = [h for h in sheet.headers if h not in header]
        if missing:
            raise ApplicationError(f"{sheet.file_name} 第1行：缺少列 {'、'.join(missing)}")
        positions = [(column, header.index(column.header)) for column in sheet.columns]
        for line, cells in enumerate(reader, start=2):
            row = {}
            for column, position in positions:
                text = cells[position] if position < len(cells) else ""
                try:
                    row[column.field] = parse_cell(column, text)
                except CellError as error:
                    raise ApplicationError(
                        f"{sheet.file_name} 第{line}行，列“{column.header}”，值“{text}”：{error}"
                    ) from None
            yield line, row


def batched(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@transaction.atomic
def register_load_folder(folder: Path, progress: Progress | None = None) -> LoadSummary:
    """Load ``村 户 成员 收入 村年度`` CSV files into an empty register, all or nothing."""
    if Village.objects.exists() or Household.objects.exists():
        raise ApplicationError("档案库中已有数据：载入只能用于空库（更新已有档案请使用导入功能）")
    report = progress or (lambda stage, count: None)
    summary = LoadSummary()
    try:
        villages = _load_villages(folder, summary, report)
        households = _load_households(folder, villages, summary, report)
        _load_members(folder, households, summary, report)
        _load_incomes(folder, households, summary, report)
        _load_village_stats(folder, villages, summary, report)
    except IntegrityError as error:
        # Duplicates across batches (户编号, 证件号码, one income per household and year) surface here.
        raise ApplicationError(f"档案中有重复的记录，未载入任何数据：{error}") from None
    return summary


def _parent_division(code: str, row: dict, line: int, towns: dict[str, Division]) -> Division:
    county_code = code[:6] + "000000"
    town_code = code[:9] + "000"
    if town_code not in towns:
        county = Division.objects.filter(code=county_code, level=Level.COUNTY).first()
        if county is None:
            raise ApplicationError(f"村.csv 第{line}行：县区代码 {code[:6]} 不在已知的行政区划中")
        towns[town_code] = division_get_or_create(
            code=town_code, name=row["town"], level=Level.TOWN, parent=county
        )
    return towns[town_code]


def _load_villages(folder: Path, summary: LoadSummary, report: Progress) -> dict[str, int]:
    towns: dict[str, Division] = {}
    village_ids: dict[str, int] = {}
    seen: set[str] = set()
    for batch in batched(read_sheet(folder, contract.VILLAGES)):
        divisions, villages = [], []
        for line, row in batch:
            code = row["division_code"]
            if code in seen:
                raise ApplicationError(f"村.csv 第{line}行：行政区划代码 {code} 重复")
            seen.add(code)
            town = _parent_division(code, row, line, towns)
            divisions.append(
                Division(
                    code=code, name=row["name"], level=Level.VILLAGE, parent=town, path=f"{town.path}{code}/"
                )
            )
            villages.append(row)
        created = Division.objects.bulk_create(divisions)
        objects = [
            Village(
                division=division,
                is_poor=row["is_poor"],
                identified_year=row["identified_year"],
                exit_year=row["exit_year"],
                is_demonstration=row["is_demonstration"],
                registered_population=row["registered_population"],
            )
            for division, row in zip(created, villages, strict=True)
        ]
        for village in Village.objects.bulk_create(objects):
            village_ids[village.division.code] = village.pk
        summary.villages += len(objects)
        report("村", summary.villages)
    return village_ids


def _load_households(folder: Path, villages: dict[str, int], summary: LoadSummary, report: Progress) -> dict:
    household_ids: dict[str, int] = {}
    for batch in batched(read_sheet(folder, contract.HOUSEHOLDS)):
        households, living = [], []
        for line, row in batch:
            village_id = villages.get(row["village_code"])
            if village_id is None:
                raise ApplicationError(f"户.csv 第{line}行：行政区划代码 {row['village_code']} 不在村.csv 中")
            households.append(
                Household(
                    code=row["code"],
                    village_id=village_id,
                    head_id_number=row["head_id_number"],
                    attribute=row["attribute"],
                    identified_year=row["identified_year"],
                    exit_year=row["exit_year"],
                    main_cause=row["main_cause"],
                    phone=row["phone"],
                )
            )
            living.append(row)
        for household, row in zip(Household.objects.bulk_create(households), living, strict=True):
            household_ids[household.code] = household.pk
            row["household"] = household
        LivingConditions.objects.bulk_create(
            LivingConditions(
                household=row["household"],
                housing_grade=row["housing_grade"],
                housing_renovated=row["housing_renovated"],
                safe_water=row["safe_water"],
            )
            for row in living
        )
        summary.households += len(households)
        report("户", summary.households)
    return household_ids


def _household_id(households: dict[str, int], file_name: str, line: int, code: str) -> int:
    try:
        return households[code]
    except KeyError:
        raise ApplicationError(f"{file_name} 第{line}行：户编号 {code} 不在户.csv 中") from None


def _load_members(folder: Path, households: dict[str, int], summary: LoadSummary, report: Progress) -> None:
    sheet = contract.MEMBERS
    for batch in batched(read_sheet(folder, sheet)):
        members = []
        for line, row in batch:
            household_id = _household_id(households, sheet.file_name, line, row.pop("household_code"))
            members.append(Member(household_id=household_id, **row))
        Member.objects.bulk_create(members)
        summary.members += len(members)
        report("成员", summary.members)


def _load_incomes(folder: Path, households: dict[str, int], summary: LoadSummary, report: Progress) -> None:
    sheet = contract.INCOMES
    for batch in batched(read_sheet(folder, sheet)):
        records = []
        for line, row in batch:
            household_id = _household_id(households, sheet.file_name, line, row.pop("household_code"))
            records.append(IncomeRecord(household_id=household_id, **row))
        IncomeRecord.objects.bulk_create(records)
        summary.income_records += len(records)
        report("收入", summary.income_records)


def _load_village_stats(
    folder: Path, villages: dict[str, int], summary: LoadSummary, report: Progress
) -> None:
    sheet = contract.VILLAGE_STATS
    if not (folder / sheet.file_name).exists():
        return
    for batch in batched(read_sheet(folder, sheet)):
        stats = []
        for line, row in batch:
            village_id = villages.get(row.pop("division_code"))
            if village_id is None:
                raise ApplicationError(f"{sheet.file_name} 第{line}行：行政区划代码不在村.csv 中")
            stats.append(VillageYearStat(village_id=village_id, **row))
        VillageYearStat.objects.bulk_create(stats)
        summary.village_stats += len(stats)
        report("村年度", summary.village_stats)

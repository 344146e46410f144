"""A generated register read back from its CSV files, for the generator tests.

Everything the tests check is computed from the files, not taken from the generator's internals.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from bangfu.registry import contract
from bangfu.registry.choices import LABOUR_ABILITIES_WITH_LABOUR, REGISTERED_POOR_ATTRIBUTES

REGISTERED = {attribute.value for attribute in REGISTERED_POOR_ATTRIBUTES}
WITH_LABOUR = {ability.value for ability in LABOUR_ABILITIES_WITH_LABOUR}
AMOUNTS = ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入")


def read_sheet(folder: Path, sheet: contract.Sheet) -> list[dict[str, str]]:
    with open(folder / sheet.file_name, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == sheet.headers
        return list(reader)


def net_income(row: dict[str, str]) -> int:
    """纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性 − 生产经营性支出."""
    return sum(int(row[column]) for column in AMOUNTS) - int(row["生产经营性支出"])


@dataclass
class Register:
    folder: Path
    villages: list[dict[str, str]]
    households: list[dict[str, str]]
    members: list[dict[str, str]]
    incomes: list[dict[str, str]]
    stats: list[dict[str, str]]
    members_of: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    incomes_of: dict[str, dict[int, dict[str, str]]] = field(default_factory=dict)

    @classmethod
    def read(cls, folder: Path) -> Register:
        register = cls(
            folder,
            read_sheet(folder, contract.VILLAGES),
            read_sheet(folder, contract.HOUSEHOLDS),
            read_sheet(folder, contract.MEMBERS),
            read_sheet(folder, contract.INCOMES),
            read_sheet(folder, contract.VILLAGE_STATS),
        )
        members_of: dict[str, list[dict[str, str]]] = defaultdict(list)
        for member in register.members:
            members_of[member["户编号"]].append(member)
        incomes_of: dict[str, dict[int, dict[str, str]]] = defaultdict(dict)
        for row in register.incomes:
            incomes_of[row["户编号"]][int(row["年度"])] = row
        register.members_of = dict(members_of)
        register.incomes_of = dict(incomes_of)
        return register

    @property
    def registered(self) -> list[dict[str, str]]:
        return [h for h in self.households if h["贫困户属性"] in REGISTERED]

    def has_labour(self, household: dict[str, str]) -> bool:
        return any(m["劳动技能"] in WITH_LABOUR for m in self.members_of[household["户编号"]])

    def size(self, household: dict[str, str], year: int | None = None) -> int:
        """Members today, or (``year``) on 31 December of that year: born on or before it (year-end)."""
        members = self.members_of[household["户编号"]]
        if year is None:
            return len(members)
        return sum(m["出生日期"] <= f"{year}-12-31" for m in members)

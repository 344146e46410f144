"""Tiny register snapshots in DuckDB for the standards' tests: tables from ``snapshot_schema``, rows by hand.

Every row starts from a sound default (a healthy, insured adult labourer; safe A-grade housing; an income
well above every line) so that a test states only what it is about.
"""

from __future__ import annotations

import datetime
import itertools
import json

import duckdb

from bangfu.standards.snapshot_schema import SNAPSHOT_TABLES, create_statements
from tests.standards.per_record import HOUSEHOLD_FLAGS, VILLAGE_INDICATORS  # yes/no fields

VILLAGE_CODE = "441521100201"


class Snapshot:
    def __init__(self):
        self.connection = duckdb.connect()
        for statement in create_statements():
            self.connection.execute(statement)
        self._ids = itertools.count(1)
        self._villages: dict[str, int] = {}

    def _insert(self, table: str, row: dict) -> None:
        columns = [name for name, _ in SNAPSHOT_TABLES[table]]
        unknown = set(row) - set(columns)
        assert not unknown, f"{table} has no columns {unknown}"
        values = [row.get(name) for name in columns]
        placeholders = ", ".join("?" for _ in columns)
        self.connection.execute(f"INSERT INTO {table} VALUES ({placeholders})", values)

    def village(self, code: str = VILLAGE_CODE, **values) -> int:
        village_id = next(self._ids)
        row = {
            "village_id": village_id,
            "village_code": code,
            "name": f"村{village_id}",
            "county_code": code[:6] + "000000",
            "is_poor": True,
            "identified_year": 2016,
            "exit_year": None,
            "registered_population": 1000,
        }
        self._insert("villages", row | values)
        self._villages[code] = village_id
        return village_id

    def village_stats(self, village_id: int, year: int, **values) -> None:
        row = {
            "village_id": village_id,
            "year": year,
            "registered_population": 1000,
            "disposable_income_per_capita": 16000.0,
            "collective_income": 150000.0,
            **dict.fromkeys(
                VILLAGE_INDICATORS, True
            ),  # gd-2016's yes/no village-exit indicators, all recorded
        }
        self._insert("village_stats", row | values)

    def household(self, code: str, village_code: str = VILLAGE_CODE, members: int = 0, **values) -> int:
        """A household (registered poor, identified 2016) with ``members`` default adult members."""
        if village_code not in self._villages:
            self.village(village_code)
        household_id = next(self._ids)
        row = {
            "household_id": household_id,
            "household_code": code,
            "village_id": self._villages[village_code],
            "village_code": village_code,
            "attribute": "一般贫困户",
            "identified_year": 2016,
            "exit_year": None,
            "main_cause": "因病",
            "housing_grade": "A",
            "housing_renovated": False,
            "safe_water": True,
            **dict.fromkeys(
                HOUSEHOLD_FLAGS, True
            ),  # cn-2020's 两不愁, 收入稳定 and 饮水安全 parts, all recorded
            "relocated": False,
            "relocation_keys_date": None,
        }
        self._insert("households", row | values)
        for number in range(members):
            self.member(household_id, relation="户主" if number == 0 else "子")
        return household_id

    def member(
        self, household_id: int, birth_date: datetime.date = datetime.date(1980, 5, 1), **values
    ) -> int:
        member_id = next(self._ids)
        row = {
            "member_id": member_id,
            "household_id": household_id,
            "id_number": f"44152119800501{member_id:04d}"[:18],
            "name": f"成员{member_id}",
            "relation": "配偶",
            "sex": "男",
            "birth_date": birth_date,
            "education": "初中",
            "school_status": "",
            "health": "健康",
            "labour_ability": "普通劳动力",
            "months_employed": 6,
            "resident_medical_insurance": True,
            "employee_medical_insurance": False,
            "critical_illness_insurance": True,
            "pension_insurance": True,
            "receives_dibao": False,
            "receives_tekun": False,
            "out_of_school": False,
            "dropout_reason": "",
            "home_schooled": None,
        }
        self._insert("members", row | values)
        return member_id

    def income(self, household_id: int, year: int, net: float | None = None, **values) -> None:
        """An income record; ``net`` sets wages so that the net income is exactly that amount."""
        row = {
            "household_id": household_id,
            "year": year,
            "wages": 50000.0,
            "business_income": 2000.0,
            "property_income": 500.0,
            "transfer_income": 1000.0,
            "business_costs": 1500.0,
            "compliant_out_of_pocket": 0.0,
        }
        row |= values
        if net is not None:
            row["wages"] = (
                net
                - row["business_income"]
                - row["property_income"]
                - row["transfer_income"]
                + row["business_costs"]
            )
        self._insert("incomes", row)

    def rows(self, query) -> list[dict]:
        cursor = self.connection.execute(query.sql)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def by_code(self, query, key: str = "household_code") -> dict[str, dict]:
        return {row[key]: row for row in self.rows(query)}


def detail(row: dict) -> dict:
    return json.loads(row["detail"])


def mixed_register() -> Snapshot:
    """A small register touching every criterion, check and category, in two counties (for dialect tests)."""
    snapshot = Snapshot()
    for village_code in ("441521100201", "441502100201"):
        village = snapshot.village(village_code, registered_population=40)
        # The second village's 2020 statistics leave an indicator unrecorded (gd-2016: cannot decide).
        unrecorded = {"roads_ok": None} if village_code.startswith("441502") else {}
        snapshot.village_stats(
            village, 2020, registered_population=30, collective_income=90000.0, **unrecorded
        )
        snapshot.village_stats(village, 2021, registered_population=30)
        for number, values in enumerate(
            [
                {},
                {
                    "attribute": "低保贫困户",
                    "housing_grade": "C",
                    "housing_renovated": True,
                    "exit_year": 2019,
                },
                {"safe_water": False, "main_cause": "缺劳动力"},
                {"attribute": "一般农户", "identified_year": None, "housing_grade": "D"},
                {"attribute": "特困供养贫困户", "exit_year": 2020, "main_cause": ""},
            ]
        ):
            code = f"{village_code[-6:]}-{number}"
            household = snapshot.household(code, village_code=village_code, **values)
            snapshot.member(
                household, relation="户主", labour_ability="无劳动力" if number == 4 else "普通劳动力"
            )
            snapshot.member(
                household,
                birth_date=datetime.date(2010 + number, 8 + number % 2, 31 - number % 2),
                education="",
                school_status="七至九年级",
                out_of_school=number in (1, 2),
                dropout_reason="其他" if number == 1 else "",
                resident_medical_insurance=number != 3,
                employee_medical_insurance=number == 2,
                receives_tekun=number == 4,
                critical_illness_insurance=None if number == 0 else True,  # cn-2020: cannot decide
            )
            for year in (2020, 2021):
                if (number, year) != (3, 2020):
                    snapshot.income(
                        household,
                        year,
                        net=[16000.0, 8000.0, 14730.0, 11000.0, 3000.0][number],
                        compliant_out_of_pocket=[0.0, 5000.0, None, 200.0, 0.0][number],
                    )
            _monitoring_rows(snapshot, household, number)
    return snapshot


def _monitoring_rows(snapshot: Snapshot, household: int, number: int) -> None:
    """Cases, measures and a public-welfare post touching every monitoring data-quality check."""
    day = datetime.date
    case = {
        "household_id": household, "category": "脱贫不稳定户", "risk_types": ";缺劳动力;" if number == 2 else "",
        "channel": "标准筛查", "step": "帮扶", "discovered_on": day(2021, 1, 4),
        "identified_on": day(2021, 1, 31), "eliminated_on": None, "elimination_method": "",
    }  # fmt: skip
    if number in (1, 4):  # eliminated: 1 through assistance below the line, 4 early and without labour
        case |= {"step": "风险消除", "eliminated_on": day(2021, 7, 30 + number // 4),
                 "elimination_method": "帮扶消除" if number == 1 else "自然消除"}  # fmt: skip
    snapshot._insert("monitoring_cases", case | {"case_id": next(snapshot._ids)})
    if number != 3:
        snapshot._insert("measures", {
            "measure_id": next(snapshot._ids), "household_id": household, "plan_year": 2021,
            "category": "公益岗位" if number == 1 else "产业", "status": "已完成" if number else "计划",
            "start_date": day(2021, 3, 1), "end_date": None})  # fmt: skip
    if number == 0:
        member = snapshot.member(household, birth_date=day(2006, 1, 1))
        snapshot._insert("placements", {
            "placement_id": next(snapshot._ids), "member_id": member, "household_id": household,
            "job_kind": "公益岗位", "start_date": day(2021, 6, 1), "end_date": None})  # fmt: skip

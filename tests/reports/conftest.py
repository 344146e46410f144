"""Fixtures for the report tests: a hand-countable programme on a three-village register."""

from datetime import date
from decimal import Decimal

import pytest

from bangfu.programme_projects.bulk import programme_records_bulk_load
from tests import factories
from tests.programme import records

PAIRED, LATE, UNPAIRED = "441521101201", "441521101202", "441581102201"
TOWN = "441521101000"


def d(year, month=6, day=1):
    return date(year, month, day)


def allocation(amount, year, *, project="", category="", source="帮扶方财政", kind="下达"):
    return {"project": project, "category": category, "kind": kind, "source": source, "year": year,
            "amount": Decimal(amount)}  # fmt: skip


def project(code, category, *, village="", division="", start=2018, log=("储备", "立项", "实施"), done=None):
    """A project row and its status log; ``done`` dates the step to 完工."""
    row = {"code": code, "name": code, "category": category, "village": village, "division": division,
           "status": log[-1], "budget": Decimal(0), "population_served": 0, "start_year": start}  # fmt: skip
    changes = [
        {"project": code, "to_status": status, "date": d(start, 1 + i)} for i, status in enumerate(log)
    ]
    if done:
        changes[-1]["date"] = done
    return row, changes


@pytest.fixture
def programme_records(divisions):
    factories.village(PAIRED)
    factories.village(LATE, name="坡平村")
    factories.village(UNPAIRED, name="欧田村")
    shenzhen = records.programme()
    rows = {
        "units": [{"name": "福田区", "kind": "区"}, {"name": "市教育局", "kind": "市直部门"}],
        "pairings": [
            {"unit": "福田区", "village": PAIRED, "start_date": d(2016), "end_date": d(2018, 12, 31)},
            {"unit": "市教育局", "village": PAIRED, "start_date": d(2019, 1, 1)},  # same village again
            {"unit": "市教育局", "village": LATE, "start_date": d(2021)},  # after the report year
        ],
        "cadres": [{"code": c, "name": c, "unit": "福田区"} for c in ("C1", "C2", "C3")],
        "assignments": [
            {
                "cadre": "C1",
                "role": "第一书记",
                "unit": "福田区",
                "start_date": d(2016),
                "end_date": d(2018),
                "village": PAIRED,
            },
            {"cadre": "C1", "role": "挂职干部", "unit": "福田区", "start_date": d(2019), "division": TOWN},
            {
                "cadre": "C2",
                "role": "驻村工作队员",
                "unit": "福田区",
                "start_date": d(2017),
                "village": PAIRED,
            },
            {
                "cadre": "C3",
                "role": "驻村工作队员",
                "unit": "福田区",
                "start_date": d(2021),
                "village": PAIRED,
            },
        ],
        "projects": [],
        "status_changes": [],
        "outputs": [
            {"project": "H-done", "kind": "病床", "quantity": 100},
            {"project": "H-building", "kind": "病床", "quantity": 500},
            {"project": "H-2021", "kind": "病床", "quantity": 30},
            {"project": "S-done", "kind": "学位", "quantity": 1200},
            {"project": "S-done", "kind": "病床", "quantity": 5},
        ],
        "fund_flows": [
            allocation(1_000_000, 2019, project="I-paired"),
            allocation(600_000, 2019, project="I-paired", kind="拨付"),
            allocation(200_000, 2019, project="I-paired", source="地方财政"),  # not assistance
            allocation(3_000_000, 2020, project="H-done"),
            allocation(500_000.50, 2020, category="民生", source="社会捐赠"),  # no project
            allocation(7_000_000, 2021, project="H-2021"),  # after the report year
        ],
        "parks": [{"name": "深圳（海丰）产业园", "division": "441521000000"}],
        "investments": [
            {
                "park": "深圳（海丰）产业园",
                "name": "A",
                "investor": "甲",
                "investor_origin_city": "深圳",
                "amount": Decimal("1000000000"),
                "signed_date": d(2018),
            },  # exactly 1e9: not over
            {
                "park": "深圳（海丰）产业园",
                "name": "B",
                "investor": "乙",
                "investor_origin_city": "广州",
                "amount": Decimal("1500000000.40"),
                "signed_date": d(2019),
            },
            {
                "park": "深圳（海丰）产业园",
                "name": "C",
                "investor": "丙",
                "investor_origin_city": "深圳",
                "amount": Decimal("2000000000"),
                "signed_date": d(2021),
            },  # after the report year
        ],
        "evaluations": [
            {"year": 2016, "grade": "好"},
            {"year": 2018, "grade": "较好"},
            {"year": 2021, "grade": "好"},
        ],
    }
    for code, category, where, start, log, done in [
        ("I-paired", "产业", {"village": PAIRED}, 2019, ("储备", "立项"), None),
        ("I-paired-2021", "产业", {"village": PAIRED}, 2021, ("储备",), None),
        ("I-late", "产业", {"village": LATE}, 2019, ("储备",), None),  # paired only in 2021
        ("I-unpaired", "产业", {"village": UNPAIRED}, 2019, ("储备",), None),
        ("I-town", "产业", {"division": TOWN}, 2019, ("储备",), None),
        ("H-done", "民生", {"division": TOWN}, 2018, ("储备", "立项", "实施", "完工", "验收"), None),
        ("H-building", "民生", {"division": TOWN}, 2020, ("储备", "立项", "实施"), None),
        ("H-2021", "民生", {"division": TOWN}, 2020, ("储备", "立项", "实施", "完工"), d(2021, 3)),
        ("S-done", "教育", {"division": TOWN}, 2017, ("储备", "立项", "实施", "完工"), None),
    ]:
        row, changes = project(code, category, start=start, log=log, done=done, **where)
        row["population_served"] = {"H-done": 5000, "H-building": 2000, "H-2021": 300, "S-done": 9999}.get(
            code, 0
        )
        rows["projects"].append(row)
        rows["status_changes"] += changes
    programme_records_bulk_load(programme=shenzhen, **rows)
    return shenzhen

"""The monitoring standard screens every registered household (issue 14, item 3): not yet exited, data missing,
income under the line of the household's province and year, and non-income risks by the thresholds of
domain-rules.md §3. Executed on DuckDB."""

import datetime

import pytest

from bangfu.standards import Area, load_standard
from tests.standards.register import Snapshot, detail

D = datetime.date
MAY = D(2023, 5, 1)


@pytest.fixture
def snapshot():
    return Snapshot()


def screen(snapshot, year=2023, **options):
    rows = snapshot.by_code(
        load_standard("monitoring").household_query(year, **{"area": Area.everything(), **options})
    )
    return {code: (row["result"], row["category"]) for code, row in rows.items()}


def home(snapshot, code, per_capita=9000.0, year=2023, out_of_pocket=0.0, **values):
    """An exited household of two members with the year's income (per head)."""
    values.setdefault("exit_year", 2019)
    household = snapshot.household(code, members=2, **values)
    snapshot.income(household, year, net=per_capita * 2, compliant_out_of_pocket=out_of_pocket)
    return household


def alert(snapshot, household, department, event, occurred=MAY, raised=True):
    snapshot._insert("department_alerts", {
        "alert_id": next(snapshot._ids), "household_id": household, "department": department, "event": event,
        "occurred_on": occurred, "amount": None, "raised": raised})  # fmt: skip


def test_every_household_is_screened_and_none_is_clear_without_data(snapshot):
    home(snapshot, "CLEAR")
    home(snapshot, "NEVER-EXITED", per_capita=1500.0, exit_year=None)  # issue 14: was "clear"
    home(snapshot, "EXITS-LATER", exit_year=2024)
    snapshot.household("NO-INCOME", members=2, exit_year=2019)
    no_members = snapshot.household("NO-MEMBERS", exit_year=2019)
    snapshot.income(no_members, 2023)
    ordinary = snapshot.household("ORDINARY-NO-INCOME", members=1, attribute="一般农户", identified_year=None)
    snapshot.income(ordinary, 2022)  # last year's record does not screen this year
    assert screen(snapshot) == {
        "CLEAR": ("clear", None),
        "EXITS-LATER": ("flag", "not_exited"),
        "NEVER-EXITED": ("flag", "not_exited"),
        "NO-INCOME": ("missing", None),
        "NO-MEMBERS": ("missing", None),
        "ORDINARY-NO-INCOME": ("missing", None),
    }


def test_a_flag_wins_over_missing_data(snapshot):
    household = snapshot.household("FLOODED", members=2, exit_year=2019)
    alert(snapshot, household, "应急", "自然灾害受灾")
    row = snapshot.by_code(load_standard("monitoring").household_query(2023, area=Area.everything()))[
        "FLOODED"
    ]
    assert (row["result"], row["category"]) == ("flag", "disaster")
    assert detail(row)["criteria"]["data_missing"]["flagged"] is True


def test_the_line_is_that_of_the_households_province_and_year(snapshot):
    home(snapshot, "GD", per_capita=7000.0)
    home(snapshot, "GZ", per_capita=7000.0, village_code="520102100201")
    home(snapshot, "GZ-2022", per_capita=7000.0, village_code="520102100202", year=2022)
    assert screen(snapshot)["GD"] == ("clear", None)  # Guangdong: the national 6,000
    assert screen(snapshot)["GZ"] == ("flag", "unstable_exited")  # Guizhou 2023: 7,300
    assert screen(snapshot, year=2022)["GZ-2022"] == ("clear", None)  # Guizhou has no own 2022 line
    rows = snapshot.by_code(load_standard("monitoring").household_query(2023, area=Area.everything()))
    assert detail(rows["GZ"])["criteria"]["unstable_exited"]["values"]["line"] == 7300


def test_large_medical_spending_by_the_thresholds_of_department_cross_checks(snapshot):
    home(snapshot, "REGISTERED-5000", out_of_pocket=5000.0)
    home(snapshot, "REGISTERED-4999", out_of_pocket=4999.0)
    ordinary = {"attribute": "一般农户", "identified_year": None, "exit_year": None}
    # 30,000 per head: above the line even after the spending (else 突发严重困难户 comes first)
    home(snapshot, "ORDINARY-20000", per_capita=30000.0, out_of_pocket=20000.0, **ordinary)
    home(snapshot, "ORDINARY-19999", per_capita=30000.0, out_of_pocket=19999.0, **ordinary)
    alert(snapshot, home(snapshot, "INPATIENT-ALERT"), "医保", "住院自付")
    alert(snapshot, home(snapshot, "UNDER-THRESHOLD"), "医保", "住院自付", raised=False)
    alert(snapshot, home(snapshot, "LAST-YEAR"), "医保", "住院自付", occurred=D(2022, 12, 31))
    assert screen(snapshot) == {
        "INPATIENT-ALERT": ("flag", "medical_spending"),
        "LAST-YEAR": ("clear", None),
        "ORDINARY-19999": ("clear", None),
        "ORDINARY-20000": ("flag", "medical_spending"),
        "REGISTERED-4999": ("clear", None),
        "REGISTERED-5000": ("flag", "medical_spending"),
        "UNDER-THRESHOLD": ("clear", None),
    }


def test_disability_schooling_housing_water_and_disaster(snapshot):
    alert(snapshot, home(snapshot, "DISABILITY"), "残联", "新增残疾")
    alert(snapshot, home(snapshot, "FEES"), "教育", "非义务教育自付学费")
    dropout = home(snapshot, "DROPOUT")
    snapshot.member(
        dropout, birth_date=D(2012, 1, 1), education="", school_status="七至九年级", out_of_school=True
    )
    home(snapshot, "HOUSING-D", housing_grade="D")
    home(snapshot, "HOUSING-D-RENOVATED", housing_grade="D", housing_renovated=True)
    alert(snapshot, home(snapshot, "HOUSING-ALERT"), "住建", "住房鉴定C级")
    home(snapshot, "WATER", safe_water=False)
    home(snapshot, "WATER-UNKNOWN", safe_water=None)
    alert(snapshot, home(snapshot, "FLOOD"), "应急", "自然灾害受灾")
    alert(snapshot, home(snapshot, "ACCIDENT"), "公安", "意外伤亡")
    alert(snapshot, home(snapshot, "OTHER-EVENT"), "民政", "新纳入低保")
    assert screen(snapshot) == {
        "ACCIDENT": ("flag", "disaster"),
        "DISABILITY": ("flag", "disability"),
        "DROPOUT": ("flag", "schooling"),
        "FEES": ("flag", "schooling"),
        "FLOOD": ("flag", "disaster"),
        "HOUSING-ALERT": ("flag", "housing"),
        "HOUSING-D": ("flag", "housing"),
        "HOUSING-D-RENOVATED": ("clear", None),
        "OTHER-EVENT": ("clear", None),
        "WATER": ("flag", "water"),
        "WATER-UNKNOWN": ("clear", None),
    }

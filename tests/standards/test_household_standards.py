"""Household exit standards (cn-2020, gd-2016) executed on DuckDB: each criterion at its boundaries."""

import datetime

import pytest

from bangfu.standards import Area, load_standard
from tests.standards.register import Snapshot, detail

COLUMNS = ("household_id", "household_code", "result", "failed", "category", "detail")


@pytest.fixture
def snapshot():
    return Snapshot()


def assess(snapshot, standard_id, year=2020, **options):
    return snapshot.by_code(
        load_standard(standard_id).household_query(year, **{"area": Area.everything(), **options})
    )


def test_columns_are_the_contract():
    assert load_standard("cn-2020").household_query(2020, area=Area.everything()).columns == COLUMNS


@pytest.mark.parametrize(
    ("standard_id", "net", "result"),
    [
        ("cn-2020", 8000.0, "fail"),  # 4,000 per capita: equal to the national line is not above it
        ("cn-2020", 8000.02, "pass"),
        ("gd-2016", 14730.0, "pass"),  # 7,365 per capita: equal to the Guangdong line reaches it
        ("gd-2016", 14729.98, "fail"),
    ],
)
def test_income_at_the_line(snapshot, standard_id, net, result):
    household = snapshot.household("H1", members=2)
    snapshot.income(household, 2020, net=net)
    row = assess(snapshot, standard_id)["H1"]
    assert row["result"] == result
    assert row["failed"] == ("" if result == "pass" else "income")
    values = detail(row)["criteria"]["income"]["values"]
    assert values["net_income_per_capita"] == pytest.approx(net / 2)
    assert values["line"] == (4000 if standard_id == "cn-2020" else 7365)


@pytest.mark.parametrize("standard_id", ["cn-2020", "gd-2016"])
def test_missing_income_record_fails_income(snapshot, standard_id):
    household = snapshot.household("H1", members=2, attribute="低保贫困户")
    snapshot.income(household, 2019, net=100000.0)  # another year's record does not count
    row = assess(snapshot, standard_id)["H1"]
    assert (row["result"], row["failed"]) == ("fail", "income")
    income = detail(row)["criteria"]["income"]
    assert income["passed"] is False
    assert income["values"]["has_income_record"] is False
    assert income["values"]["net_income_per_capita"] is None


def _without_labour(snapshot, code, attribute="一般贫困户", net=8000.0, **member):
    household = snapshot.household(code, attribute=attribute)
    snapshot.member(household, relation="户主", labour_ability="丧失劳动力", **member)
    snapshot.member(household, labour_ability="无劳动力")
    snapshot.income(household, 2020, net=net)  # default 4,000 per capita: the national line, far below 7,365
    return household


def test_gd_without_labour_passes_income_when_covered_by_assistance(snapshot):
    """粤发〔2016〕13号: a household without labour exits when covered by 低保 or 五保 (特困供养) and 三保障."""
    _without_labour(snapshot, "DIBAO-MEMBER", receives_dibao=True)
    _without_labour(snapshot, "TEKUN-MEMBER", receives_tekun=True)
    _without_labour(snapshot, "DIBAO-ATTRIBUTE", attribute="低保贫困户")
    _without_labour(snapshot, "TEKUN-ATTRIBUTE", attribute="特困供养贫困户")
    _without_labour(snapshot, "NOT-COVERED")
    rows = assess(snapshot, "gd-2016")
    assert {code: row["failed"] for code, row in rows.items()} == {
        "DIBAO-ATTRIBUTE": "",
        "DIBAO-MEMBER": "",
        "NOT-COVERED": "income",
        "TEKUN-ATTRIBUTE": "",
        "TEKUN-MEMBER": "",
    }
    # The national standard has no such route: coverage does not replace income.
    assert {row["failed"] for row in assess(snapshot, "cn-2020").values()} == {"income"}


def test_gd_with_labour_needs_the_income_even_when_covered(snapshot):
    household = snapshot.household("H1", members=1, attribute="低保贫困户")
    snapshot.income(household, 2020, net=7000.0)
    assert assess(snapshot, "gd-2016")["H1"]["failed"] == "income"


@pytest.mark.parametrize(
    ("birth_date", "reason", "counts"),
    [
        (datetime.date(2014, 9, 1), "其他", False),  # 5 on 31 August 2020
        (datetime.date(2014, 8, 31), "其他", True),  # 6 on 31 August 2020
        (datetime.date(2004, 9, 1), "其他", True),  # 15 on 31 August 2020
        (datetime.date(2004, 8, 31), "其他", False),  # 16 on 31 August 2020
        (datetime.date(2010, 3, 1), "身体原因", False),  # 10, out of school for health reasons
        (datetime.date(2008, 2, 29), "其他", True),  # born on 29 February: 12
    ],
)
def test_education_ages_on_31_august(snapshot, birth_date, reason, counts):
    household = snapshot.household("H1", members=2)
    snapshot.member(
        household, birth_date=birth_date, relation="子", out_of_school=True, dropout_reason=reason,
        education="", school_status="", labour_ability="无劳动力", months_employed=0,
    )  # fmt: skip
    snapshot.income(household, 2020)
    row = assess(snapshot, "cn-2020")["H1"]
    assert row["failed"] == ("education" if counts else "")
    assert detail(row)["criteria"]["education"]["values"] == {"out_of_school_children": 1 if counts else 0}


def test_a_child_in_school_does_not_fail_education(snapshot):
    household = snapshot.household("H1", members=2)
    snapshot.member(
        household, birth_date=datetime.date(2010, 1, 1), out_of_school=False, school_status="小学"
    )
    snapshot.income(household, 2020)
    assert assess(snapshot, "cn-2020")["H1"]["result"] == "pass"


@pytest.mark.parametrize(
    ("resident", "employee", "passes"),
    [
        (True, False, True),
        (False, True, True),
        (True, True, True),
        (False, False, False),
        (None, None, False),
    ],
)
def test_medical_every_member_enrolled(snapshot, resident, employee, passes):
    household = snapshot.household("H1", members=1)
    snapshot.member(household, resident_medical_insurance=resident, employee_medical_insurance=employee)
    snapshot.income(household, 2020)
    assert assess(snapshot, "gd-2016")["H1"]["failed"] == ("" if passes else "medical")


@pytest.mark.parametrize(
    ("grade", "renovated", "passes"),
    [
        ("A", False, True),
        ("B", False, True),
        ("C", False, False),
        ("C", True, True),
        ("D", False, False),
        ("D", True, True),
        ("C", None, False),
        (None, None, False),
    ],
)
def test_housing_grade_and_renovation(snapshot, grade, renovated, passes):
    household = snapshot.household("H1", members=1, housing_grade=grade, housing_renovated=renovated)
    snapshot.income(household, 2020)
    assert assess(snapshot, "cn-2020")["H1"]["failed"] == ("" if passes else "housing")


@pytest.mark.parametrize(("safe_water", "passes"), [(True, True), (False, False), (None, False)])
def test_water(snapshot, safe_water, passes):
    household = snapshot.household("H1", members=1, safe_water=safe_water)
    snapshot.income(household, 2020)
    assert assess(snapshot, "cn-2020")["H1"]["failed"] == ("" if passes else "water")


def test_failed_criteria_are_sorted_and_joined(snapshot):
    household = snapshot.household("H1", members=1, safe_water=False, housing_grade="D")
    snapshot.member(
        household, birth_date=datetime.date(2012, 1, 1), out_of_school=True, dropout_reason="其他"
    )
    row = assess(snapshot, "gd-2016")["H1"]
    assert (row["result"], row["failed"], row["category"]) == ("fail", "education;housing;income;water", None)


def test_people_born_after_the_year_are_not_members(snapshot):
    household = snapshot.household("H1", members=2)
    snapshot.member(
        household,
        birth_date=datetime.date(2021, 1, 5),
        resident_medical_insurance=False,
        labour_ability="无劳动力",
    )
    snapshot.income(household, 2020, net=8002.0)
    snapshot.income(household, 2021, net=8002.0)
    row = assess(snapshot, "cn-2020")["H1"]
    # 4,001 per capita over the two members of 2020; the baby is not an uninsured member yet.
    assert row["result"] == "pass"
    assert detail(row)["criteria"]["income"]["values"]["net_income_per_capita"] == pytest.approx(4001.0)
    exited = snapshot.household("H2", members=2, exit_year=2020)  # 6,001 per head over its two members
    snapshot.income(exited, 2021, net=12002.0)
    screened = snapshot.by_code(load_standard("monitoring").household_query(2021, area=Area.everything()))
    # H1 is registered poor and not exited (flagged); 8,002 over the 3 members of 2021 is under the line.
    values = detail(screened["H1"])["criteria"]["unstable_exited"]["values"]
    assert values["net_income_per_capita"] == pytest.approx(8002.0 / 3)
    assert screened["H2"]["result"] == "clear"


def test_who_is_listed(snapshot):
    for code, attribute, identified in [
        ("POOR-2016", "一般贫困户", 2016),
        ("POOR-2020", "低保贫困户", 2020),
        ("POOR-2021", "特困供养贫困户", 2021),
        ("ORDINARY", "一般农户", None),
    ]:
        household = snapshot.household(code, members=1, attribute=attribute, identified_year=identified)
        snapshot.income(household, 2020)
    assert list(assess(snapshot, "gd-2016")) == ["POOR-2016", "POOR-2020"]
    assert list(assess(snapshot, "cn-2020", year=2019)) == ["POOR-2016"]
    assert list(snapshot.by_code(load_standard("monitoring").household_query(2021, area=Area.everything()))) == [
        "ORDINARY", "POOR-2016", "POOR-2020", "POOR-2021",
    ]  # fmt: skip


def test_rows_are_ordered_by_household_code(snapshot):
    for code in ["H3", "H1", "H2"]:
        snapshot.household(code, members=1)
    codes = [
        row["household_code"]
        for row in snapshot.rows(load_standard("cn-2020").household_query(2020, area=Area.everything()))
    ]
    assert codes == ["H1", "H2", "H3"]


def test_one_household_by_code_gives_the_values_that_decided(snapshot):
    for code in ["H1", "H2"]:
        household = snapshot.household(code, members=2)
        snapshot.income(household, 2020, net=12000.0)
    rows = snapshot.rows(
        load_standard("gd-2016").household_query(2020, household_code="H2", area=Area.everything())
    )
    assert [row["household_code"] for row in rows] == ["H2"]
    document = detail(rows[0])
    assert list(document["criteria"]) == [
        "income",
        "food",
        "clothing",
        "education",
        "medical",
        "housing",
        "water",
    ]
    assert document["criteria"]["income"] == {
        "passed": False,
        "values": {
            "has_income_record": True,
            "members": 2,
            "has_labour": True,
            "disposable_income_per_capita": 6000.0,
            "line": 7365,
            "covered_by_social_assistance": False,
            "net_income_per_capita": 6000.0,
            "national_line": 4000,
        },
    }
    assert document["criteria"]["housing"]["values"] == {"housing_grade": "A", "housing_renovated": False}
    # Every parameter of the year except list-valued policy choices (labour_abilities, coverage_attributes).
    assert document["parameters"] == {
        "line": 7365,
        "national_line": 4000,
        "school_age_min": 6,
        "school_age_max": 15,
        "school_cutoff": "08-31",
        "incidence_limit": 0.02,
        "collective_income_min": 100000,
        "farmer_income_min": 9820,
    }


def test_a_household_code_is_a_value_not_sql(snapshot):
    snapshot.household("H1", members=1)
    query = load_standard("cn-2020").household_query(
        2020, household_code="H1' OR '1'='1", area=Area.everything()
    )
    assert snapshot.rows(query) == []

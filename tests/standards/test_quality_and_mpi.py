"""Data-quality checks and the multidimensional poverty query, executed on DuckDB."""

import datetime

import pytest
from stdnum.cn import ric

from bangfu.standards import Area, load_standard
from tests.standards.register import Snapshot

AS_OF = datetime.date(2021, 12, 31)
QUALITY_COLUMNS = ("check_id", "household_id", "household_code", "member_id", "id_number", "message")


def area_of(prefix: str | None) -> Area:
    """The area of one division-code prefix, or everything."""
    return Area.within(prefix) if prefix else Area.everything()


def valid_id(birth: datetime.date, serial: str = "123") -> str:
    """A resident ID number with a correct check digit (python-stdnum); odd ``serial`` = male."""
    body = f"441521{birth:%Y%m%d}{serial}"
    return body + ric.calc_check_digit(body + "0")


@pytest.fixture
def snapshot():
    return Snapshot()


def clean_household(snapshot, code, **values):
    household = snapshot.household(code, **values)
    snapshot.member(household, relation="户主", id_number=valid_id(datetime.date(1980, 5, 1)))
    snapshot.member(
        household, relation="配偶", sex="女", birth_date=datetime.date(1982, 3, 9),
        id_number=valid_id(datetime.date(1982, 3, 9), "124"),
    )  # fmt: skip
    snapshot.income(household, 2021)
    return household


def findings(snapshot, scope=None):
    query = load_standard("quality").quality_query(area=area_of(scope), as_of=AS_OF)
    return [(row["check_id"], row["household_code"], row["member_id"]) for row in snapshot.rows(query)]


def test_columns_are_the_contract():
    assert (
        load_standard("quality").quality_query(area=Area.everything(), as_of=AS_OF).columns == QUALITY_COLUMNS
    )


def test_at_least_eight_checks_each_with_a_chinese_message():
    checks = load_standard("quality").criteria
    assert len(checks) >= 8
    assert all(
        check.message and check.title and check.level in ("household", "member", "case") for check in checks
    )


def test_a_clean_register_has_no_findings(snapshot):
    clean_household(snapshot, "H1")
    clean_household(snapshot, "H2", housing_grade="C", housing_renovated=True)
    assert findings(snapshot) == []


def test_each_check_finds_its_problem(snapshot):
    def member_case(check, code, **member):
        household = clean_household(snapshot, code)
        member.setdefault("birth_date", datetime.date(2000, 1, 1))
        member.setdefault("id_number", valid_id(datetime.date(2000, 1, 1), "135"))
        expected.append((check, code, snapshot.member(household, **member)))

    def household_case(check, code, **values):
        clean_household(snapshot, code, **values)
        expected.append((check, code, None))

    expected = []
    household_case("exit_before_identification", "C01", identified_year=2017, exit_year=2016)
    household_case("registered_poor_without_cause", "C02", main_cause="")
    household_case("registered_poor_without_year", "C03", identified_year=None)
    household_case("renovated_safe_housing", "C04", housing_grade="B", housing_renovated=True)
    member_case("dropout_without_reason", "C05", out_of_school=True, dropout_reason="")
    member_case("education_and_school_status", "C06", education="初中", school_status="高中/中职")
    member_case("education_or_school_status_missing", "C07", education="", school_status="")
    member_case("employed_without_labour", "C08", labour_ability="丧失劳动力", months_employed=3)
    # 七至九年级 at 12–16 on the as-of date: 11 and 17 are findings, 12 and 16 are not.
    for code, birth in [("C09", datetime.date(2010, 1, 1)), ("C10", datetime.date(2004, 12, 31))]:
        member_case("grades_7_9_age", code, birth_date=birth, education="", school_status="七至九年级",
                    id_number=valid_id(birth, "135"))  # fmt: skip
    for code, birth in [("OK1", datetime.date(2009, 12, 31)), ("OK2", datetime.date(2005, 1, 1))]:
        household = clean_household(snapshot, code)
        snapshot.member(household, birth_date=birth, education="", school_status="七至九年级",
                        id_number=valid_id(birth, "135"))  # fmt: skip
    member_case("id_birth_date_mismatch", "C11", birth_date=datetime.date(2000, 1, 2))
    member_case("id_number_invalid", "C12", id_number=valid_id(datetime.date(2000, 1, 1), "135")[:17] + "0")
    member_case("id_number_invalid", "C13", id_number="44152120000101135")
    member_case("id_sex_mismatch", "C14", sex="女")
    member_case("medical_both_schemes", "C15", employee_medical_insurance=True)
    member_case("medical_no_scheme", "C16", resident_medical_insurance=False)
    member_case("months_employed_range", "C17", months_employed=13)
    household = snapshot.household("C18", main_cause="缺劳动力")  # 2 labourers of 4 members
    for number, ability in enumerate(["普通劳动力", "技能劳动力", "无劳动力", "丧失劳动力"]):
        birth = datetime.date(1970, 1, 1 + number)
        snapshot.member(household, relation="户主" if number == 0 else "子", labour_ability=ability, birth_date=birth,
                        months_employed=0, id_number=valid_id(birth, "135"))  # fmt: skip
    expected.append(("lack_of_labour_with_labourers", "C18", None))
    household = clean_household(snapshot, "C19")
    snapshot.income(household, 2019, property_income=-1.0)
    expected.append(("negative_income", "C19", None))
    household = snapshot.household("C20")
    snapshot.member(household, relation="配偶", id_number=valid_id(datetime.date(1980, 5, 1), "135"))
    expected.append(("head_missing", "C20", None))
    household = clean_household(snapshot, "C21")
    snapshot.member(
        household,
        relation="户主",
        birth_date=datetime.date(1950, 5, 1),
        id_number=valid_id(datetime.date(1950, 5, 1)),
    )
    expected.append(("head_multiple", "C21", None))

    assert findings(snapshot) == sorted(expected, key=lambda f: (f[0], f[1], f[2] or 0))
    checked = {check for check, _, _ in expected}
    # The monitoring checks (cases, public-welfare posts) have their own module, test_quality_monitoring.
    checks = load_standard("quality").criteria
    monitoring = {c.id for c in checks if c.level == "case"} | {"public_welfare_post_under_16"}
    assert checked == {check.id for check in checks} - monitoring


def test_findings_carry_the_member_id_number_and_the_message(snapshot):
    household = clean_household(snapshot, "H1")
    birth = datetime.date(1990, 1, 1)
    member = snapshot.member(
        household, employee_medical_insurance=True, birth_date=birth, id_number=valid_id(birth)
    )
    (row,) = snapshot.rows(load_standard("quality").quality_query(area=Area.everything(), as_of=AS_OF))
    assert row == {
        "check_id": "medical_both_schemes",
        "household_id": household,
        "household_code": "H1",
        "member_id": member,
        "id_number": valid_id(datetime.date(1990, 1, 1)),
        "message": "成员同时参加城乡居民医保和职工医保（只能参加一种）",
    }


# --- multidimensional poverty ----------------------------------------------------------------------------

MPI_COLUMNS = ("household_id", "household_code", "county_code", "members", "score", "poor")


def test_mpi_weights_are_integers_over_a_common_denominator():
    mpi = load_standard("mpi").mpi
    assert sum(mpi.weights.values()) == mpi.denominator == 30
    assert mpi.cutoff == 10
    assert set(mpi.titles) == set(mpi.weights) == set(mpi.dimensions)


def test_mpi_scores_and_cutoff(snapshot):
    household = snapshot.household("ONE", members=2, safe_water=False)  # water: 6 of 30
    snapshot.income(household, 2020)
    household = snapshot.household("TWO", members=2, safe_water=False, housing_grade="C")  # 12 of 30
    snapshot.income(household, 2020)
    household = snapshot.household("MEDICAL", members=1)  # 3 + 3 of 30
    snapshot.member(household, resident_medical_insurance=False, critical_illness_insurance=False)
    snapshot.income(household, 2020)
    household = snapshot.household("NO-INCOME", members=1, attribute="一般农户", identified_year=None)  # 6
    household = snapshot.household("AT-LINE", members=2, housing_grade="D")  # 4,000 is the line: 6 + 6
    snapshot.income(household, 2020, net=8000.0)
    query = load_standard("mpi").mpi_query(2020, area=Area.everything())
    indicators = tuple(f"d_{name}" for name in load_standard("mpi").mpi.weights)
    assert query.columns == MPI_COLUMNS + indicators
    rows = snapshot.by_code(query)
    assert {code: (row["score"], row["poor"]) for code, row in rows.items()} == {
        "AT-LINE": (12, True),
        "MEDICAL": (6, False),
        "NO-INCOME": (6, False),
        "ONE": (6, False),
        "TWO": (12, True),
    }
    assert rows["MEDICAL"]["d_medical_insurance"] and rows["MEDICAL"]["d_critical_illness"]
    assert rows["ONE"]["county_code"] == "441521000000"
    assert rows["MEDICAL"]["members"] == 2

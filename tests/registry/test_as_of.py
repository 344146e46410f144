"""As-of semantics (issue 14): a year's figures and verdicts read the register as of 31 December of that year.

Adding a member born after a year must change no figure or verdict of that year: the results report, the
dashboard figures, the engine's verdict and the household page.
"""

from datetime import date

import pytest

from bangfu.accounts.scope import Scope
from bangfu.assessment.models import HouseholdResult
from bangfu.assessment.services import assessment_run
from bangfu.codes.area import Area
from bangfu.indicators.models import VillageIncomeBand, VillageYearFigure
from bangfu.indicators.services import figures_refresh
from bangfu.registry import selectors
from bangfu.reports.results import results_report
from bangfu.standards.asof import member_present_sql, year_end
from tests import factories

EVERYTHING = Scope(role=None, area=Area.everything())


@pytest.fixture
def register(divisions):
    village = factories.village("441521101201", name="新山村", population=1000, exit_year=2020)
    for year in (2019, 2020):
        factories.village_year_stat(
            village=village,
            year=year,
            registered_population=1000,
            disposable_income_per_capita=15000,
            collective_income=100000,
        )
    exited = factories.household(village, "A", members=3, exit_year=2019)
    factories.income(exited, 2015, wages=9000)
    factories.income(exited, 2019, wages=16000)
    factories.income(exited, 2020, wages=18000)
    staying = factories.household(village, "B", members=2, exit_year=2021)
    factories.income(staying, 2015, wages=5000)
    factories.income(staying, 2020, wages=9000)
    return {"village": village, "exited": exited, "staying": staying}


def figures(register, year: int) -> dict:
    """Every figure and verdict of ``year`` the issue names, as plain data."""
    report = results_report(year=year)
    report = {key: value for key, value in report.items() if not isinstance(value, dict | list)}
    figures_refresh(reason="test")
    dashboard = list(
        VillageYearFigure.objects.filter(year__lte=year)
        .order_by("village_id", "year")
        .values_list(
            "year",
            "people_registered",
            "people_exited",
            "people_remaining",
            "income_people",
            "income_net",
        )
    )
    bands = list(
        VillageIncomeBand.objects.filter(year__lte=year)
        .order_by("village_id", "year", "band")
        .values_list("year", "band", "households", "people")
    )
    run = assessment_run(standard_id="cn-2020", year=year)
    verdicts = list(
        HouseholdResult.objects.filter(run=run)
        .order_by("household__code")
        .values_list("household__code", "result", "failed_criteria")
    )
    page = {}
    for household in (register["exited"], register["staying"]):
        incomes = selectors.household_incomes(scope=EVERYTHING, household=household)
        page[household.code] = [
            (row.year, row.members, row.per_capita) for row in incomes if row.year <= year
        ]
    incidence = [
        (point.year, point.poor_people)
        for point in selectors.village_incidence(scope=EVERYTHING, village=register["village"])
        if point.year <= year
    ]
    return {
        "report": report,
        "dashboard": dashboard,
        "bands": bands,
        "verdicts": verdicts,
        "page": page,
        "incidence": incidence,
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("year", [2019, 2020])
def test_a_member_born_after_the_year_changes_nothing_of_that_year(register, year):
    before = figures(register, year)
    birth = date(year + 1, 2, 1)
    factories.member(
        register["exited"], factories.id_number(birth), relation="子", labour="无劳动力", birth=birth
    )
    after = figures(register, year)
    for part in before:
        assert after[part] == before[part], part


def test_exits_count_the_members_at_the_end_of_the_report_year(register):
    """R4 counts people lifted as the exited households' members on 31 December of the report's year (the
    register as it stood then): A exited in 2019 and a child born in 2020 is counted in 2020, not in 2019;
    registered people = exited + remaining in every year."""
    birth = date(2020, 2, 1)
    factories.member(
        register["exited"], factories.id_number(birth), relation="子", labour="无劳动力", birth=birth
    )
    assert results_report(year=2020)["people_lifted"] == 4
    assert results_report(year=2019)["people_lifted"] == 3
    figures_refresh(reason="test")
    row = VillageYearFigure.objects.get(village=register["village"], year=2020)
    assert (row.people_registered, row.people_exited, row.people_remaining) == (6, 4, 2)
    row = VillageYearFigure.objects.get(village=register["village"], year=2019)
    assert (row.people_registered, row.people_exited, row.people_remaining) == (5, 3, 2)


def test_the_rule_is_one_sql_expression():
    assert year_end(2020) == date(2020, 12, 31)
    sql = member_present_sql("'2020-12-31'", alias="m")
    assert sql == "(m.birth_date IS NULL OR m.birth_date <= '2020-12-31')"

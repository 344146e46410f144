import pytest

from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division
from bangfu.registry import services
from bangfu.registry.models import Household, IncomeRecord, Member, Village
from tests import factories


@pytest.fixture
def village(divisions):
    return factories.village()


def test_a_household_is_registered_with_its_living_conditions_and_members(village):
    household = factories.household(village, "4415211012010001", members=4)
    assert household.living.housing_grade == "A"
    assert household.members.count() == 4
    assert household.members.get(relation="户主").id_number == household.head_id_number
    assert (Household.objects.count(), Member.objects.count()) == (1, 4)


def test_income_for_a_year_is_replaced_not_duplicated(village):
    household = factories.household(village, "H2")
    factories.income(household, 2020, wages=10000)
    record = factories.income(household, 2020, wages=12000, transfers=500, costs=300)
    assert IncomeRecord.objects.filter(household=household, year=2020).count() == 1
    assert record.net_income == 12500


def test_a_village_must_be_a_village_level_division(divisions):
    with pytest.raises(ApplicationError, match="不是村级"):
        services.village_create(division=Division.objects.get(code="441521000000"), registered_population=10)


def test_a_poor_village_needs_its_identified_year_and_exits_after_it(divisions):
    division = factories.village("441521101201").division
    division.village.delete()
    with pytest.raises(ApplicationError, match="识别年度"):
        services.village_create(division=division, registered_population=10, is_poor=True)
    with pytest.raises(ApplicationError, match="早于识别年度"):
        services.village_create(
            division=division, registered_population=10, is_poor=True, identified_year=2016, exit_year=2015
        )
    assert services.village_create(division=division, registered_population=10).pk


def test_the_admin_adds_a_village_through_its_service(divisions, admin_client):
    division = factories.village("441521101201").division
    division.village.delete()
    data = {"division": division.pk, "registered_population": 10, "is_poor": "on", "exit_year": 2015}
    page = admin_client.post("/admin/registry/village/add/", data)
    assert page.status_code == 200 and "识别年度" in page.content.decode()  # the service's refusal
    assert (
        admin_client.post("/admin/registry/village/add/", data | {"identified_year": 2014}).status_code == 302
    )
    village = Village.objects.get(division=division)
    assert (village.is_poor, village.identified_year, village.exit_year) == (True, 2014, 2015)

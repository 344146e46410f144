from datetime import date

import pytest

from bangfu.codes.area import Area
from bangfu.core.errors import ApplicationError
from bangfu.regions.models import Division
from bangfu.registry import services
from bangfu.registry.models import Household, IncomeRecord, LivingConditions, Member
from bangfu.registry.selectors import registered_poor_households
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


def test_exit_before_identification_is_refused_and_nothing_is_written(village):
    with pytest.raises(ApplicationError, match="早于识别年度"):
        services.household_create(
            code="X1",
            village=village,
            head_id_number=factories.id_number(date(1960, 1, 1)),
            attribute="一般贫困户",
            identified_year=2018,
            exit_year=2017,
            housing_grade="B",
            safe_water=True,
        )
    assert not Household.objects.exists() and not LivingConditions.objects.exists()


def test_a_registered_poor_household_needs_an_identified_year(village):
    with pytest.raises(ApplicationError, match="识别年度"):
        services.household_create(
            code="X2",
            village=village,
            head_id_number=factories.id_number(date(1960, 1, 1)),
            attribute="低保贫困户",
            housing_grade="B",
            safe_water=True,
        )


def test_an_ordinary_household_needs_no_identified_year(village):
    household = services.household_create(
        code="X3",
        village=village,
        head_id_number=factories.id_number(date(1960, 1, 1)),
        attribute="一般农户",
        housing_grade="C",
        housing_renovated=False,
        safe_water=False,
    )
    assert not household.is_registered_poor
    assert list(registered_poor_households(area=Area.everything())) == []


def test_a_member_has_either_education_or_school_status(village):
    household = factories.household(village, "H1", members=1)
    for education, school in [("初中", "小学"), ("", "")]:
        with pytest.raises(ApplicationError, match="文化程度和在校生状况"):
            services.member_create(
                household=household,
                name="林某",
                id_number=factories.id_number(date(2012, 1, 1), male=False),
                relation="女",
                sex="女",
                birth_date=date(2012, 1, 1),
                health="健康",
                labour_ability="无劳动力",
                resident_medical_insurance=True,
                employee_medical_insurance=False,
                education=education,
                school_status=school,
            )
    assert Member.objects.count() == 1


def test_unknown_codes_are_refused(village):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.household_create(
            code="X4",
            village=village,
            head_id_number=factories.id_number(date(1960, 1, 1)),
            attribute="富裕户",
            identified_year=2016,
            housing_grade="A",
            safe_water=True,
        )
    assert not Household.objects.filter(code="X4").exists()


def test_income_for_a_year_is_replaced_not_duplicated(village):
    household = factories.household(village, "H2")
    factories.income(household, 2020, wages=10000)
    record = factories.income(household, 2020, wages=12000, transfers=500, costs=300)
    assert IncomeRecord.objects.filter(household=household, year=2020).count() == 1
    assert record.net_income == 12500


def test_a_village_must_be_a_village_level_division(divisions):
    with pytest.raises(ApplicationError, match="不是村级"):
        services.village_create(division=Division.objects.get(code="441521000000"), registered_population=10)

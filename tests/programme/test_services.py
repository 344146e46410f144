"""The programme's services refuse every violation of its rules, with a clear error and nothing written."""

from datetime import date

import pytest
from django.utils import translation

from bangfu.core.errors import ApplicationError
from bangfu.programme import services
from bangfu.programme.models import (
    AssistingUnit,
    Cadre,
    CadreAssignment,
    Evaluation,
    HouseholdPlan,
    Pairing,
    Visit,
)
from tests import factories
from tests.programme import records


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_valid_unified_social_credit_code_is_accepted_and_an_invalid_one_refused(db):
    code = records.uscc_code()
    unit = records.unit("罗湖区", uscc=code.lower())
    assert unit.uscc == code
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ApplicationError, match="not a valid unified social credit code"):
        records.unit("南山区", uscc=broken)
    with pytest.raises(ApplicationError, match=r"already exists|this unified social credit code"):
        records.unit("宝安区", uscc=code)
    assert list(AssistingUnit.objects.values_list("name", flat=True)) == ["罗湖区"]


def test_units_without_a_code_do_not_clash(db):
    records.unit("罗湖区")
    records.unit("南山区")
    assert AssistingUnit.objects.filter(uscc="").count() == 2


def test_a_pairing_ending_before_it_starts_is_refused(programme, unit, village):
    with pytest.raises(ApplicationError, match="before the start date"):
        services.pairing_create(
            programme=programme,
            unit=unit,
            village=village,
            start_date=date(2016, 5, 1),
            end_date=date(2016, 4, 1),
        )
    assert not Pairing.objects.exists()


def test_overlapping_pairings_of_a_unit_and_village_are_refused(programme, unit, village):
    services.pairing_create(programme=programme, unit=unit, village=village, start_date=date(2016, 1, 1))
    with pytest.raises(ApplicationError, match="already paired"):  # the first is open-ended
        services.pairing_create(
            programme=programme,
            unit=unit,
            village=village,
            start_date=date(2030, 1, 1),
            end_date=date(2031, 1, 1),
        )
    assert Pairing.objects.count() == 1


def test_a_unit_may_pair_with_the_same_village_again_after_the_first_pairing_ended(programme, unit, village):
    first = services.pairing_create(
        programme=programme,
        unit=unit,
        village=village,
        start_date=date(2013, 1, 1),
        end_date=date(2015, 12, 31),
    )
    services.pairing_create(programme=programme, unit=unit, village=village, start_date=date(2016, 1, 1))
    assert Pairing.objects.count() == 2
    with pytest.raises(ApplicationError, match="already paired"):
        services.pairing_create(
            programme=programme,
            unit=unit,
            village=village,
            start_date=date(2015, 6, 1),
            end_date=date(2015, 7, 1),
        )
    first.end_date = date(2016, 6, 1)  # ending it later, as the admin's page does
    with pytest.raises(ApplicationError, match="already paired"):
        services.pairing_save(pairing=first)
    first.refresh_from_db()
    assert first.end_date == date(2015, 12, 31) and Pairing.objects.count() == 2
    in_force = Pairing.objects.filter(unit=unit, start_date__lte=date(2017, 1, 1), end_date=None)
    assert [pairing.village for pairing in in_force] == [village]


def _assign(programme, cadre, start, end=None, role="第一书记", **place):
    return services.cadre_assignment_create(
        cadre=cadre, role=role, unit=cadre.unit, programme=programme, start_date=start, end_date=end, **place
    )


def test_two_first_secretaries_of_one_village_at_once_are_refused(programme, unit, village):
    _assign(programme, records.cadre(unit, "甲"), date(2016, 1, 1), village=village)  # open-ended
    second = records.cadre(unit, "乙")
    with pytest.raises(ApplicationError, match="must not overlap"):
        _assign(programme, second, date(2019, 1, 1), date(2020, 12, 31), village=village)
    assert CadreAssignment.objects.count() == 1


def test_consecutive_first_secretaries_are_accepted(programme, unit, village):
    _assign(programme, records.cadre(unit, "甲"), date(2016, 1, 1), date(2017, 12, 31), village=village)
    _assign(programme, records.cadre(unit, "乙"), date(2018, 1, 1), village=village)
    assert CadreAssignment.objects.count() == 2
    in_post = CadreAssignment.objects.filter(start_date__lte=date(2018, 6, 1)).exclude(
        end_date__lt=date(2018, 6, 1)
    )
    assert [a.cadre.name for a in in_post] == ["乙"]


def test_a_village_team_has_several_members_but_one_cadre_holds_a_post_once(programme, unit, village):
    first, second = records.cadre(unit, "甲"), records.cadre(unit, "乙")
    _assign(programme, first, date(2016, 1, 1), role="驻村工作队员", village=village)
    _assign(programme, second, date(2016, 1, 1), role="驻村工作队员", village=village)
    with pytest.raises(ApplicationError, match="must not overlap"):
        _assign(programme, first, date(2017, 1, 1), role="驻村工作队员", village=village)
    assert CadreAssignment.objects.count() == 2


def test_one_household_contact_per_household_at_a_time(programme, unit, village):
    household = factories.household(village, "4415211012010001")
    _assign(
        programme,
        records.cadre(unit, "甲"),
        date(2016, 1, 1),
        date(2018, 1, 1),
        "帮扶责任人",
        household=household,
    )
    with pytest.raises(ApplicationError, match="must not overlap"):
        _assign(
            programme, records.cadre(unit, "乙"), date(2018, 1, 1), None, "帮扶责任人", household=household
        )
    assert CadreAssignment.objects.count() == 1


def test_an_assignment_has_exactly_one_place(programme, unit, village):
    cadre = records.cadre(unit)
    with pytest.raises(ApplicationError, match="exactly one place"):
        _assign(programme, cadre, date(2016, 1, 1), village=village, division=records.county())
    with pytest.raises(ApplicationError, match="exactly one place"):
        _assign(programme, cadre, date(2016, 1, 1))
    assert not CadreAssignment.objects.exists()


def test_only_a_seconded_cadre_is_posted_to_a_division(programme, unit):
    cadre = records.cadre(unit)
    with pytest.raises(ApplicationError, match="seconded cadre"):
        _assign(programme, cadre, date(2016, 1, 1), division=records.county())
    _assign(programme, cadre, date(2016, 1, 1), role="挂职干部", division=records.county())
    assert CadreAssignment.objects.get().place == records.county()


def test_an_assignment_ending_before_it_starts_is_refused(programme, unit, village):
    with pytest.raises(ApplicationError, match="before the start date"):
        _assign(programme, records.cadre(unit), date(2016, 1, 1), date(2015, 1, 1), village=village)
    assert not CadreAssignment.objects.exists()


def test_a_cadre_id_number_is_checked(unit):
    with pytest.raises(ApplicationError, match="resident ID number"):
        records.cadre(unit, id_number="441521197005010010")
    records.cadre(unit, id_number=factories.id_number(date(1980, 1, 1)))
    assert Cadre.objects.count() == 1


def test_plans_measures_visits_and_evaluations(programme, unit, village):
    household = factories.household(village, "4415211012010001")
    cadre = records.cadre(unit)
    plan = services.household_plan_set(household=household, year=2017, summary="发展茶叶")
    assert services.household_plan_set(household=household, year=2017, summary="发展养殖") == plan
    services.measure_create(plan=plan, category="产业", status="已完成", start_date=date(2017, 3, 1),
                            end_date=date(2017, 9, 1))  # fmt: skip
    with pytest.raises(ApplicationError, match="before the start date"):
        services.measure_create(
            plan=plan, category="就业", start_date=date(2017, 3, 1), end_date=date(2017, 1, 1)
        )
    with pytest.raises(ApplicationError):
        services.measure_create(plan=plan, category="不存在")
    services.visit_record(household=household, cadre=cadre, date=date(2017, 4, 1), findings="缺资金")
    assert HouseholdPlan.objects.get().summary == "发展养殖"
    assert [m.status for m in HouseholdPlan.objects.get(household=household).measures.all()] == ["已完成"]
    assert Visit.objects.filter(household=household).count() == 1
    for year in (2016, 2017):
        services.evaluation_set(programme=programme, year=year, grade="较好")
    services.evaluation_set(programme=programme, year=2017, grade="好")
    grades = Evaluation.objects.filter(programme=programme).values_list("year", "grade")
    assert dict(grades) == {2016: "较好", 2017: "好"}
    assert Evaluation.objects.count() == 2


def test_a_programme_ending_before_it_starts_is_refused(divisions):
    with pytest.raises(ApplicationError, match="end year"):
        records.programme(start_year=2020, end_year=2013)

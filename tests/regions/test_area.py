"""One Area for what a reader may see: the value (codes/area.py) and the one queryset method (regions/area.py)."""

from datetime import date

import pytest

from bangfu.accounts.models import Role
from bangfu.accounts.scope import scope_for
from bangfu.assessment.models import HouseholdResult
from bangfu.codes.area import Area
from bangfu.markets.choices import TrainingBrand
from bangfu.markets.models import TrainingCourse
from bangfu.regions.models import Division
from bangfu.registry.models import Household, Member, Village
from tests import factories

HAIFENG_PATH = "/440000000000/441500000000/441521000000/"


@pytest.fixture
def two_counties(divisions):
    haifeng = factories.village("441521101201", name="新山村")
    factories.household(haifeng, "4415211012010001", members=2)
    luhe = factories.village("441523101201", name="坡平村")
    factories.household(luhe, "4415231012010001", members=3)
    return haifeng, luhe


def codes(queryset, field="code"):
    return sorted(queryset.values_list(field, flat=True))


def test_every_kind_of_area_narrows_households_and_members(two_counties):
    _, luhe = two_counties
    assert codes(Household.objects.in_area(Area.everything())) == ["4415211012010001", "4415231012010001"]
    assert codes(Household.objects.in_area(Area.nothing())) == []
    assert codes(Household.objects.in_area(Area.within("441523"))) == ["4415231012010001"]
    by_path = Area.of(division_paths=[HAIFENG_PATH])
    assert by_path.prefixes == ("441521",)
    assert codes(Household.objects.in_area(by_path)) == ["4415211012010001"]
    both = Area.of(division_paths=[HAIFENG_PATH], villages={luhe.pk: "441523101201"})
    assert len(codes(Household.objects.in_area(both))) == 2
    assert Member.objects.in_area(Area.of(villages={luhe.pk: "441523101201"})).count() == 3
    assert codes(Village.objects.in_area(Area.within("4415", "4416")), "division__code") == [
        "441521101201",
        "441523101201",
    ]


def test_related_managers_and_division_models_take_the_area_too(two_counties):
    haifeng, _ = two_counties
    household = Household.objects.get(village=haifeng)
    assert household.members.in_area(Area.within("441523")).count() == 0
    assert household.members.in_area(Area.within("441521")).count() == 2
    assert HouseholdResult.objects.in_area(Area.nothing()).count() == 0
    town = Division.objects.get(code="441521101000")
    TrainingCourse.objects.create(
        code="C1", name="电商培训", brand=TrainingBrand.values[0], division=town, start_date=date(2018, 3, 1)
    )
    assert TrainingCourse.objects.in_area(Area.within("441523")).count() == 0
    assert TrainingCourse.objects.in_area(Area.of(division_paths=[HAIFENG_PATH])).count() == 1
    assert TrainingCourse.objects.in_area(Area.of(villages={haifeng.pk: "441521101201"})).count() == 0


def test_in_area_refuses_anything_but_an_area(two_counties):
    for not_an_area in (None, "441521", scope_for(None)):
        with pytest.raises(TypeError, match="in_area needs an Area"):
            Household.objects.in_area(not_an_area)


def test_a_scope_holds_the_area_derived_once_from_the_user(two_counties):
    _, luhe = two_counties
    officer = factories.account(
        "haifeng", Role.OFFICER, divisions=["441521000000"], villages=["441523101201"]
    )
    scope = scope_for(officer)
    assert scope.area.division_paths == (HAIFENG_PATH,) and scope.area.prefixes == ("441521",)
    assert scope.area.village_ids == {luhe.pk} and scope.area.village_codes == {"441523101201"}
    assert scope_for(officer) is scope  # cached for the request
    assert scope_for(factories.account("boss", Role.ADMINISTRATOR)).area == Area.everything()
    assert scope_for(None).area == Area.nothing()


def test_an_area_is_checked_when_built():
    with pytest.raises(ValueError):
        Area.within()
    with pytest.raises(ValueError):
        Area(unrestricted=True, prefixes=("44",))
    with pytest.raises(ValueError):
        Area(division_paths=(HAIFENG_PATH,), prefixes=("44",))  # prefixes are derived from the paths
    with pytest.raises(ValueError):
        Area(village_ids=frozenset({1}))  # a village needs its code for the compiler
    assert Area.within("441521").contains_division_path(HAIFENG_PATH + "441521101000/")
    assert not Area.within("441521").contains_division_path("/440000000000/441500000000/")
    assert Area.of(division_paths=[HAIFENG_PATH]).contains_division_path(HAIFENG_PATH)


def test_an_area_answers_for_a_village_its_own_divisions_and_a_stable_key():
    town = HAIFENG_PATH + "441521101000/"
    cadre = Area.of(villages={7: "441523101201"})
    officer = Area.of(division_paths=[HAIFENG_PATH, "/440000000000/441500000000/"])
    assert cadre.contains_village(7, "/440000000000/441500000000/441523000000/441523101000/441523101201/")
    assert not cadre.contains_village(8, town + "441521101201/")
    assert officer.contains_village(8, town + "441521101201/")
    assert not Area.nothing().contains_village(7, town)
    assert Area.everything().contains_village(7, town)
    assert officer.division_codes == ("441500000000", "441521000000")
    assert cadre.division_codes == () and Area.everything().division_codes == ()
    # the key is the same for equal areas, whatever the order they were built in, and differs otherwise
    same = Area.of(division_paths=["/440000000000/441500000000/", HAIFENG_PATH])
    assert officer.key == same.key and officer.key != cadre.key != Area.everything().key
    assert Area.nothing().key != Area.everything().key
    assert (
        Area.of(villages={1: "441521101201", 2: "441521101202"}).key
        == Area.of(villages={2: "441521101202", 1: "441521101201"}).key
    )

"""A visit is recorded as the cadre who is signed in, unless the role may record for others; the visit keeps
who entered it. Before the fix, a village cadre could post any cadre posted to the household."""

from datetime import date

import pytest

from bangfu.core.errors import ApplicationError
from bangfu.programme import services
from bangfu.programme.models import Cadre, CadreAssignment, Visit
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def cadres(register):
    """The household's cadre, whose account is the ``cadre`` user, and a second cadre posted there too."""
    household = register.households["xinshan"]
    own = Cadre.objects.get(code="C-xinshan")
    other = services.cadre_create(name="别的干部", unit=register.units["haifeng"], code="C-other")
    services.cadre_assignment_create(
        cadre=other,
        role="驻村工作队员",
        unit=register.units["haifeng"],
        programme=register.programme,
        start_date=date(2016, 1, 1),
        village=household.village,
    )
    user = register.users["cadre"]
    user.profile.cadre = own
    user.profile.save()
    assert CadreAssignment.objects.filter(cadre=other).exists()
    return household, own, other


def _post(client, household, cadre):
    return client.post(
        f"/programme/households/{household.code}/visits/new/",
        {"date": "2020-06-01", "cadre": cadre.pk, "notes": "入户"},
    )


def test_a_village_cadre_records_only_their_own_visits(client, register, cadres):
    household, own, other = cadres
    client.force_login(register.users["cadre"])
    before = Visit.objects.count()
    assert _post(client, household, other).status_code == 400
    assert Visit.objects.count() == before
    assert _post(client, household, own).status_code == 302
    visit = Visit.objects.latest("pk")
    assert (visit.cadre, visit.recorded_by) == (own, register.users["cadre"])
    form = client.get(f"/programme/households/{household.code}/record/?form=visit").content.decode()
    assert 'name="cadre"' in form and "别的干部" not in form.split('id="record-visit"')[1]


def test_the_service_refuses_too_not_only_the_form(register, cadres):
    household, own, other = cadres
    with pytest.raises(ApplicationError):
        services.visit_record(
            household=household, cadre=other, date=date(2020, 6, 1), user=register.users["cadre"]
        )
    cadre_without_link = factories.account("cadre2", "cadre", villages=["441521101201"])
    with pytest.raises(ApplicationError):
        services.visit_record(household=household, cadre=own, date=date(2020, 6, 1), user=cadre_without_link)
    with pytest.raises(ApplicationError):  # an inspector records nothing
        services.visit_record(
            household=household, cadre=own, date=date(2020, 6, 1), user=register.users["inspector"]
        )


@pytest.mark.parametrize("role", ["admin", "officer", "unit"])
def test_those_who_manage_cadres_record_for_any_of_them(client, register, cadres, role):
    household, _own, other = cadres
    client.force_login(register.users[role])
    assert _post(client, household, other).status_code == 302
    visit = Visit.objects.latest("pk")
    assert (visit.cadre, visit.recorded_by) == (other, register.users[role])

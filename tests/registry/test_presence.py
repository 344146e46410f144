"""``household_has``: which kinds of records one household has, in one query — the household page reads only
those. Checked against the ORM's own answer for every household and kind, on each database the tests run on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangfu.markets.models import BenefitLink, Placement, Subsidy, Trainee
from bangfu.programme.models import CadreAssignment, HouseholdPlan, Visit
from bangfu.projects.models import ProjectBeneficiary
from bangfu.registry.models import Household
from bangfu.registry.selectors.presence import household_has
from tests.markets.fixtures import records
from tests.web.test_programme_pages import build_programme

BY_MEMBER = (Trainee, Placement, Subsidy)  # keyed on a member of the household
BY_HOUSEHOLD = (BenefitLink, HouseholdPlan, Visit, CadreAssignment, ProjectBeneficiary)


def kinds_agree_with_the_orm() -> set[bool]:
    kinds = BY_MEMBER + BY_HOUSEHOLD
    answers = set()
    for household in Household.objects.all():
        with CaptureQueriesContext(connection) as queries:
            has = household_has(household.pk, kinds)
        assert len(queries) == 1
        for model in kinds:
            owner = "member__household" if model in BY_MEMBER else "household"
            assert has[model] == model.objects.filter(**{owner: household}).exists(), (household.code, model)
            answers.add(has[model])
    return answers


@pytest.mark.django_db
def test_employment_records_are_present_exactly_when_the_household_has_them(markets_register):
    records(markets_register)  # trainees, placements and links for some households, subsidies for none
    assert kinds_agree_with_the_orm() == {True, False}


@pytest.mark.django_db
def test_programme_records_are_present_exactly_when_the_household_has_them(divisions):
    build_programme()  # a plan, a contact cadre and projects for some households
    assert kinds_agree_with_the_orm() == {True, False}


@pytest.mark.django_db
def test_no_kinds_asks_nothing(markets_register):
    with CaptureQueriesContext(connection) as queries:
        assert household_has(markets_register.poor.pk, ()) == {}
    assert not queries

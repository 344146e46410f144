"""The household page's reads check the household against the reader's area once, in Python, then read its rows
by the household alone: a household outside the area gives nothing, one inside gives all its rows."""

import pytest

from bangfu.accounts.models import Role
from bangfu.accounts.scope import scope_for
from bangfu.assessment.services import assessment_run
from bangfu.assessment.verdicts import household_rows, household_verdicts
from bangfu.registry.selectors import households
from bangfu.registry.selectors.household_page import household_in_area, household_living, household_page
from tests import factories
from tests.web.test_programme_pages import XINSHAN_HOUSEHOLD, build_programme


@pytest.mark.django_db
def test_a_household_outside_the_area_gives_no_rows_and_one_inside_gives_them_all(divisions):
    build_programme()
    household = households(scope=scope_for(factories.account("boss", Role.ADMINISTRATOR))).get(
        code=XINSHAN_HOUSEHOLD
    )
    factories.income(household, 2019, wages=18000)
    assessment_run(standard_id="gd-2016", year=2019)
    inside = scope_for(factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]))  # 海丰县
    outside = scope_for(factories.account("luhe", Role.OFFICER, divisions=["441523000000"]))  # 陆河县

    assert household_in_area(scope=inside, household=household)
    page = household_page(scope=inside, household=household)
    assert page.members and page.incomes and page.lines
    assert household_verdicts(scope=inside, household=household)
    (row,) = household_rows(scope=inside, households=[household])
    assert (row.members, row.head_name) == (len(page.members), page.head_name) and row.members

    assert not household_in_area(scope=outside, household=household)
    page = household_page(scope=outside, household=household)
    assert (page.members, page.incomes, page.lines, page.living, page.head_name) == ([], [], [], None, "")
    assert household_verdicts(scope=outside, household=household) == []
    assert household_living(scope=outside, household=household) is None
    assert household_rows(scope=outside, households=[household]) == []

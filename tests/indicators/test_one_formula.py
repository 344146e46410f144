"""One formula per concept: the household page, the dashboard, the results report and the engine show the
same per-capita net income for the same household and year, and it is the figure the reference's rule gives.

domain-rules.md §1: 纯收入 = 工资性 + 生产经营性 + 财产性 + 转移性收入 − 生产经营性支出; 人均 = ÷ the household's
members of the year (those on 31 December: a child born the next year is not one of them).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bangfu.accounts.models import Role
from bangfu.accounts.scope import scope_for
from bangfu.engine.snapshot import snapshot_take
from bangfu.indicators.selectors import year_totals
from bangfu.indicators.services import figures_refresh
from bangfu.registry import selectors as browsing
from bangfu.registry.models import Member
from bangfu.reports.results import labour_households_incomes
from bangfu.standards.asof import year_end
from bangfu.standards.frames import household_features_query
from bangfu.standards.income import household_per_capita
from tests import factories

YEAR = 2020
#: 18,000 + 4,000 + 500 + 1,300 − 2,500 = 21,300 yuan over 3 members on 31 December 2020 = 7,100 yuan/person.
HAND = Decimal("7100")


def _income(household, year, *, wages, business, property_, transfers, costs):
    return factories.income_record(
        household=household,
        year=year,
        wages=Decimal(wages),
        business_income=Decimal(business),
        property_income=Decimal(property_),
        transfer_income=Decimal(transfers),
        business_costs=Decimal(costs),
    )


@pytest.fixture
def household(divisions):
    """Alone in its village: head (1970) and a child (2010) from the factory, a wife (1972), and a baby born
    in 2021, who is not a member of 2020; identified in 2016, so 2015 is its baseline year."""
    village = factories.village("441521101201", name="新山村", population=500)
    household = factories.household(village, "4415211012010001", members=2, identified_year=2016)
    wife = date(1972, 2, 1)
    factories.member(
        household, factories.id_number(wife, male=False), relation="配偶", labour="普通劳动力", birth=wife
    )
    baby = date(2021, 3, 1)
    factories.member(
        household, factories.id_number(baby, male=False), relation="女", labour="无劳动力", birth=baby
    )
    _income(household, 2015, wages=6000, business=0, property_=0, transfers=0, costs=0)
    _income(household, YEAR, wages=18000, business=4000, property_=500, transfers=1300, costs=2500)
    return household


def test_every_door_shows_the_same_per_capita_income(household):
    admin = scope_for(factories.account("boss", Role.ADMINISTRATOR))
    record = household.incomes.get(year=YEAR)
    births = Member.objects.filter(household=household).values_list("birth_date", flat=True)
    # The rules core's one Python value.
    assert household_per_capita(record, births, YEAR) == HAND
    # The household page.
    (row,) = [row for row in browsing.household_incomes(scope=admin, household=household) if row.year == YEAR]
    assert (row.members, row.net_income, row.per_capita) == (3, Decimal("21300"), HAND)
    # The dashboard's pre-aggregated figures (the village has this household only).
    figures_refresh(reason="test")
    (totals,) = [totals for totals in year_totals(admin) if totals.year == YEAR]
    assert totals.income_per_capita == pytest.approx(float(HAND))
    # The results report (the household has labour and a baseline record, so it is one of its households).
    baseline, current = labour_households_incomes(YEAR)
    assert (baseline, current) == (Decimal(6000) / 3, HAND)
    # The engine: the compiled feature over the register's snapshot of 31 December.
    with snapshot_take(on=year_end(YEAR)) as snapshot:
        query = household_features_query(["net_income", "members", "net_income_per_capita"], year=YEAR)
        rows = snapshot.duckdb.execute(query.sql).fetchall()
        (engine,) = [dict(zip(query.columns, row, strict=True)) for row in rows]
    assert (engine["net_income"], engine["members"]) == (21300, 3)
    assert engine["net_income_per_capita"] == pytest.approx(float(HAND))


def test_a_household_without_members_of_the_year_has_no_per_capita_income(household):
    """Every door says "unknown" (None, NULL) rather than dividing by zero or by one."""
    admin = scope_for(factories.account("boss", Role.ADMINISTRATOR))
    _income(household, 1960, wages=100, business=0, property_=0, transfers=0, costs=0)  # before any birth
    births = Member.objects.filter(household=household).values_list("birth_date", flat=True)
    assert household_per_capita(household.incomes.get(year=1960), births, 1960) is None
    (row,) = [row for row in browsing.household_incomes(scope=admin, household=household) if row.year == 1960]
    assert (row.members, row.per_capita) == (0, None)
    with snapshot_take(on=year_end(1960)) as snapshot:
        query = household_features_query(["members", "net_income_per_capita"], year=1960)
        (values,) = snapshot.duckdb.execute(query.sql).fetchall()
    assert dict(zip(query.columns, values, strict=True))["net_income_per_capita"] is None

"""Each role's figures are the sums of the village rows in its scope, and nothing outside it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from bangfu.accounts.models import Role
from bangfu.accounts.scope import scope_for
from bangfu.indicators.selectors import dashboard, guarantee_gaps, income_bands, year_totals
from bangfu.indicators.services import figures_refresh
from tests import factories
from tests.indicators.expected import expected_figures


@pytest.fixture
def users(register):
    figures_refresh()
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "luhe": factories.account("luhe", Role.INSPECTOR, divisions=["441523000000"]),
        "cadre": factories.account("cadre", Role.CADRE, villages=["441521101201"]),
        "nobody": get_user_model().objects.create_user("nobody", password="x"),
    }


def _expected_totals(village_ids: set[int]) -> dict[int, dict]:
    totals: dict[int, dict] = {}
    for (village_id, year), row in expected_figures()[0].items():
        if village_id in village_ids:
            total = totals.setdefault(year, {"villages": 0, "households_registered": 0, "people_exited": 0,
                                             "income_people": 0, "income_net": 0, "people_remaining": 0})  # fmt: skip
            total["villages"] += 1
            for field in (
                "households_registered",
                "people_exited",
                "income_people",
                "income_net",
                "people_remaining",
            ):
                total[field] += row[field]
    return totals


@pytest.mark.parametrize(
    ("user", "villages"),
    [("admin", {"xinshan", "dongwei", "poping"}), ("haifeng", {"xinshan", "dongwei"}), ("luhe", {"poping"}),
     ("cadre", {"xinshan"}), ("nobody", set())],
)  # fmt: skip
def test_year_totals_are_the_sums_over_the_villages_in_scope(users, register, user, villages):
    expected = _expected_totals({register[name].pk for name in villages})
    totals = {row.year: row for row in year_totals(scope_for(users[user]))}
    assert set(totals) == set(expected)
    for year, row in totals.items():
        for field, value in expected[year].items():
            assert getattr(row, field) == value, (user, year, field)


def test_income_distribution_and_gaps_stay_in_scope(users, register):
    luhe = scope_for(users["luhe"])
    assert sum(households for _, households, _ in income_bands(luhe, 2018)) == 1
    assert sum(households for _, households, _ in income_bands(scope_for(users["admin"]), 2018)) == 3
    assert income_bands(scope_for(users["nobody"]), 2018) == [
        (edge, 0, 0) for edge, _, _ in income_bands(luhe, 1)
    ]


def test_gaps_are_grouped_by_county_town_or_village(users, register):
    from bangfu.assessment.services import assessment_run

    assessment_run(standard_id="cn-2020", year=2018)
    assert guarantee_gaps(scope_for(users["admin"])).level == "county"
    assert [g.name for g in guarantee_gaps(scope_for(users["admin"])).groups] == ["海丰县", "陆河县"]
    haifeng = guarantee_gaps(scope_for(users["haifeng"]))
    assert haifeng.level == "town" and len(haifeng.groups) == 2  # 新山村 and 东尾村 lie in two towns
    cadre = guarantee_gaps(scope_for(users["cadre"]))
    assert cadre.level == "village" and [g.name for g in cadre.groups] == ["新山村"]
    assert guarantee_gaps(scope_for(users["nobody"])).groups == ()


def test_dashboard_of_a_user_without_profile_is_empty(users):
    board = dashboard(scope_for(users["nobody"]))
    assert board.years == [] and board.latest is None and board.income_bands == []

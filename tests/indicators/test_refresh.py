"""figures_refresh: the stored figures equal an independent computation from the register's rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from bangfu.assessment.models import AssessmentRun, HouseholdResult
from bangfu.indicators.models import FiguresRefresh, VillageGuaranteeGap, VillageYearFigure
from bangfu.indicators.services import figures_refresh
from bangfu.registry.models import Household
from tests import factories
from tests.indicators.expected import expected_figures, stored_figures


def test_refresh_equals_an_independent_computation(register):
    refresh = figures_refresh(reason="test")
    expected, expected_bands = expected_figures()
    figures, bands = stored_figures()
    assert figures == expected
    assert bands == expected_bands
    assert refresh.counts["village_years"] == 3 * 6  # three villages × 2015–2020
    assert sorted({year for _, year in figures}) == [2015, 2016, 2017, 2018, 2019, 2020]


def test_a_few_figures_by_hand(register):
    figures_refresh()
    xinshan = {row.year: row for row in VillageYearFigure.objects.filter(village=register["xinshan"])}
    assert (xinshan[2016].households_registered, xinshan[2016].people_registered) == (2, 7)
    assert (xinshan[2018].households_exited, xinshan[2018].people_exited) == (1, 3)
    assert (xinshan[2020].households_remaining, xinshan[2020].people_remaining) == (1, 4)
    # 2018: (12,900 + 8,000) ÷ (3 + 4); the ordinary household's 50,000 does not count
    assert xinshan[2018].income_net == Decimal("20900.00") and xinshan[2018].income_people == 7
    assert [xinshan[year].village_exited for year in (2018, 2019)] == [False, True]


def test_negative_and_very_high_incomes_fall_in_the_end_bands(register):
    household = Household.objects.get(code="4415231012010002")  # 2 members
    factories.income_record(
        household=household, year=2019, wages=Decimal(100), business_income=Decimal(0),
        property_income=Decimal(0), transfer_income=Decimal(0), business_costs=Decimal(5000),
    )  # fmt: skip
    figures_refresh()
    expected, expected_bands = expected_figures()
    figures, bands = stored_figures()
    assert figures == expected and bands == expected_bands
    assert bands[(register["poping"].pk, 2019, 0)] == (1, 2)
    assert bands[(register["poping"].pk, 2020, 10000)] == (1, 6)


def test_refresh_replaces_what_was_there(register):
    figures_refresh()
    Household.objects.filter(code="4415231012010002").update(exit_year=None)
    figures_refresh()
    figures, _ = stored_figures()
    assert figures == expected_figures()[0]
    assert FiguresRefresh.objects.count() == 2


def _run(scope: str, results: dict[str, str]) -> AssessmentRun:
    from django.utils import timezone

    now = timezone.now()
    run = AssessmentRun.objects.create(
        standard="cn-2020", standard_kind="household_exit", content_hash="x", year=2020, level="household",
        scope=scope, started_at=now, finished_at=now,
    )  # fmt: skip
    for code, failed in results.items():
        HouseholdResult.objects.create(
            run=run, household=Household.objects.get(code=code), result="fail" if failed else "pass",
            failed_criteria=failed,
        )  # fmt: skip
    return run


def test_gaps_come_from_the_newest_exit_run_that_covers_each_village(register):
    whole = _run("", {"4415211012010001": "education;housing", "4415231012010001": "medical;water"})
    haifeng = _run("441521", {"4415211012010001": "income;water", "4415211012010002": ""})
    _run("441523", {})  # no results: ignored
    figures_refresh(gaps_only=True)
    gaps = {gap.village_id: gap for gap in VillageGuaranteeGap.objects.all()}
    xinshan, poping = gaps[register["xinshan"].pk], gaps[register["poping"].pk]
    assert xinshan.run_id == haifeng.pk and poping.run_id == whole.pk
    assert (xinshan.assessed, xinshan.education, xinshan.housing, xinshan.water) == (2, 0, 0, 1)
    assert (poping.assessed, poping.medical, poping.water, poping.education) == (1, 1, 1, 0)
    assert register["dongwei"].pk not in gaps  # covered by the Haifeng run, but no household of it assessed


def test_an_exit_assessment_refreshes_the_gaps(register):
    from bangfu.assessment.services import assessment_run

    run = assessment_run(standard_id="cn-2020", year=2020, scope="441523")
    gap = VillageGuaranteeGap.objects.get(village=register["poping"])
    assert gap.run_id == run.pk and gap.assessed == run.household_results.count()
    assert FiguresRefresh.objects.filter(part="gaps").count() == 1


def test_command(register, capsys):
    call_command("figures-refresh")
    assert "village_years 18、" in capsys.readouterr().out
    assert VillageYearFigure.objects.count() == 18


@pytest.mark.parametrize("gaps_only", [True, False])
def test_refresh_is_recorded(register, gaps_only):
    refresh = figures_refresh(gaps_only=gaps_only, reason="why")
    assert refresh.part == ("gaps" if gaps_only else "all") and refresh.reason == "why"
    assert refresh.computed_at is not None and refresh.seconds >= 0

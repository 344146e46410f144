"""Each programme figure of the results report, on records small enough to count by hand."""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from bangfu.programme.services import programme_create
from bangfu.programme_projects.bulk import programme_records_bulk_load
from bangfu.regions.models import Division
from bangfu.reports.results import results_report


def test_every_programme_figure_follows_its_definition(programme_records):
    r = results_report(year=2020)
    assert r["programme"] == {"name": "深圳对口帮扶汕尾", "donor_city": "深圳", "recipient_city": "汕尾",
                              "start_year": 2013, "end_year": 2020}  # fmt: skip
    assert r["paired_villages"] == 1  # PAIRED twice (counted once); LATE from 2021
    assert (
        r["industry_projects_in_paired_villages"] == 1
    )  # I-paired; not 2021's, LATE's, UNPAIRED's, a town's
    assert r["cadres_dispatched"] == 2  # C1 (two assignments) and C2; C3 starts in 2021
    assert r["funds_total_yuan"] == 1_000_000 + 3_000_000 + 500_001  # no local finance, no disbursement
    assert r["funds_livelihood_yuan"] == 3_000_000 + 500_001  # H-done's category and a category of its own
    assert r["funds_in_year_yuan"] == 3_500_001
    assert r["livelihood_beneficiary_times"] == 5000 + 2000 + 300  # 民生 projects started by 2020
    assert r["beds_added"] == 100 + 5  # completed by 2020, any category; not planned or completed in 2021
    assert r["school_places_added"] == 1200
    assert (r["park_projects"], r["park_investment_yuan"]) == (2, 2_500_000_000)
    assert r["park_projects_from_shenzhen"] == 1
    assert r["park_projects_over_1bn"] == 1  # 1,500,000,000.40 > 1e9; exactly 1e9 is not over
    assert r["evaluation_grades"] == {"2016": "好", "2018": "较好"}


def test_the_year_moves_the_programme_figures(programme_records):
    r = results_report(year=2021)
    assert (r["paired_villages"], r["industry_projects_in_paired_villages"], r["cadres_dispatched"]) == (
        2,
        3,
        3,
    )
    assert r["beds_added"] == 135
    assert r["funds_in_year_yuan"] == 7_000_000  # the report year's allocations
    assert r["park_projects_over_1bn"] == 2
    r = results_report(year=2016)
    assert (r["paired_villages"], r["cadres_dispatched"], r["funds_total_yuan"]) == (1, 1, 0)


def test_several_programmes(programme_records):
    other = programme_create(
        name="广州对口帮扶汕尾",
        donor_city="广州",
        recipient_city="汕尾",
        recipient_division=Division.objects.get(code="441500000000"),
        start_year=2016,
    )
    programme_records_bulk_load(
        programme=other,
        evaluations=[{"year": 2016, "grade": "一般"}],
        parks=[{"name": "广州园", "division": "441581000000"}],
        investments=[
            {
                "park": "广州园",
                "name": "D",
                "investor": "丁",
                "investor_origin_city": "广州",
                "amount": Decimal(10),
                "signed_date": date(2019, 6, 1),
            }
        ],
    )
    both = results_report(year=2020)
    assert both["programme"] is None
    assert both["evaluation_grades"]["2016"] == "一般"  # the lower grade of the year
    assert both["park_projects_from_shenzhen"] == 2  # each investment against its own programme's donor city
    only = results_report(year=2020, programme="深圳对口帮扶汕尾")
    assert only["evaluation_grades"]["2016"] == "好" and only["park_projects_from_shenzhen"] == 1


def test_json_and_unknown_programme(programme_records, capsys):
    call_command("report", "results", "--format", "json", "--programme", "深圳对口帮扶汕尾")
    assert json.loads(capsys.readouterr().out)["funds_total_yuan"] == 4_500_001
    with pytest.raises(Exception, match="没有名为“北京”的对口帮扶"):
        call_command("report", "results", "--programme", "北京")

"""The programme keys of the results report agree with a computation in plain Python over the records the
generator made (a small register and programme, loaded through the register loader and the bulk loader)."""

from datetime import date
from decimal import Decimal

import pytest

from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.demo.generator.programme import (
    generate_programme,
    register_view_from_database,
    scaled_programme_profile,
)
from bangfu.demo.generator.programme.load import programme_records_load
from bangfu.registry.loading import register_load_folder
from bangfu.reports.results import results_report

PROGRAMME_KEYS = (
    "paired_villages",
    "industry_projects_in_paired_villages",
    "cadres_dispatched",
    "funds_total_yuan",
    "funds_livelihood_yuan",
    "livelihood_beneficiary_times",
    "beds_added",
    "school_places_added",
    "funds_in_year_yuan",
    "funds_donor_finance_yuan",
    "funds_enterprise_yuan",
    "funds_social_yuan",
    "park_projects",
    "park_investment_yuan",
    "park_projects_from_shenzhen",
    "park_projects_over_1bn",
    "evaluation_grades",
)


def independent_figures(records, year: int, donor_city: str) -> dict:
    """docs/report.md's definitions, computed with plain Python over the generated rows."""
    e = records.entities
    end = date(year, 12, 31)
    category = {p["code"]: p["category"] for p in e["projects"]}
    paired = {p["village"] for p in e["pairings"] if p["start_date"] <= end}
    completed = {
        s["project"] for s in e["status_changes"] if s["to_status"] in ("完工", "验收") and s["date"] <= end
    }
    assistance = [
        f for f in e["fund_flows"] if f["kind"] == "下达" and f["source"] != "地方财政" and f["year"] <= year
    ]

    def outputs(kind):
        return sum(o["quantity"] for o in e["outputs"] if o["kind"] == kind and o["project"] in completed)

    signed = [i for i in e["investments"] if i["signed_date"] <= end]
    return {
        "paired_villages": len(paired),
        "industry_projects_in_paired_villages": sum(
            1
            for p in e["projects"]
            if p["category"] == "产业" and p["village"] in paired and p["start_year"] <= year
        ),
        "cadres_dispatched": len({a["cadre"] for a in e["assignments"] if a["start_date"] <= end}),
        "funds_total_yuan": sum(f["amount"] for f in assistance),
        "funds_livelihood_yuan": sum(
            f["amount"] for f in assistance if (f["category"] or category[f["project"]]) == "民生"
        ),
        "livelihood_beneficiary_times": sum(
            p["population_served"]
            for p in e["projects"]
            if p["category"] == "民生" and p["start_year"] <= year
        ),
        "beds_added": outputs("病床"),
        "school_places_added": outputs("学位"),
        "funds_in_year_yuan": sum(f["amount"] for f in assistance if f["year"] == year),
        "funds_donor_finance_yuan": sum(f["amount"] for f in assistance if f["source"] == "帮扶方财政"),
        "funds_enterprise_yuan": sum(f["amount"] for f in assistance if f["source"] == "企业"),
        "funds_social_yuan": sum(f["amount"] for f in assistance if f["source"] == "社会捐赠"),
        "park_projects": len(signed),
        "park_investment_yuan": sum(i["amount"] for i in signed),
        "park_projects_from_shenzhen": sum(1 for i in signed if i["investor_origin_city"] == donor_city),
        "park_projects_over_1bn": sum(1 for i in signed if i["amount"] > Decimal(10) ** 9),
        "evaluation_grades": {str(v["year"]): v["grade"] for v in e["evaluations"] if v["year"] <= year},
    }


@pytest.fixture
def small_programme(divisions, tmp_path):
    """A register of 900 households (10 poor villages) and the demo programme at 8 % of its size."""
    generate_register(scaled_profile(households=900), tmp_path / "register", seed=7)
    register_load_folder(tmp_path / "register")
    profile = scaled_programme_profile(0.08)
    records = generate_programme(profile, register_view_from_database(), seed=7)
    programme_records_load(records)
    return profile, records


@pytest.mark.slow
def test_programme_keys_match_an_independent_computation(small_programme):
    profile, records = small_programme
    for year in (2014, 2017, 2020):
        report = results_report(year=year)
        expected = independent_figures(records, year, profile.donor_city)
        for key in PROGRAMME_KEYS:
            assert report[key] == expected[key], (year, key)
    assert report["programme"]["donor_city"] == "深圳"
    # The generator hits the scaled targets exactly; the report reads them back.
    t = profile.targets
    assert (report["paired_villages"], report["cadres_dispatched"]) == (t.paired_villages, t.cadres)
    assert report["industry_projects_in_paired_villages"] == t.industry_projects_in_paired_villages
    assert (report["funds_total_yuan"], report["funds_livelihood_yuan"]) == (
        t.funds_total,
        t.funds_livelihood,
    )
    assert report["funds_in_year_yuan"] == t.funds_final_year
    assert (report["beds_added"], report["school_places_added"]) == (t.beds, t.school_places)
    assert report["livelihood_beneficiary_times"] == t.livelihood_beneficiaries
    assert (report["park_projects"], report["park_investment_yuan"]) == (t.park_projects, t.park_investment)
    assert report["park_projects_from_shenzhen"] == t.park_projects_from_donor
    assert report["park_projects_over_1bn"] == t.park_projects_over_1bn
    assert report["evaluation_grades"] == {"2016": "好", "2017": "好", "2018": "好", "2019": "好"}


@pytest.mark.slow
def test_money_in_json_is_whole_yuan(small_programme):
    report = results_report(year=2020)
    for key in ("funds_total_yuan", "funds_livelihood_yuan", "funds_in_year_yuan", "park_investment_yuan"):
        assert type(report[key]) is int, key


def test_no_programme_gives_zeros_and_no_grades(divisions):
    report = results_report(year=2020)
    assert report["programme"] is None
    assert all(report[key] == 0 for key in PROGRAMME_KEYS if key != "evaluation_grades")
    assert report["evaluation_grades"] == {}

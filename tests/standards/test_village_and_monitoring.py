"""Village exit (incidence at exactly 2 %) and monitoring categories (precedence), executed on DuckDB."""

import pytest

from bangfu.standards import StandardError, load_standard
from tests.standards.register import Snapshot, detail

VILLAGE_COLUMNS = ("village_id", "village_code", "result", "incidence", "failed", "detail")


@pytest.fixture
def snapshot():
    return Snapshot()


def villages(snapshot, standard_id="cn-2020", year=2020, **options):
    return snapshot.by_code(load_standard(standard_id).village_query(year, **options), key="village_code")


def _village_with_failing_members(snapshot, code, population, failing=2, passing=3, stats=True):
    village = snapshot.village(code, registered_population=5000)
    if stats:
        snapshot.village_stats(village, 2020, registered_population=population)
    failing_household = snapshot.household(f"{code}-F", village_code=code, members=failing, safe_water=False)
    snapshot.income(failing_household, 2020)
    passing_household = snapshot.household(f"{code}-P", village_code=code, members=passing)
    snapshot.income(passing_household, 2020)
    return village


def test_columns_are_the_contract():
    assert load_standard("gd-2016").village_query(2020).columns == VILLAGE_COLUMNS


def test_incidence_of_exactly_two_percent_fails_and_just_under_passes(snapshot):
    _village_with_failing_members(snapshot, "441521100201", population=100)  # 2 / 100
    _village_with_failing_members(snapshot, "441521100202", population=101)  # 2 / 101
    _village_with_failing_members(snapshot, "441521100203", population=350, failing=7)  # 7 / 350
    rows = villages(snapshot)
    assert {code: (row["result"], row["failed"]) for code, row in rows.items()} == {
        "441521100201": ("fail", "incidence"),
        "441521100202": ("pass", ""),
        "441521100203": ("fail", "incidence"),
    }
    assert rows["441521100201"]["incidence"] == 0.02
    assert rows["441521100202"]["incidence"] == pytest.approx(2 / 101)
    assert detail(rows["441521100201"])["criteria"]["incidence"] == {
        "passed": False,
        "values": {"poverty_incidence": 0.02, "incidence_limit": 0.02},
    }


def test_population_falls_back_to_the_village_without_statistics_for_the_year(snapshot):
    village = _village_with_failing_members(snapshot, "441521100201", population=100, stats=False)
    snapshot.village_stats(village, 2019, registered_population=100)  # another year's statistics do not count
    row = villages(snapshot)["441521100201"]
    assert row["incidence"] == 2 / 5000
    assert row["result"] == "pass"


def test_only_members_of_failing_registered_poor_households_count(snapshot):
    village = snapshot.village("441521100201", registered_population=100)
    ordinary = snapshot.household(
        "ORDINARY", members=5, attribute="一般农户", identified_year=None, safe_water=False
    )
    later = snapshot.household("LATER", members=5, identified_year=2021, safe_water=False)
    exited_but_failing = snapshot.household("EXITED", members=1, exit_year=2018, safe_water=False)
    for household in (ordinary, later, exited_but_failing):
        snapshot.income(household, 2020)
    snapshot.village_stats(village, 2020, registered_population=100)
    row = villages(snapshot)["441521100201"]
    assert row["incidence"] == 0.01  # EXITED's one member (it fails the standard in 2020, exited or not)
    assert detail(row)["criteria"]["incidence"]["values"]["poverty_incidence"] == 0.01


def test_villages_listed_are_poor_villages_identified_by_the_year(snapshot):
    snapshot.village("441521100201")
    snapshot.village("441521100202", is_poor=False)
    snapshot.village("441521100203", identified_year=2021)
    snapshot.village("441521100200")
    assert list(villages(snapshot)) == ["441521100200", "441521100201"]
    assert villages(snapshot)["441521100201"]["incidence"] == 0.0


def test_gd_2016_also_needs_collective_income_where_statistics_hold_it(snapshot):
    rich = snapshot.village("441521100201")
    snapshot.village_stats(rich, 2020, collective_income=100000.0)
    poor = snapshot.village("441521100202")
    snapshot.village_stats(poor, 2020, collective_income=99999.0)
    snapshot.village("441521100203")  # no statistics for the year: collective income unknown, not met
    rows = villages(snapshot, "gd-2016")
    assert {code: row["failed"] for code, row in rows.items()} == {
        "441521100201": "",
        "441521100202": "collective_income",
        "441521100203": "collective_income",
    }
    assert {row["result"] for row in villages(snapshot, "cn-2020").values()} == {"pass"}


def test_monitoring_has_no_village_query():
    with pytest.raises(StandardError, match="贫困户退出标准"):
        load_standard("monitoring").village_query(2021)


# --- monitoring -----------------------------------------------------------------------------------------


def monitor(snapshot, year=2021):
    return snapshot.by_code(load_standard("monitoring").household_query(year))


def _household(snapshot, code, per_capita, out_of_pocket=0.0, **values):
    household = snapshot.household(code, members=2, **values)
    snapshot.income(household, 2021, net=per_capita * 2, compliant_out_of_pocket=out_of_pocket)
    return household


def test_monitoring_categories_and_precedence(snapshot):
    _household(snapshot, "UNSTABLE", 5999.0, exit_year=2019)
    _household(snapshot, "UNSTABLE-EXITED-THIS-YEAR", 5999.0, exit_year=2021)
    _household(snapshot, "NOT-YET-EXITED", 5999.0, exit_year=2022)
    _household(snapshot, "NEAR-POOR", 5999.0, attribute="一般农户", identified_year=None)
    # Exited and 一般农户 at once: both categories match; unstable_exited comes first.
    _household(snapshot, "BOTH", 5999.0, attribute="一般农户", exit_year=2020)
    _household(snapshot, "SUDDEN", 6000.0, out_of_pocket=0.02, attribute="一般农户", identified_year=None)
    _household(snapshot, "SUDDEN-EXITED", 8000.0, out_of_pocket=5000.0, exit_year=2019)
    _household(snapshot, "AT-THE-LINE", 6000.0, out_of_pocket=0.0, exit_year=2019)
    snapshot.household("NO-INCOME", members=2, exit_year=2019)
    rows = monitor(snapshot)
    assert {code: (row["result"], row["failed"], row["category"]) for code, row in rows.items()} == {
        "AT-THE-LINE": ("clear", "", None),
        "BOTH": ("flag", "unstable_exited", "unstable_exited"),
        "NEAR-POOR": ("flag", "near_poor", "near_poor"),
        "NO-INCOME": ("missing", "", None),
        "NOT-YET-EXITED": ("flag", "not_exited", "not_exited"),
        "SUDDEN": ("flag", "sudden_hardship", "sudden_hardship"),
        "SUDDEN-EXITED": ("flag", "sudden_hardship", "sudden_hardship"),
        "UNSTABLE": ("flag", "unstable_exited", "unstable_exited"),
        "UNSTABLE-EXITED-THIS-YEAR": ("flag", "unstable_exited", "unstable_exited"),
    }
    both = detail(rows["BOTH"])["criteria"]
    assert {name for name, flags in both.items() if flags["flagged"]} == {"unstable_exited", "near_poor"}
    assert both["data_missing"]["flagged"] is False
    assert both["sudden_hardship"]["values"] == {
        "net_income_per_capita": 5999.0,
        "line": 6000,
        "net_income_after_out_of_pocket_per_capita": 5999.0,
    }


def test_monitoring_lines_are_shipped_for_2021_to_2025_and_other_years_are_refused():
    standard = load_standard("monitoring")
    line = standard.parameters["line"]
    assert {year: line.value(year) for year in range(2021, 2026)} == dict.fromkeys(range(2021, 2026), 6000)
    assert (line.value(2023, "52"), line.value(2025, "53")) == (7300, 8700)  # Guizhou, Yunnan (sourced)
    assert standard.years == (2021, 2022, 2023, 2024, 2025)
    for year in (2020, 2026):
        with pytest.raises(
            StandardError,
            match=f"^monitoring.toml：标准 monitoring 没有 {year} 年的参数 line（已有：全国 2021、",
        ):
            standard.household_query(year)

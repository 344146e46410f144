"""Village exit (incidence at exactly 2 %) and monitoring categories (precedence), executed on DuckDB."""

import pytest

from bangfu.standards import Area, StandardError, load_standard
from bangfu.standards.features import FEATURES
from bangfu.standards.incidence import poverty_incidence
from tests.standards.register import Snapshot, detail

VILLAGE_COLUMNS = ("village_id", "village_code", "result", "incidence", "failed", "detail")


@pytest.fixture
def snapshot():
    return Snapshot()


def villages(snapshot, standard_id="cn-2020", year=2020, **options):
    return snapshot.by_code(
        load_standard(standard_id).village_query(year, **{"area": Area.everything(), **options}),
        key="village_code",
    )


def _village_with_failing_members(snapshot, code, population, failing=2, passing=3, stats=True):
    """A village with ``failing`` members of a household not yet exited and ``passing`` of one exited in 2019."""
    village = snapshot.village(code, registered_population=5000)
    if stats:
        snapshot.village_stats(village, 2020, registered_population=population)
    failing_household = snapshot.household(f"{code}-F", village_code=code, members=failing, safe_water=False)
    snapshot.income(failing_household, 2020)
    passing_household = snapshot.household(f"{code}-P", village_code=code, members=passing, exit_year=2019)
    snapshot.income(passing_household, 2020)
    return village


def test_columns_are_the_contract():
    assert load_standard("gd-2016").village_query(2020, area=Area.everything()).columns == VILLAGE_COLUMNS


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


def test_incidence_counts_members_of_registered_poor_households_not_exited_by_year_end(snapshot):
    """贫困发生率 = 未脱贫 people ÷ registered population (《关于建立贫困退出机制的意见》2016: 贫困村贫困发生率降至
    2%以下; glossary: poor people ÷ registered rural population; standards/incidence.py). A household that passes
    the standard is still poor until its exit is recorded; an exited household failing later is not poor again."""
    village = snapshot.village("441521100201", registered_population=100)
    ordinary = snapshot.household(
        "ORDINARY", members=5, attribute="一般农户", identified_year=None, safe_water=False
    )
    later = snapshot.household("LATER", members=5, identified_year=2021, safe_water=False)
    exited_but_failing = snapshot.household("EXITED", members=1, exit_year=2018, safe_water=False)
    passing_not_exited = snapshot.household("PASSING", members=2)
    exits_next_year = snapshot.household("NEXT", members=1, exit_year=2021)
    for household in (ordinary, later, exited_but_failing, passing_not_exited, exits_next_year):
        snapshot.income(household, 2020)
    snapshot.village_stats(village, 2020, registered_population=100)
    row = villages(snapshot)["441521100201"]
    assert row["incidence"] == 0.03  # PASSING's two members and NEXT's one
    assert detail(row)["criteria"]["incidence"]["values"]["poverty_incidence"] == 0.03
    # The shared definition the dashboard divides with gives the same figure.
    assert poverty_incidence(3, 100) == row["incidence"]
    assert poverty_incidence(3, 0) is None


def test_villages_listed_are_poor_villages_identified_by_the_year(snapshot):
    snapshot.village("441521100201")
    snapshot.village("441521100202", is_poor=False)
    snapshot.village("441521100203", identified_year=2021)
    snapshot.village("441521100200")
    assert list(villages(snapshot)) == ["441521100200", "441521100201"]
    assert villages(snapshot)["441521100201"]["incidence"] == 0.0


GD_VILLAGE_CRITERIA = [
    "incidence",
    "farmer_income",
    "collective_income",
    "living_environment",
    "roads",
    "drinking_water",
    "public_services",
    "party_organisation",
    "water_power",
    "tv_broadband",
]


def test_gd_2016_village_exit_has_the_ten_indicators():
    """Guangdong village exit: 10 indicators — incidence, farmer income, collective income, living environment,
    roads, drinking water, public services, Party organisation, water & power, TV & broadband (domain-rules.md
    §2, Guangzhou→Meizhou 2020); thresholds are parameters of the file (not sourced: defaults [GK])."""
    standard = load_standard("gd-2016")
    assert [criterion.id for criterion in standard.village_criteria] == GD_VILLAGE_CRITERIA
    parameters = standard.parameters
    assert parameters["incidence_limit"].value(2020) == 0.02
    assert parameters["collective_income_min"].value(2020) == 100000
    assert parameters["farmer_income_min"].value(2020) == 9820


def test_gd_2016_collective_income_at_least_100000(snapshot):
    """村集体经济收入 ≥ 10万元: the default threshold of domain-rules.md §2 [GK]; 100,000 passes, 99,999 fails."""
    rich = snapshot.village("441521100201")
    snapshot.village_stats(rich, 2020, collective_income=100000.0)
    poor = snapshot.village("441521100202")
    snapshot.village_stats(poor, 2020, collective_income=99999.0)
    rows = villages(snapshot, "gd-2016")
    assert {code: (row["result"], row["failed"]) for code, row in rows.items()} == {
        "441521100201": ("pass", ""),
        "441521100202": ("fail", "collective_income"),
    }
    assert {row["result"] for row in villages(snapshot, "cn-2020").values()} == {"pass"}


def test_gd_2016_farmer_income_reaches_the_threshold(snapshot):
    """农民收入 (domain-rules.md §2): residents' per-capita disposable income ≥ farmer_income_min (9,820 [GK])."""
    at = snapshot.village("441521100201")
    snapshot.village_stats(at, 2020, disposable_income_per_capita=9820.0)
    below = snapshot.village("441521100202")
    snapshot.village_stats(below, 2020, disposable_income_per_capita=9819.99)
    rows = villages(snapshot, "gd-2016")
    assert rows["441521100201"]["result"] == "pass"
    assert (rows["441521100202"]["result"], rows["441521100202"]["failed"]) == ("fail", "farmer_income")


@pytest.mark.parametrize(
    ("criterion", "column"),
    [
        ("living_environment", "living_environment_ok"),
        ("roads", "roads_ok"),
        ("drinking_water", "drinking_water_ok"),
        ("public_services", "public_services_ok"),
        ("party_organisation", "party_organisation_ok"),
        ("water_power", "water_power_ok"),
        ("tv_broadband", "tv_broadband_ok"),
    ],
)
def test_gd_2016_yes_no_indicators_fail_when_not_met_and_cannot_decide_when_not_recorded(
    snapshot, criterion, column
):
    """Each yes/no indicator of Guangdong village exit (domain-rules.md §2): 否 fails the village; not recorded
    is its own outcome, "undecided" (cannot decide: <field> not recorded), never a silent fail."""
    met = snapshot.village("441521100201")
    snapshot.village_stats(met, 2020, **{column: True})
    not_met = snapshot.village("441521100202")
    snapshot.village_stats(not_met, 2020, **{column: False})
    unknown = snapshot.village("441521100203")
    snapshot.village_stats(unknown, 2020, **{column: None})
    rows = villages(snapshot, "gd-2016")
    assert {code: (row["result"], row["failed"]) for code, row in rows.items()} == {
        "441521100201": ("pass", ""),
        "441521100202": ("fail", criterion),
        "441521100203": ("undecided", criterion),
    }
    title = FEATURES[column].title
    assert detail(rows["441521100203"])["criteria"][criterion]["not_recorded"] == title
    assert detail(rows["441521100201"])["criteria"][criterion]["not_recorded"] == ""


def test_gd_2016_a_failed_indicator_outweighs_an_unrecorded_one(snapshot):
    """A village failing a recorded indicator fails; only then are unrecorded ones left out of ``failed``."""
    village = snapshot.village("441521100201")
    snapshot.village_stats(village, 2020, roads_ok=False, tv_broadband_ok=None)
    row = villages(snapshot, "gd-2016")["441521100201"]
    assert (row["result"], row["failed"]) == ("fail", "roads")


def test_gd_2016_without_statistics_for_the_year_cannot_decide(snapshot):
    """No 村年度 row for the year: every statistics indicator is not recorded, so the village is undecided
    (it was a silent "fail" on collective income before)."""
    snapshot.village("441521100201")
    row = villages(snapshot, "gd-2016")["441521100201"]
    assert row["result"] == "undecided"
    assert row["failed"] == ";".join(sorted(c for c in GD_VILLAGE_CRITERIA if c != "incidence"))
    assert detail(row)["criteria"]["collective_income"]["not_recorded"] == "村集体经济收入"


def test_gd_2016_incidence_failure_is_decided_even_without_statistics(snapshot):
    """贫困发生率 is computed from the register, so it is always decided: ≥ 2 % fails the village."""
    _village_with_failing_members(snapshot, "441521100201", population=100, stats=False)
    village = snapshot.by_code(
        load_standard("gd-2016").village_query(2020, area=Area.everything()), key="village_code"
    )
    # 2 people of 5,000 (the village's own population): 0.04 % passes incidence; the rest is not recorded.
    assert village["441521100201"]["result"] == "undecided"


def test_monitoring_has_no_village_query():
    with pytest.raises(StandardError, match="贫困户退出标准"):
        load_standard("monitoring").village_query(2021, area=Area.everything())


# --- monitoring -----------------------------------------------------------------------------------------


def monitor(snapshot, year=2021):
    return snapshot.by_code(load_standard("monitoring").household_query(year, area=Area.everything()))


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
            standard.household_query(year, area=Area.everything())

"""The village pages: list (filters, search, sorting, paging), Excel export, one village; scope for each role."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from bangfu.accounts.scope import scope_for
from bangfu.assessment import verdicts
from bangfu.assessment.services import assessment_run
from bangfu.registry import selectors
from tests import factories
from tests.web.test_households import build_register, build_users, signed_in


@pytest.fixture
def register(divisions):
    return build_register()


@pytest.fixture
def users(register):
    return build_users()


ALL = ["441521101201", "441521101202", "441523101201"]


def village_codes(response) -> list[str]:
    return [village.division.code for village, _counts in response.context["rows"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", ALL),
        ("haifeng", ["441521101201", "441521101202"]),
        ("luhe", ["441523101201"]),
        ("inspector", ["441523101201"]),
        ("cadre", ["441521101202"]),
        ("nobody", []),
    ],
)
def test_each_role_lists_only_its_villages(client, users, who, expected):
    response = signed_in(client, users[who]).get("/villages/")
    assert response.status_code == 200
    assert village_codes(response) == expected


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("haifeng", 200), ("luhe", 404), ("inspector", 404), ("cadre", 404), ("nobody", 404)],
)
def test_a_village_outside_the_scope_is_not_found(client, users, who, status):
    assert signed_in(client, users[who]).get("/villages/441521101201/").status_code == status


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("county=441521000000", ["441521101201", "441521101202"]),
        ("county=441523000000", ["441523101201"]),
        ("county=441521000000&town=441521101000", ["441521101201", "441521101202"]),
        ("poor=yes", ["441521101201", "441523101201"]),
        ("poor=no", ["441521101202"]),
        ("demonstration=yes", ["441521101201"]),
        ("demonstration=no", ["441521101202", "441523101201"]),
        ("exited=yes", []),
        ("exited=no", ALL),
        ("q=东风", ["441521101202"]),
        ("q=4415231", ["441523101201"]),
        ("sort=-code", list(reversed(ALL))),
        ("sort=population", ["441523101201", "441521101202", "441521101201"]),
        ("sort=-households", ["441521101201", "441521101202", "441523101201"]),
        ("sort=nonsense", ALL),
    ],
)
def test_filters_search_and_sorting(client, users, query, expected):
    assert village_codes(signed_in(client, users["admin"]).get(f"/villages/?{query}")) == expected


def test_the_list_counts_households_per_village(client, users):
    response = signed_in(client, users["admin"]).get("/villages/")
    counts = {village.division.code: counts for village, counts in response.context["rows"]}
    assert counts["441521101201"] == selectors.VillageCounts(households=2, registered=2, not_exited=1)
    assert counts["441521101202"] == selectors.VillageCounts(households=1, registered=0, not_exited=0)


def test_column_headers_sort_and_reverse(client, users):
    page = signed_in(client, users["admin"]).get("/villages/?sort=name&poor=yes").content.decode()
    assert 'href="?poor=yes&amp;sort=-name"' in page  # the current column reverses
    assert 'href="?poor=yes&amp;sort=population"' in page


def test_towns_are_offered_for_the_chosen_county_within_the_scope(client, users):
    response = signed_in(client, users["haifeng"]).get("/villages/?county=441521000000")
    assert [county.code for county in response.context["counties"]] == ["441521000000"]
    assert [town.code for town in response.context["towns"]] == ["441521101000"]
    assert signed_in(client, users["cadre"]).get("/villages/").context["counties"][0].code == "441521000000"


def test_the_list_pages(client, users, divisions):
    for number in range(3, 40):
        factories.village(f"4415211012{number:02d}", name=f"村{number}", poor=False)
    client = signed_in(client, users["haifeng"])
    first = client.get("/villages/?poor=no")
    assert len(first.context["rows"]) == 25 and first.context["count"].value == 38
    last = first.context["rows"][-1][0].division.code
    assert f"poor=no&amp;after={last}" in first.content.decode()  # keyset: after the last village shown
    assert len(client.get(f"/villages/?poor=no&after={last}").context["rows"]) == 13


def test_the_list_needs_a_fixed_number_of_queries(client, users, django_assert_max_num_queries):
    for number in range(3, 40):
        factories.household(
            factories.village(f"4415211012{number:02d}", name=f"村{number}"), f"44152110{number:08d}"
        )
    client = signed_in(client, users["admin"])
    client.get("/villages/")
    with django_assert_max_num_queries(10):
        assert len(client.get("/villages/").context["rows"]) == 25


def test_export_is_the_filtered_list_in_scope_with_chinese_headers(client, users):
    response = signed_in(client, users["haifeng"]).get("/villages/export.xlsx?poor=yes")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("行政区划代码", "村名", "乡镇", "县区", "是否贫困村")
    assert [row[0] for row in rows[1:]] == ["441521101201"]
    assert rows[1][1:5] == ("新山村", "海城镇", "海丰县", "是")
    assert rows[1][-3:] == (2, 2, 1)


@pytest.mark.parametrize(
    ("who", "expected"), [("luhe", ["441523101201"]), ("cadre", ["441521101202"]), ("nobody", [])]
)
def test_export_holds_only_the_villages_in_scope(client, users, who, expected):
    response = signed_in(client, users[who]).get("/villages/export.xlsx")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == expected


def test_the_village_page_shows_profile_statistics_incidence_households_and_verdicts(client, users, register):
    village = register["xinshan"]
    for year, population in ((2016, 10), (2017, 10), (2018, 12), (2020, 12)):
        factories.village_year_stat(
            village=village,
            year=year,
            registered_population=population,
            disposable_income_per_capita=8000,
            collective_income=120000,
        )
    assessment_run(standard_id="gd-2016", year=2020, level="village")
    response = signed_in(client, users["haifeng"]).get("/villages/441521101201/")
    assert response.status_code == 200
    assert [stat.year for stat in response.context["stats"]] == [2016, 2017, 2018, 2020]
    # 2016–2017: both households (6 people) poor; one exited in 2018; 2019 has no statistics (village figure).
    incidence = [
        (point.year, point.poor_people, point.population) for point, _ in response.context["incidence"]
    ]
    assert incidence == [(2016, 6, 10), (2017, 6, 10), (2018, 3, 12), (2019, 3, 1000), (2020, 3, 12)]
    assert response.context["incidence_chart"]["series"][0]["data"] == [60.0, 60.0, 25.0, 0.3, 25.0]
    assert [row.code for row in response.context["households"]] == ["4415211012010001", "4415211012010002"]
    (verdict,) = response.context["verdicts"]
    assert verdict.result.run.standard == "gd-2016"
    page = response.content.decode()
    assert "海丰县" in page and "海城镇" in page and "示范村" in page
    assert "贫困发生率低于2%" in page and 'id="incidence-chart"' in page
    assert 'href="/households/4415211012010001/"' in page


def test_a_later_run_replaces_the_earlier_verdict_of_the_same_standard(users, register):
    assessment_run(standard_id="gd-2016", year=2019, level="village")
    assessment_run(standard_id="gd-2016", year=2020, level="village")
    (latest,) = verdicts.village_latest_verdicts(scope=scope_for(users["admin"]), village=register["xinshan"])
    assert latest.run.year == 2020
    assert verdicts.village_latest_verdicts(scope=scope_for(users["luhe"]), village=register["xinshan"]) == []

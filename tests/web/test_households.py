"""The household pages: list (filters, search, verdicts), one household (masked data, incomes, reasons), scope."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from bangfu.accounts.models import Role
from bangfu.accounts.scope import scope_for
from bangfu.assessment import verdicts
from bangfu.assessment.services import assessment_run
from bangfu.registry import selectors
from bangfu.registry.models import Member
from tests import factories

HEAD_ID = "441521197005013111"  # not a valid check digit: the pages do not check it; never shown unmasked


def build_register() -> dict:
    """Two 海丰县 villages (新山村 poor and a demonstration village, 东风村 not poor) and one 陆河县 village."""
    xinshan = factories.village("441521101201", name="新山村", is_demonstration=True)
    dongfeng = factories.village("441521101202", name="东风村", poor=False, population=800)
    poping = factories.village("441523101201", name="坡平村", population=600)
    poor = factories.household(xinshan, "4415211012010001", main_cause="因病", phone="13800135678")
    factories.income(poor, 2019, wages=12000)
    factories.income(poor, 2020, wages=30000)  # 3 members: 10,000 per capita, above both lines
    exited = factories.household(xinshan, "4415211012010002", exit_year=2018, main_cause="缺资金")
    factories.income(exited, 2020, wages=9000)  # 3,000 per capita: fails the income criterion in 2020
    ordinary = factories.household(
        dongfeng, "4415211012020001", attribute="一般农户", identified_year=None, members=2
    )
    factories.income(ordinary, 2020, wages=20000)
    luhe = factories.household(poping, "4415231012010001")
    factories.income(luhe, 2020, wages=40000)
    Member.objects.filter(household=poor, relation="户主").update(name="黄大明")
    Member.objects.filter(household=luhe, relation="户主").update(name="黄大明")
    return {"xinshan": xinshan, "dongfeng": dongfeng, "poping": poping, "poor": poor, "exited": exited}


def build_users() -> dict:
    """One account per role: the 海丰县 officer has no personal-data permission, the 陆河县 officer has."""
    return {
        "admin": factories.account("boss", Role.ADMINISTRATOR, personal_data=True),
        "haifeng": factories.account("haifeng", Role.OFFICER, divisions=["441521000000"]),
        "luhe": factories.account("luhe", Role.OFFICER, divisions=["441523000000"], personal_data=True),
        "cadre": factories.account("cadre", Role.CADRE, villages=["441521101202"]),
        "inspector": factories.account("inspector", Role.INSPECTOR, divisions=["441523000000"]),
        "nobody": get_user_model().objects.create_user("nobody", password="pw-Bangfu-2020"),
    }


@pytest.fixture
def register(divisions):
    return build_register()


@pytest.fixture
def users(register):
    return build_users()


def signed_in(client, user):
    client.force_login(user)
    return client


def codes(response) -> list[str]:
    return [row.code for row in response.context["rows"]]


# ----------------------------------------------------------------------------------------------- scope
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("admin", ["4415211012010001", "4415211012010002", "4415211012020001", "4415231012010001"]),
        ("haifeng", ["4415211012010001", "4415211012010002", "4415211012020001"]),
        ("luhe", ["4415231012010001"]),
        ("inspector", ["4415231012010001"]),
        ("cadre", ["4415211012020001"]),
        ("nobody", []),
    ],
)
def test_each_role_lists_only_the_households_of_its_scope(client, users, who, expected):
    response = signed_in(client, users[who]).get("/households/")
    assert response.status_code == 200
    assert codes(response) == expected


@pytest.mark.parametrize(
    ("who", "status"),
    [("admin", 200), ("haifeng", 200), ("luhe", 404), ("inspector", 404), ("cadre", 404), ("nobody", 404)],
)
def test_a_household_outside_the_scope_is_not_found(client, users, who, status):
    assert signed_in(client, users[who]).get("/households/4415211012010001/").status_code == status


def test_the_list_needs_signing_in(client, register):
    response = client.get("/households/")
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_selectors_never_return_households_outside_the_scope(users, register):
    luhe = scope_for(users["luhe"])
    assert not selectors.households(scope=luhe).filter(code="4415211012010001").exists()
    assert selectors.household_members(scope=luhe, household=register["poor"]) == []
    assert selectors.household_incomes(scope=luhe, household=register["poor"]) == []
    assert verdicts.household_verdicts(scope=luhe, household=register["poor"]) == []
    assert selectors.household_living(scope=luhe, household=register["poor"]) is None
    assert selectors.poverty_lines(scope=luhe, household=register["poor"], years=[2020]) == []
    # The same name in two counties: a search finds only the household in scope.
    found = verdicts.household_list(scope=luhe, filters=selectors.HouseholdFilters(search="黄大明"))
    assert [household.code for household in found] == ["4415231012010001"]


# ------------------------------------------------------------------------------------ filters and search
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=not_exited", ["4415211012010001"]),
        ("status=exited", ["4415211012010002"]),
        ("status=ordinary", ["4415211012020001"]),
        ("attribute=一般农户", ["4415211012020001"]),
        ("cause=因病", ["4415211012010001"]),
        ("village=441521101202", ["4415211012020001"]),
        ("q=4415211012010002", ["4415211012010002"]),
        ("q=44152110120", ["4415211012010001", "4415211012010002", "4415211012020001"]),
        ("q=黄大明", ["4415211012010001"]),
        ("q=nobody", []),
        ("status=bogus", ["4415211012010001", "4415211012010002", "4415211012020001"]),
    ],
)
def test_filters_and_search(client, users, query, expected):
    assert codes(signed_in(client, users["haifeng"]).get(f"/households/?{query}")) == expected


def test_search_by_the_last_digits_of_any_members_id_number(client, users, register):
    """The last 4 digits (shown on every masked number) for everyone; 5–6 digits or a whole number only for
    users who may unmask (for the others they would confirm hidden digits: docs/personal-data.md)."""
    child = Member.objects.filter(household=register["exited"]).exclude(relation="户主").first()
    response = signed_in(client, users["haifeng"]).get(f"/households/?q={child.id_number[-4:]}")
    assert "4415211012010002" in codes(response)
    for text in (child.id_number[-6:], child.id_number):
        assert codes(client.get(f"/households/?q={text}")) == []
    permitted = factories.account("viewer", Role.OFFICER, divisions=["441521000000"], personal_data=True)
    signed_in(client, permitted)
    assert "4415211012010002" in codes(client.get(f"/households/?q={child.id_number[-6:]}"))
    assert codes(client.get(f"/households/?q={child.id_number}")) == ["4415211012010002"]


def test_verdict_filter_uses_the_latest_run_of_the_chosen_standard(client, users, register):
    assessment_run(standard_id="gd-2016", year=2020)
    client = signed_in(client, users["haifeng"])
    response = client.get("/households/?standard=gd-2016&verdict=fail")
    assert codes(response) == ["4415211012010002"]
    assert [row.verdict for row in response.context["rows"]] == ["fail"]
    assert codes(client.get("/households/?standard=gd-2016&verdict=pass")) == ["4415211012010001"]
    assert "未通过" in client.get("/households/?standard=gd-2016").content.decode()


def test_the_list_pages_and_keeps_its_filters(client, users, register):
    village = register["dongfeng"]
    for number in range(2, 30):
        factories.household(
            village, f"44152110120200{number:02d}", attribute="一般农户", identified_year=None
        )
    client = signed_in(client, users["haifeng"])
    first = client.get("/households/?status=ordinary")
    assert len(first.context["rows"]) == 25 and first.context["count"].value == 29
    last = first.context["rows"][-1].code
    assert f"status=ordinary&amp;after={last}" in first.content.decode()  # keyset: after the last row shown
    second = client.get(f"/households/?status=ordinary&after={last}")
    assert len(second.context["rows"]) == 4 and second.context["rows"][0].code > last
    assert f"status=ordinary&amp;before={second.context['rows'][0].code}" in second.content.decode()


def test_the_list_costs_the_same_number_of_queries_for_any_page_size(
    client, users, register, django_assert_max_num_queries
):
    for number in range(2, 30):
        factories.household(register["dongfeng"], f"44152110120200{number:02d}", attribute="一般农户")
    client = signed_in(client, users["admin"])
    client.get("/households/")  # sessions, scope: warm
    with django_assert_max_num_queries(12):
        assert len(client.get("/households/").context["rows"]) == 25


# ------------------------------------------------------------------------------------------ one household
def test_the_household_page_masks_id_numbers_and_phones(client, users, register):
    response = signed_in(client, users["admin"]).get("/households/4415211012010001/")
    page = response.content.decode()
    for member in Member.objects.filter(household=register["poor"]):
        assert member.id_number not in page
        assert f"{member.id_number[:6]}********{member.id_number[-4:]}" in page
    assert "13800135678" not in page and "138****5678" in page
    assert "黄大明" in page and "因病" in page


def test_the_household_page_shows_incomes_per_capita_against_the_lines(client, users, register):
    response = signed_in(client, users["haifeng"]).get("/households/4415211012010001/")
    incomes = response.context["incomes"]
    assert [(row.year, row.per_capita) for row in incomes] == [(2019, 4000), (2020, 10000)]
    chart = response.context["income_chart"]
    assert chart["xAxis"]["data"] == ["2019", "2020"]
    assert chart["series"][0]["data"] == [4000.0, 10000.0]
    lines = {line.standard_id: line.values for line in response.context["lines"]}
    assert lines["cn-2020"] == {2019: 3747.0, 2020: 4000.0}  # read from the standard, not a literal
    assert lines["gd-2016"] == {2019: 7365.0, 2020: 7365.0}
    assert 'id="income-chart"' in response.content.decode()


def test_members_born_after_a_year_do_not_count_in_its_per_capita_income(users, register):
    factories.member(
        register["poor"],
        factories.id_number(date(2020, 6, 1)),
        relation="孙子女",
        labour="无劳动力",
        birth=date(2020, 6, 1),
    )
    incomes = selectors.household_incomes(scope=scope_for(users["admin"]), household=register["poor"])
    assert [(row.year, row.members) for row in incomes] == [(2019, 3), (2020, 4)]


def test_a_year_s_per_capita_divides_by_the_members_as_the_register_stood_at_its_end(users, register):
    """A birth date corrected after the year changes no figure of that year (``registry.dated``), as in the
    engine's snapshot and the dashboard: the page reads each year's members as of 31 December."""
    born = date(2020, 6, 1)
    member = factories.member(
        register["poor"], factories.id_number(born), relation="孙子女", labour="无劳动力", birth=born
    )
    member.birth_date = date(2021, 3, 1)  # a correction recorded today, years after 2020
    member.save()
    incomes = selectors.household_incomes(scope=scope_for(users["admin"]), household=register["poor"])
    assert [(row.year, row.members) for row in incomes] == [(2019, 3), (2020, 4)]
    assert incomes[1].per_capita == 7500  # 30,000 over the four members of 31 December 2020


def test_every_verdict_is_shown_with_its_reasons_in_words(client, users, register):
    assessment_run(standard_id="gd-2016", year=2020)
    assessment_run(standard_id="cn-2020", year=2020)
    response = signed_in(client, users["haifeng"]).get("/households/4415211012010002/")
    verdicts = response.context["verdicts"]
    assert sorted(v.result.run.standard for v in verdicts) == ["cn-2020", "gd-2016"]
    gd = next(v for v in verdicts if v.result.run.standard == "gd-2016")
    assert gd.result.result == "fail" and gd.style == "bad"
    income = next(reason for reason in gd.reasons if reason.id == "income")
    assert income.style == "bad"
    assert income.title.startswith("收入")
    values = dict(income.values)
    assert values["人均纯收入"] == "3,000 元/人"
    assert values["有劳动力"] == "是"
    page = response.content.decode()
    assert "未达标" in page and "人均纯收入：3,000 元/人" in page
    assert "收入线：7,365 元/人" in page
    assert '"criteria"' not in page  # no raw JSON


def test_a_household_never_assessed_says_so(client, users, register):
    page = signed_in(client, users["admin"]).get("/households/4415231012010001/").content.decode()
    assert "尚无评估包含此户" in page


def test_the_household_page_is_in_english_when_chosen(client, users, register):
    client = signed_in(client, users["admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/households/4415211012010001/").content.decode()
    assert "Living conditions" in page and "Incomes by year" in page

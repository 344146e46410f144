"""Keyset pages of the village and household lists (issue 16, item 7): walking "next" from the first page and
"previous" back from the last shows every row once, in the list's order, for every sort (empty values last),
within the reader's scope, and a later page costs the same queries as the first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bangfu.accounts.scope import scope_for
from bangfu.assessment import verdicts
from bangfu.registry import selectors as browsing
from bangfu.registry.selectors import VILLAGE_SORTS, VillageFilters
from bangfu.web.views import households as households_view
from bangfu.web.views import villages as villages_view
from tests import factories
from tests.web.test_households import build_register, build_users, signed_in

SIZE = 7


@pytest.fixture
def register(divisions):
    built = build_register()
    for number in range(3, 40):
        identified = None if number % 4 == 0 else 2014 + number % 3  # ties and empty years
        village = factories.village(
            f"4415211{number % 2 + 1:02d}{number:03d}",
            name=f"村{number}",
            poor=identified is not None,
            population=500 + number % 5 * 100,
            identified_year=identified,
            exit_year=None if number % 3 else 2019 + number % 2,
        )
        for serial in range(number % 3):
            factories.household(village, f"{village.division.code}{serial:04d}", members=1)
    return built


@pytest.fixture
def users(register):
    return build_users()


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(villages_view, "PAGE_SIZE", SIZE)
    monkeypatch.setattr(households_view, "PAGE_SIZE", SIZE)


def walk(client, path: str, codes_of) -> tuple[list[list[str]], list[list[str]]]:
    """Pages read by following "next" from the first page, then "previous" back from the last one."""
    separator = "&" if "?" in path else "?"
    forwards, response = [], client.get(path)
    while True:
        forwards.append(codes_of(response))
        page = response.context["page"]
        assert len(forwards) < 50, "next never ends"
        if not page.has_next:
            break
        response = client.get(f"{path}{separator}after={page.next_key}")
    backwards = [forwards[-1]]
    while page.has_previous:
        response = client.get(f"{path}{separator}before={page.previous_key}")
        page = response.context["page"]
        backwards.append(codes_of(response))
        assert len(backwards) < 50, "previous never ends"
    return forwards, backwards[::-1]


def village_codes(response) -> list[str]:
    return [village.division.code for village, _counts in response.context["rows"]]


def household_codes(response) -> list[str]:
    return [row.code for row in response.context["rows"]]


@pytest.mark.parametrize("sort", [*VILLAGE_SORTS, *(f"-{key}" for key in VILLAGE_SORTS)])
def test_the_village_list_pages_through_every_village_once_in_each_sort(client, users, sort):
    scope = scope_for(users["haifeng"])
    expected = [
        village.division.code
        for village in browsing.village_list(scope=scope, filters=VillageFilters(), sort=sort)
    ]
    assert len(expected) == 39
    forwards, backwards = walk(signed_in(client, users["haifeng"]), f"/villages/?sort={sort}", village_codes)
    assert [code for page in forwards for code in page] == expected
    assert all(len(page) == SIZE for page in forwards[:-1])
    assert backwards == forwards


@pytest.mark.parametrize("who", ["admin", "haifeng", "cadre"])
def test_the_household_list_pages_through_every_household_once(client, users, who):
    scope = scope_for(users[who])
    expected = list(verdicts.household_list(scope=scope).values_list("code", flat=True))
    forwards, backwards = walk(signed_in(client, users[who]), "/households/", household_codes)
    assert [code for page in forwards for code in page] == expected
    assert backwards == forwards
    if who != "cadre":
        assert len(forwards) > 2


def test_filters_are_kept_in_the_links_and_the_count_is_shown(client, users):
    client = signed_in(client, users["haifeng"])
    first = client.get("/villages/?poor=no")
    assert first.context["count"].value == sum(1 for _ in browsing.village_list(
        scope=scope_for(users["haifeng"]), filters=VillageFilters(poor=False)
    ))  # fmt: skip
    next_key = first.context["page"].next_key
    assert f"poor=no&amp;after={next_key}" in first.content.decode()
    second = client.get(f"/villages/?poor=no&after={next_key}")
    assert all(not village.is_poor for village, _counts in second.context["rows"])
    assert "page=" not in first.content.decode()


def test_a_key_outside_the_scope_or_unknown_starts_at_the_first_page(client, users):
    client = signed_in(client, users["haifeng"])
    first = household_codes(client.get("/households/"))
    for key in ("4415231012010001", "nonsense", ""):  # 陆河县: not the 海丰县 officer's
        assert household_codes(client.get(f"/households/?after={key}")) == first
        assert household_codes(client.get(f"/households/?before={key}")) == first
    villages = village_codes(client.get("/villages/"))
    assert village_codes(client.get("/villages/?after=441523101201")) == villages


def test_the_village_count_stops_at_its_cap(client, users, monkeypatch):
    monkeypatch.setattr(villages_view, "COUNT_CAP", 10)
    count = signed_in(client, users["admin"]).get("/villages/").context["count"]
    assert count.capped and count.value == 10 and count.cap == 10


def test_the_count_is_capped(client, users, monkeypatch):
    from bangfu.registry import paging

    monkeypatch.setattr(paging.capped_count, "__defaults__", (5,))
    response = signed_in(client, users["admin"]).get("/households/")
    assert response.context["count"].capped and response.context["count"].value == 5
    assert "more than 5" in response.content.decode() or "超过 5" in response.content.decode()


@pytest.mark.parametrize("path", ["/households/", "/villages/", "/villages/?sort=-identified"])
def test_a_later_page_costs_the_same_queries_as_the_first(client, users, path):
    client = signed_in(client, users["haifeng"])
    first = client.get(path)  # warm: session, scope
    with CaptureQueriesContext(connection) as on_first:
        first = client.get(path)
    separator = "&" if "?" in path else "?"
    later = f"{path}{separator}after={first.context['page'].next_key}"
    client.get(later)
    with CaptureQueriesContext(connection) as on_later:
        assert client.get(later).context["page"].has_previous
    assert len(on_later) == len(on_first) + 1  # the anchor's ordering values: one indexed read
    assert not any("OFFSET" in query["sql"].upper() for query in on_later.captured_queries)

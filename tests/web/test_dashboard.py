"""The dashboard (首页) with the Django test client: each role sees its own figures and nothing else."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model

from bangfu.accounts.models import Role
from bangfu.indicators.models import FiguresRefresh
from bangfu.indicators.services import figures_refresh
from tests import factories


@pytest.fixture
def register(divisions):
    """Two households in 海丰县 (3 + 4 people), one in 陆河县 (6 people), with incomes in 2020."""
    haifeng = factories.village("441521101201", name="新山村")
    luhe = factories.village("441523101201", name="坡平村")
    for village, code, members, wages in [
        (haifeng, "4415211012010001", 3, 12000),
        (haifeng, "4415211012010002", 4, 20000),
        (luhe, "4415231012010001", 6, 90000),
    ]:
        household = factories.household(village, code, members=members, exit_year=2019)
        factories.income(household, 2020, wages=wages)
    figures_refresh()


def figure(page: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}"><div class="value">([^<]*)</div>', page)
    return match.group(1) if match else ""


def chart_options(page: str, name: str) -> dict:
    match = re.search(
        rf'<script id="chart-{name}-options" type="application/json">(.*?)</script>', page, re.S
    )
    return json.loads(match.group(1))


def signed_in(client, username: str, role: str, **scope):
    client.force_login(factories.account(username, role, **scope))
    return client.get("/").content.decode()


def test_administrator_sees_the_whole_register(client, register):
    page = signed_in(client, "boss", Role.ADMINISTRATOR)
    assert (figure(page, "villages"), figure(page, "households"), figure(page, "people")) == ("2", "3", "13")
    # (12,000 + 20,000 + 90,000) ÷ 13 people
    assert figure(page, "income") == f"{round(122000 / 13):,}"
    assert [group for group in chart_options(page, "status")["series"][0]["data"]] == [0, 0, 0, 3, 3]


def test_county_officer_sees_only_the_county(client, register):
    page = signed_in(client, "haifeng", Role.OFFICER, divisions=["441521000000"])
    assert (figure(page, "villages"), figure(page, "households"), figure(page, "people")) == ("1", "2", "7")
    assert figure(page, "income") == f"{round(32000 / 7):,}"
    distribution = chart_options(page, "distribution")["series"][0]["data"]
    assert sum(bar["value"] for bar in distribution) == 2
    assert "坡平村" not in page and "陆河县" not in page


def test_other_county_officer_and_inspector(client, register):
    page = signed_in(client, "luhe", Role.INSPECTOR, divisions=["441523000000"])
    assert (figure(page, "households"), figure(page, "people"), figure(page, "income")) == (
        "1",
        "6",
        "15,000",
    )


def test_cadre_sees_the_village(client, register):
    page = signed_in(client, "cadre", Role.CADRE, villages=["441521101201"])
    assert (figure(page, "villages"), figure(page, "people")) == ("1", "7")


def test_user_without_profile_sees_nothing(client, register):
    client.force_login(get_user_model().objects.create_user("nobody", password="x"))
    page = client.get("/").content.decode()
    assert 'data-empty="scope"' in page
    assert 'class="chart"' not in page and "新山村" not in page and figure(page, "households") == ""


def test_figures_as_of_and_language(client, register):
    factories.account("boss", Role.ADMINISTRATOR)
    client.force_login(get_user_model().objects.get(username="boss"))
    chinese = client.get("/").content.decode()
    assert "指标计算于" in chinese and "三保障缺口" in chinese and "人均纯收入" in chinese
    english = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert "Figures as of" in english and "Three-guarantee gaps by county" in english
    assert chart_options(english, "income")["series"][0]["name"] == "Per-capita net income"


def test_figures_are_computed_on_the_first_view_when_they_never_were(client, divisions):
    village = factories.village()
    factories.household(village, "4415211012010001", members=3)
    page = signed_in(client, "boss", Role.ADMINISTRATOR)
    assert FiguresRefresh.objects.count() == 1 and figure(page, "people") == "3"
    client.get("/")
    assert FiguresRefresh.objects.count() == 1


def test_charts_script_is_included_only_with_charts(client, register):
    page = signed_in(client, "boss", Role.ADMINISTRATOR)
    assert page.count('class="chart"') == 5 and "echarts.min.js" in page and "charts.js" in page


def test_a_refresh_shows_at_once_although_figures_are_cached(client, register):
    page = signed_in(client, "boss", Role.ADMINISTRATOR)
    assert figure(page, "households") == "3"
    village = factories.village("441521101202", name="北中村")
    factories.household(village, "4415211012020001", members=2)
    assert figure(client.get("/").content.decode(), "households") == "3"  # not refreshed yet
    figures_refresh()
    assert figure(client.get("/").content.decode(), "households") == "4"

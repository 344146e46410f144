"""Each figure of the results report, on a register small enough to compute by hand."""

import json

import pytest
from django.core.management import call_command

from bangfu.reports.results import results_report
from tests import factories


@pytest.fixture
def register(divisions):
    """Two poor villages (one exited 2019, one 2021), one ordinary village; five households."""
    poor = factories.village(
        "441521101201", name="新山村", population=1000, exit_year=2019, is_demonstration=True
    )
    late = factories.village("441581102201", name="坡平村", population=3000, exit_year=2021)
    plain = factories.village("441523103201", name="上村", poor=False, population=500)
    for village, income in [(poor, 15000), (late, 18000), (plain, 30000)]:
        factories.village_year_stat(
            village=village,
            year=2020,
            registered_population=village.registered_population,
            disposable_income_per_capita=income,
            collective_income=100000,
        )
    # Labour households: 3 members each, baseline 2015 and 2020 incomes.
    a = factories.household(poor, "A", members=3, exit_year=2018)
    factories.income(a, 2015, wages=9000)
    factories.income(a, 2020, wages=45000, transfers=600, costs=300)
    b = factories.household(plain, "B", members=2, exit_year=2020, identified_year=2017)
    factories.income(b, 2016, wages=10000)
    factories.income(b, 2020, wages=30000)
    # No labour: excluded from the labour figures, counted in exits.
    c = factories.household(late, "C", members=1, labour=False, exit_year=2019, attribute="特困供养贫困户")
    factories.income(c, 2015, wages=0, transfers=2000)
    factories.income(c, 2020, wages=0, transfers=8000)
    # Not exited by 2020.
    d = factories.household(late, "D", members=4, exit_year=2021)
    factories.income(d, 2015, wages=8000)
    factories.income(d, 2020, wages=28000)
    # Ordinary household: never counted as registered poor.
    e = factories.household(plain, "E", members=5, attribute="一般农户", identified_year=None)
    factories.income(e, 2020, wages=1000)


def test_every_figure_follows_its_definition(register):
    r = results_report(year=2020)
    assert r["poor_villages"] == 2
    assert r["poor_villages_exited"] == 1
    assert r["poor_households"] == 4
    assert r["poor_households_exit_rate"] == 0.75
    assert r["households_lifted"] == 3
    assert r["people_lifted"] == 3 + 2 + 1
    assert r["village_income_per_capita"] == round((1000 * 15000 + 3000 * 18000) / 4000)
    # Labour households A, B, D: Σ net 2020 ÷ Σ members; baseline = the year before identification.
    assert r["labour_household_income_per_capita"] == round((45600 + 30000 + 28000) / 9)
    assert r["labour_household_income_before"] == round((9000 + 10000 + 8000) / 9)
    assert r["labour_household_income_increase"] == round((45600 + 30000 + 28000) / 9 - 27000 / 9)
    assert r["demonstration_villages"] == ["新山村"]
    assert r["region"] == "汕尾市"


def test_the_year_moves_every_figure(register):
    r = results_report(year=2018)
    assert (r["poor_villages_exited"], r["poor_households"], r["households_lifted"]) == (0, 4, 1)
    assert r["village_income_per_capita"] is None  # no statistics for 2018
    assert r["labour_household_income_per_capita"] is None  # no income records for 2018


def test_the_command_prints_json_and_chinese_markdown(register, capsys, tmp_path):
    call_command("report", "results", "--format", "json")
    assert json.loads(capsys.readouterr().out)["households_lifted"] == 3
    call_command("report", "results", "--format", "md")
    text = capsys.readouterr().out
    assert "汕尾市2个贫困村中已有1个出列（50%）" in text
    assert "累计实际减贫3户6人" in text
    assert "新山村" in text
    call_command("report", "results", "--format", "md", "--lang", "en", "--out", str(tmp_path / "r.md"))
    assert "1 of 2 poor villages had exited" in (tmp_path / "r.md").read_text(encoding="utf-8")

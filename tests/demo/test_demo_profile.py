"""The demo profile reproduces the published figures exactly (programme-results.md R1–R7, R22).

Each figure is recomputed here from the CSV files, the way a report would compute it.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.demo.registers import Register, net_income

pytestmark = pytest.mark.slow

DEMONSTRATION = {"新山村", "坡平村", "欧田村", "北中村", "东尾村"}


def test_r1_two_hundred_poor_villages_all_exited_by_2020(demo: Register) -> None:
    poor = [v for v in demo.villages if v["是否贫困村"] == "是"]
    assert len(poor) == 200
    assert all(v["识别年度"] == "2016" and v["出列年度"] and int(v["出列年度"]) <= 2020 for v in poor)
    non_poor = [v for v in demo.villages if v["是否贫困村"] == "否"]
    assert 550 <= len(non_poor) <= 650
    assert all(v["识别年度"] == "" and v["出列年度"] == "" for v in non_poor)
    assert len(poor) + len(non_poor) == len(demo.villages)


def test_r2_r3_registered_households_all_exited_2016_to_2020(demo: Register) -> None:
    registered = demo.registered
    assert len(registered) == 16_354
    assert all(2016 <= int(h["脱贫年度"]) <= 2020 for h in registered)
    assert all(int(h["脱贫年度"]) >= int(h["识别年度"]) for h in registered)
    years = Counter(h["识别年度"] for h in registered)
    assert set(years) == {"2016", "2017", "2018"}
    assert 0.92 < years["2016"] / len(registered) < 0.98


def test_r4_members_of_registered_households_at_the_end_of_2020(demo: Register) -> None:
    """R4 under the year-end definition: members born on or before 31 December 2020 (the register has no
    removals or deaths). Children born in 2021 come on top and change no 2020 figure."""
    members = [m for h in demo.registered for m in demo.members_of[h["户编号"]]]
    assert sum(m["出生日期"] <= "2020-12-31" for m in members) == 70_021
    born_2021 = sum(m["出生日期"] >= "2021-01-01" for m in members)
    assert 300 <= born_2021 <= 2_000


def test_ordinary_households(demo: Register) -> None:
    ordinary = [h for h in demo.households if h["贫困户属性"] == "一般农户"]
    assert len(ordinary) == 1_646
    assert len(demo.households) == 18_000
    assert all(h["识别年度"] == h["脱贫年度"] == h["主要致贫原因"] == "" for h in ordinary)
    villages_with_ordinary = {h["行政区划代码"] for h in ordinary}
    assert len(villages_with_ordinary) > 0.7 * len(demo.villages)


def test_r5_poor_villages_income_2020_population_weighted(demo: Register) -> None:
    poor = {v["行政区划代码"] for v in demo.villages if v["是否贫困村"] == "是"}
    rows = [r for r in demo.stats if r["年度"] == "2020" and r["行政区划代码"] in poor]
    assert len(rows) == 200
    population = sum(int(r["户籍人口"]) for r in rows)
    income = sum(int(r["户籍人口"]) * int(r["居民人均可支配收入"]) for r in rows)
    assert abs(income / population - 16_905) <= 0.5


def _labour_ratio(demo: Register, year_of) -> float:
    total = members = 0
    for household in demo.registered:
        if not demo.has_labour(household):
            continue
        year = year_of(household)
        size = demo.size(household, year)  # members as of 31 December of the year
        total += net_income(demo.incomes_of[household["户编号"]][year])
        members += size
    return total / members


def test_r6_households_with_labour_income_2020(demo: Register) -> None:
    assert abs(_labour_ratio(demo, lambda h: 2020) - 15_522) <= 0.5


def test_r7_households_with_labour_income_at_baseline(demo: Register) -> None:
    baseline = _labour_ratio(demo, lambda h: int(h["识别年度"]) - 1)
    assert abs(baseline - 4_000) <= 0.5
    assert abs((_labour_ratio(demo, lambda h: 2020) - baseline) - 11_522) <= 1


def test_r22_five_demonstration_villages(demo: Register) -> None:
    flagged = [v for v in demo.villages if v["示范村"] == "是"]
    assert {v["村名"] for v in flagged} == DEMONSTRATION
    assert len(flagged) == 5
    assert all(v["是否贫困村"] == "是" for v in flagged)
    assert len({v["县区"] for v in flagged}) == 5
    assert all(v["示范村"] == "否" for v in demo.villages if v["村名"] not in DEMONSTRATION)
    names = Counter(v["村名"] for v in demo.villages)
    assert all(names[name] == 1 for name in DEMONSTRATION)


def test_households_spread_over_villages(demo: Register) -> None:
    poor = {v["行政区划代码"] for v in demo.villages if v["是否贫困村"] == "是"}
    in_poor = sum(h["行政区划代码"] in poor for h in demo.registered)
    assert abs(in_poor / len(demo.registered) - 0.40) < 0.01
    per_village = Counter(h["行政区划代码"] for h in demo.registered)
    poor_counts = [per_village[code] for code in poor]
    assert 28 <= sum(poor_counts) / len(poor_counts) <= 38
    assert min(poor_counts) < 25 and max(poor_counts) > 40  # varying

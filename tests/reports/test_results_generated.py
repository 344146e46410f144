"""The report's figures on a generated register agree with a computation straight from the CSV files."""

import csv
from collections import defaultdict
from decimal import Decimal

import pytest

from bangfu.demo.generator import generate_register, scaled_profile
from bangfu.registry.loading import register_load_folder
from bangfu.reports.results import results_report

WITH_LABOUR = {"普通劳动力", "技能劳动力", "弱劳动力或半劳动力"}
REGISTERED = {"一般贫困户", "低保贫困户", "特困供养贫困户"}


def rows(folder, name):
    with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def independent_figures(folder, year):
    """The report's definitions (docs/report.md), computed with plain Python over the files."""
    villages = rows(folder, "村")
    households = {h["户编号"]: h for h in rows(folder, "户")}
    members = defaultdict(list)
    for m in rows(folder, "成员"):
        members[m["户编号"]].append(m)
    net = {}
    for r in rows(folder, "收入"):
        net[r["户编号"], int(r["年度"])] = sum(
            Decimal(r[c]) for c in ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入")
        ) - Decimal(r["生产经营性支出"])
    poor_codes = {v["行政区划代码"] for v in villages if v["是否贫困村"] == "是"}
    stats = [s for s in rows(folder, "村年度") if s["行政区划代码"] in poor_codes and int(s["年度"]) == year]
    registered = [
        h for h in households.values() if h["贫困户属性"] in REGISTERED and int(h["识别年度"]) <= year
    ]
    exited = [h for h in registered if h["脱贫年度"] and int(h["脱贫年度"]) <= year]

    def size(household, in_year):
        """Members on 31 December of ``in_year``: born that year or earlier (docs/as-of.md)."""
        births = (m["出生日期"][:4] or m["证件号码"][6:10] for m in members[household["户编号"]])
        return sum(1 for birth in births if int(birth) <= in_year)

    labour = [
        h
        for h in registered
        if any(m["劳动技能"] in WITH_LABOUR for m in members[h["户编号"]])
        and (h["户编号"], year) in net
        and (h["户编号"], int(h["识别年度"]) - 1) in net
    ]
    now = sum(net[h["户编号"], year] for h in labour) / sum(size(h, year) for h in labour)
    before = sum(net[h["户编号"], int(h["识别年度"]) - 1] for h in labour) / sum(
        size(h, int(h["识别年度"]) - 1) for h in labour
    )
    population = sum(int(s["户籍人口"]) for s in stats)
    return {
        "poor_villages": len(poor_codes),
        "poor_villages_exited": sum(
            1 for v in villages if v["是否贫困村"] == "是" and v["出列年度"] and int(v["出列年度"]) <= year
        ),
        "poor_households": len(registered),
        "households_lifted": len(exited),
        "people_lifted": sum(size(h, year) for h in exited),
        "village_income_per_capita": sum(int(s["户籍人口"]) * Decimal(s["居民人均可支配收入"]) for s in stats)
        / population,
        "labour_household_income_per_capita": now,
        "labour_household_income_before": before,
        "labour_household_income_increase": now - before,
        "demonstration_villages": sorted(v["村名"] for v in villages if v["示范村"] == "是"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("year", [2018, 2020])
def test_report_matches_an_independent_computation(divisions, tmp_path, year):
    folder = tmp_path / "register"
    generate_register(scaled_profile(households=900), folder, seed=7)
    register_load_folder(folder)
    expected = independent_figures(folder, year)
    report = results_report(year=year)
    for key in (
        "poor_villages",
        "poor_villages_exited",
        "poor_households",
        "households_lifted",
        "people_lifted",
    ):
        assert report[key] == expected[key], key
    for key in (
        "village_income_per_capita",
        "labour_household_income_per_capita",
        "labour_household_income_before",
        "labour_household_income_increase",
    ):
        assert abs(report[key] - expected[key]) <= 1, key
    assert sorted(report["demonstration_villages"]) == expected["demonstration_villages"]
    assert report["poor_households_exit_rate"] == round(
        expected["households_lifted"] / expected["poor_households"], 4
    )

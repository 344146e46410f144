"""The demo register is internally consistent and looks like a Guangdong register.

These are the checks county staff run on register exports (domain-rules.md §5) plus the shapes the demo
promises: valid and unique ID numbers, one head per household, exactly one of education / school status,
complete medical cover for registered households, incomes consistent with the exit years.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter

import pytest
from stdnum.cn.ric import calc_check_digit

from tests.demo.registers import WITH_LABOUR, Register, net_income

pytestmark = pytest.mark.slow

EXIT_LINE = 7365
SHANWEI_ID_PREFIXES = {"441502", "441521", "441523", "441581"}
COUNTY_CODES = SHANWEI_ID_PREFIXES | {"441571", "441572"}
SNAPSHOT = datetime.date(2021, 12, 31)


def age_on(birth_date: str, day: datetime.date) -> int:
    born = datetime.date.fromisoformat(birth_date)
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age(member: dict[str, str]) -> int:
    return age_on(member["出生日期"], SNAPSHOT)


def test_id_numbers_are_valid_and_agree_with_sex_and_birth_date(demo: Register) -> None:
    for member in demo.members:
        number = member["证件号码"]
        assert len(number) == 18 and number[:17].isdigit()
        assert calc_check_digit(number) == number[-1], number
        assert number[:6] in SHANWEI_ID_PREFIXES
        assert (int(number[16]) % 2 == 1) == (member["性别"] == "男")
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert born.isoformat() == member["出生日期"] and born <= SNAPSHOT


def test_id_numbers_are_unique(demo: Register) -> None:
    numbers = [m["证件号码"] for m in demo.members]
    assert len(set(numbers)) == len(numbers)


def test_one_head_per_household_matching_the_household_row(demo: Register) -> None:
    codes = [h["户编号"] for h in demo.households]
    assert len(set(codes)) == len(codes)
    assert set(demo.members_of) == set(codes)
    villages = {v["行政区划代码"] for v in demo.villages}
    for household in demo.households:
        heads = [m for m in demo.members_of[household["户编号"]] if m["与户主关系"] == "户主"]
        assert len(heads) == 1
        assert heads[0]["证件号码"] == household["户主证件号码"]
        assert household["户编号"][:12] == household["行政区划代码"] and len(household["户编号"]) == 16
        assert household["行政区划代码"] in villages


def test_family_ages_are_consistent(demo: Register) -> None:
    head_ages = []
    for members in demo.members_of.values():
        head = next(m for m in members if m["与户主关系"] == "户主")
        head_age = age(head)
        head_ages.append(head_age)
        for member in members:
            gap = head_age - age(member)
            if member["与户主关系"] in ("子", "女"):
                assert 18 <= gap <= 40, (head, member)
            elif member["与户主关系"] == "孙子女":
                assert gap >= 36
            elif member["与户主关系"] == "父母":
                assert gap <= -20
            elif member["与户主关系"] == "配偶":
                assert member["性别"] != head["性别"] and member["姓名"][0] != head["姓名"][0]
    assert min(head_ages) >= 25 and max(head_ages) <= 90
    assert 49 <= sum(head_ages) / len(head_ages) <= 55


def test_most_registered_households_were_identified_below_the_line_and_dibao_incomes_are_modest(
    demo: Register,
) -> None:
    """Identification: 年人均可支配收入 < 4,000 (粤发〔2016〕13号, domain-rules §2) for ≥ 95 % of registered
    households in their baseline year (members at its year end); 低保 households never reach twice the exit
    line in 2020."""
    above = dibao_high = 0
    for household in demo.registered:
        incomes = demo.incomes_of[household["户编号"]]
        baseline = int(household["识别年度"]) - 1
        above += net_income(incomes[baseline]) >= 4_000 * demo.size(household, baseline)
        if household["贫困户属性"] == "低保贫困户":
            dibao_high += net_income(incomes[2020]) > 2 * EXIT_LINE * demo.size(household, 2020)
    assert above <= 0.05 * len(demo.registered)
    assert dibao_high == 0


def test_siblings_are_born_at_least_nine_months_apart(demo: Register) -> None:
    """Children of the head, and the grandchildren, of one household: no two born within 9 months (no
    twins are generated)."""
    from datetime import date
    from itertools import pairwise

    close = 0
    for members in demo.members_of.values():
        for group in (("子", "女"), ("孙子女",)):
            births = sorted(date.fromisoformat(m["出生日期"]) for m in members if m["与户主关系"] in group)
            close += any((b - a).days < 274 for a, b in pairwise(births))
    assert close == 0


def test_exactly_one_of_education_and_school_status(demo: Register) -> None:
    for member in demo.members:
        assert (member["文化程度"] == "") != (member["在校生状况"] == ""), member
        years = age(member)
        if years <= 2:
            assert member["在校生状况"] == "学龄前儿童"
        elif 6 <= years <= 11 and member["失学辍学"] == "否":
            assert member["在校生状况"] == "小学"


def test_labour_follows_age_and_work_months_follow_labour(demo: Register) -> None:
    for member in demo.members:
        if age(member) < 16 or member["在校生状况"]:
            assert member["劳动技能"] == "无劳动力"
        if member["劳动技能"] in WITH_LABOUR:
            assert 0 <= int(member["务工月数"]) <= 12
        else:
            assert member["务工月数"] == ""
        if member["健康状况"] in ("患有大病", "残疾"):
            assert member["劳动技能"] in ("丧失劳动力", "弱劳动力或半劳动力", "无劳动力")


def test_registered_households_have_complete_medical_cover(demo: Register) -> None:
    newborn_gaps = 0
    for household in demo.registered:
        for member in demo.members_of[household["户编号"]]:
            schemes = (member["城乡居民医保"], member["职工医保"])
            if schemes == ("否", "否"):
                assert member["出生日期"].startswith("2021")
                newborn_gaps += 1
            else:
                assert sorted(schemes) == ["否", "是"] and member["大病保险"] == "是"
    assert newborn_gaps < 0.005 * len(demo.members)
    ordinary = [h for h in demo.households if h["贫困户属性"] == "一般农户"]
    ordinary_members = [m for h in ordinary for m in demo.members_of[h["户编号"]]]
    gaps = sum((m["城乡居民医保"], m["职工医保"]) == ("否", "否") for m in ordinary_members)
    assert 0.005 < gaps / len(ordinary_members) < 0.05


def test_households_with_and_without_labour(demo: Register) -> None:
    registered = demo.registered
    without = [h for h in registered if not demo.has_labour(h)]
    assert 0.08 <= len(without) / len(registered) <= 0.15
    assert {h["贫困户属性"] for h in without} <= {"低保贫困户", "特困供养贫困户"}
    assert abs(sum(demo.size(h, 2020) for h in registered) / len(registered) - 4.28) < 0.01
    for household in registered:
        attribute = household["贫困户属性"]
        for member in demo.members_of[household["户编号"]]:
            assert member["享受低保"] == ("是" if attribute == "低保贫困户" else "否")
            assert member["特困供养"] == ("是" if attribute == "特困供养贫困户" else "否")


def test_main_cause_is_true_of_the_members(demo: Register) -> None:
    causes = Counter()
    for household in demo.registered:
        cause = household["主要致贫原因"]
        causes[cause] += 1
        members = demo.members_of[household["户编号"]]
        if cause == "因病":
            assert any(m["健康状况"] in ("长期慢性病", "患有大病") for m in members)
        elif cause == "因残":
            assert any(m["健康状况"] == "残疾" for m in members)
        elif cause == "因学":
            assert any(m["在校生状况"] in ("高中/中职", "高职/大专/本科") for m in members)
        elif cause == "缺劳动力":
            assert 4 * sum(m["劳动技能"] in WITH_LABOUR for m in members) <= len(members)
    shares = {cause: count / len(demo.registered) for cause, count in causes.items()}
    assert 0.25 < shares["因病"] < 0.35 and 0.10 < shares["缺劳动力"] < 0.20 and 0.05 < shares["因学"] < 0.11


def test_housing_and_water(demo: Register) -> None:
    for household in demo.registered:
        dangerous = household["住房安全等级"] in ("C", "D")
        assert household["危房改造"] == ("是" if dangerous else "")
        assert household["饮水安全"] == "是"
    grades = Counter(h["住房安全等级"] for h in demo.registered)
    assert 0.50 < grades["A"] / len(demo.registered) < 0.60
    ordinary = [h for h in demo.households if h["贫困户属性"] == "一般农户"]
    assert any(h["危房改造"] == "否" for h in ordinary)
    phones = [h["联系电话"] for h in demo.households if h["联系电话"]]
    assert all(len(p) == 11 and p.startswith("1") and p.isdigit() for p in phones)
    assert 0.8 < len(phones) / len(demo.households) < 0.9


def test_incomes_are_complete_and_non_negative(demo: Register) -> None:
    for household in demo.households:
        years = demo.incomes_of[household["户编号"]]
        if household["识别年度"]:
            assert sorted(years) == list(range(int(household["识别年度"]) - 1, 2024))
        else:
            assert sorted(years) == [2020, 2021, 2022, 2023]
        for year, row in years.items():
            amounts = [
                int(row[c])
                for c in ("工资性收入", "生产经营性收入", "财产性收入", "转移性收入", "生产经营性支出")
            ]
            assert min(amounts) >= 0
            assert (row["合规自付支出"] == "") == (year < 2020)


def test_exit_years_follow_incomes_and_the_education_condition(demo: Register) -> None:
    exits = Counter()
    for household in demo.registered:
        exit_year = int(household["脱贫年度"])
        exits[exit_year] += 1
        if demo.has_labour(household):
            size = demo.size(household, 2020)  # members on 31 December of each year (year-end)
            incomes = demo.incomes_of[household["户编号"]]
            assert all(
                net_income(incomes[year]) >= EXIT_LINE * demo.size(household, year)
                for year in range(exit_year, 2021)
            )
            assert net_income(incomes[2020]) >= EXIT_LINE * 1.03 * size - 1
        for member in demo.members_of[household["户编号"]]:
            if member["失学辍学"] == "是" and member["辍学原因"] != "身体原因":
                assert not 6 <= age_on(member["出生日期"], datetime.date(exit_year, 8, 31)) <= 15
    assert all(exits[year] > 0 for year in range(2016, 2021))


def test_few_out_of_school_members(demo: Register) -> None:
    out = [m for m in demo.members if m["失学辍学"] == "是"]
    assert 0 < len(out) < 0.005 * len(demo.members)
    assert all(m["辍学原因"] in ("身体原因", "其他") for m in out)
    assert all(m["辍学原因"] == "身体原因" for m in out if 6 <= age(m) <= 15)
    assert any(m["辍学原因"] == "其他" and 16 <= age(m) <= 19 for m in out)
    assert all(m["辍学原因"] == "" for m in demo.members if m["失学辍学"] == "否")


def test_2021_incomes_show_some_households_at_risk(demo: Register) -> None:
    below = [
        h for h in demo.registered if net_income(demo.incomes_of[h["户编号"]][2021]) < 6000 * demo.size(h)
    ]
    assert 0.01 < len(below) / len(demo.registered) < 0.06


def test_monitoring_years_incomes_grow_with_a_few_households_under_the_line(demo: Register) -> None:
    """2022 and 2023 (the monitoring runs' years): incomes grow after exit, and a few percent of households
    (not most) are under the monitoring line of Guangdong in those years (6,000, standards/data/monitoring.toml)."""
    for year in (2022, 2023):
        below = [
            h
            for h in demo.households
            if net_income(demo.incomes_of[h["户编号"]][year]) < 6000 * max(1, demo.size(h, year))
        ]
        assert 0.005 < len(below) / len(demo.households) < 0.04, year
    registered = [demo.incomes_of[h["户编号"]] for h in demo.registered]
    total = {year: sum(net_income(incomes[year]) for incomes in registered) for year in (2021, 2022, 2023)}
    assert total[2021] < total[2022] < total[2023]


def test_village_codes_names_and_statistics(demo: Register) -> None:
    names = [v["村名"] for v in demo.villages]
    assert len(set(names)) == len(names) and all(n.endswith("村") for n in names)
    for village in demo.villages:
        code = village["行政区划代码"]
        assert len(code) == 12 and code.isdigit() and code[:6] in COUNTY_CODES
        town = int(code[6:9])
        assert (1 <= town <= 99) if village["乡镇"].endswith("街道") else town >= 100
        assert 201 <= int(code[9:]) <= 999
    stats = {(r["行政区划代码"], int(r["年度"])): r for r in demo.stats}
    assert len(stats) == len(demo.stats) == 7 * len(demo.villages)
    for village in demo.villages:
        code = village["行政区划代码"]
        assert int(village["户籍人口"]) == int(stats[code, 2021]["户籍人口"])
        populations = [int(stats[code, year]["户籍人口"]) for year in range(2015, 2022)]
        assert all(abs(b - a) <= 0.011 * a + 1 for a, b in itertools.pairwise(populations))
        if village["是否贫困村"] == "是":
            exit_year = int(village["出列年度"])
            assert int(stats[code, exit_year]["村集体经济收入"]) >= 100_000
            assert 6000 <= int(stats[code, 2015]["居民人均可支配收入"]) <= 7900
        else:
            assert 18_000 <= int(stats[code, 2020]["居民人均可支配收入"]) <= 23_000

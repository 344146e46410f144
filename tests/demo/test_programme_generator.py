"""The demo programme generator: the published targets laid out exactly in the records, deterministic by seed,
plausible shapes. No database: the register view is built by hand (200 poor villages, as in the demo)."""

import itertools
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bangfu.demo.generator.dist import GenerationError
from bangfu.demo.generator.programme import (
    RegisterView,
    generate_programme,
    programme_profile,
    scaled_programme_profile,
)
from bangfu.demo.generator.programme.register import RegisterHousehold, RegisterVillage

COUNTIES = ("441502", "441521", "441523", "441571", "441572", "441581")


def register_view(poor_villages: int = 200, households_per_village: int = 30) -> RegisterView:
    villages, households = [], []
    for index in range(poor_villages):
        county = COUNTIES[index % len(COUNTIES)]
        town = f"{county}{100 + index % 7:03d}000"
        code = f"{town[:9]}{201 + index:03d}"
        villages.append(RegisterVillage(code, f"村{index}", town, county + "000000", index < 5))
        for number in range(households_per_village):
            exit_year = 2016 + (index + number) % 5
            households.append(RegisterHousehold(f"{code}{number + 1:04d}", code, 2016, exit_year))
    names = {county + "000000": f"县{county}" for county in COUNTIES} | {
        v.town: f"镇{v.town}" for v in villages
    }
    return RegisterView(tuple(villages), tuple(households), tuple(c + "000000" for c in COUNTIES), names)


@pytest.fixture(scope="module")
def demo():
    return generate_programme(programme_profile(), register_view(), seed=2013).entities


def test_the_published_targets_are_in_the_records(demo):
    end = date(2020, 12, 31)
    paired = {p["village"] for p in demo["pairings"]}
    assert len(paired) == 110  # R8
    category = {p["code"]: p["category"] for p in demo["projects"]}
    assert sum(1 for p in demo["projects"] if p["category"] == "产业" and p["village"] in paired) == 415  # R9
    assert len(demo["cadres"]) == len({a["cadre"] for a in demo["assignments"]}) == 746  # R10
    assistance = [f for f in demo["fund_flows"] if f["kind"] == "下达" and f["source"] != "地方财政"]
    assert sum(f["amount"] for f in assistance) == Decimal(9_496_800_000)  # R11, 约95亿元
    livelihood = [f for f in assistance if (f["category"] or category[f["project"]]) == "民生"]
    assert sum(f["amount"] for f in livelihood) == Decimal(3_450_000_000)  # R12
    assert sum(f["amount"] for f in assistance if f["year"] == 2020) == Decimal(1_300_000_000)  # R16
    assert (
        sum(p["population_served"] for p in demo["projects"] if p["category"] == "民生") == 3_046_800
    )  # R13
    completed = {
        s["project"]
        for s in demo["status_changes"]
        if s["to_status"] in ("完工", "验收") and s["date"] <= end
    }
    beds = sum(o["quantity"] for o in demo["outputs"] if o["kind"] == "病床" and o["project"] in completed)
    places = sum(o["quantity"] for o in demo["outputs"] if o["kind"] == "学位" and o["project"] in completed)
    assert (beds, places) == (1761, 12460)  # R14, R15 (1.2万余)
    investments = demo["investments"]
    assert len(investments) == 237  # R17
    assert sum(i["amount"] for i in investments) == Decimal(113_680_000_000)  # R18
    assert sum(1 for i in investments if i["investor_origin_city"] == "深圳") == 154  # R19
    assert sum(1 for i in investments if i["amount"] > 10**9) == 24  # R20
    assert {e["year"]: e["grade"] for e in demo["evaluations"]} == {y: "好" for y in range(2016, 2020)}  # R21


def test_the_same_seed_gives_the_same_records():
    view = register_view(40, 5)
    profile = scaled_programme_profile(0.2)
    assert generate_programme(profile, view, seed=5) == generate_programme(profile, view, seed=5)
    assert generate_programme(profile, view, seed=5) != generate_programme(profile, view, seed=6)


def test_funds_rise_and_never_overrun(demo):
    by_year = defaultdict(Decimal)
    allocated, disbursed, spent = defaultdict(Decimal), defaultdict(Decimal), defaultdict(Decimal)
    for flow in demo["fund_flows"]:
        key = (flow["project"] or flow["category"], flow["year"])
        {"下达": allocated, "拨付": disbursed, "支出": spent}[flow["kind"]][key] += flow["amount"]
        if flow["kind"] == "下达" and flow["source"] != "地方财政":
            by_year[flow["year"]] += flow["amount"]
        assert flow["amount"] > 0 and flow["amount"] == flow["amount"].quantize(Decimal("0.01"))
    years = sorted(by_year)
    assert years == list(range(2013, 2021))
    assert all(by_year[a] <= by_year[b] for a, b in itertools.pairwise(years))  # rising
    assert all(disbursed[k] <= allocated[k] and spent[k] <= disbursed[k] for k in allocated)
    assert (
        sum(spent.values()) < sum(disbursed.values()) < sum(allocated.values())
    )  # recent money still moving
    categories = {p["category"] for p in demo["projects"]}
    assert categories == {"产业", "就业", "消费", "民生", "基础设施", "教育", "医疗", "其他"}


def test_cadres_rotate_and_never_overlap(demo):
    posts = defaultdict(list)
    for a in demo["assignments"]:
        place = a.get("village") or a.get("household") or a.get("division")
        posts[a["role"], place].append(a)
        assert a["start_date"] <= a["end_date"] <= date(2020, 12, 31)
    for (role, _place), held in posts.items():
        if role in ("第一书记", "帮扶责任人"):
            held.sort(key=lambda a: a["start_date"])
            assert all(b["start_date"] > a["end_date"] for a, b in itertools.pairwise(held))
    terms = [a["end_date"] - a["start_date"] for a in demo["assignments"] if a["role"] == "第一书记"]
    assert all(timedelta(days=300) <= term <= timedelta(days=3 * 366 + 300) for term in terms)
    roles = {a["role"] for a in demo["assignments"]}
    assert roles == {"第一书记", "驻村工作队员", "帮扶责任人", "挂职干部"}


def test_parks_and_units_are_the_donor_and_recipient_sides(demo):
    assert len(demo["parks"]) == 5  # 1+4
    assert all(p["division"][:6] in COUNTIES for p in demo["parks"])
    assert not any("深汕特别合作区" in p["name"] for p in demo["parks"])
    names = {u["name"] for u in demo["units"]}
    assert {"福田区", "罗湖区", "南山区", "市发展改革委"} <= names
    assert {"比亚迪股份有限公司", "华侨城集团有限公司"} <= {i["investor"] for i in demo["investments"]}


def test_household_records_are_a_sample_with_contacts(demo):
    planned = {p["household"] for p in demo["plans"]}
    assert 0 < len(planned) < len({a["household"] for a in demo["assignments"] if a.get("household")})
    assert {m["household"] for m in demo["measures"]} <= planned
    assert {v["household"] for v in demo["visits"]} == planned


def test_a_register_too_small_is_refused():
    with pytest.raises(GenerationError, match="不足 110 个结对村"):
        generate_programme(programme_profile(), register_view(50, 2), seed=1)


def test_every_poor_village_has_a_first_secretary_every_day_from_its_start(demo):
    """The programme sent a first secretary to every poor village (issue 14): 200 of 200, one at a time,
    without a gap from the second round (2016-04-01) to the end of 2020; each cadre holds one post."""
    secretaries = defaultdict(list)
    for a in demo["assignments"]:
        if a["role"] == "第一书记":
            secretaries[a["village"]].append(a)
    assert len(secretaries) == 200
    for held in secretaries.values():
        held.sort(key=lambda a: a["start_date"])
        assert held[0]["start_date"] <= date(2016, 4, 1) and held[-1]["end_date"] == date(2020, 12, 31)
        assert all(b["start_date"] == a["end_date"] + timedelta(days=1) for a, b in itertools.pairwise(held))
    posts = [a["cadre"] for a in demo["assignments"] if a["role"] != "帮扶责任人"]
    assert len(posts) == len(set(posts)) == len(demo["cadres"]) == 746


def test_project_budgets_are_in_realistic_ranges_by_level(demo):
    """A village-level project gets at most its category's cap a year (a village culture room is not
    2,109万); the excess goes to county-level projects or pooled funds, so the totals (R11, R12, R16) hold."""
    caps = {
        "产业": 300,
        "基础设施": 200,
        "民生": 150,
        "教育": 100,
        "医疗": 80,
        "就业": 50,
        "消费": 50,
        "其他": 50,
    }
    projects = {p["code"]: p for p in demo["projects"]}
    yearly = defaultdict(int)
    for flow in demo["fund_flows"]:
        if flow["kind"] == "下达" and flow["project"] and flow["source"] != "地方财政":
            yearly[flow["project"], flow["year"]] += flow["amount"]
    for (code, _year), amount in yearly.items():
        project = projects[code]
        if project["village"]:
            assert amount <= caps[project["category"]] * 10_000, (project, amount)

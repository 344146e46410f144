"""cn-2020's criteria added by issue 14, each at its edges, each with its policy source.

- 收入稳定 and 两不愁 (吃穿不愁): 《关于建立贫困退出机制的意见》(2016): "年人均纯收入稳定超过国家扶贫标准，且吃穿不愁".
- 送教上门: provincial checklists (domain-rules.md §1): a child who cannot attend school and is taught at home
  counts as schooled.
- 易地扶贫搬迁: provincial checklists (§1): relocated households count as safely housed once keys are handed over.
- 饮水安全's four parts: 《农村饮水安全评价准则》 (§1): quantity, quality, convenience, guarantee rate.
An empty field is "cannot decide: <field> not recorded" (undecided), never a silent pass or fail.
"""

import datetime

import pytest

from bangfu.standards import Area, load_standard
from tests.standards.register import Snapshot, detail

FLAGS = [
    # (criterion, 户 field, its Chinese title in "not recorded")
    ("income_stable", "income_stable", "收入稳定"),  # 2016 意见: 稳定超过
    ("food", "food_secure", "不愁吃"),  # 2016 意见: 吃穿不愁
    ("clothing", "clothing_secure", "不愁穿"),  # 2016 意见: 吃穿不愁
    ("water_quantity", "water_quantity_ok", "水量达标"),  # 准则: ≥ 35 L (20 L in water-short areas)
    ("water_quality", "water_quality_ok", "水质达标"),  # 准则: tested or 望闻问尝
    ("water_convenience", "water_convenient", "用水方便"),  # 准则: ≤ 20 min / 800 m / 80 m
    ("water_supply", "water_supply_assured", "供水保证率达标"),  # 准则: outages ≤ 36 days a year
]


@pytest.fixture
def snapshot():
    return Snapshot()


def assess(snapshot, standard_id="cn-2020", year=2020):
    return snapshot.by_code(load_standard(standard_id).household_query(year, area=Area.everything()))


def household(snapshot, code="H1", **values):
    household_id = snapshot.household(code, members=2, **values)
    snapshot.income(household_id, 2020, net=40000.0)  # above both lines, even with a third member
    return household_id


@pytest.mark.parametrize(("criterion", "field", "title"), FLAGS)
def test_a_recorded_yes_passes_a_no_fails_and_empty_cannot_be_decided(snapshot, criterion, field, title):
    household(snapshot, "YES", **{field: True})
    household(snapshot, "NO", **{field: False})
    household(snapshot, "EMPTY", **{field: None})
    rows = assess(snapshot)
    assert (rows["YES"]["result"], rows["YES"]["failed"]) == ("pass", "")
    assert (rows["NO"]["result"], rows["NO"]["failed"]) == ("fail", criterion)
    assert (rows["EMPTY"]["result"], rows["EMPTY"]["failed"]) == ("undecided", criterion)
    assert detail(rows["EMPTY"])["criteria"][criterion]["not_recorded"] == title


def test_a_decided_failure_wins_over_an_unrecorded_field(snapshot):
    household(snapshot, "H1", food_secure=None, water_quality_ok=False)
    row = assess(snapshot)["H1"]
    assert (row["result"], row["failed"]) == ("fail", "water_quality")


def test_gd_2016_reads_only_two_no_worries_and_only_of_households_with_labour(snapshot):
    """粤发〔2016〕13号 (domain-rules.md §2): with labour, 人均可支配收入 ≥ 7,365 and 三保障 and 两不愁; without labour,
    低保/五保 coverage and 三保障 (no 两不愁). The other new fields are cn-2020's only."""
    others = {field: None for criterion, field, _ in FLAGS if criterion not in ("food", "clothing")}
    for code, food, clothing in [("YES", True, True), ("NO", False, True), ("EMPTY", True, None)]:
        household_id = snapshot.household(code, food_secure=food, clothing_secure=clothing, **others)
        snapshot.member(household_id, relation="户主")
        snapshot.income(household_id, 2020, net=20000.0)
    rows = assess(snapshot, "gd-2016")
    assert (rows["YES"]["result"], rows["YES"]["failed"]) == ("pass", "")
    assert (rows["NO"]["result"], rows["NO"]["failed"]) == ("fail", "food")
    assert (rows["EMPTY"]["result"], rows["EMPTY"]["failed"]) == ("undecided", "clothing")
    assert detail(rows["EMPTY"])["criteria"]["clothing"]["not_recorded"] == "不愁穿"


def test_gd_2016_without_labour_is_decided_whatever_two_no_worries_say(snapshot):
    """A rule met whatever the missing value (``not has_labour or food_secure``) is decided, not undecided."""
    for code, food in [("EMPTY", None), ("NO", False)]:
        household_id = snapshot.household(
            code, attribute="低保贫困户", food_secure=food, clothing_secure=None
        )
        snapshot.member(household_id, relation="户主", labour_ability="无劳动力")
        snapshot.income(household_id, 2020, net=20000.0)
    rows = assess(snapshot, "gd-2016")
    for code in ("EMPTY", "NO"):
        assert (rows[code]["result"], rows[code]["failed"]) == ("pass", "")
        assert detail(rows[code])["criteria"]["food"]["not_recorded"] == ""


@pytest.mark.parametrize(
    ("out_of_school", "reason", "home_schooled", "failed"),
    [
        (True, "其他", True, ""),  # 送教上门 recorded: counts as schooled (provincial checklists)
        (True, "其他", False, "education"),
        (True, "其他", None, "education"),  # not recorded: out of school, as before
        (True, "身体原因", None, ""),  # health reasons were always excused (domain-rules §1)
        (False, "", True, ""),
    ],
)
def test_a_child_taught_at_home_counts_as_schooled(snapshot, out_of_school, reason, home_schooled, failed):
    household_id = household(snapshot)
    snapshot.member(
        household_id, birth_date=datetime.date(2010, 3, 1), education="", school_status="七至九年级",
        out_of_school=out_of_school, dropout_reason=reason, home_schooled=home_schooled,
    )  # fmt: skip
    for standard_id in ("cn-2020", "gd-2016"):  # both read 义务教育有保障 the same way
        row = assess(snapshot, standard_id)["H1"]
        assert row["failed"] == failed, standard_id
    values = detail(assess(snapshot)["H1"])["criteria"]["education"]["values"]
    assert values["out_of_school_children"] == (1 if failed else 0)


@pytest.mark.parametrize(
    ("relocated", "keys", "year", "failed"),
    [
        (True, datetime.date(2019, 12, 31), 2020, ""),  # keys handed over before the year: housed
        (True, datetime.date(2020, 12, 31), 2020, ""),  # ... or in it
        (True, datetime.date(2021, 1, 1), 2020, "housing"),  # not yet: the D-grade house stands
        (True, None, 2020, "housing"),  # no keys date: not (yet) relocated
        (False, datetime.date(2019, 1, 1), 2020, "housing"),
        (None, None, 2020, "housing"),
    ],
)
def test_a_relocated_household_is_safely_housed_once_the_keys_are_handed_over(
    snapshot, relocated, keys, year, failed
):
    household(snapshot, housing_grade="D", housing_renovated=False, relocated=relocated,
              relocation_keys_date=keys)  # fmt: skip
    row = assess(snapshot, year=year)["H1"]
    assert row["failed"] == failed
    # gd-2016 keeps its own housing rule (domain-rules §2 names no relocation rule)
    assert assess(snapshot, "gd-2016", year=year)["H1"]["failed"] == "housing"

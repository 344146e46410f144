"""The rules of issue 14 as the policy texts say them, one test per rule, each citing its source.

Policy choices are parameters of the standard files (labour, school ages and cut-off, coverage, lines), so a
copy of a shipped file with another value changes the verdict with no code change.
"""

import datetime
import re

import pytest

from bangfu.standards import Area, StandardError, load_standard
from bangfu.standards.files import DATA
from tests.standards.register import Snapshot, detail


@pytest.fixture
def snapshot():
    return Snapshot()


def assess(snapshot, standard, year=2020):
    standard = standard if not isinstance(standard, str) else load_standard(standard)
    return snapshot.by_code(standard.household_query(year, area=Area.everything()))


def variant(tmp_path, standard_id, old, new):
    """A copy of a shipped standard with one line changed (policy choices are data)."""
    text = (DATA / f"{standard_id}.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{standard_id}-variant.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return load_standard(path)


def _without_labour(snapshot, code, per_capita, attribute="低保贫困户"):
    household = snapshot.household(code, attribute=attribute)
    snapshot.member(household, relation="户主", labour_ability="丧失劳动力")
    snapshot.member(household, labour_ability="无劳动力")
    snapshot.income(household, 2020, net=per_capita * 2)


# --- gd-2016 -------------------------------------------------------------------------------------------


def test_gd_with_labour_exits_on_disposable_income_of_7365():
    """粤发〔2016〕13号: 有劳动能力 households exit at 人均可支配收入 ≥ 7,365 (45 % of 16,367): the rule names
    disposable income per capita, not 人均纯收入."""
    income = next(c for c in load_standard("gd-2016").criteria if c.id == "income")
    assert "has_labour and disposable_income_per_capita >= line" in income.expression
    assert load_standard("gd-2016").parameters["line"].value(2018) == 7365


def test_gd_without_labour_below_the_national_line_fails_even_when_covered(snapshot):
    """粤发〔2016〕13号 (低保/五保 兜底) with the national floor of 《关于建立贫困退出机制的意见》(2016): a
    household without labour covered by 低保 still fails below the national line of the year (4,000 in 2020)."""
    _without_labour(snapshot, "BELOW", 3999.99)
    _without_labour(snapshot, "AT", 4000.0)
    rows = assess(snapshot, "gd-2016")
    assert (rows["BELOW"]["result"], rows["BELOW"]["failed"]) == ("fail", "income")
    assert rows["AT"]["result"] == "pass"
    assert detail(rows["BELOW"])["criteria"]["income"]["values"]["national_line"] == 4000


def test_gd_national_floor_follows_the_year(snapshot):
    """The floor is the national line of the assessed year (2018: 3,535), read from the one national table."""
    household = snapshot.household("H", attribute="特困供养贫困户")
    snapshot.member(household, relation="户主", labour_ability="无劳动力")
    snapshot.income(household, 2018, net=3535.0)
    assert assess(snapshot, "gd-2016", 2018)["H"]["result"] == "pass"


def test_gd_without_labour_and_without_coverage_fails_however_high_the_income(snapshot):
    """粤发〔2016〕13号: without labour the route is 低保/五保 coverage; income alone is not it."""
    _without_labour(snapshot, "H", 20000.0, attribute="一般贫困户")
    assert assess(snapshot, "gd-2016")["H"]["failed"] == "income"


# --- the national line, one table ---------------------------------------------------------------------


def test_the_national_line_is_one_table_named_by_every_standard_that_needs_it():
    """domain-rules.md §1: national lines 2016 2,952 · 2017 3,335 · 2018 3,535 · 2019 3,747 · 2020 ≈4,000,
    written once (data/tables/national-line.toml) and named by cn-2020, gd-2016 and mpi."""
    expected = {2016: 2952, 2017: 3335, 2018: 3535, 2019: 3747, 2020: 4000}
    for standard_id, parameter in (("cn-2020", "line"), ("gd-2016", "national_line"), ("mpi", "line")):
        values = load_standard(standard_id).parameters[parameter]
        assert {year: values.value(year) for year in values.years()} == expected
    for path in DATA.glob("*.toml"):
        assert not re.search(r"\b2952\b", path.read_text(encoding="utf-8")), path.name


# --- cn-2020: 大病保险 -----------------------------------------------------------------------------------


def test_cn_medical_needs_critical_illness_insurance(snapshot):
    """基本医疗有保障: every member enrolled in basic medical insurance, 大病保险 covered (domain-rules.md §1,
    public checker code, Guizhou). 否 fails; an empty 大病保险 cannot be decided."""
    for code, flag in (("YES", True), ("NO", False), ("EMPTY", None)):
        household = snapshot.household(code, members=1)
        snapshot.member(household, critical_illness_insurance=flag)
        snapshot.income(household, 2020, net=20000.0)
    rows = assess(snapshot, "cn-2020")
    assert {code: (row["result"], row["failed"]) for code, row in rows.items()} == {
        "EMPTY": ("undecided", "critical_illness"),
        "NO": ("fail", "critical_illness"),
        "YES": ("pass", ""),
    }
    assert detail(rows["EMPTY"])["criteria"]["critical_illness"]["not_recorded"] == "大病保险"


def test_cn_a_decided_failure_outweighs_an_unrecorded_criterion(snapshot):
    """A household failing a recorded criterion fails; what could not be decided is not listed then."""
    household = snapshot.household("H", members=1, safe_water=False)
    snapshot.member(household, critical_illness_insurance=None)
    snapshot.income(household, 2020, net=20000.0)
    row = assess(snapshot, "cn-2020")["H"]
    assert (row["result"], row["failed"]) == ("fail", "water")


# --- policy choices as parameters ----------------------------------------------------------------------


def test_weak_labour_counts_as_labour_by_the_file_not_by_code(snapshot, tmp_path):
    """Who counts as labour is a policy choice (issue 14; 劳动技能 codes, domain-rules.md §4): the shipped files
    count 弱劳动力或半劳动力; a variant without it treats such a household as without labour."""
    household = snapshot.household("H", attribute="低保贫困户")
    snapshot.member(household, relation="户主", labour_ability="弱劳动力或半劳动力")
    snapshot.income(household, 2020, net=5000.0)  # below 7,365, above the national floor
    assert assess(snapshot, "gd-2016")["H"]["failed"] == "income"  # has labour: needs 7,365
    strict = variant(
        tmp_path,
        "gd-2016",
        'labour_abilities = ["普通劳动力", "技能劳动力", "弱劳动力或半劳动力"]',
        'labour_abilities = ["普通劳动力", "技能劳动力"]',
    )
    assert assess(snapshot, strict)["H"]["result"] == "pass"  # no labour, covered by 低保, ≥ 4,000


def test_attribute_as_coverage_is_a_parameter(snapshot, tmp_path):
    """What counts as 低保/特困 coverage (粤发〔2016〕13号: 纳入低保或五保): the attribute 低保贫困户 counts in the
    shipped file; with coverage_attributes = [] only the members' 享受低保/特困供养 flags count."""
    _without_labour(snapshot, "H", 5000.0)
    assert assess(snapshot, "gd-2016")["H"]["result"] == "pass"
    flags_only = variant(
        tmp_path,
        "gd-2016",
        'coverage_attributes = ["低保贫困户", "特困供养贫困户"]',
        "coverage_attributes = []",
    )
    assert assess(snapshot, flags_only)["H"]["failed"] == "income"


@pytest.mark.parametrize(
    ("birth", "counted_in_shipped", "counted_with_cutoff_0901"),
    [
        (datetime.date(2014, 8, 31), True, True),  # 6 on 31 August 2020
        (datetime.date(2014, 9, 1), False, True),  # 6 only on 1 September
    ],
)
def test_school_age_cutoff_is_a_parameter(
    snapshot, tmp_path, birth, counted_in_shipped, counted_with_cutoff_0901
):
    """义务教育有保障: no member aged 6–15 out of school (provincial checklists, domain-rules.md §1); ages on
    31 August (school_cutoff = "08-31") in the shipped files, another date by the file."""
    household = snapshot.household("H", members=1)
    snapshot.member(household, birth_date=birth, out_of_school=True, dropout_reason="其他")
    snapshot.income(household, 2020, net=20000.0)
    shipped = assess(snapshot, "cn-2020")["H"]["failed"] == "education"
    later = variant(tmp_path, "cn-2020", 'school_cutoff = "08-31"', 'school_cutoff = "09-01"')
    assert shipped == counted_in_shipped
    assert (assess(snapshot, later)["H"]["failed"] == "education") == counted_with_cutoff_0901


def test_school_ages_are_parameters(snapshot, tmp_path):
    """Compulsory-school ages 6–15 (义务教育, domain-rules.md §1) are school_age_min/max of the file."""
    household = snapshot.household("H", members=1)
    snapshot.member(
        household, birth_date=datetime.date(2004, 8, 31), out_of_school=True, dropout_reason="其他"
    )
    snapshot.income(household, 2020, net=20000.0)  # 16 on 31 August 2020
    assert assess(snapshot, "cn-2020")["H"]["result"] == "pass"
    to_16 = variant(tmp_path, "cn-2020", "school_age_max = 15", "school_age_max = 16")
    assert assess(snapshot, to_16)["H"]["failed"] == "education"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("school_age_min = 6\n", "", "school_age_min"),
        ('school_cutoff = "08-31"', 'school_cutoff = "31-08"', "月-日"),
        ('"弱劳动力或半劳动力"]', '"弱劳动力"]', "未知的取值 弱劳动力"),
        (
            'coverage_attributes = ["低保贫困户", "特困供养贫困户"]',
            'coverage_attributes = { national = ["低保贫困户"], "44" = [] }',
            "全国口径",
        ),
        ("incidence_limit = 0.02", 'incidence_limit = ["0.02"]', "取值列表"),
    ],
)
def test_policy_parameters_are_checked_when_the_file_is_read(tmp_path, old, new, message):
    """A policy choice the rules depend on must be in the file, of the right kind, with known codes."""
    with pytest.raises(StandardError, match=message):
        variant(tmp_path, "cn-2020", old, new)

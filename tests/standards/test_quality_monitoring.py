"""Data-quality checks of monitoring cases, measures, elimination, labour and public-welfare posts
(domain-rules.md §5, with the elimination preconditions of §3), executed on DuckDB: each check finds its
problem and leaves the case just on the right side of its threshold alone."""

import datetime

import pytest

from bangfu.standards import Area, load_standard
from tests.standards.register import Snapshot
from tests.standards.test_quality_and_mpi import valid_id

AS_OF = datetime.date(2022, 6, 30)
D = datetime.date
MARCH, OCTOBER = D(2021, 3, 1), D(2021, 10, 8)
#: The checks this module covers (test_quality_and_mpi covers the others).
MONITORING_CHECKS = {
    "case_no_measure",
    "case_eliminated_early",
    "case_eliminated_unidentified",
    "case_eliminated_below_line",
    "case_eliminated_without_measure",
    "case_eliminated_without_labour",
    "case_employment_help_without_wages",
    "case_lack_of_labour_with_labourers",
    "public_welfare_post_under_16",
}


class Register(Snapshot):
    def home(self, code, *, net=60000.0, labour=("普通劳动力", "普通劳动力"), **income) -> int:
        """A household with sound members (one per labour ability) and 2021 and 2022 incomes."""
        household = self.household(code)
        for number, ability in enumerate(labour):
            birth = D(1980, 5, 1 + number)
            self.member(household, relation="户主" if number == 0 else "子", labour_ability=ability,
                        birth_date=birth, months_employed=0, id_number=valid_id(birth, f"{135 + 2 * number}"))  # fmt: skip
        for year in (2021, 2022):
            self.income(household, year, net=net, **income)
        return household

    def case(self, household, *, identified=None, eliminated=None, method="", risks="", discovered=None):
        step = "风险消除" if eliminated else ("帮扶" if identified else "入户核实")
        self._insert("monitoring_cases", {
            "case_id": next(self._ids), "household_id": household, "category": "脱贫不稳定户",
            "risk_types": risks, "channel": "基层干部排查", "step": step,
            "discovered_on": discovered or identified or D(2021, 1, 4), "identified_on": identified,
            "eliminated_on": eliminated, "elimination_method": method if eliminated else "",
        })  # fmt: skip

    def measure(self, household, year, *, status="已完成", category="产业", start=None):
        self._insert("measures", {
            "measure_id": next(self._ids), "household_id": household, "plan_year": year, "category": category,
            "status": status, "start_date": start, "end_date": None,
        })  # fmt: skip

    def eliminated(self, code, *, identified=MARCH, eliminated=OCTOBER, method="帮扶消除",
                   measures=1, **home):  # fmt: skip
        household = self.home(code, **home)
        self.case(household, identified=identified, eliminated=eliminated, method=method)
        for _ in range(measures):
            self.measure(household, identified.year if identified else 2021)
        return household


@pytest.fixture
def register():
    return Register()


def findings(register, as_of=AS_OF):
    query = load_standard("quality").quality_query(area=Area.everything(), as_of=as_of)
    rows = register.rows(query)
    return sorted(
        (row["check_id"], row["household_code"]) for row in rows if row["check_id"] in MONITORING_CHECKS
    )


def test_the_checks_are_in_the_quality_standard_with_sources():
    standard = load_standard("quality")
    assert {check.id for check in standard.criteria} >= MONITORING_CHECKS
    assert {name: standard.parameters[name].value(2022) for name in (
        "measure_deadline_months", "elimination_min_months", "labourer_share_max", "min_working_age")} == {
        "measure_deadline_months": 1, "elimination_min_months": 6, "labourer_share_max": 0.25,
        "min_working_age": 16}  # fmt: skip
    assert "§5" in standard.source


def test_a_sound_eliminated_case_has_no_finding(register):
    register.eliminated("OK")
    assert findings(register) == []


def test_no_measure_one_month_after_identification(register):
    register.case(register.home("LATE"), identified=D(2022, 5, 30))  # one month on 30 June
    register.case(register.home("RECENT"), identified=D(2022, 6, 1))  # not yet a month
    cancelled = register.home("CANCELLED")
    register.case(cancelled, identified=D(2022, 1, 10))
    register.measure(cancelled, 2022, status="取消")
    planned = register.home("PLANNED")
    register.case(planned, identified=D(2022, 1, 10))
    register.measure(planned, 2022, status="计划")
    before = register.home("BEFORE")  # a measure of a year before identification does not count
    register.case(before, identified=D(2022, 1, 10))
    register.measure(before, 2021)
    later = register.home("LATER")  # a measure that starts after the as-of date does not count yet
    register.case(later, identified=D(2022, 1, 10))
    register.measure(later, 2022, status="实施中", start=D(2022, 7, 1))
    register.case(register.home("NOT-IDENTIFIED"), discovered=D(2021, 5, 1))
    assert findings(register) == [
        ("case_no_measure", code) for code in ("BEFORE", "CANCELLED", "LATE", "LATER")
    ]


def test_eliminated_less_than_six_months_after_identification(register):
    register.eliminated("EARLY", identified=D(2021, 3, 31), eliminated=D(2021, 9, 29))
    register.eliminated("MONTH-END", identified=D(2021, 3, 31), eliminated=D(2021, 9, 30))  # 6 months
    register.eliminated("SIX", identified=D(2021, 3, 15), eliminated=D(2021, 9, 15))
    register.eliminated("AFTER-AS-OF", identified=D(2022, 3, 1), eliminated=D(2022, 7, 1))  # not yet
    register.eliminated("UNIDENTIFIED", identified=None, eliminated=D(2021, 9, 30))
    assert findings(register) == [
        ("case_eliminated_early", "EARLY"),
        ("case_eliminated_unidentified", "UNIDENTIFIED"),
        ("case_eliminated_without_measure", "UNIDENTIFIED"),  # no identification year: no measure counts
    ]


def test_eliminated_through_assistance_below_the_line_of_the_year(register):
    register.eliminated("BELOW", net=11998.0)  # 5,999 per head in 2021, line 6,000
    register.eliminated("ABOVE", net=12002.0)  # 6,001
    register.eliminated("NATURAL", net=8000.0, method="自然消除")
    assert findings(register) == [("case_eliminated_below_line", "BELOW")]


def test_eliminated_without_a_completed_measure_or_without_labour(register):
    register.eliminated("NO-MEASURE", measures=0)
    planned = register.eliminated("PLANNED", measures=0)
    register.measure(planned, 2021, status="计划")
    register.eliminated("NO-LABOUR", labour=("无劳动力", "丧失劳动力"))
    register.eliminated("WEAK", labour=("弱劳动力或半劳动力", "无劳动力"))
    assert findings(register) == [
        ("case_eliminated_without_labour", "NO-LABOUR"),
        ("case_eliminated_without_measure", "NO-MEASURE"),
        ("case_eliminated_without_measure", "PLANNED"),
        ("case_no_measure", "NO-MEASURE"),  # no measure at all, a month after identification
    ]


def test_eliminated_with_employment_help_but_no_wages(register):
    for code, wages, category in [
        ("NO-WAGES", 0.0, "公益岗位"),
        ("WAGES", 100.0, "就业"),
        ("OTHER", 0.0, "产业"),
    ]:
        household = register.eliminated(code, net=None, business_income=60000.0, transfer_income=0.0, business_costs=0.0,
                                        property_income=0.0, wages=wages)  # fmt: skip
        register.measure(household, 2021, category=category)
    assert findings(register) == [("case_employment_help_without_wages", "NO-WAGES")]


def test_risk_lack_of_labour_while_more_than_a_quarter_are_labourers(register):
    register.case(register.home("HALF", labour=("普通劳动力", "无劳动力")), risks=";因病;缺劳动力;")
    register.case(register.home("QUARTER", labour=("普通劳动力", "无劳动力", "无劳动力", "丧失劳动力")),
                  risks=";缺劳动力;")  # fmt: skip
    register.case(register.home("ILLNESS"), risks=";因病;")
    assert findings(register) == [("case_lack_of_labour_with_labourers", "HALF")]


def test_a_member_under_16_in_a_public_welfare_post(register):
    for code, start, kind in [("UNDER", D(2022, 6, 30), "公益岗位"), ("SIXTEEN", D(2022, 7, 1), "公益岗位"),
                              ("MARKET", D(2022, 1, 1), "市场就业")]:  # fmt: skip
        household = register.home(code)
        birth = D(2006, 7, 1)
        member = register.member(household, birth_date=birth, education="初中", months_employed=0,
                                 id_number=valid_id(birth, "171"))  # fmt: skip
        register._insert("placements", {
            "placement_id": next(register._ids), "member_id": member, "household_id": household,
            "job_kind": kind, "start_date": start, "end_date": None})  # fmt: skip
    assert findings(register, as_of=D(2022, 12, 31)) == [("public_welfare_post_under_16", "UNDER")]
    assert findings(register, as_of=D(2021, 12, 31)) == []  # the post started after that year

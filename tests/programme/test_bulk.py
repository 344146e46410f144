"""The bulk loader: many records at once, the same rules checked set-wise, all or nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from bangfu.core.errors import ApplicationError
from bangfu.programme.models import AssistingUnit, CadreAssignment, Measure, Pairing
from bangfu.programme_projects.bulk import BulkLoadError, programme_records_bulk_load
from bangfu.projects.models import FundFlow, Project, ProjectStatusChange
from bangfu.projects.selectors import fund_totals
from tests import factories
from tests.programme import records

VILLAGE = "441521101201"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def household(village):
    return factories.household(village, "4415211012010001")


def load(programme, **entities):
    return programme_records_bulk_load(programme=programme, **entities)


def good_records(code: str = "P1") -> dict:
    return {
        "units": [
            {"name": "福田区", "kind": "区", "uscc": records.uscc_code()},
            {"name": "福田区教育局", "kind": "市直部门", "district": "福田区", "parent": "福田区"},
        ],
        "pairings": [{"unit": "福田区", "village": VILLAGE, "start_date": date(2016, 1, 1)}],
        "cadres": [
            {"code": "C1", "name": "李明", "unit": "福田区", "gender": "男"},
            {"code": "C2", "name": "王芳", "unit": "福田区教育局"},
        ],
        "assignments": [
            {
                "cadre": "C1",
                "role": "第一书记",
                "unit": "福田区",
                "start_date": date(2016, 1, 1),
                "end_date": date(2018, 12, 31),
                "village": VILLAGE,
            },
            {
                "cadre": "C2",
                "role": "第一书记",
                "unit": "福田区教育局",
                "start_date": date(2019, 1, 1),
                "village": VILLAGE,
            },
            {
                "cadre": "C2",
                "role": "帮扶责任人",
                "unit": "福田区教育局",
                "start_date": date(2019, 1, 1),
                "household": "4415211012010001",
            },
            {
                "cadre": "C1",
                "role": "挂职干部",
                "unit": "福田区",
                "start_date": date(2016, 1, 1),
                "division": "441521000000",
            },
        ],
        "visits": [
            {"household": "4415211012010001", "cadre": "C2", "date": date(2019, 3, 1), "findings": "缺技术"}
        ],
        "plans": [{"household": "4415211012010001", "year": 2019, "summary": "种茶"}],
        "projects": [
            {
                "code": code,
                "name": "茶厂",
                "category": "产业",
                "village": VILLAGE,
                "status": "实施",
                "budget": Decimal("2000000"),
                "population_served": 300,
                "start_year": 2017,
            },
            {
                "code": code + "-H",
                "name": "县医院",
                "category": "民生",
                "division": "441521000000",
                "budget": Decimal("9000000"),
                "start_year": 2018,
            },
        ],
        "status_changes": [
            {"project": code, "to_status": "储备", "date": date(2017, 1, 1)},
            {"project": code, "to_status": "立项", "date": date(2017, 3, 1)},
            {"project": code, "to_status": "实施", "date": date(2017, 6, 1)},
        ],
        "outputs": [{"project": code + "-H", "kind": "病床", "quantity": 120}],
        "beneficiaries": [{"project": code, "household": "4415211012010001"}],
        "measures": [
            {
                "household": "4415211012010001",
                "year": 2019,
                "category": "产业",
                "project": code,
                "amount": Decimal("3000.00"),
            },
        ],
        "fund_flows": [
            {
                "project": code,
                "kind": "下达",
                "source": "帮扶方财政",
                "year": 2017,
                "amount": Decimal("1000000"),
            },
            {
                "project": code,
                "kind": "拨付",
                "source": "帮扶方财政",
                "year": 2017,
                "amount": Decimal("800000"),
            },
            {
                "project": code,
                "kind": "支出",
                "source": "帮扶方财政",
                "year": 2017,
                "amount": Decimal("500000"),
            },
            {
                "kind": "下达",
                "source": "地方财政",
                "category": "民生",
                "year": 2018,
                "amount": Decimal("300"),
            },
        ],
        "parks": [{"name": "海丰园", "division": "441521000000"}],
        "investments": [
            {
                "park": "海丰园",
                "name": "电子厂",
                "investor": "某公司",
                "investor_origin_city": "深圳",
                "amount": Decimal("1500000000"),
                "status": "开工",
                "signed_date": date(2018, 1, 1),
                "started_date": date(2018, 6, 1),
            },
        ],
        "evaluations": [{"year": year, "grade": "好"} for year in range(2016, 2020)],
    }


def test_a_full_load_writes_every_record_with_its_references(programme, household):
    counts = load(programme, **good_records())
    assert counts["assignments"] == 4 and counts["fund_flows"] == 4 and counts["evaluations"] == 4
    assert AssistingUnit.objects.get(name="福田区教育局").parent.name == "福田区"
    assert Pairing.objects.get().village.division.code == VILLAGE
    assert Project.objects.get(code="P1").status == "实施"
    assert FundFlow.objects.get(kind="下达", project__code="P1").category == "产业"
    assert Measure.objects.get().plan.household == household
    assert fund_totals(programme=programme, year=2017) == {
        "allocated": Decimal("1000000"),
        "disbursed": Decimal("800000"),
        "spent": Decimal("500000"),
    }
    assert list(ProjectStatusChange.objects.values_list("from_status", flat=True)) == ["", "储备", "立项"]


def _refused(programme, entities, entity, field, fragment):
    before = {
        model: model.objects.count() for model in (AssistingUnit, Pairing, CadreAssignment, Project, FundFlow)
    }
    with pytest.raises(BulkLoadError) as caught:
        load(programme, **entities)
    matching = [p for p in caught.value.problems if p.entity == entity and p.field == field]
    assert matching, caught.value.problems
    assert fragment in matching[0].message, matching[0].message
    after = {model: model.objects.count() for model in before}
    assert after == before, "nothing may be written"
    return matching[0]


def test_disbursing_more_than_allocated_is_refused_set_wise(programme, household):
    entities = good_records()
    entities["fund_flows"][1]["amount"] = Decimal("1000000.01")
    problem = _refused(programme, entities, "fund_flows", "amount", "disbursed must not exceed allocated")
    assert problem.index == 1


def test_spending_more_than_disbursed_in_a_programme_year_is_refused(programme, household):
    entities = good_records()
    entities["fund_flows"].append(
        {"kind": "支出", "source": "地方财政", "category": "民生", "year": 2018, "amount": Decimal("1")}
    )
    problem = _refused(programme, entities, "fund_flows", "amount", "programme year 2018")
    assert problem.index == 4


def test_funds_already_in_the_database_count(programme, household):
    load(programme, **good_records())
    more = [{"project": "P1", "kind": "拨付", "source": "企业", "year": 2017, "amount": Decimal("200000.01")}]
    _refused(programme, {"fund_flows": more}, "fund_flows", "amount", "disbursed must not exceed allocated")


def test_a_non_positive_or_float_amount_is_refused(programme, household):
    entities = good_records()
    entities["fund_flows"][3]["amount"] = Decimal("0")
    _refused(programme, entities, "fund_flows", "amount", "greater than zero")
    entities["fund_flows"][3]["amount"] = 300.0
    _refused(programme, entities, "fund_flows", "amount", "never as float")


def test_overlapping_pairings_are_refused_set_wise(programme, household):
    entities = good_records()
    entities["pairings"].append(
        {"unit": "福田区", "village": VILLAGE, "start_date": date(2019, 1, 1), "end_date": date(2020, 1, 1)}
    )
    _refused(programme, entities, "pairings", "start_date", "overlapping period")


def test_overlapping_first_secretaries_are_refused_set_wise(programme, household):
    entities = good_records()
    entities["assignments"][1]["start_date"] = date(2018, 12, 31)
    _refused(programme, entities, "assignments", "start_date", "overlaps")


def test_an_assignment_overlapping_one_in_the_database_is_refused(programme, household):
    load(programme, **good_records())
    later = [
        {"cadre": "C1", "role": "帮扶责任人", "unit": "福田区", "start_date": date(2025, 1, 1),
         "household": "4415211012010001"},
    ]  # fmt: skip
    _refused(programme, {"assignments": later}, "assignments", "start_date", "overlaps")


def test_a_status_skip_without_a_reason_is_refused(programme, household):
    entities = good_records()
    del entities["status_changes"][1]
    _refused(programme, entities, "status_changes", "reason", "needs a reason")
    entities["status_changes"][1]["reason"] = "补录历史项目"
    load(programme, **entities)
    assert ProjectStatusChange.objects.get(to_status="实施").reason == "补录历史项目"


def test_a_project_status_that_disagrees_with_its_log_is_refused(programme, household):
    entities = good_records()
    entities["projects"][0]["status"] = "完工"
    _refused(programme, entities, "projects", "status", "status log ends at 实施")


def test_an_invalid_uscc_and_unknown_references_are_all_reported(programme, household):
    entities = good_records()
    entities["units"][0]["uscc"] = "91440300MA5000000X"
    entities["pairings"][0]["village"] = "441521101299"
    entities["cadres"][0]["unit"] = "不存在的单位"
    with pytest.raises(BulkLoadError) as caught:
        load(programme, **entities)
    found = {(p.entity, p.index, p.field) for p in caught.value.problems}
    assert {("units", 0, "uscc"), ("pairings", 0, "village"), ("cadres", 0, "unit")} <= found
    assert not AssistingUnit.objects.exists()


def test_duplicate_codes_within_the_load_and_against_the_database_are_refused(programme, household):
    entities = good_records()
    entities["projects"].append(dict(entities["projects"][1]))
    _refused(programme, entities, "projects", "code", "Duplicates row 1")
    load(programme, **good_records())
    again = good_records("P9")
    again["units"] = []
    again["cadres"] = [{"code": "C1", "name": "李明", "unit": "福田区"}]
    _refused(programme, again, "cadres", "code", "Already in the database")


def test_unknown_entities_are_refused(programme):
    with pytest.raises(ApplicationError, match="Unknown entities"):
        load(programme, people=[])

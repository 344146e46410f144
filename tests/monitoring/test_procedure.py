"""The procedure: lead → visit → review → publicity → township → county → assistance → elimination/reopen."""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bangfu.assessment.screening import screening_leads
from bangfu.assessment.services import assessment_run
from bangfu.core.errors import ApplicationError
from bangfu.monitoring import elimination, procedure
from bangfu.monitoring.alerts.services import alerts_import
from bangfu.monitoring.deadlines import (
    add_months,
    identification_overdue,
    overdue_flags,
    working_days_between,
)
from bangfu.monitoring.elimination import elimination_check
from bangfu.monitoring.models import Lead, MonitoringCase
from bangfu.monitoring.services import alert_close, alert_verify, case_open
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(divisions):
    village = factories.village()
    household = factories.household(village, "H001", exit_year=2019)
    return {
        "household": household,
        "cadre": factories.account("cadre", "cadre", villages=["441521101201"]),
        "town": factories.account("town", "officer", divisions=["441521101000"]),
        "county": factories.account("county", "officer", divisions=["441521000000"]),
        "county2": factories.account("county2", "officer", divisions=["441521000000"]),
    }


def as_(user):
    return {"actor": user}


def test_every_monitoring_service_takes_the_actor_keyword_only():
    services = [case_open, alert_verify, alert_close, alerts_import] + [
        value
        for name, value in vars(procedure).items()
        if name.startswith(("case_", "lead_")) and value.__module__ == procedure.__name__
    ]
    assert len(services) == 16
    for service in services:
        parameters = inspect.signature(service).parameters
        assert parameters["actor"].kind is inspect.Parameter.KEYWORD_ONLY, service.__name__
        assert "user" not in parameters and "scope" not in parameters, service.__name__


def identified_case(people, discovered: date) -> MonitoringCase:
    case = case_open(household=people["household"], channel="基层干部排查", category="脱贫不稳定户",
                     risk_types=["因病"], discovered_on=discovered, **as_(people["cadre"]))  # fmt: skip
    procedure.case_visit(case=case, visited_on=discovered, authorisation_signed=True, **as_(people["cadre"]))
    procedure.case_village_review(case=case, reviewed_on=discovered, **as_(people["cadre"]))
    procedure.case_publicity_end(case=case, ended_on=discovered + timedelta(days=4), **as_(people["cadre"]))
    procedure.case_township_review(case=case, approve=True, **as_(people["town"]))
    return procedure.case_county_approve(case=case, approve=True, **as_(people["county"]))


def test_the_steps_roles_and_maker_checker(people):
    cadre, town, county = people["cadre"], people["town"], people["county"]
    today = timezone.localdate()
    case = case_open(household=people["household"], channel="农户自主申报", category="脱贫不稳定户",
                     risk_types=["因病", "因学"], discovered_on=today - timedelta(days=10), **as_(cadre))  # fmt: skip
    with pytest.raises(ApplicationError, match=r"authorisation|授权"):
        procedure.case_visit(case=case, visited_on=today, authorisation_signed=False, **as_(cadre))
    procedure.case_visit(
        case=case, visited_on=today - timedelta(days=9), authorisation_signed=True, **as_(cadre)
    )
    procedure.case_village_review(case=case, reviewed_on=today - timedelta(days=6), **as_(cadre))
    with pytest.raises(ApplicationError, match="4"):
        procedure.case_publicity_end(case=case, ended_on=today - timedelta(days=3), **as_(cadre))
    procedure.case_publicity_end(case=case, ended_on=today - timedelta(days=2), **as_(cadre))
    with pytest.raises(ApplicationError):  # a cadre does not review
        procedure.case_township_review(case=case, approve=True, **as_(cadre))
    procedure.case_township_review(case=case, approve=True, **as_(town))
    with pytest.raises(ApplicationError):  # a town officer does not approve for the county
        procedure.case_county_approve(case=case, approve=True, **as_(town))
    procedure.case_county_approve(case=case, approve=True, **as_(county))
    case.refresh_from_db()
    assert (case.step, case.identified_on) == ("帮扶", today)
    assert [s.action for s in case.steps.all()] == [
        "立案", "入户核实", "村级评议", "公示结束", "乡镇审核通过", "县级审定，识别为监测对象"
    ]  # fmt: skip
    assert case.history.count() >= 6


def test_proposer_does_not_approve(people):
    town = people["town"]
    case = case_open(household=people["household"], channel="基层干部排查", category="边缘易致贫户",
                     risk_types=["缺劳动力"], discovered_on=timezone.localdate(), **as_(town))  # fmt: skip
    procedure.case_visit(case=case, visited_on=case.discovered_on, authorisation_signed=True, **as_(town))
    procedure.case_village_review(case=case, reviewed_on=case.discovered_on, **as_(town))
    case.publicity_start = case.discovered_on - timedelta(days=10)
    procedure.case_publicity_end(case=case, ended_on=case.discovered_on, **as_(town))
    with pytest.raises(ApplicationError, match=r"propos|提出"):
        procedure.case_township_review(case=case, approve=True, **as_(town))
    procedure.case_township_review(case=case, approve=True, **as_(people["county"]))
    with pytest.raises(ApplicationError):  # the reviewer does not approve too
        procedure.case_county_approve(case=case, approve=True, **as_(people["county"]))
    procedure.case_county_approve(case=case, approve=True, **as_(people["county2"]))


def test_elimination_refused_with_every_reason_then_allowed(people, monkeypatch):
    household = people["household"]
    case = identified_case(people, timezone.localdate() - timedelta(days=10))
    with pytest.raises(ApplicationError) as refused:
        procedure.case_eliminate(
            case=case, method="帮扶消除", on=timezone.localdate(), **as_(people["county2"])
        )
    message = str(refused.value)
    assert "识别已满6个月" in message and "帮扶措施" in message and "人均纯收入" in message
    # six months later, a completed measure, two years above the line (2021 line: 6,000; 3 members)
    MonitoringCase.objects.filter(pk=case.pk).update(identified_on=date(2021, 1, 4))
    case.refresh_from_db()
    procedure.case_measure_add(case=case, category="就业", description="公益岗位转就业", status="已完成",
                               start_date=date(2021, 2, 1), **as_(people["cadre"]))  # fmt: skip
    factories.income(household, 2021, wages=30000)
    factories.income(household, 2020, wages=30000)
    checks = {c.key: c for c in elimination_check(case, date(2021, 9, 1))}
    assert not checks["income"].met and "2020 年监测标准没有监测线" in checks["income"].reason
    household.incomes.filter(year=2020).update(year=2026)  # lines are shipped for 2021–2025
    checks = {c.key: c.met for c in elimination_check(case, date(2021, 9, 1))}
    assert checks["identified"] and checks["measure"] and not checks["income"]  # 2026 has no line
    assert checks["labour"] and checks["secure"]
    household.incomes.filter(year=2026).update(year=2022)  # the shipped 2022 line: every rule holds
    assert elimination.monitoring_line(2022, "441521101201") == Decimal(6000)
    # a province's own line is used for its households (here patched in: Guangdong ships the national one)
    lines = {2021: Decimal(6000), 2022: Decimal(6500)}
    monkeypatch.setattr(elimination, "monitoring_line", lambda year, code: lines.get(year))
    with pytest.raises(ApplicationError, match=r"propos|提出"):  # the cadre proposed the case
        procedure.case_eliminate(case=case, method="帮扶消除", on=date(2021, 9, 1), **as_(people["cadre"]))
    procedure.case_eliminate(case=case, method="帮扶消除", on=date(2021, 9, 1), **as_(people["county2"]))
    case.refresh_from_db()
    assert (case.step, case.elimination_method, case.eliminated_on) == (
        "风险消除",
        "帮扶消除",
        date(2021, 9, 1),
    )


def test_households_without_labour_are_never_eliminated(divisions):
    village = factories.village()
    household = factories.household(village, "H002", labour=False)
    case = MonitoringCase.objects.create(household=household, category="脱贫不稳定户", risk_types=["缺劳动力"],
                                         channel="标准筛查", discovered_on=date(2021, 1, 1), step="帮扶",
                                         identified_on=date(2021, 1, 20))  # fmt: skip
    labour = {c.key: c for c in elimination_check(case, date(2022, 1, 1))}["labour"]
    assert not labour.met and "0" in labour.reason


def test_reopen_and_no_duplicate_case(people):
    case = identified_case(people, timezone.localdate() - timedelta(days=10))
    with pytest.raises(ApplicationError, match=r"open|未结束"):
        case_open(household=people["household"], channel="农户自主申报", category="脱贫不稳定户",
                  risk_types=["因病"], discovered_on=timezone.localdate(), **as_(people["cadre"]))  # fmt: skip
    MonitoringCase.objects.filter(pk=case.pk).update(step="风险消除", eliminated_on=timezone.localdate())
    case.refresh_from_db()
    procedure.case_reopen(case=case, reason="再次发生大病", **as_(people["cadre"]))
    case.refresh_from_db()
    assert (case.step, case.reopened_count, case.identified_on) == ("入户核实", 1, None)


def test_deadlines_count_working_days():
    friday = date(2024, 3, 1)
    assert working_days_between(friday, friday + timedelta(days=3)) == 1  # Sat, Sun, Mon
    assert working_days_between(friday, friday + timedelta(days=28)) == 20
    assert not identification_overdue(friday, friday + timedelta(days=28))
    assert identification_overdue(friday, friday + timedelta(days=31))  # Mon 1 April: the 21st working day
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)


def test_screening_run_makes_leads_not_cases_and_no_duplicates(people):
    household = people["household"]
    factories.income(household, 2021, wages=3000)  # 1,000 per head < 6,000
    run = assessment_run(standard_id="monitoring", year=2021)
    lead = Lead.objects.get(household=household)
    assert (lead.channel, lead.status) == ("标准筛查", "待核实") and not MonitoringCase.objects.exists()
    assert screening_leads(run=run) == 0  # an open lead: nothing new
    procedure.lead_to_case(lead=lead, category="脱贫不稳定户", risk_types=["因病"], **as_(people["cadre"]))
    assessment_run(standard_id="monitoring", year=2021)
    assert Lead.objects.count() == 1 and MonitoringCase.objects.count() == 1  # the open case: no new lead


def test_overdue_flags(people):
    case = MonitoringCase.objects.create(household=people["household"], category="边缘易致贫户", risk_types=["因病"],
                                         channel="农户自主申报", discovered_on=date(2024, 3, 1))  # fmt: skip
    assert overdue_flags(case, date(2024, 3, 29)) == []
    assert overdue_flags(case, date(2024, 4, 1)) == ["识别超期"]
    case.step, case.identified_on = "帮扶", date(2024, 3, 20)
    assert overdue_flags(case, date(2024, 4, 20)) == []
    assert overdue_flags(case, date(2024, 4, 21)) == ["帮扶措施超期"]
    procedure.case_measure_add(case=case, category="健康", description="", status="实施中",
                               start_date=date(2024, 3, 25), **as_(people["cadre"]))  # fmt: skip
    assert overdue_flags(case, date(2024, 4, 21)) == []

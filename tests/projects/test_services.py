"""Projects and funds: every integrity rule refuses its violation with a clear error and nothing written."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from bangfu.core.errors import ApplicationError
from bangfu.projects import selectors, services
from bangfu.projects.models import FundFlow, InvestmentProject, Project, ProjectOutput, ProjectStatusChange
from tests.programme import records


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def project(programme, village):
    return records.project(programme, village)


def _flow(programme, kind, amount, *, year=2017, project=None, category="民生", source="帮扶方财政"):
    return services.fund_flow_record(
        programme=programme,
        project=project,
        kind=kind,
        source=source,
        year=year,
        amount=Decimal(amount),
        category="" if project else category,
        date=date(year, 6, 1),
    )


def test_a_project_is_created_with_its_first_status_logged(project):
    change = ProjectStatusChange.objects.get(project=project)
    assert (change.from_status, change.to_status, change.date) == ("", "储备", date(2017, 1, 10))


def test_status_moves_one_step_forward_and_each_change_is_dated(project):
    services.project_status_change(project=project, to_status="立项", date=date(2017, 3, 1))
    services.project_status_change(project=project, to_status="实施", date=date(2017, 5, 1))
    project.refresh_from_db()
    assert project.status == "实施"
    log = list(project.status_changes.values_list("from_status", "to_status", "date"))
    assert log[1:] == [("储备", "立项", date(2017, 3, 1)), ("立项", "实施", date(2017, 5, 1))]


def test_skipping_a_status_without_a_reason_is_refused(project):
    with pytest.raises(ApplicationError, match="without a reason"):
        services.project_status_change(project=project, to_status="实施", date=date(2017, 3, 1))
    project.refresh_from_db()
    assert project.status == "储备" and project.status_changes.count() == 1


def test_going_back_without_a_reason_is_refused_and_with_one_is_recorded(project):
    services.project_status_change(project=project, to_status="立项", date=date(2017, 3, 1))
    with pytest.raises(ApplicationError, match="without a reason"):
        services.project_status_change(project=project, to_status="储备", date=date(2017, 4, 1), reason="  ")
    assert Project.objects.get().status == "立项" and project.status_changes.count() == 2
    change = services.project_status_change(
        project=project, to_status="储备", date=date(2017, 4, 1), reason="资金未落实，退回储备"
    )
    assert change.reason == "资金未落实，退回储备" and Project.objects.get().status == "储备"
    services.project_status_change(project=project, to_status="完工", date=date(2018, 1, 1), reason="补录")
    assert Project.objects.get().status == "完工"


def test_a_change_dated_before_the_last_one_is_refused(project):
    services.project_status_change(project=project, to_status="立项", date=date(2017, 3, 1))
    with pytest.raises(ApplicationError, match="before the project's last status change"):
        services.project_status_change(project=project, to_status="实施", date=date(2017, 2, 1))
    assert project.status_changes.count() == 2


def test_a_project_is_in_exactly_one_place(programme, village):
    with pytest.raises(ApplicationError, match="exactly one place"):
        records.project(programme, village, division=records.county())
    with pytest.raises(ApplicationError, match="town or a county"):
        records.project(programme, None, division=records.county("441500000000"))
    records.project(programme, None, code="P002", division=records.county())
    assert list(Project.objects.values_list("code", flat=True)) == ["P002"]
    assert ProjectStatusChange.objects.count() == 1


def test_disbursing_more_than_allocated_to_a_project_is_refused(programme, project):
    _flow(programme, "下达", "100000", project=project)
    _flow(programme, "拨付", "60000", project=project)
    with pytest.raises(ApplicationError, match="disbursed must not exceed allocated"):
        _flow(programme, "拨付", "40000.01", project=project)
    assert FundFlow.objects.count() == 2
    assert selectors.fund_totals(project=project) == {
        "allocated": Decimal("100000"),
        "disbursed": Decimal("60000"),
        "spent": Decimal("0"),
    }


def test_spending_more_than_disbursed_on_a_project_is_refused(programme, project):
    _flow(programme, "下达", "100000", project=project)
    _flow(programme, "拨付", "50000", project=project)
    with pytest.raises(ApplicationError, match="spent must not exceed disbursed"):
        _flow(programme, "支出", "50000.01", project=project)
    _flow(programme, "支出", "50000", project=project)
    assert FundFlow.objects.count() == 3


def test_funds_per_programme_year_are_checked_too(programme):
    _flow(programme, "下达", "500", year=2016)
    _flow(programme, "下达", "1000", year=2017)
    with pytest.raises(ApplicationError, match="programme year 2016"):
        _flow(programme, "拨付", "600", year=2016)  # 2017's allocation does not cover 2016
    _flow(programme, "拨付", "500", year=2016)
    with pytest.raises(ApplicationError, match="spent must not exceed disbursed"):
        _flow(programme, "支出", "1", year=2017)
    assert FundFlow.objects.count() == 3
    assert selectors.fund_overruns() == []


def test_a_project_flow_counts_in_its_programme_year(programme, project):
    _flow(programme, "下达", "100", project=project)
    _flow(programme, "拨付", "100")  # not tied to the project, same programme-year: covered by its allocation
    with pytest.raises(ApplicationError, match="programme year 2017"):
        _flow(programme, "拨付", "1", project=project)  # the project has room, the programme-year does not
    assert FundFlow.objects.count() == 2


def test_amounts_must_be_positive_decimals(programme, project):
    for amount in ("0", "-5"):
        with pytest.raises(ApplicationError, match="greater than zero"):
            _flow(programme, "下达", amount, project=project)
    with pytest.raises(ApplicationError, match="never as float"):
        services.fund_flow_record(
            programme=programme, kind="下达", source="企业", year=2017, amount=1.5, category="其他"
        )
    with pytest.raises(ApplicationError, match="decimal places"):
        _flow(programme, "下达", "1.005", project=project)
    assert not FundFlow.objects.exists()


def test_a_flow_of_another_programmes_project_is_refused(programme, project):
    other = records.programme("广州对口帮扶清远", start_year=2016)
    with pytest.raises(ApplicationError, match="another programme"):
        _flow(other, "下达", "100", project=project)
    assert not FundFlow.objects.exists()


def test_the_fund_category_is_the_projects_unless_given(programme, project):
    flow = _flow(programme, "下达", "100", project=project)
    assert flow.category == "产业"
    with pytest.raises(ApplicationError):
        services.fund_flow_record(
            programme=programme, kind="下达", source="企业", year=2017, amount=Decimal(1)
        )
    assert FundFlow.objects.count() == 1


def test_outputs_beneficiaries_parks_and_investment(programme, project, village):
    from tests import factories

    services.project_output_set(project=project, kind="病床", quantity=Decimal(20))
    services.project_output_set(project=project, kind="病床", quantity=Decimal(30))
    assert list(ProjectOutput.objects.values_list("kind", "quantity")) == [("病床", Decimal(30))]
    household = factories.household(village, "4415211012010001")
    services.project_beneficiary_add(project=project, household=household)
    with pytest.raises(ApplicationError):
        services.project_beneficiary_add(project=project, household=household)
    park = services.industrial_park_create(programme=programme, name="深汕产业园", division=records.county())
    kw = {
        "park": park,
        "investor": "某科技公司",
        "investor_origin_city": "深圳",
        "signed_date": date(2018, 1, 1),
    }
    services.investment_project_create(name="电子厂", amount=Decimal("1200000000"), **kw)
    with pytest.raises(ApplicationError, match="Required for the project's status"):
        services.investment_project_create(name="食品厂", amount=Decimal(1), status="投产", **kw)
    with pytest.raises(ApplicationError, match="before the signing date"):
        services.investment_project_create(
            name="食品厂", amount=Decimal(1), status="开工", started_date=date(2017, 1, 1), **kw
        )
    assert InvestmentProject.objects.count() == 1
    assert list(InvestmentProject.objects.values_list("investor_origin_city", flat=True)) == ["深圳"]

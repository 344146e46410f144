"""Screening every household → leads (issue 15 item 4) with the monitoring standard's new results: a household
never exited gets a lead; missing data is its own result and makes no lead; a household with a department
alert waiting to be verified gets none either (the alert is already someone's work)."""

from datetime import date

import pytest

from bangfu.assessment.models import HouseholdResult
from bangfu.assessment.services import assessment_run
from bangfu.monitoring.models import AlertImport, DepartmentAlert, Lead
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def households(divisions):
    village = factories.village()
    made = {
        "never_exited": factories.household(village, "H001", members=2),
        "missing": factories.household(village, "H002", exit_year=2019),
        "alerted": factories.household(village, "H003", exit_year=2019, members=1),
        "clear": factories.household(village, "H004", exit_year=2019, members=1),
    }
    factories.income(made["never_exited"], 2023, wages=40000)  # 20,000 per head, but never exited
    factories.income(made["alerted"], 2023, wages=3000)  # under the line
    factories.income(made["clear"], 2023, wages=30000)
    member = made["alerted"].members.get()
    DepartmentAlert.objects.create(
        department="医保", event="住院自付", id_number=member.id_number, name=member.name,
        occurred_on=date(2023, 5, 1), amount=8000, member=member, household=made["alerted"], raised=True,
        threshold=5000, status="待核实", import_record=AlertImport.objects.create(file_name="医保.xlsx", sha256="0"),
    )  # fmt: skip
    return made


def test_new_results_and_the_leads_they_make(households):
    run = assessment_run(standard_id="monitoring", year=2023)
    results = {r.household.code: (r.result, r.category) for r in HouseholdResult.objects.filter(run=run)}
    assert results == {
        "H001": ("flag", "not_exited"),
        "H002": ("missing", ""),
        "H003": ("flag", "unstable_exited"),
        "H004": ("clear", ""),
    }
    assert run.result_counts["missing"] == 1 and run.result_counts["flag"] == 2
    leads = Lead.objects.all()
    assert [(lead.household.code, lead.channel) for lead in leads] == [("H001", "标准筛查")]
    assert "未脱贫户" in leads[0].source
    assessment_run(standard_id="monitoring", year=2023)
    assert Lead.objects.count() == 1  # the open lead is not duplicated


def test_a_year_without_a_line_is_refused_in_one_chinese_line(households):
    from bangfu.core.errors import ApplicationError

    with pytest.raises(ApplicationError) as refused:
        assessment_run(standard_id="monitoring", year=2026)
    message = str(refused.value)
    assert "没有 2026 年的参数 line" in message and "\n" not in message

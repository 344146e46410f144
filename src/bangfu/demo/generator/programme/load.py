"""Loading the demo programme (one transaction, through the programme bulk loader) and clearing it."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection, transaction

from bangfu.demo.generator.programme import ProgrammeRecords

#: Progress labels of the bulk loader's entities.
ENTITY_LABELS = {
    "units": "帮扶单位",
    "pairings": "结对",
    "cadres": "帮扶干部",
    "assignments": "干部派驻",
    "visits": "走访",
    "plans": "一户一策",
    "projects": "帮扶项目",
    "status_changes": "项目状态",
    "outputs": "项目产出",
    "beneficiaries": "利益联结",
    "measures": "帮扶措施",
    "fund_flows": "资金流",
    "parks": "产业园区",
    "investments": "招商项目",
    "evaluations": "年度考核",
    "courses": "培训班",
    "trainees": "培训学员",
    "job_fairs": "招聘会",
    "placements": "转移就业",
    "subsidies": "就业补贴",
    "producers": "经营主体",
    "products": "扶贫产品",
    "sales": "产品销售",
    "benefit_links": "主体带贫户",
}


@transaction.atomic
def programme_records_load(
    records: ProgrammeRecords, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Create the programme and bulk-load its records; all or nothing. Returns rows written per entity."""
    from bangfu.programme.services import programme_create
    from bangfu.programme_projects.bulk import programme_records_bulk_load
    from bangfu.regions.models import Division

    fields = dict(records.programme)
    fields["recipient_division"] = Division.objects.get(code=fields["recipient_division"])
    programme = programme_create(**fields)
    return programme_records_bulk_load(programme=programme, progress=progress, **records.entities)


def programme_present() -> bool:
    from bangfu.programme.models import Programme

    return Programme.objects.exists()


@transaction.atomic
def programme_records_clear() -> None:
    """Delete every programme, project and markets (employment, consumption) record and their history (for ``bangfu demo --reset``).

    The demo is thrown away whole, so tables are emptied with one DELETE each (children first), without
    per-record signals or history. Accounts of assisting units' staff lose their unit, cadres' their cadre.
    """
    from bangfu.accounts.models import Profile
    from bangfu.markets import models as markets
    from bangfu.programme import models as programme
    from bangfu.projects import models as projects

    Profile.objects.filter(assisting_unit__isnull=False).update(assisting_unit=None)
    Profile.objects.filter(cadre__isnull=False).update(cadre=None)
    ordered = (
        markets.Sale,
        markets.BenefitLink,
        markets.Product,
        markets.Producer,
        markets.Subsidy,
        markets.Placement,
        markets.Trainee,
        markets.TrainingCourse,
        markets.JobFair,
        programme.Measure,
        programme.HouseholdPlan,
        programme.Visit,
        projects.ProjectBeneficiary,
        projects.ProjectOutput,
        projects.ProjectStatusChange,
        projects.FundFlow,
        projects.InvestmentProject,
        projects.IndustrialPark,
        projects.Project,
        programme.CadreAssignment,
        programme.Cadre,
        programme.Pairing,
        programme.Evaluation,
        programme.Programme,
        programme.AssistingUnit,
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in ordered:
            history = getattr(model, "history", None)
            tables = [model._meta.db_table] + ([history.model._meta.db_table] if history is not None else [])
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")

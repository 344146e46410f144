"""Scoped reads of the programme's projects (帮扶项目): the list and its filters, fund totals, one project's
status history, outputs, beneficiaries and fund flows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet

from bangfu.accounts.scope import Scope
from bangfu.programme_projects.selectors.records import (
    _TOTALS,
    KINDS,
    ZERO,
    fund_flows,
    projects,
)
from bangfu.projects.choices import FundKind
from bangfu.projects.models import (
    FundFlow,
    Project,
    ProjectBeneficiary,
    ProjectOutput,
    ProjectStatusChange,
)


# ----------------------------------------------------------------------------------------------- projects
@dataclass(frozen=True)
class ProjectFilters:
    programme: int | None = None
    category: str = ""
    status: str = ""
    county: str = ""  # 12-digit division code of a county
    year: int | None = None  # projects running in this year


def project_list(*, scope: Scope, filters: ProjectFilters = ProjectFilters()) -> QuerySet[Project]:
    found = projects(scope=scope)
    if filters.programme:
        found = found.filter(programme_id=filters.programme)
    if filters.category:
        found = found.filter(category=filters.category)
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.county:
        segment = f"/{filters.county}/"
        found = found.filter(
            Q(village__division__path__contains=segment) | Q(division__path__contains=segment)
        )
    if filters.year:
        found = found.filter(
            Q(start_year__lte=filters.year), Q(end_year__isnull=True) | Q(end_year__gte=filters.year)
        )
    return found.order_by("code")


def project_fund_totals(*, scope: Scope, project_ids) -> dict[int, dict[str, Decimal]]:
    """Allocated / disbursed / spent per project, for one page of projects (one grouped query)."""
    rows = (
        fund_flows(scope=scope)
        .filter(project_id__in=list(project_ids))
        .values("project_id")
        .annotate(**_TOTALS)
        .order_by()
    )
    return {row.pop("project_id"): row for row in rows}


def project_get(*, scope: Scope, code: str) -> Project | None:
    return projects(scope=scope).filter(code=code).first()


def project_status_history(*, scope: Scope, project: Project) -> QuerySet[ProjectStatusChange]:
    changes = ProjectStatusChange.objects.filter(project__in=projects(scope=scope), project=project)
    return changes.select_related("user").order_by("date", "id")


def project_outputs(*, scope: Scope, project: Project) -> QuerySet[ProjectOutput]:
    return ProjectOutput.objects.filter(project__in=projects(scope=scope), project=project)


def project_beneficiaries(*, scope: Scope, project: Project) -> QuerySet[ProjectBeneficiary]:
    """The project's beneficiary households (利益联结) that are in scope."""
    links = ProjectBeneficiary.objects.in_area(scope.area).filter(
        project__in=projects(scope=scope), project=project
    )
    return links.select_related("household__village__division")


@dataclass(frozen=True)
class FundFlowRow:
    """A fund flow with the project's running totals after it (allocated ≥ disbursed ≥ spent)."""

    flow: FundFlow
    allocated: Decimal
    disbursed: Decimal
    spent: Decimal

    @property
    def undisbursed(self) -> Decimal:
        return self.allocated - self.disbursed

    @property
    def unspent(self) -> Decimal:
        return self.disbursed - self.spent


def project_fund_flows(*, scope: Scope, project: Project) -> list[FundFlowRow]:
    """The project's fund flows in order (budget year, kind, date), each with the running totals."""
    flows = fund_flows(scope=scope).filter(project=project)
    order = {kind: index for index, kind in enumerate(FundKind.values)}
    rows, totals = [], dict.fromkeys(KINDS, ZERO)
    key = dict(zip(FundKind.values, KINDS, strict=True))
    ordered = sorted(flows, key=lambda f: (f.date or date(f.year, 12, 31), order[f.kind], f.pk))
    for flow in ordered:
        totals[key[flow.kind]] += flow.amount
        rows.append(FundFlowRow(flow, totals["allocated"], totals["disbursed"], totals["spent"]))
    return rows

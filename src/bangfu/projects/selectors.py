"""Reads of projects and funds: fund totals, the integrity check over fund flows, summaries for pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from bangfu.projects.choices import FundKind, ProjectCategory
from bangfu.projects.models import FundFlow, InvestmentProject, Project, ProjectOutput

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=20, decimal_places=2)


def _kind_sum(kind: str):
    return Coalesce(Sum("amount", filter=Q(kind=kind)), Value(ZERO), output_field=_MONEY)


_TOTALS = {
    "allocated": _kind_sum(FundKind.ALLOCATION),
    "disbursed": _kind_sum(FundKind.DISBURSEMENT),
    "spent": _kind_sum(FundKind.EXPENDITURE),
}


def fund_totals(*, programme=None, project=None, year: int | None = None) -> dict[str, Decimal]:
    """``{"allocated", "disbursed", "spent"}`` in yuan over the flows of a programme, project and/or year."""
    flows = FundFlow.objects.all()
    if programme is not None:
        flows = flows.filter(programme=programme)
    if project is not None:
        flows = flows.filter(project=project)
    if year is not None:
        flows = flows.filter(year=year)
    return flows.aggregate(**_TOTALS)


@dataclass(frozen=True)
class FundOverrun:
    """A group of fund flows where more was disbursed than allocated, or more spent than disbursed.

    ``scope`` is ``"project"`` (``key`` = project id) or ``"programme_year"`` (``key`` = (programme id, year)).
    """

    scope: str
    key: object
    allocated: Decimal
    disbursed: Decimal
    spent: Decimal

    @property
    def over_disbursed(self) -> bool:
        return self.disbursed > self.allocated


def fund_overruns(
    *, programme_ids: Iterable[int] | None = None, project_ids: Iterable[int] | None = None
) -> list[FundOverrun]:
    """Every project and every programme-year whose flows break Σ 拨付 ≤ Σ 下达 or Σ 支出 ≤ Σ 拨付.

    One aggregate query per scope, restricted to the given programmes and projects (all when ``None``).
    """
    flows = FundFlow.objects.all()
    if programme_ids is not None:
        flows = flows.filter(programme_id__in=list(programme_ids))
    broken = Q(disbursed__gt=F("allocated")) | Q(spent__gt=F("disbursed"))
    by_project = flows.filter(project__isnull=False)
    if project_ids is not None:
        by_project = by_project.filter(project_id__in=list(project_ids))
    overruns = [
        FundOverrun("project", row["project_id"], row["allocated"], row["disbursed"], row["spent"])
        for row in by_project.values("project_id").annotate(**_TOTALS).filter(broken).order_by("project_id")
    ]
    by_year = flows.values("programme_id", "year").annotate(**_TOTALS).filter(broken)
    overruns += [
        FundOverrun(
            "programme_year",
            (row["programme_id"], row["year"]),
            row["allocated"],
            row["disbursed"],
            row["spent"],
        )
        for row in by_year.order_by("programme_id", "year")
    ]
    return overruns


def funds_by_year_and_category(*, programme, kind: str = FundKind.ALLOCATION) -> list[dict]:
    """``[{"year", "category", "amount"}]`` of one kind of flow, for charts."""
    return list(
        FundFlow.objects.filter(programme=programme, kind=kind)
        .values("year", "category")
        .annotate(amount=Sum("amount"))
        .order_by("year", "category")
    )


def project_status_counts(*, programme) -> dict[str, int]:
    """How many of a programme's projects are in each status."""
    rows = Project.objects.filter(programme=programme).values("status").annotate(count=Count("pk"))
    return {row["status"]: row["count"] for row in rows}


def programme_projects(*, programme, category: str | None = None) -> QuerySet[Project]:
    projects = Project.objects.filter(programme=programme).select_related("village__division", "division")
    return projects.filter(category=category) if category else projects


def village_projects(*, village) -> QuerySet[Project]:
    return Project.objects.filter(village=village).order_by("start_year", "code")


def output_totals(*, programme, category: str | None = ProjectCategory.LIVELIHOOD) -> dict[str, Decimal]:
    """Outputs summed by kind over a programme's projects (of one category; all when ``None``)."""
    outputs = ProjectOutput.objects.filter(project__programme=programme)
    if category:
        outputs = outputs.filter(project__category=category)
    rows = outputs.values("kind").annotate(total=Sum("quantity"))
    return {row["kind"]: row["total"] for row in rows}


def investment_summary(*, programme) -> dict[str, object]:
    """Park investment projects: count, total amount, and count by investor's city of origin."""
    investments = InvestmentProject.objects.filter(park__programme=programme)
    totals = investments.aggregate(
        count=Count("pk"), amount=Coalesce(Sum("amount"), Value(ZERO), output_field=_MONEY)
    )
    by_origin = investments.values("investor_origin_city").annotate(count=Count("pk"))
    return totals | {"by_origin": {row["investor_origin_city"]: row["count"] for row in by_origin}}

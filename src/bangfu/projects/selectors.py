"""Unscoped reads of projects and funds, for services and the programme import: fund totals, the integrity
check over fund flows. The pages and the API may not import them (pyproject, contract "unscoped-reads")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, Q, Sum, Value
from django.db.models.functions import Coalesce

from bangfu.projects.choices import FundKind
from bangfu.projects.models import FundFlow

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

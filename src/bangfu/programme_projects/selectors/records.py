"""What of the programme is in a reader's scope (对口帮扶): projects, fund flows, cadre postings, parks,
programmes; and the sums over fund flows the other modules share.

- projects: those in a village in scope, or placed at a town or county inside a scope division;
- fund flows: those of projects in scope. Flows not tied to a project (programme-wide money) cannot be
  placed, so only administrators (``scope.everything``) see them;
- cadre assignments: to a village in scope, to a household of one, or (挂职干部) to a division in scope;
- parks: those in a division in scope; pairings: those of villages in scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from bangfu.accounts.scope import Scope
from bangfu.programme.models import (
    CadreAssignment,
    Pairing,
    Programme,
)
from bangfu.projects.choices import FundKind
from bangfu.projects.models import (
    FundFlow,
    IndustrialPark,
    Project,
)

#: An investment project counted as large (R20: "over 1 billion yuan").
LARGE_INVESTMENT = Decimal("1000000000")
KINDS = ("allocated", "disbursed", "spent")
ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=20, decimal_places=2)


def _kind_sum(kind: str):
    return Coalesce(Sum("amount", filter=Q(kind=kind)), Value(ZERO), output_field=_MONEY)


#: allocated (下达), disbursed (拨付), spent (支出): sums over fund flows, zero when there are none.
_TOTALS = {name: _kind_sum(kind) for name, kind in zip(KINDS, FundKind.values, strict=True)}


# ------------------------------------------------------------------------------------------ scope filters
def _project_q(scope: Scope, prefix: str = "") -> Q:
    """Projects in scope: in a village in scope, or at a town or county inside the scope's divisions."""
    if scope.everything:
        return Q()
    village = f"{prefix}village"
    division = f"{prefix}division"
    at_division = Q(**{f"{division}__isnull": False}) & scope.division_q(division)
    return scope.village_q(village) | at_division


def _assignment_q(scope: Scope) -> Q:
    if scope.everything:
        return Q()
    at_division = Q(division__isnull=False) & scope.division_q("division")
    return scope.village_q("village") | scope.village_q("household__village") | at_division


def projects(*, scope: Scope) -> QuerySet[Project]:
    """Projects in ``scope`` with their place (village, town, county) loaded."""
    return Project.objects.filter(_project_q(scope)).select_related(
        "programme", "village__division__parent__parent", "division__parent"
    )


def fund_flows(*, scope: Scope) -> QuerySet[FundFlow]:
    """Fund flows in scope: of projects in scope; programme-wide flows for administrators only."""
    if scope.everything:
        return FundFlow.objects.all()
    return FundFlow.objects.filter(project__isnull=False).filter(_project_q(scope, "project__"))


def assignments(*, scope: Scope) -> QuerySet[CadreAssignment]:
    return CadreAssignment.objects.filter(_assignment_q(scope))


def parks(*, scope: Scope) -> QuerySet[IndustrialPark]:
    return IndustrialPark.objects.in_area(scope.area)


def programmes(*, scope: Scope) -> list[Programme]:
    """Programmes with something in ``scope``: whose recipient area meets the scope, or with pairings,
    projects or cadres in it. A deployment holds a few programmes, so the path test runs in Python."""
    everything = Programme.objects.select_related("recipient_division").order_by("start_year", "name")
    if scope.everything:
        return list(everything)
    if scope.role is None:
        return []
    touching = everything.annotate(
        touches=Exists(Pairing.objects.filter(scope.village_q("village"), programme=OuterRef("pk")))
        | Exists(projects(scope=scope).filter(programme=OuterRef("pk")))
        | Exists(assignments(scope=scope).filter(programme=OuterRef("pk")))
    )
    found = []
    for programme in touching:
        path = programme.recipient_division.path
        meets = scope.area.meets_division_path(path)
        if programme.touches or meets:
            found.append(programme)
    return found


def _in_post(start: date, end: date) -> Q:
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))

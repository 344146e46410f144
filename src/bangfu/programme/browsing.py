"""Scoped reads for the programme pages (对口帮扶页面): overview, projects, and the village and household sections.

Every function takes the reader's ``Scope`` (keyword-only) and filters with it, so nothing outside the scope
is returned, whichever page asks. What is in scope:

- projects: those in a village in scope, or placed at a town or county inside a scope division;
- fund flows: those of projects in scope. Flows not tied to a project (programme-wide money) cannot be
  placed, so only administrators (``scope.everything``) see them;
- cadre assignments: to a village in scope, to a household of one, or (挂职干部) to a division in scope;
- parks: those in a division in scope; pairings: those of villages in scope.

Evaluation grades (年度考核) grade the programme as a whole, not a place; every user with a role sees them.
Cadres' phones and ID numbers never leave this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bangfu.accounts.scope import Scope
from bangfu.programme.choices import CadreRole
from bangfu.programme.models import (
    Cadre,
    CadreAssignment,
    Evaluation,
    HouseholdPlan,
    Pairing,
    Programme,
    Visit,
)
from bangfu.projects.choices import NOT_ASSISTANCE, PROJECT_STATUS_ORDER, FundKind, ProjectCategory
from bangfu.projects.models import (
    FundFlow,
    IndustrialPark,
    InvestmentProject,
    Project,
    ProjectBeneficiary,
    ProjectOutput,
    ProjectStatusChange,
)
from bangfu.registry.models import Household, Village

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
    return IndustrialPark.objects.filter(scope.division_q("division"))


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
        meets = any(path.startswith(own) or own.startswith(path) for own in scope.division_paths)
        if programme.touches or meets:
            found.append(programme)
    return found


# ------------------------------------------------------------------------------------------------ overview
@dataclass
class ProgrammeOverview:
    """What the overview shows of one programme, within one scope. Money is Decimal yuan."""

    programme: Programme
    programme_wide_funds: bool  # whether funds not tied to a project are included (administrators)
    funds: dict[str, Decimal]  # allocated, disbursed, spent; assistance: allocated less local co-funding
    funds_by_year: list[dict]  # {"year", "allocated", "disbursed", "spent"}
    funds_by_category: list[dict]  # {"category", "label", "allocated", "disbursed", "spent"}
    projects_total: int
    projects_by_status: list[tuple[str, str, int]]  # (status, label, count)
    projects_by_category: list[dict]  # {"category", "label", "count", "budget"}
    cadres_total: int  # distinct cadres ever posted
    cadres_on: date  # today, or the last day of a programme that has ended
    cadres_now: list[tuple[str, str, int]]  # (role, label, cadres in post on ``cadres_on``)
    cadres_by_year: list[dict]  # {"year", role: count, …}
    parks: int
    investment: dict[str, object]  # count, total (yuan), from_donor_city, large
    evaluations: list[Evaluation] = field(default_factory=list)


def _money_rows(flows: QuerySet, key: str) -> list[dict]:
    return list(flows.values(key).annotate(**_TOTALS).order_by(key))


def programme_years(programme: Programme, today: date | None = None) -> list[int]:
    """The programme's years up to this year (or its end year)."""
    today = today or timezone.localdate()
    last = min(programme.end_year or today.year, today.year)
    return list(range(programme.start_year, max(last, programme.start_year) + 1))


def programme_overview(*, scope: Scope, programme: Programme) -> ProgrammeOverview:
    flows = fund_flows(scope=scope).filter(programme=programme)
    funds = flows.aggregate(
        **_TOTALS,
        assistance=Coalesce(
            Sum("amount", filter=Q(kind=FundKind.ALLOCATION) & ~Q(source__in=NOT_ASSISTANCE)),
            Value(ZERO),
            output_field=_MONEY,
        ),
    )
    category_labels = dict(ProjectCategory.choices)
    by_category = [
        row | {"label": category_labels.get(row["category"], row["category"])}
        for row in _money_rows(flows, "category")
    ]
    scoped_projects = Project.objects.filter(_project_q(scope), programme=programme)
    status_counts = dict(scoped_projects.values_list("status").annotate(count=Count("pk")))
    status_labels = dict(Project._meta.get_field("status").choices)
    project_categories = [
        row | {"label": category_labels.get(row["category"], row["category"])}
        for row in scoped_projects.values("category")
        .annotate(count=Count("pk"), budget=Sum("budget"))
        .order_by("category")
    ]
    posts = assignments(scope=scope).filter(programme=programme)
    on = programme_last_day(programme)
    return ProgrammeOverview(
        programme=programme,
        programme_wide_funds=scope.everything,
        funds=funds,
        funds_by_year=_money_rows(flows, "year"),
        funds_by_category=by_category,
        projects_total=sum(status_counts.values()),
        projects_by_status=[
            (status, status_labels[status], status_counts.get(status, 0)) for status in PROJECT_STATUS_ORDER
        ],
        projects_by_category=project_categories,
        cadres_total=posts.values("cadre").distinct().count(),
        cadres_on=on,
        cadres_now=_cadres_now(posts, on),
        cadres_by_year=_cadres_by_year(posts, programme_years(programme)),
        parks=parks(scope=scope).filter(programme=programme).count(),
        investment=_investment(scope, programme),
        evaluations=list(Evaluation.objects.filter(programme=programme).order_by("year")),
    )


def _in_post(start: date, end: date) -> Q:
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))


def programme_last_day(programme: Programme, today: date | None = None) -> date:
    """Today, or 31 December of the end year of a programme that has ended (its cadres in post at the end)."""
    today = today or timezone.localdate()
    if programme.end_year is not None and programme.end_year < today.year:
        return date(programme.end_year, 12, 31)
    return today


def _cadres_now(posts: QuerySet, on: date) -> list[tuple[str, str, int]]:
    counts = dict(
        posts.filter(_in_post(on, on)).values_list("role").annotate(count=Count("cadre", distinct=True))
    )
    return [(role, label, counts.get(role, 0)) for role, label in CadreRole.choices]


def _cadres_by_year(posts: QuerySet, years: list[int]) -> list[dict]:
    """Distinct cadres in post at some time in each year, by role: one grouped query."""
    if not years:
        return []
    annotations = {
        f"y{year}": Count("cadre", distinct=True, filter=_in_post(date(year, 1, 1), date(year, 12, 31)))
        for year in years
    }
    by_role = {row["role"]: row for row in posts.values("role").annotate(**annotations).order_by("role")}
    return [
        {"year": year} | {role: by_role.get(role, {}).get(f"y{year}", 0) for role in CadreRole.values}
        for year in years
    ]


def _investment(scope: Scope, programme: Programme) -> dict[str, object]:
    investments = InvestmentProject.objects.filter(park__in=parks(scope=scope).filter(programme=programme))
    return investments.aggregate(
        count=Count("pk"),
        total=Sum("amount"),
        from_donor_city=Count("pk", filter=Q(investor_origin_city__startswith=programme.donor_city)),
        large=Count("pk", filter=Q(amount__gt=LARGE_INVESTMENT)),
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
    links = ProjectBeneficiary.objects.filter(project__in=projects(scope=scope), project=project)
    return scope.filter(links, village="household__village").select_related("household__village__division")


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


# --------------------------------------------------------------------------------------------- village
@dataclass
class VillageProgramme:
    pairings: list[Pairing]
    cadres: list[CadreAssignment]  # posted to the village
    contacts: int  # cadres ever posted as 帮扶责任人 to households of the village
    households_with_contact: int  # households of the village that have (had) one
    projects: list[Project]
    funds: dict[str, Decimal]


def village_programme(*, scope: Scope, village: Village) -> VillageProgramme | None:
    """Pairings, cadres, projects and funds of one village; ``None`` when it is outside ``scope``."""
    if not scope.filter(Village.objects.filter(pk=village.pk), village="").exists():
        return None
    contacts = CadreAssignment.objects.filter(household__village=village)
    village_projects = Project.objects.filter(village=village).order_by("start_year", "code")
    return VillageProgramme(
        pairings=list(
            Pairing.objects.filter(village=village)
            .select_related("unit", "programme")
            .order_by("-start_date", "unit__name")
        ),
        cadres=list(
            CadreAssignment.objects.filter(village=village)
            .select_related("cadre", "unit")
            .order_by("-start_date", "role", "cadre__name")
        ),
        contacts=contacts.values("cadre").distinct().count(),
        households_with_contact=contacts.values("household").distinct().count(),
        projects=list(village_projects),
        funds=FundFlow.objects.filter(project__village=village).aggregate(**_TOTALS),
    )


# ------------------------------------------------------------------------------------------- household
def household_get(*, scope: Scope, code: str) -> Household | None:
    return scope.filter(Household.objects.select_related("village__division")).filter(code=code).first()


@dataclass
class HouseholdProgramme:
    plans: list[HouseholdPlan]  # with .measures prefetched (and each measure's project)
    visits: list[Visit]
    contacts: list[CadreAssignment]  # 帮扶责任人 of the household
    projects: list[tuple[ProjectBeneficiary, bool]]  # (link, whether the project's page is in scope)


def household_programme(
    *, scope: Scope, household: Household, checked: bool = False
) -> HouseholdProgramme | None:
    """Plans and measures, visits, contacts and beneficiary projects; ``None`` outside ``scope``.
    ``checked``: the caller read ``household`` through ``household_get`` with this scope (no second read)."""
    if not checked and household_get(scope=scope, code=household.code) is None:
        return None
    plans = (
        HouseholdPlan.objects.filter(household=household)
        .prefetch_related("measures__project")
        .order_by("-year")
    )
    links = ProjectBeneficiary.objects.filter(household=household).select_related("project")
    visible = set(
        projects(scope=scope).filter(beneficiaries__household=household).values_list("pk", flat=True)
    )
    return HouseholdProgramme(
        plans=list(plans),
        visits=list(
            Visit.objects.filter(household=household)
            .select_related("cadre__unit", "recorded_by")
            .order_by("-date", "-id")
        ),
        contacts=list(
            CadreAssignment.objects.filter(household=household)
            .select_related("cadre", "unit")
            .order_by("-start_date")
        ),
        projects=[(link, link.project_id in visible) for link in links.order_by("project__code")],
    )


def visit_cadres(*, scope: Scope, household: Household, checked: bool = False) -> QuerySet[Cadre]:
    """Cadres who may be named on a visit to ``household``: those posted to it or to its village
    (those in post today first, then by name). Empty outside ``scope``; ``checked`` as ``household_programme``."""
    if not checked and household_get(scope=scope, code=household.code) is None:
        return Cadre.objects.none()
    today = timezone.localdate()
    posted = CadreAssignment.objects.filter(Q(household=household) | Q(village_id=household.village_id))
    current = posted.filter(_in_post(today, today), cadre=OuterRef("pk"))
    return (
        Cadre.objects.filter(pk__in=posted.values("cadre"))
        .select_related("unit")
        .annotate(in_post=Exists(current))
        .order_by("-in_post", "name", "pk")
    )


def household_plan_for_year(*, scope: Scope, household: Household, year: int) -> HouseholdPlan | None:
    """The household's plan (一户一策) for ``year``, if it has one and is in ``scope``."""
    plans = HouseholdPlan.objects.filter(household__in=scope.filter(Household.objects.all()))
    return plans.filter(household=household, year=year).first()

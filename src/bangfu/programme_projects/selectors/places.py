"""The programme sections of the village and household pages: pairings, cadres, projects and money of a
village; a household's plans, measures and visits, and the cadres who may record them. Cadres' phones and ID
numbers never leave these modules."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from bangfu.accounts.scope import Scope
from bangfu.programme.models import (
    Cadre,
    CadreAssignment,
    HouseholdPlan,
    Pairing,
    Visit,
)
from bangfu.programme_projects.selectors.records import (
    _TOTALS,
    _in_post,
    projects,
)
from bangfu.projects.models import (
    FundFlow,
    Project,
    ProjectBeneficiary,
)
from bangfu.registry.models import Household, Village
from bangfu.registry.selectors.presence import household_records


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
    if not Village.objects.in_area(scope.area).filter(pk=village.pk).exists():
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
    return Household.objects.in_area(scope.area).select_related("village__division").filter(code=code).first()


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
    records = household_records(  # most households have few of them: only the kinds it has are read
        household.pk,
        {
            HouseholdPlan: HouseholdPlan.objects.filter(household=household)
            .prefetch_related("measures__project")
            .order_by("-year"),
            Visit: Visit.objects.filter(household=household)
            .select_related("cadre__unit", "recorded_by")
            .order_by("-date", "-id"),
            CadreAssignment: CadreAssignment.objects.filter(household=household)
            .select_related("cadre", "unit")
            .order_by("-start_date"),
            ProjectBeneficiary: ProjectBeneficiary.objects.filter(household=household)
            .select_related("project")
            .order_by("project__code"),
        },
    )
    links = records[ProjectBeneficiary]
    visible = (
        set(projects(scope=scope).filter(beneficiaries__household=household).values_list("pk", flat=True))
        if links
        else set()
    )
    return HouseholdProgramme(
        plans=records[HouseholdPlan],
        visits=records[Visit],
        contacts=records[CadreAssignment],
        projects=[(link, link.project_id in visible) for link in links],
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
    plans = HouseholdPlan.objects.filter(household__in=Household.objects.in_area(scope.area))
    return plans.filter(household=household, year=year).first()

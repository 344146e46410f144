"""Reads that join the register with assessment verdicts (核查结果): the household list (filtered by the verdict
in the latest run of a standard), its rows with their verdicts, and a village's and a household's verdicts.

Scoped like the register's reads (``registry.selectors``, which it builds on): every function takes the reader's
``Scope``. It is the assessment's because it joins its verdicts (the register sits below the assessment)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet

from bangfu.accounts.scope import Scope
from bangfu.assessment.models import AssessmentRun, HouseholdResult, Level, VillageResult
from bangfu.core.personal_data import mask_id_number, mask_phone
from bangfu.registry.models import Household, Member, Village
from bangfu.registry.selectors.household_page import household_in_area, of_household
from bangfu.registry.selectors.households import (
    HEAD,
    NO_FILTERS,
    HouseholdFilters,
    HouseholdStatus,
    household_order,
    household_search_q,
    households,
)


def latest_household_run(*, scope: Scope, standard: str) -> AssessmentRun | None:
    """The latest household-level run of ``standard`` (runs are not personal data; results are scoped)."""
    if not standard:
        return None
    runs = AssessmentRun.objects.filter(standard=standard, level=Level.HOUSEHOLD, year__isnull=False)
    return runs.order_by("-started_at", "-id").first()


def assessed_standards(*, scope: Scope) -> list[str]:
    """Standards with at least one household-level run (for the verdict filter)."""
    runs = AssessmentRun.objects.filter(level=Level.HOUSEHOLD, year__isnull=False)
    return sorted(set(runs.values_list("standard", flat=True)))


def household_list(*, scope: Scope, filters: HouseholdFilters = NO_FILTERS) -> QuerySet[Household]:
    """Households in ``scope`` that pass ``filters``, in ``household_order``."""
    result = households(scope=scope)
    if filters.status in HouseholdStatus.Q:
        result = result.filter(HouseholdStatus.Q[filters.status])
    if filters.attribute:
        result = result.filter(attribute=filters.attribute)
    if filters.cause:
        result = result.filter(main_cause=filters.cause)
    if filters.village:
        result = result.filter(village__division__code=filters.village)
    if filters.standard and filters.verdict:
        run = latest_household_run(scope=scope, standard=filters.standard)
        if run is None:
            return result.none()
        # EXISTS, probed through the unique (run, household) index: a page (and a capped count) stops early.
        verdicts = HouseholdResult.objects.filter(run=run, household=OuterRef("pk"), result=filters.verdict)
        result = result.filter(Exists(verdicts))
    if filters.search.strip():
        result = result.filter(household_search_q(filters.search, personal=scope.may_view_personal_data))
    return result.order_by(*household_order(scope))


@dataclass(frozen=True)
class HouseholdRow:
    """One household as the pages show it: no plain ID number or phone."""

    code: str
    village_name: str
    village_code: str
    head_name: str
    head_id_number: str  # masked
    phone: str  # masked
    attribute: str
    attribute_label: str
    status: str
    identified_year: int | None
    exit_year: int | None
    main_cause: str
    members: int
    verdict: str = ""

    @property
    def status_label(self):
        return HouseholdStatus.LABELS[self.status]


def household_rows(*, scope: Scope, households, run: AssessmentRun | None = None) -> list[HouseholdRow]:
    """``households`` (a page of ``household_list``, read in ``scope``) with head's name, size and verdict: two
    queries. Each household is checked against the area in Python (``household_in_area``; one outside gives no
    row), and its members and results are then read by the households' ids alone, not joined to the area."""
    households = [
        household for household in households if household_in_area(scope=scope, household=household)
    ]
    ids = [household.pk for household in households]
    sizes: dict[int, int] = defaultdict(int)
    heads: dict[int, str] = {}
    members = Member.objects.filter(household_id__in=ids).order_by("id")
    for household_id, relation, name in members.values_list("household_id", "relation", "name"):
        sizes[household_id] += 1
        if relation == HEAD:
            heads[household_id] = name  # the last head by id, as before
    verdicts = {}
    if run is not None:
        results = HouseholdResult.objects.filter(run=run, household_id__in=ids)
        verdicts = dict(results.values_list("household_id", "result"))
    return [
        household_row(
            household,
            head_name=heads.get(household.pk, ""),
            members=sizes.get(household.pk, 0),
            verdict=verdicts.get(household.pk, ""),
        )
        for household in households
    ]


def household_row(household: Household, *, head_name: str, members: int, verdict: str = "") -> HouseholdRow:
    """One household as a row (ID number and phone masked), with what was read for it elsewhere."""
    return HouseholdRow(
        code=household.code,
        village_name=household.village.division.name,
        village_code=household.village.division.code,
        head_name=head_name,
        head_id_number=mask_id_number(household.head_id_number),
        phone=mask_phone(household.phone),
        attribute=household.attribute,
        attribute_label=household.get_attribute_display(),
        status=HouseholdStatus.of(household.attribute, household.exit_year),
        identified_year=household.identified_year,
        exit_year=household.exit_year,
        main_cause=household.get_main_cause_display() if household.main_cause else "",
        members=members,
        verdict=verdict,
    )


def village_latest_verdicts(*, scope: Scope, village: Village) -> list[VillageResult]:
    """For each standard, the village's result in the latest run of it that assessed this village."""
    results = VillageResult.objects.in_area(scope.area).filter(village=village).select_related("run")
    latest: dict[str, VillageResult] = {}
    for result in results.order_by("run__standard", "-run__started_at", "-run_id"):
        latest.setdefault(result.run.standard, result)
    return list(latest.values())


def household_verdicts(*, scope: Scope, household: Household) -> list[HouseholdResult]:
    """Every assessment result of the household, newest run first, with its run; none outside ``scope``."""
    results = of_household(HouseholdResult, scope=scope, household=household).select_related("run")
    return list(results.order_by("-run__year", "-run__started_at", "-run_id"))
